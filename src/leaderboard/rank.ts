/**
 * How both leaderboards (ads, a creator's videos) order their rows: analysed rows by behavioural score, ranked 1…n,
 * ties broken by the rate (shrunk when known), then the volume (spend, views), then the id; the rows not analysed
 * follow, by volume. Stable for equal numbers.
 */

interface Rankable {
  rank: number | null;
  analysed: boolean;
  behaviouralScore: number | null;
}

export interface RankKeys<R> {
  /** the rate the verdict rests on: shrunk CTR (or completion) when known, else the raw one */
  rate(row: R): number | null;
  /** spend for ads, views for creator videos */
  volume(row: R): number | null;
  id(row: R): string;
}

export function rankRows<R extends Rankable>(rows: readonly R[], keys: RankKeys<R>): R[] {
  const byVolume = (a: R, b: R) =>
    (keys.volume(b) ?? 0) - (keys.volume(a) ?? 0) || keys.id(a).localeCompare(keys.id(b));
  const analysed = rows
    .filter((r) => r.analysed)
    .sort(
      (a, b) =>
        (b.behaviouralScore ?? 0) - (a.behaviouralScore ?? 0) ||
        (keys.rate(b) ?? 0) - (keys.rate(a) ?? 0) ||
        byVolume(a, b),
    )
    .map((r, i) => ({ ...r, rank: i + 1 }));
  const rest = rows.filter((r) => !r.analysed).sort(byVolume);
  return [...analysed, ...rest];
}

/** The analysed rows with a score, best first: by rank when given, else by behavioural score (for the messages). */
export function rankedRows<R extends Rankable>(rows: readonly R[]): R[] {
  return rows
    .filter((r) => r.analysed && r.behaviouralScore !== null)
    .slice()
    .sort(
      (a, b) =>
        (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
        (b.behaviouralScore ?? 0) - (a.behaviouralScore ?? 0),
    );
}
