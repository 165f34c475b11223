import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { fitBetaPrior, shrunkRatePct } from '../../src/scoring/shrinkage.js';
import { DEFAULT_RULES, decideVerdict, rulesFromConfig, type VerdictRules } from '../../src/scoring/verdict.js';

const RAW: VerdictRules = { ...DEFAULT_RULES, mode: 'raw' };
const SHRUNK: VerdictRules = { ...DEFAULT_RULES, mode: 'shrunk' };

/** The seed's example output: hook, behavioural, CTR %, verdict. */
const SEED = [
  { name: 'UGC Creator — Summer Haul', hook: 91, score: 82.4, ctr: 2.31, verdict: 'SCALE' },
  { name: 'Founder Story — Behind Scene', hook: 78, score: 71.0, ctr: 1.82, verdict: 'SCALE' },
  { name: 'Product Demo — Cinematic', hook: 85, score: 68.3, ctr: 0.94, verdict: 'TEST' },
  { name: 'Transition Edit — Before/Aft', hook: 62, score: 55.1, ctr: 1.45, verdict: 'HOLD' },
  { name: 'Logo Intro — Brand Awareness', hook: 28, score: 31.7, ctr: 0.52, verdict: 'KILL' },
] as const;

describe('decideVerdict, raw mode (the seed exactly)', () => {
  it.each(SEED)('$name → $verdict', ({ score, ctr, verdict }) => {
    const d = decideVerdict({ score, rawRatePct: ctr, shrunkRatePct: null, trials: 10_000 }, RAW);
    expect(d.verdict).toBe(verdict);
    expect(d.ratePct).toBe(ctr);
  });

  it('writes one line with the numbers', () => {
    const d = decideVerdict({ score: 82.4, rawRatePct: 2.31, shrunkRatePct: 1.9, trials: 4000 }, RAW);
    expect(d.reason).toBe('behavioural 82.4 > 60, CTR 2.31 % > 1.5 % → SCALE');
    expect(decideVerdict({ score: 31.7, rawRatePct: 0.52, shrunkRatePct: null, trials: 1 }, RAW).reason).toBe(
      'behavioural 31.7 < 40, CTR 0.52 % < 1 % → KILL',
    );
    expect(decideVerdict({ score: 55.1, rawRatePct: 1.45, shrunkRatePct: null, trials: 1 }, RAW).reason).toBe(
      'behavioural 55.1 in 40–60, CTR 1.45 % → HOLD',
    );
  });
});

describe('decideVerdict, shrunk mode', () => {
  it.each(SEED)('with 10M impressions each, $name is still $verdict', ({ score, ctr, verdict }) => {
    const impressions = 10_000_000;
    const ads = SEED.map((row) => ({ successes: Math.round((row.ctr / 100) * impressions), trials: impressions }));
    const prior = fitBetaPrior(ads)!;
    const shrunk = shrunkRatePct(Math.round((ctr / 100) * impressions), impressions, prior);
    expect(Math.abs(shrunk - ctr)).toBeLessThan(0.01);
    const d = decideVerdict({ score, rawRatePct: ctr, shrunkRatePct: shrunk, trials: impressions }, SHRUNK);
    expect(d.verdict).toBe(verdict);
    expect(d.ratePct).toBe(shrunk);
  });

  it('does not scale a lucky 600-impression ad at 2.5 % in an account averaging 0.9 %', () => {
    // 20 steady ads around 0.9 % (0.6 – 1.2 %) with 20k – 58k impressions each, and the lucky one.
    const steady = Array.from({ length: 20 }, (_, i) => {
      const trials = 20_000 + i * 2_000;
      const rate = 0.006 + ((i * 7) % 20) * 0.000316;
      return { successes: Math.round(rate * trials), trials };
    });
    const lucky = { successes: 15, trials: 600 };
    const ads = [...steady, lucky];
    const pooled = ads.reduce((a, b) => a + b.successes, 0) / ads.reduce((a, b) => a + b.trials, 0);
    expect(pooled * 100).toBeGreaterThan(0.85);
    expect(pooled * 100).toBeLessThan(0.95);

    const prior = fitBetaPrior(ads)!;
    expect(prior.method).toBe('moments');
    const shrunk = shrunkRatePct(lucky.successes, lucky.trials, prior);
    expect(shrunk).toBeLessThanOrEqual(1.5);

    const input = { score: 68.3, rawRatePct: 2.5, shrunkRatePct: shrunk, trials: 600 };
    expect(decideVerdict(input, RAW).verdict).toBe('SCALE');
    const d = decideVerdict(input, SHRUNK);
    expect(d.verdict).toBe('TEST');
    expect(d.reason).toMatch(
      /^behavioural 68\.3 > 60, shrunk CTR \d\.\d\d % \(raw 2\.50 %, 600 impr\) ≤ 1\.5 % → TEST$/,
    );
  });

  it('writes the brief example reason', () => {
    const d = decideVerdict({ score: 68.3, rawRatePct: 1.2, shrunkRatePct: 0.94, trials: 1800 }, SHRUNK);
    expect(d).toEqual({
      verdict: 'TEST',
      reason: 'behavioural 68.3 > 60, shrunk CTR 0.94 % (raw 1.20 %, 1.8k impr) ≤ 1.5 % → TEST',
      ratePct: 0.94,
    });
  });

  it('ignores the raw rate when choosing', () => {
    const d = decideVerdict({ score: 30, rawRatePct: 0.2, shrunkRatePct: 1.1, trials: 300 }, SHRUNK);
    expect(d.verdict).toBe('HOLD');
    expect(d.reason).toBe('behavioural 30.0 < 40, shrunk CTR 1.10 % (raw 0.20 %, 300 impr) ≥ 1 % → HOLD');
  });
});

describe('decideVerdict, boundaries', () => {
  const at = (score: number, rate: number) =>
    decideVerdict({ score, rawRatePct: rate, shrunkRatePct: null, trials: null }, RAW);

  it('score exactly 60 is not above 60 → HOLD, whatever the CTR', () => {
    expect(at(60, 5).verdict).toBe('HOLD');
    expect(at(60, 5).reason).toBe('behavioural 60.0 in 40–60, CTR 5.00 % → HOLD');
  });

  it('score just above 60 is TEST or SCALE, and the reason does not read "60.0 > 60"', () => {
    expect(at(60.01, 2).verdict).toBe('SCALE');
    expect(at(60.01, 2).reason).toBe('behavioural 60.01 > 60, CTR 2.00 % > 1.5 % → SCALE');
  });

  it('CTR exactly 1.5 is not above 1.5 → TEST', () => {
    expect(at(70, 1.5).verdict).toBe('TEST');
    expect(at(70, 1.5).reason).toBe('behavioural 70.0 > 60, CTR 1.50 % ≤ 1.5 % → TEST');
    expect(at(70, 1.501).verdict).toBe('SCALE');
    expect(at(70, 1.501).reason).toBe('behavioural 70.0 > 60, CTR 1.501 % > 1.5 % → SCALE');
  });

  it('score exactly 40 is not below 40 → HOLD; CTR exactly 1.0 is not below 1.0', () => {
    expect(at(40, 0.1).verdict).toBe('HOLD');
    expect(at(39.9, 1.0).verdict).toBe('HOLD');
    expect(at(39.9, 0.99).verdict).toBe('KILL');
  });
});

describe('decideVerdict, missing rate', () => {
  it('a high score without a rate is TEST, never SCALE', () => {
    const d = decideVerdict({ score: 82.4, rawRatePct: 2.31, shrunkRatePct: null, trials: null }, SHRUNK);
    expect(d).toEqual({ verdict: 'TEST', reason: 'behavioural 82.4 > 60, shrunk CTR missing → TEST', ratePct: null });
  });

  it('a low score without a rate is HOLD, never KILL', () => {
    const d = decideVerdict({ score: 20, rawRatePct: null, shrunkRatePct: null, trials: null }, RAW);
    expect(d).toEqual({ verdict: 'HOLD', reason: 'behavioural 20.0 < 40, CTR missing → HOLD', ratePct: null });
  });

  it('a missing score is HOLD', () => {
    expect(decideVerdict({ score: Number.NaN, rawRatePct: 3, shrunkRatePct: 3, trials: 1 }).verdict).toBe('HOLD');
  });

  it('shrunk mode leaves out unknown raw rate and trials gracefully', () => {
    const d = decideVerdict({ score: 70, rawRatePct: null, shrunkRatePct: 1.7, trials: null }, SHRUNK);
    expect(d.reason).toBe('behavioural 70.0 > 60, shrunk CTR 1.70 % (raw —) > 1.5 % → SCALE');
  });
});

describe('rulesFromConfig', () => {
  const scoring: Config['scoring'] = {
    weights: { hook: 0.4, emotion: 0.3, cognitive: 0.3 },
    scoreHigh: 65,
    scoreLow: 35,
    ctrScale: 2,
    ctrKill: 0.8,
    verdictCtr: 'raw',
    completionScale: 30,
    completionKill: 10,
  };

  it('builds ad rules on CTR', () => {
    expect(rulesFromConfig(scoring, 'ad')).toEqual({
      scoreHigh: 65,
      scoreLow: 35,
      rateScale: 2,
      rateKill: 0.8,
      mode: 'raw',
      rateLabel: 'CTR',
      trialsLabel: 'impr',
    });
  });

  it('builds creator rules on completion', () => {
    const rules = rulesFromConfig(scoring, 'creator');
    expect(rules).toMatchObject({ rateScale: 30, rateKill: 10, rateLabel: 'completion', trialsLabel: 'views' });
    const d = decideVerdict({ score: 70, rawRatePct: 42, shrunkRatePct: null, trials: 12_000 }, rules);
    expect(d.reason).toBe('behavioural 70.0 > 65, completion 42.00 % > 30 % → SCALE');
  });

  it('matches DEFAULT_RULES with the default settings', () => {
    const defaults: Config['scoring'] = {
      ...scoring,
      scoreHigh: 60,
      scoreLow: 40,
      ctrScale: 1.5,
      ctrKill: 1,
      verdictCtr: 'shrunk',
    };
    expect(rulesFromConfig(defaults, 'ad')).toEqual(DEFAULT_RULES);
  });
});
