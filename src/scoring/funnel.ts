import type { ReportMetrics } from '../tiktok/types.js';
import type { Funnel } from './types.js';

/**
 * Funnel rates from TikTok report metrics. Every rate is in %, CPA in the account currency. A rate is null whenever
 * an input is missing or its denominator is 0: "unknown" never turns into 0.
 */

/** How each funnel number is computed, for report footers and help text. */
export const FORMULAS: Readonly<Record<keyof Funnel, string>> = Object.freeze({
  ctr: 'CTR = clicks ÷ impressions',
  hookRate: 'hook rate = 2-s views ÷ impressions',
  holdRate: 'hold rate = 6-s views ÷ 2-s views',
  completionRate: 'completion = 100 % views ÷ video plays',
  cvr: 'CVR = conversions ÷ clicks',
  cpa: 'CPA = spend ÷ conversions',
});

function known(x: number | null): x is number {
  return x !== null && Number.isFinite(x);
}

/** numerator ÷ denominator, or null when either is missing or the denominator is not positive. */
function ratio(numerator: number | null, denominator: number | null): number | null {
  if (!known(numerator) || !known(denominator) || denominator <= 0) return null;
  return numerator / denominator;
}

function pct(numerator: number | null, denominator: number | null): number | null {
  const r = ratio(numerator, denominator);
  return r === null ? null : r * 100;
}

/** clicks ÷ impressions; TikTok's own `ctr` only when clicks or impressions were not returned (never at 0 impressions). */
function ctrPct(m: ReportMetrics): number | null {
  if (known(m.clicks) && known(m.impressions)) return pct(m.clicks, m.impressions);
  if (m.impressions === 0) return null;
  return known(m.ctr) ? m.ctr : null;
}

export function funnel(m: ReportMetrics): Funnel {
  return {
    ctr: ctrPct(m),
    hookRate: pct(m.videoWatched2s, m.impressions),
    holdRate: pct(m.videoWatched6s, m.videoWatched2s),
    completionRate: pct(m.videoViewsP100, m.videoPlayActions),
    cvr: pct(m.conversion, m.clicks),
    cpa: ratio(m.spend, m.conversion),
  };
}
