import type { LeaderboardRow } from '../leaderboard/types.js';

/**
 * How well Mavera's behavioural view agrees with what the ads really did: rank statistics only, so the different
 * scales (hook score 0–100 against a hook rate in %) do not matter.
 */

function assertFinite(xs: readonly number[], name: string): void {
  if (xs.some((x) => !Number.isFinite(x))) throw new RangeError(`${name} must contain finite numbers only`);
}

/** 1-based ranks, lowest value = 1, ties get the average of their ranks (so ranks of [5, 7, 7] are [1, 2.5, 2.5]). */
export function averageRanks(xs: readonly number[]): number[] {
  assertFinite(xs, 'averageRanks input');
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const ranks = new Array<number>(xs.length).fill(0);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.x === order[start]!.x) end++;
    const rank = (start + end) / 2 + 1;
    for (let j = start; j <= end; j++) ranks[order[j]!.i] = rank;
    start = end + 1;
  }
  return ranks;
}

/**
 * Mid-rank percentiles in (0, 100): (rank − ½) / n × 100 with average ranks for ties. With 5 values the lowest is 10
 * and the highest 90, so "top" and "bottom" read symmetrically; one value alone is 50.
 */
export function percentileRanks(xs: readonly number[]): number[] {
  const n = xs.length;
  return averageRanks(xs).map((r) => ((r - 0.5) / n) * 100);
}

function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Spearman's rank correlation (Pearson on average ranks, so ties are handled), in [−1, 1].
 * Null with fewer than 3 pairs or when either side is constant. Throws when the lengths differ.
 */
export function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) throw new RangeError(`spearman needs pairs: got ${xs.length} and ${ys.length} values`);
  if (xs.length < 3) return null;
  return pearson(averageRanks(xs), averageRanks(ys));
}

/** 'top 20 %' / 'bottom 10 %' for an average rank (1 = lowest) among n values. */
export function standing(rank: number, n: number): string {
  const percentile = ((rank - 0.5) / n) * 100;
  return percentile >= 50
    ? `top ${Math.ceil(((n - rank + 1) / n) * 100)} %`
    : `bottom ${Math.ceil((rank / n) * 100)} %`;
}

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
