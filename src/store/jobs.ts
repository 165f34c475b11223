import { z } from 'zod';
import type { MaveraShape } from '../mavera/types.js';
import type { Db } from './db.js';
import { readJson, written } from './json.js';
import type { VideoSource } from './types.js';

export type JobState = 'queued' | 'downloading' | 'uploading' | 'analysing' | 'done' | 'failed';

/** What a job needs to (re)start: enough to fetch the video again and label the analysis (`jobs.context_json`). */
const jobContextSchema = z.object({
  /** ad id or `video:<item_id>` that asked first */
  requestedBy: z.string(),
  title: z.string(),
  signature: z.string().nullable(),
  durationS: z.number().nullable(),
  sizeBytes: z.number().nullable(),
  creditsEstimated: z.number(),
  /** organic videos: the TikTok item id to re-resolve a play URL */
  itemId: z.string().nullable().optional(),
});

export type JobContext = z.infer<typeof jobContextSchema>;

export interface Job {
  id: number;
  videoKey: string;
  source: VideoSource;
  videoId: string;
  state: JobState;
  context: JobContext;
  maveraShape: MaveraShape | null;
  maveraFileId: string | null;
  maveraFileUrl: string | null;
  analysisId: string | null;
  analysisStartedAt: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  attempts: number;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: number;
  video_key: string;
  source: VideoSource;
  video_id: string;
  state: JobState;
  context_json: string;
  mavera_shape: MaveraShape | null;
  mavera_file_id: string | null;
  mavera_file_url: string | null;
  analysis_id: string | null;
  analysis_started_at: number | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: Row): Job => ({
  id: r.id,
  videoKey: r.video_key,
  source: r.source,
  videoId: r.video_id,
  state: r.state,
  context: readJson(jobContextSchema, r.context_json, `jobs[${r.id}].context_json`),
  maveraShape: r.mavera_shape,
  maveraFileId: r.mavera_file_id,
  maveraFileUrl: r.mavera_file_url,
  analysisId: r.analysis_id,
  analysisStartedAt: r.analysis_started_at,
  errorCode: r.error_code,
  errorMessage: r.error_message,
  attempts: r.attempts,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Durable analysis jobs. Each step's result (Mavera file id, analysis id) is written the moment it is known,
 * so a restarted process resumes from the last durable state instead of paying for a second upload.
 */
export class JobsTable {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      insert: db.prepare(
        `INSERT INTO jobs (video_key, source, video_id, state, context_json, created_at, updated_at)
         VALUES (?, ?, ?, 'queued', ?, ?, ?)`,
      ),
      get: db.prepare<[number], Row>('SELECT * FROM jobs WHERE id = ?'),
      active: db.prepare<[string], Row>(
        "SELECT * FROM jobs WHERE video_key = ? AND state NOT IN ('done', 'failed') ORDER BY id DESC LIMIT 1",
      ),
      unfinished: db.prepare<[], Row>("SELECT * FROM jobs WHERE state NOT IN ('done', 'failed') ORDER BY id"),
      state: db.prepare('UPDATE jobs SET state = ?, updated_at = ? WHERE id = ?'),
      uploaded: db.prepare(
        "UPDATE jobs SET state = 'uploading', mavera_shape = ?, mavera_file_id = ?, mavera_file_url = ?, updated_at = ? WHERE id = ?",
      ),
      started: db.prepare(
        "UPDATE jobs SET state = 'analysing', mavera_shape = ?, analysis_id = ?, analysis_started_at = ?, updated_at = ? WHERE id = ?",
      ),
      attempt: db.prepare('UPDATE jobs SET attempts = attempts + 1, updated_at = ? WHERE id = ?'),
      finish: db.prepare("UPDATE jobs SET state = 'done', updated_at = ? WHERE id = ?"),
      fail: db.prepare(
        "UPDATE jobs SET state = 'failed', error_code = ?, error_message = ?, updated_at = ? WHERE id = ?",
      ),
      recent: db.prepare<[string], Row>('SELECT * FROM jobs WHERE video_key = ? ORDER BY id DESC LIMIT 1'),
      countByState: db.prepare<[], { state: JobState; n: number }>(
        'SELECT state, COUNT(*) AS n FROM jobs GROUP BY state',
      ),
    };
  }

  /** Creates a queued job, or returns the unfinished one for the same video (one active job per video). */
  createOrGetActive(
    input: { videoKey: string; source: VideoSource; videoId: string; context: JobContext },
    now: number,
  ): Job {
    return this.db.transaction(() => {
      const existing = this.stmts.active.get(input.videoKey);
      if (existing) return fromRow(existing);
      const info = this.stmts.insert.run(
        input.videoKey,
        input.source,
        input.videoId,
        JSON.stringify(input.context),
        now,
        now,
      );
      return fromRow(written(this.stmts.get.get(Number(info.lastInsertRowid)), 'jobs'));
    })();
  }

  get(id: number): Job | null {
    const r = this.stmts.get.get(id);
    return r ? fromRow(r) : null;
  }

  /** The job by id; an Error when there is none (the engine only asks for jobs it created or resumed). */
  require(id: number): Job {
    return fromRow(written(this.stmts.get.get(id), `jobs[${id}]`));
  }

  active(videoKey: string): Job | null {
    const r = this.stmts.active.get(videoKey);
    return r ? fromRow(r) : null;
  }

  latest(videoKey: string): Job | null {
    const r = this.stmts.recent.get(videoKey);
    return r ? fromRow(r) : null;
  }

  unfinished(): Job[] {
    return this.stmts.unfinished.all().map(fromRow);
  }

  setState(id: number, state: 'downloading' | 'uploading', now: number): void {
    this.stmts.state.run(state, now, id);
  }

  recordUpload(id: number, shape: MaveraShape, fileId: string, fileUrl: string | null, now: number): void {
    this.stmts.uploaded.run(shape, fileId, fileUrl, now, id);
  }

  recordAnalysisStarted(id: number, shape: MaveraShape, analysisId: string, now: number): void {
    this.stmts.started.run(shape, analysisId, now, now, id);
  }

  countAttempt(id: number, now: number): void {
    this.stmts.attempt.run(now, id);
  }

  markDone(id: number, now: number): void {
    this.stmts.finish.run(now, id);
  }

  markFailed(id: number, code: string, message: string, now: number): void {
    this.stmts.fail.run(code, message.slice(0, 2000), now, id);
  }

  countsByState(): Record<JobState, number> {
    const out: Record<JobState, number> = { queued: 0, downloading: 0, uploading: 0, analysing: 0, done: 0, failed: 0 };
    for (const r of this.stmts.countByState.all()) out[r.state] = r.n;
    return out;
  }
}
