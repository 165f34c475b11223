import { describe, expect, it } from 'vitest';
import { behaviouralScore, DEFAULT_WEIGHTS, round1 } from '../../src/scoring/behavioural.js';

describe('behaviouralScore', () => {
  it('is hook×0.4 + emotion×6×0.3 + (10 − cognitive)×10×0.3 with the seed weights', () => {
    // 80×0.4 + 7×6×0.3 + (10 − 4)×10×0.3 = 32 + 12.6 + 18
    expect(behaviouralScore({ hookScore: 80, emotionIntensityAvg: 7, cognitiveLoadAvg: 4 })).toBeCloseTo(62.6, 10);
  });

  it('spans 0–88 like the seed (emotion adds at most 10 × 6 × 0.3)', () => {
    expect(behaviouralScore({ hookScore: 100, emotionIntensityAvg: 10, cognitiveLoadAvg: 0 })).toBeCloseTo(88, 10);
    expect(behaviouralScore({ hookScore: 0, emotionIntensityAvg: 0, cognitiveLoadAvg: 10 })).toBe(0);
  });

  it('uses the seed defaults for missing inputs: hook 0, emotion 0, cognitive load 5', () => {
    expect(behaviouralScore({ hookScore: null, emotionIntensityAvg: null, cognitiveLoadAvg: null })).toBeCloseTo(
      15,
      10,
    );
    expect(behaviouralScore({ hookScore: 50, emotionIntensityAvg: null, cognitiveLoadAvg: 2 })).toBeCloseTo(44, 10);
    expect(behaviouralScore({ hookScore: null, emotionIntensityAvg: 5, cognitiveLoadAvg: null })).toBeCloseTo(24, 10);
  });

  it('keeps a real cognitive load of 0 (only missing values take the default)', () => {
    expect(behaviouralScore({ hookScore: 0, emotionIntensityAvg: 0, cognitiveLoadAvg: 0 })).toBeCloseTo(30, 10);
  });

  it('treats NaN like a missing value', () => {
    expect(behaviouralScore({ hookScore: Number.NaN, emotionIntensityAvg: 0, cognitiveLoadAvg: 5 })).toBeCloseTo(
      15,
      10,
    );
  });

  it('takes custom weights', () => {
    const weights = { hook: 1, emotion: 0, cognitive: 0 };
    expect(behaviouralScore({ hookScore: 73, emotionIntensityAvg: 9, cognitiveLoadAvg: 1 }, weights)).toBe(73);
    expect(DEFAULT_WEIGHTS).toEqual({ hook: 0.4, emotion: 0.3, cognitive: 0.3 });
  });

  it('is unrounded', () => {
    expect(behaviouralScore({ hookScore: 91, emotionIntensityAvg: 8.3, cognitiveLoadAvg: 2.1 })).toBeCloseTo(
      36.4 + 14.94 + 23.7,
      10,
    );
  });
});

describe('round1', () => {
  it.each([
    [68.25, 68.3],
    [68.24999999999999, 68.3],
    [82.44, 82.4],
    [0, 0],
    [-0.25, -0.3],
    [-0.04, 0],
    [100, 100],
  ])('%d → %d', (x, expected) => {
    expect(round1(x)).toBe(expected);
  });
});
