import { describe, expect, it } from 'vitest';
import { completionOf, completionPrior, ctrOf, ctrPrior, rateOf } from '../../src/scoring/rate.js';
import { shrunkRatePct } from '../../src/scoring/shrinkage.js';
import { reportMetrics } from './fixtures.js';

const prior = { alpha: 1, beta: 99, method: 'moments' as const };

describe('ctrOf (the CTR a verdict rests on, from a report row)', () => {
  it('is clicks ÷ impressions, shrunk towards the prior', () => {
    const rate = ctrOf(reportMetrics({ impressions: 1_000, clicks: 30 }), prior);
    expect(rate).toEqual({ rawPct: 3, shrunkPct: shrunkRatePct(30, 1_000, prior), trials: 1_000 });
    expect(rate.shrunkPct).toBeLessThan(3);
  });

  it('is unknown for an ad that did not deliver, or has no row', () => {
    expect(ctrOf(reportMetrics({ impressions: 0, clicks: 0, ctr: 0 }), prior)).toEqual({
      rawPct: null,
      shrunkPct: null,
      trials: 0,
    });
    expect(ctrOf(null, prior)).toEqual({ rawPct: null, shrunkPct: null, trials: null });
    expect(ctrOf(undefined, prior)).toEqual({ rawPct: null, shrunkPct: null, trials: null });
  });

  it('is not shrunk without a prior or without clicks', () => {
    expect(ctrOf(reportMetrics({ impressions: 1_000, clicks: 30 }), null).shrunkPct).toBeNull();
    expect(ctrOf(reportMetrics({ impressions: 1_000, ctr: 2.5 }), prior)).toEqual({
      rawPct: 2.5,
      shrunkPct: null,
      trials: 1_000,
    });
  });
});

describe('priors', () => {
  it('fit CTR on the ads with impressions and clicks only', () => {
    expect(ctrPrior([reportMetrics({ impressions: 0, clicks: 0 }), reportMetrics({ clicks: 3 })])).toBeNull();
    const fitted = ctrPrior([
      reportMetrics({ impressions: 10_000, clicks: 100 }),
      reportMetrics({ impressions: 20_000, clicks: 400 }),
      reportMetrics({ impressions: 5_000 }),
    ]);
    expect(fitted).not.toBeNull();
  });

  it('fit completion on the videos with views and a completion rate', () => {
    expect(
      completionPrior([
        { completionPct: 40, views: 0 },
        { completionPct: null, views: 100 },
      ]),
    ).toBeNull();
    expect(completionPrior([{ completionPct: 40, views: 1_000 }])?.method).toBe('weak');
  });
});

describe('completionOf and rateOf', () => {
  it('counts completions from the rate and the views', () => {
    expect(completionOf(40, 1_000, prior)).toEqual(rateOf(40, 400, 1_000, prior));
    expect(completionOf(null, 1_000, prior)).toEqual({ rawPct: null, shrunkPct: null, trials: 1_000 });
    expect(completionOf(40, null, prior)).toEqual({ rawPct: 40, shrunkPct: null, trials: null });
  });
});
