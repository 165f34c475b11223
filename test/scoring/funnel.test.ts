import { describe, expect, it } from 'vitest';
import { FORMULAS, funnel } from '../../src/scoring/funnel.js';
import { reportMetrics } from './fixtures.js';

const FULL = reportMetrics({
  spend: 840,
  impressions: 40_000,
  clicks: 480,
  ctr: 1.1,
  conversion: 24,
  videoPlayActions: 36_000,
  videoWatched2s: 12_000,
  videoWatched6s: 4_800,
  videoViewsP100: 1_800,
});

describe('funnel', () => {
  it('computes every rate in %', () => {
    const f = funnel(FULL);
    expect(f.ctr).toBeCloseTo(1.2, 10);
    expect(f.hookRate).toBeCloseTo(30, 10);
    expect(f.holdRate).toBeCloseTo(40, 10);
    expect(f.completionRate).toBeCloseTo(5, 10);
    expect(f.cvr).toBeCloseTo(5, 10);
    expect(f.cpa).toBeCloseTo(35, 10);
  });

  it('is all null when nothing was returned', () => {
    expect(funnel(reportMetrics())).toEqual({
      ctr: null,
      hookRate: null,
      holdRate: null,
      completionRate: null,
      cvr: null,
      cpa: null,
    });
  });

  it('keeps a real zero numerator as 0', () => {
    const f = funnel({ ...FULL, clicks: 0, videoWatched2s: 0, videoViewsP100: 0 });
    expect(f.ctr).toBe(0);
    expect(f.hookRate).toBe(0);
    expect(f.completionRate).toBe(0);
    // 2-s views are the hold rate's denominator, clicks the CVR's: 0 there is "undefined", not 0.
    expect(f.holdRate).toBeNull();
    expect(f.cvr).toBeNull();
  });

  it('is null, not 0, when a denominator is 0', () => {
    const f = funnel({ ...FULL, impressions: 0, clicks: 0, ctr: 0, videoPlayActions: 0, conversion: 0 });
    expect(f.ctr).toBeNull();
    expect(f.hookRate).toBeNull();
    expect(f.completionRate).toBeNull();
    expect(f.cpa).toBeNull();
  });

  it('is null when one input is missing', () => {
    const f = funnel({ ...FULL, videoWatched6s: null, videoViewsP100: null, conversion: null, spend: null });
    expect(f.holdRate).toBeNull();
    expect(f.completionRate).toBeNull();
    expect(f.cvr).toBeNull();
    expect(f.cpa).toBeNull();
    expect(f.hookRate).toBeCloseTo(30, 10);
  });

  it("falls back to TikTok's ctr when clicks are missing", () => {
    expect(funnel({ ...FULL, clicks: null }).ctr).toBe(1.1);
    expect(funnel({ ...FULL, clicks: null, ctr: null }).ctr).toBeNull();
  });

  it('has CPA null at 0 conversions but CVR 0', () => {
    const f = funnel({ ...FULL, conversion: 0 });
    expect(f.cpa).toBeNull();
    expect(f.cvr).toBe(0);
  });

  it('documents every formula', () => {
    expect(Object.keys(FORMULAS).sort()).toEqual(Object.keys(funnel(FULL)).sort());
    expect(FORMULAS.hookRate).toBe('hook rate = 2-s views ÷ impressions');
  });
});
