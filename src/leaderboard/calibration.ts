import { averageRanks, standing } from '../scoring/ranks.js';
import type { LeaderboardRow } from './types.js';

/**
 * How well Mavera's behavioural view agrees with what the ads really did, on one leaderboard: rank statistics only
 * (scoring/ranks.ts), so the different scales (hook score 0–100 against a hook rate in %) do not matter.
 */

export interface HookDisagreement {
  row: LeaderboardRow;
  hookScore: number;
  /** real hook rate (2-s views ÷ impressions), % */
  hookRatePct: number;
  /** percentile of the hook score among the compared rows, 0–100 */
  scorePercentile: number;
  /** percentile of the hook rate among the compared rows, 0–100 */
  ratePercentile: number;
  /** e.g. 'top 20 %' */
  scoreStanding: string;
  /** e.g. 'bottom 20 %' */
  rateStanding: string;
  /** |scorePercentile − ratePercentile| */
  gap: number;
  /** how many rows were compared */
  compared: number;
}

export interface DisagreementOptions {
  /** fewest analysed rows with both numbers before ranks mean anything (default 4) */
  minRows?: number;
  /** smallest percentile gap worth reporting (default 50: half the field apart) */
  minGap?: number;
}

/**
 * The analysed row whose hook score and real hook rate disagree most, comparing percentile ranks among analysed rows
 * that have both. Null when fewer than `minRows` rows qualify or no gap reaches `minGap`. Ties go to the higher spend.
 */
export function largestHookDisagreement(
  rows: readonly LeaderboardRow[],
  options: DisagreementOptions = {},
): HookDisagreement | null {
  const minRows = options.minRows ?? 4;
  const minGap = options.minGap ?? 50;
  const both = rows.filter(
    (r): r is LeaderboardRow & { hookScore: number; hookRate: number } =>
      r.analysed &&
      r.hookScore !== null &&
      Number.isFinite(r.hookScore) &&
      r.hookRate !== null &&
      Number.isFinite(r.hookRate),
  );
  const n = both.length;
  if (n < Math.max(2, minRows)) return null;
  const scoreRanks = averageRanks(both.map((r) => r.hookScore));
  const rateRanks = averageRanks(both.map((r) => r.hookRate));

  let best: HookDisagreement | null = null;
  for (let i = 0; i < n; i++) {
    const row = both[i]!;
    const scoreRank = scoreRanks[i]!;
    const rateRank = rateRanks[i]!;
    const scorePercentile = ((scoreRank - 0.5) / n) * 100;
    const ratePercentile = ((rateRank - 0.5) / n) * 100;
    const gap = Math.abs(scorePercentile - ratePercentile);
    if (gap < minGap) continue;
    const better = best === null || gap > best.gap || (gap === best.gap && (row.spend ?? -1) > (best.row.spend ?? -1));
    if (!better) continue;
    best = {
      row,
      hookScore: row.hookScore,
      hookRatePct: row.hookRate,
      scorePercentile,
      ratePercentile,
      scoreStanding: standing(scoreRank, n),
      rateStanding: standing(rateRank, n),
      gap,
      compared: n,
    };
  }
  return best;
}
