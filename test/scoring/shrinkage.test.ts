import { describe, expect, it } from 'vitest';
import { mulberry32 as rng } from '../../src/sandbox/seeded.js';
import {
  type BetaPrior,
  fitBetaPrior,
  MAX_PRIOR_STRENGTH,
  priorMeanPct,
  shrunkRatePct,
  WEAK_PRIOR_STRENGTH,
} from '../../src/scoring/shrinkage.js';

/** Beta(a, b) with integer a, b: the a-th smallest of a + b − 1 uniforms. */
function betaDraw(a: number, b: number, random: () => number): number {
  const u = Array.from({ length: a + b - 1 }, random).sort((x, y) => x - y);
  return u[a - 1]!;
}

function binomialDraw(n: number, p: number, random: () => number): number {
  let s = 0;
  for (let i = 0; i < n; i++) if (random() < p) s++;
  return s;
}

const prior: BetaPrior = { alpha: 9, beta: 991, method: 'moments' };

describe('shrunkRatePct', () => {
  it('is the prior mean with no data', () => {
    expect(shrunkRatePct(0, 0, prior)).toBeCloseTo(0.9, 10);
    expect(priorMeanPct(prior)).toBeCloseTo(0.9, 10);
  });

  it('is the raw rate within 0.01 pp at 10M trials', () => {
    expect(Math.abs(shrunkRatePct(250_000, 10_000_000, prior) - 2.5)).toBeLessThan(0.01);
    const strong: BetaPrior = { alpha: 90, beta: 9910, method: 'capped' };
    expect(Math.abs(shrunkRatePct(250_000, 10_000_000, strong) - 2.5)).toBeLessThan(0.01);
  });

  it('is the posterior mean (α + s) / (α + β + n)', () => {
    expect(shrunkRatePct(15, 600, prior)).toBeCloseTo(((9 + 15) / (1000 + 600)) * 100, 10);
  });

  it('treats bad counts as no data and clamps successes', () => {
    expect(shrunkRatePct(5, -10, prior)).toBeCloseTo(0.9, 10);
    expect(shrunkRatePct(Number.NaN, 100, prior)).toBeCloseTo((9 / 1100) * 100, 10);
    expect(shrunkRatePct(500, 100, prior)).toBeCloseTo((109 / 1100) * 100, 10);
  });
});

describe('fitBetaPrior', () => {
  it('recovers the mean and roughly the strength of a known beta sample', () => {
    const random = rng(42);
    // Beta(2, 198): mean 1 %, α + β = 200. 300 ads of 20k impressions each.
    const ads = Array.from({ length: 300 }, () => {
      const p = betaDraw(2, 198, random);
      return { successes: binomialDraw(20_000, p, random), trials: 20_000 };
    });
    const fitted = fitBetaPrior(ads);
    expect(fitted?.method).toBe('moments');
    expect(priorMeanPct(fitted!)).toBeGreaterThan(0.9);
    expect(priorMeanPct(fitted!)).toBeLessThan(1.1);
    const strength = fitted!.alpha + fitted!.beta;
    expect(strength).toBeGreaterThan(100);
    expect(strength).toBeLessThan(400);
  });

  it('returns null when no ad has trials', () => {
    expect(fitBetaPrior([])).toBeNull();
    expect(fitBetaPrior([{ successes: 0, trials: 0 }])).toBeNull();
  });

  it('falls back to a weak prior on the pooled mean with fewer than 2 ads', () => {
    const fitted = fitBetaPrior([
      { successes: 12, trials: 1000 },
      { successes: 0, trials: 0 },
    ]);
    expect(fitted?.method).toBe('weak');
    expect(fitted!.alpha + fitted!.beta).toBeCloseTo(WEAK_PRIOR_STRENGTH, 10);
    expect(priorMeanPct(fitted!)).toBeCloseTo(1.2, 1);
  });

  it('falls back to a weak prior when every rate is the same (zero variance), even at 0 successes', () => {
    const same = fitBetaPrior([
      { successes: 10, trials: 1000 },
      { successes: 20, trials: 2000 },
    ]);
    expect(same?.method).toBe('weak');
    const none = fitBetaPrior([
      { successes: 0, trials: 1000 },
      { successes: 0, trials: 5000 },
    ]);
    expect(none?.method).toBe('weak');
    expect(none!.alpha).toBeGreaterThan(0);
    expect(none!.beta).toBeGreaterThan(0);
  });

  it('falls back to a weak prior when the spread is as wide as it can be', () => {
    const fitted = fitBetaPrior([
      { successes: 0, trials: 1000 },
      { successes: 1000, trials: 1000 },
    ]);
    expect(fitted?.method).toBe('weak');
  });

  it('caps the strength when the ads differ by no more than binomial noise', () => {
    const fitted = fitBetaPrior([
      { successes: 10, trials: 1000 },
      { successes: 11, trials: 1000 },
      { successes: 9, trials: 1000 },
    ]);
    expect(fitted?.method).toBe('capped');
    expect(fitted!.alpha + fitted!.beta).toBeCloseTo(MAX_PRIOR_STRENGTH, 6);
  });

  it('ignores ads with invalid counts', () => {
    const fitted = fitBetaPrior([
      { successes: 10, trials: 1000 },
      { successes: 5, trials: Number.NaN },
      { successes: 3, trials: -4 },
    ]);
    expect(fitted?.method).toBe('weak');
  });
});
