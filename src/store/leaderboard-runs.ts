import type { Db } from './db.js';
import { written } from './json.js';

export interface LeaderboardRun {
  id: number;
  isoWeek: string;
  channelId: string;
  trigger: string;
  state: 'running' | 'posted' | 'failed';
  startDate: string | null;
  endDate: string | null;
  messageTs: string | null;
  errorMessage: string | null;
  startedAt: number;
  finishedAt: number | null;
}

interface Row {
  id: number;
  iso_week: string;
  channel_id: string;
  trigger: string;
  state: 'running' | 'posted' | 'failed';
  start_date: string | null;
  end_date: string | null;
  message_ts: string | null;
  error_message: string | null;
  started_at: number;
  finished_at: number | null;
}

const fromRow = (r: Row): LeaderboardRun => ({
  id: r.id,
  isoWeek: r.iso_week,
  channelId: r.channel_id,
  trigger: r.trigger,
  state: r.state,
  startDate: r.start_date,
  endDate: r.end_date,
  messageTs: r.message_ts,
  errorMessage: r.error_message,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/**
 * Weekly posts: at most one running-or-posted run per ISO week and channel (a unique partial index enforces it),
 * so two triggers in the same week, or two processes, cannot both post.
 */
export class LeaderboardRunsTable {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      claim: db.prepare(
        `INSERT INTO leaderboard_runs (iso_week, channel_id, trigger, state, start_date, end_date, started_at)
         VALUES (?, ?, ?, 'running', ?, ?, ?) ON CONFLICT DO NOTHING`,
      ),
      get: db.prepare<[number], Row>('SELECT * FROM leaderboard_runs WHERE id = ?'),
      forWeek: db.prepare<[string, string], Row>(
        "SELECT * FROM leaderboard_runs WHERE iso_week = ? AND channel_id = ? AND state IN ('running', 'posted') LIMIT 1",
      ),
      posted: db.prepare("UPDATE leaderboard_runs SET state = 'posted', message_ts = ?, finished_at = ? WHERE id = ?"),
      failed: db.prepare(
        "UPDATE leaderboard_runs SET state = 'failed', error_message = ?, finished_at = ? WHERE id = ?",
      ),
      staleRunning: db.prepare(
        "UPDATE leaderboard_runs SET state = 'failed', error_message = 'interrupted (process stopped)', finished_at = ? WHERE state = 'running'",
      ),
      recent: db.prepare<[number], Row>('SELECT * FROM leaderboard_runs ORDER BY id DESC LIMIT ?'),
    };
  }

  /** Claims the week for this channel; null when a run for that week is already running or posted. */
  claim(
    input: { isoWeek: string; channelId: string; trigger: string; startDate: string; endDate: string },
    now: number,
  ): LeaderboardRun | null {
    const info = this.stmts.claim.run(
      input.isoWeek,
      input.channelId,
      input.trigger,
      input.startDate,
      input.endDate,
      now,
    );
    if (info.changes === 0) return null;
    return fromRow(written(this.stmts.get.get(Number(info.lastInsertRowid)), 'leaderboard_runs'));
  }

  forWeek(isoWeek: string, channelId: string): LeaderboardRun | null {
    const r = this.stmts.forWeek.get(isoWeek, channelId);
    return r ? fromRow(r) : null;
  }

  markPosted(id: number, messageTs: string | null, now: number): void {
    this.stmts.posted.run(messageTs, now, id);
  }

  markFailed(id: number, message: string, now: number): void {
    this.stmts.failed.run(message.slice(0, 2000), now, id);
  }

  /** At start-up: a run left 'running' by a stopped process is failed so the week can be claimed again. */
  failInterrupted(now: number): number {
    return this.stmts.staleRunning.run(now).changes;
  }

  recent(limit = 10): LeaderboardRun[] {
    return this.stmts.recent.all(limit).map(fromRow);
  }
}
