import { z } from 'zod';
import type { Db } from './db.js';
import { readJson, written } from './json.js';

export type Decision = 'SCALE' | 'KILL';

/**
 * Scores and metrics as they stood when a decision was taken (`decisions.snapshot_json`), so a decision can be judged
 * later against what the person saw. Defined once, as a schema: decisions/snapshot.ts writes it, this table reads it.
 */
export const decisionSnapshotSchema = z.object({
  adName: z.string(),
  analysisId: z.string().nullable(),
  hookScore: z.number().nullable(),
  emotionIntensityAvg: z.number().nullable(),
  cognitiveLoadAvg: z.number().nullable(),
  behavioural: z.number().nullable(),
  verdict: z.string().nullable(),
  /** snapshots taken before verdict reasons were kept have none */
  reason: z.string().nullable().default(null),
  /** the report window the metrics cover (ads only) */
  window: z.object({ startDate: z.string(), endDate: z.string() }).nullable(),
  /** the ad's report metrics for that window, as TikTok reported them */
  metrics: z.record(z.string(), z.number().nullable()).nullable(),
});

export type DecisionSnapshot = z.infer<typeof decisionSnapshotSchema>;

export interface DecisionInput {
  /** a TikTok ad id, or `video:<item_id>` for an organic video */
  adId: string;
  adName: string;
  /** the ad's video, when known */
  videoId: string | null;
  decision: Decision;
  /** who decided (a Slack user id) */
  userId: string;
  /** where the decision was taken: the same decision by the same user on the same message is recorded once */
  channelId: string | null;
  messageTs: string | null;
  actionTs: string | null;
  /** scores and metrics as the user saw them when pressing */
  snapshot: DecisionSnapshot;
}

export interface DecisionRow extends DecisionInput {
  id: number;
  createdAt: number;
}

interface Row {
  id: number;
  ad_id: string;
  ad_name: string;
  video_id: string | null;
  decision: Decision;
  user_id: string;
  channel_id: string | null;
  message_ts: string | null;
  action_ts: string | null;
  snapshot_json: string;
  created_at: number;
}

const fromRow = (r: Row): DecisionRow => ({
  id: r.id,
  adId: r.ad_id,
  adName: r.ad_name,
  videoId: r.video_id,
  decision: r.decision,
  userId: r.user_id,
  channelId: r.channel_id,
  messageTs: r.message_ts,
  actionTs: r.action_ts,
  snapshot: readJson(decisionSnapshotSchema, r.snapshot_json, `decisions[${r.id}].snapshot_json`),
  createdAt: r.created_at,
});

/** The Kill/Scale decision log. A repeated press (same ad, decision, user, message) is recorded once. */
export class DecisionsTable {
  private readonly insertStmt;
  private readonly findStmt;
  private readonly recentStmt;
  private readonly recentForAdStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(`
      INSERT INTO decisions (ad_id, ad_name, video_id, decision, user_id, channel_id, message_ts, action_ts, snapshot_json, created_at)
      VALUES (@adId, @adName, @videoId, @decision, @userId, @channelId, @messageTs, @actionTs, @snapshot, @createdAt)
      ON CONFLICT DO NOTHING`);
    this.findStmt = db.prepare<[string, string, string, string, string], Row>(
      `SELECT * FROM decisions WHERE ad_id = ? AND decision = ? AND user_id = ? AND IFNULL(channel_id, '') = ? AND IFNULL(message_ts, '') = ?`,
    );
    this.recentStmt = db.prepare<[number], Row>('SELECT * FROM decisions ORDER BY created_at DESC, id DESC LIMIT ?');
    this.recentForAdStmt = db.prepare<[string, number], Row>(
      'SELECT * FROM decisions WHERE ad_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
    );
  }

  /** Records the decision; `created` is false when the same press was already logged. */
  record(input: DecisionInput, now: number): { row: DecisionRow; created: boolean } {
    const info = this.insertStmt.run({ ...input, snapshot: JSON.stringify(input.snapshot), createdAt: now });
    const row = this.findStmt.get(
      input.adId,
      input.decision,
      input.userId,
      input.channelId ?? '',
      input.messageTs ?? '',
    );
    return { row: fromRow(written(row, 'decisions')), created: info.changes > 0 };
  }

  recent(limit = 20, adId?: string): DecisionRow[] {
    const rows = adId ? this.recentForAdStmt.all(adId, limit) : this.recentStmt.all(limit);
    return rows.map(fromRow);
  }
}
