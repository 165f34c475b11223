import type { Db } from './db.js';

export interface MonthUsage {
  month: string;
  analyses: number;
  creditsUsed: number;
  cacheHits: number;
  creditsSaved: number;
}

/** `YYYY-MM` of a timestamp, in UTC (Mavera bills by calendar month). */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** Mavera credit ledger: estimated credits of each new analysis, and the credits each cache hit saved. */
export class UsageTable {
  private readonly insertStmt;
  private readonly monthStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      'INSERT INTO usage_events (month, kind, video_key, credits, at) VALUES (?, ?, ?, ?, ?)',
    );
    this.monthStmt = db.prepare<[string], { kind: 'analysis' | 'cache_hit'; n: number; credits: number }>(
      'SELECT kind, COUNT(*) AS n, COALESCE(SUM(credits), 0) AS credits FROM usage_events WHERE month = ? GROUP BY kind',
    );
  }

  recordAnalysis(videoKey: string, credits: number, now: number): void {
    this.insertStmt.run(monthOf(now), 'analysis', videoKey, credits, now);
  }

  recordCacheHit(videoKey: string, creditsSaved: number, now: number): void {
    this.insertStmt.run(monthOf(now), 'cache_hit', videoKey, creditsSaved, now);
  }

  month(now: number): MonthUsage {
    const month = monthOf(now);
    const out: MonthUsage = { month, analyses: 0, creditsUsed: 0, cacheHits: 0, creditsSaved: 0 };
    for (const r of this.monthStmt.all(month)) {
      if (r.kind === 'analysis') {
        out.analyses = r.n;
        out.creditsUsed = r.credits;
      } else {
        out.cacheHits = r.n;
        out.creditsSaved = r.credits;
      }
    }
    return out;
  }
}
