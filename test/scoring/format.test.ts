import { describe, expect, it } from 'vitest';
import { fmtCount, fmtMoney, fmtPct, fmtScore, fmtThreshold, MISSING, moneyPrefix } from '../../src/scoring/format.js';

describe('fmtPct', () => {
  it('prints a percentage with a space', () => {
    expect(fmtPct(1.18)).toBe('1.18 %');
    expect(fmtPct(12, 1)).toBe('12.0 %');
    expect(fmtPct(0)).toBe('0.00 %');
  });
});

describe('fmtMoney', () => {
  it.each([
    [800, '$800'],
    [800.4, '$800'],
    [4200, '$4.2K'],
    [8400, '$8.4K'],
    [12_345, '$12.3K'],
    [123_456, '$123K'],
    [999_960, '$1M'],
    [1_234_567, '$1.2M'],
    [12.5, '$12.50'],
    [50, '$50'],
    [0, '$0'],
    [-800, '-$800'],
  ])('%d → %s', (x, expected) => {
    expect(fmtMoney(x)).toBe(expected);
  });

  it('takes ISO codes and symbols', () => {
    expect(fmtMoney(8400, 'EUR')).toBe('€8.4K');
    expect(fmtMoney(8400, 'eur')).toBe('€8.4K');
    expect(fmtMoney(800, '$')).toBe('$800');
    expect(fmtMoney(800, 'CAD')).toBe('CA$800');
    expect(fmtMoney(800, 'XYZ')).toBe('XYZ 800');
    expect(moneyPrefix('GBP')).toBe('£');
  });
});

describe('fmtCount', () => {
  it.each([
    [950, '950'],
    [1800, '1.8k'],
    [12_345, '12.3k'],
    [999_600, '1M'],
    [2_300_000, '2.3M'],
    [10_000_000, '10M'],
    [0, '0'],
  ])('%d → %s', (x, expected) => {
    expect(fmtCount(x)).toBe(expected);
  });
});

describe('fmtScore and fmtThreshold', () => {
  it('prints scores with one decimal and thresholds as configured', () => {
    expect(fmtScore(68.25)).toBe('68.3');
    expect(fmtScore(60)).toBe('60.0');
    expect(fmtThreshold(60)).toBe('60');
    expect(fmtThreshold(1.5)).toBe('1.5');
    expect(fmtThreshold(1.0)).toBe('1');
  });
});

describe('missing values', () => {
  it.each([null, undefined, Number.NaN, Number.POSITIVE_INFINITY])('%s → —', (x) => {
    expect(fmtPct(x)).toBe(MISSING);
    expect(fmtMoney(x)).toBe(MISSING);
    expect(fmtCount(x)).toBe(MISSING);
    expect(fmtScore(x)).toBe(MISSING);
    expect(MISSING).toBe('—');
  });
});
