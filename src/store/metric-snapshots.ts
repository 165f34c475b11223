import { z } from 'zod';
import type { Db } from './db.js';
import { readJson } from './json.js';

export interface MetricSnapshotInput {
  adId: string;
  startDate: string;
  endDate: string;
  metrics: unknown;
  behaviouralScore: number | null;
  verdict: string | null;
}

/** Per-ad metrics captured by each leaderboard run, so history accumulates week by week. */
export class MetricSnapshotsTable {
  private readonly insertStmt;
  private readonly historyStmt;
  private readonly countStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(`
      INSERT INTO metric_snapshots (run_key, ad_id, start_date, end_date, metrics_json, behavioural_score, verdict, captured_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(run_key, ad_id) DO UPDATE SET metrics_json = excluded.metrics_json,
        behavioural_score = excluded.behavioural_score, verdict = excluded.verdict, captured_at = excluded.captured_at`);
    this.historyStmt = db.prepare<
      [string, number],
      { end_date: string; metrics_json: string; behavioural_score: number | null; verdict: string | null }
    >(
      'SELECT end_date, metrics_json, behavioural_score, verdict FROM metric_snapshots WHERE ad_id = ? ORDER BY end_date DESC LIMIT ?',
    );
    this.countStmt = db.prepare<[string], { n: number }>(
      'SELECT COUNT(*) AS n FROM metric_snapshots WHERE run_key = ?',
    );
  }

  /** Stores every row of one run in a single transaction. */
  recordRun(runKey: string, rows: MetricSnapshotInput[], now: number): void {
    this.db.transaction(() => {
      for (const r of rows)
        this.insertStmt.run(
          runKey,
          r.adId,
          r.startDate,
          r.endDate,
          JSON.stringify(r.metrics),
          r.behaviouralScore,
          r.verdict,
          now,
        );
    })();
  }

  countForRun(runKey: string): number {
    return this.countStmt.get(runKey)?.n ?? 0;
  }

  history(adId: string, limit = 12) {
    return this.historyStmt.all(adId, limit).map((r) => ({
      endDate: r.end_date,
      metrics: readJson(z.unknown(), r.metrics_json, `metric_snapshots[${adId}@${r.end_date}].metrics_json`),
      behaviouralScore: r.behavioural_score,
      verdict: r.verdict,
    }));
  }
}
