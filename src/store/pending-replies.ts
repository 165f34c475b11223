import type { Db } from './db.js';

export interface PendingReply {
  id: number;
  /** ad id or `video:<item_id>` */
  subject: string;
  channelId: string;
  userId: string;
  responseUrl: string | null;
  createdAt: number;
}

interface Row {
  id: number;
  subject: string;
  channel_id: string;
  user_id: string;
  response_url: string | null;
  created_at: number;
}

/** Scorecards people are waiting for in Slack, so a restart mid-analysis still answers them. */
export class PendingRepliesTable {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(
        'INSERT INTO pending_replies (subject, channel_id, user_id, response_url, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      delivered: db.prepare('UPDATE pending_replies SET delivered_at = ? WHERE id = ?'),
      open: db.prepare<[number], Row>(
        'SELECT * FROM pending_replies WHERE delivered_at IS NULL AND created_at >= ? ORDER BY id',
      ),
      expire: db.prepare('UPDATE pending_replies SET delivered_at = ? WHERE delivered_at IS NULL AND created_at < ?'),
      prune: db.prepare('DELETE FROM pending_replies WHERE delivered_at IS NOT NULL AND delivered_at < ?'),
    };
  }

  add(input: Omit<PendingReply, 'id' | 'createdAt'>, now: number): number {
    return Number(
      this.stmts.insert.run(input.subject, input.channelId, input.userId, input.responseUrl, now).lastInsertRowid,
    );
  }

  markDelivered(id: number, now: number): void {
    this.stmts.delivered.run(now, id);
  }

  /** Undelivered replies newer than `maxAgeMs`; older ones are closed (nobody is waiting any more). */
  takeOpen(now: number, maxAgeMs: number): PendingReply[] {
    this.stmts.expire.run(now, now - maxAgeMs);
    this.stmts.prune.run(now - 30 * 86_400_000);
    return this.stmts.open.all(now - maxAgeMs).map((r) => ({
      id: r.id,
      subject: r.subject,
      channelId: r.channel_id,
      userId: r.user_id,
      responseUrl: r.response_url,
      createdAt: r.created_at,
    }));
  }
}
