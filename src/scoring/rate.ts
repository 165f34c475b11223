import type { ReportMetrics } from '../tiktok/types.js';
import { funnel } from './funnel.js';
import { type BetaPrior, fitBetaPrior, shrunkRatePct } from './shrinkage.js';
import type { Rate } from './types.js';

/**
 * The rate a verdict rests on, computed one way everywhere (scorecards, leaderboards, decision snapshots):
 * CTR from an ad's report row, completion from a creator video's stats, each shrunk towards a prior fitted to the
 * account's (or the creator's) other ads or videos.
 */

/** No rate known: the verdict rests on the behavioural score alone. */
export const NO_RATE: Readonly<Rate> = Object.freeze({ rawPct: null, shrunkPct: null, trials: null });

/** A rate from its raw value and counts: shrunk towards `prior` when there are trials and successes to count. */
export function rateOf(
  rawPct: number | null,
  successes: number | null,
  trials: number | null,
  prior: BetaPrior | null,
): Rate {
  const shrunkPct =
    prior && successes !== null && trials !== null && trials > 0 ? shrunkRatePct(successes, trials, prior) : null;
  return { rawPct, shrunkPct, trials };
}

/**
 * An ad's CTR from its report row (clicks ÷ impressions). An ad that did not deliver (no impressions, or no row at all)
 * has no CTR: its verdict rests on the video alone.
 */
export function ctrOf(metrics: ReportMetrics | null | undefined, prior: BetaPrior | null): Rate {
  if (!metrics) return { ...NO_RATE };
  const delivered = metrics.impressions !== null && metrics.impressions > 0;
  if (!delivered) return { rawPct: null, shrunkPct: null, trials: metrics.impressions };
  return rateOf(funnel(metrics).ctr, metrics.clicks, metrics.impressions, prior);
}

/** The beta prior of CTR, fitted to every ad of a report with impressions and clicks (null when there is none). */
export function ctrPrior(rows: readonly ReportMetrics[]): BetaPrior | null {
  return fitBetaPrior(
    rows.flatMap((m) =>
      m.impressions !== null && m.impressions > 0 && m.clicks !== null
        ? [{ successes: m.clicks, trials: m.impressions }]
        : [],
    ),
  );
}

/** A video's completion rate (%) over its views. */
export function completionOf(completionPct: number | null, views: number | null, prior: BetaPrior | null): Rate {
  const completed = completionPct !== null && views !== null ? (completionPct / 100) * views : null;
  return rateOf(completionPct, completed, views, prior);
}

/** The beta prior of the completion rate, fitted to the videos with views and a completion rate. */
export function completionPrior(
  videos: readonly { completionPct: number | null; views: number | null }[],
): BetaPrior | null {
  return fitBetaPrior(
    videos.flatMap((v) =>
      v.views !== null && v.views > 0 && v.completionPct !== null
        ? [{ successes: (v.completionPct / 100) * v.views, trials: v.views }]
        : [],
    ),
  );
}
