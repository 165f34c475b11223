import { describe, expect, it } from 'vitest';
import { CREDIT_BANDS, estimateCredits, UNKNOWN_DURATION_CREDITS } from '../../src/mavera/credits.js';

describe('estimateCredits', () => {
  it.each([
    [0, 150],
    [15, 150],
    [29.9, 150],
    [30, 250],
    [45, 250],
    [60, 250],
    [60.1, 400],
    [120, 400],
    [180, 400],
    [180.5, 500],
    [3600, 500],
  ])('%s s → %s credits (upper end of the band)', (seconds, credits) => {
    expect(estimateCredits(seconds)).toBe(credits);
  });

  it('uses 250 when the length is unknown or nonsense', () => {
    expect(UNKNOWN_DURATION_CREDITS).toBe(250);
    expect(estimateCredits(null)).toBe(250);
    expect(estimateCredits(Number.NaN)).toBe(250);
    expect(estimateCredits(-5)).toBe(250);
  });

  it('exports the band table for the docs', () => {
    expect(CREDIT_BANDS.map((b) => b.credits)).toEqual([150, 250, 400, 500]);
    expect(CREDIT_BANDS.map((b) => b.documented)).toEqual(['100–150', '150–250', '250–400', '400+']);
  });
});
