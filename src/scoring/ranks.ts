/**
 * Rank statistics: ranks with ties, percentiles, Spearman's correlation. Scale-free, so numbers on different scales
 * (hook score 0–100 against a hook rate in %) can be compared.
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
