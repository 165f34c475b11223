import { z } from 'zod';
import { type MaveraShape, type VideoAnalysis, videoAnalysisSchema } from '../mavera/types.js';
import type { Db } from './db.js';
import { readJson } from './json.js';
import type { VideoSource } from './types.js';

export interface StoredAnalysis {
  videoKey: string;
  source: VideoSource;
  videoId: string;
  signature: string | null;
  durationS: number | null;
  sizeBytes: number | null;
  maveraShape: MaveraShape;
  maveraFileId: string | null;
  analysisId: string;
  analysis: VideoAnalysis;
  raw: unknown;
  creditsEstimated: number;
  analysedAt: number;
}

interface Row {
  video_key: string;
  source: VideoSource;
  video_id: string;
  signature: string | null;
  duration_s: number | null;
  size_bytes: number | null;
  mavera_shape: MaveraShape;
  mavera_file_id: string | null;
  analysis_id: string;
  analysis_json: string;
  raw_json: string;
  credits_estimated: number;
  analysed_at: number;
}

const fromRow = (r: Row): StoredAnalysis => ({
  videoKey: r.video_key,
  source: r.source,
  videoId: r.video_id,
  signature: r.signature,
  durationS: r.duration_s,
  sizeBytes: r.size_bytes,
  maveraShape: r.mavera_shape,
  maveraFileId: r.mavera_file_id,
  analysisId: r.analysis_id,
  analysis: readJson(videoAnalysisSchema, r.analysis_json, `analyses[${r.video_key}].analysis_json`),
  raw: readJson(z.unknown(), r.raw_json, `analyses[${r.video_key}].raw_json`),
  creditsEstimated: r.credits_estimated,
  analysedAt: r.analysed_at,
});

/** The analysis cache: one finished analysis per video, with Mavera's raw JSON beside the normalised fields. */
export class AnalysesTable {
  private readonly getStmt;
  private readonly upsertStmt;
  private readonly manyStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], Row>('SELECT * FROM analyses WHERE video_key = ?');
    this.manyStmt = db.prepare<[string], Row>(
      'SELECT * FROM analyses WHERE video_key IN (SELECT value FROM json_each(?))',
    );
    this.upsertStmt = db.prepare(`
      INSERT INTO analyses (video_key, source, video_id, signature, duration_s, size_bytes, mavera_shape, mavera_file_id,
        analysis_id, hook_score, emotion_intensity_avg, cognitive_load_avg, analysis_json, raw_json, credits_estimated, analysed_at)
      VALUES (@videoKey, @source, @videoId, @signature, @durationS, @sizeBytes, @maveraShape, @maveraFileId,
        @analysisId, @hookScore, @emotion, @cognitive, @analysisJson, @rawJson, @creditsEstimated, @analysedAt)
      ON CONFLICT(video_key) DO UPDATE SET
        signature = excluded.signature, duration_s = excluded.duration_s, size_bytes = excluded.size_bytes,
        mavera_shape = excluded.mavera_shape, mavera_file_id = excluded.mavera_file_id, analysis_id = excluded.analysis_id,
        hook_score = excluded.hook_score, emotion_intensity_avg = excluded.emotion_intensity_avg,
        cognitive_load_avg = excluded.cognitive_load_avg, analysis_json = excluded.analysis_json,
        raw_json = excluded.raw_json, credits_estimated = excluded.credits_estimated, analysed_at = excluded.analysed_at`);
  }

  get(videoKey: string): StoredAnalysis | null {
    const row = this.getStmt.get(videoKey);
    return row ? fromRow(row) : null;
  }

  getMany(videoKeys: string[]): Map<string, StoredAnalysis> {
    const out = new Map<string, StoredAnalysis>();
    if (videoKeys.length === 0) return out;
    for (const row of this.manyStmt.all(JSON.stringify(videoKeys))) out.set(row.video_key, fromRow(row));
    return out;
  }

  put(a: StoredAnalysis): void {
    this.upsertStmt.run({
      videoKey: a.videoKey,
      source: a.source,
      videoId: a.videoId,
      signature: a.signature,
      durationS: a.durationS,
      sizeBytes: a.sizeBytes,
      maveraShape: a.maveraShape,
      maveraFileId: a.maveraFileId,
      analysisId: a.analysisId,
      hookScore: a.analysis.hookScore,
      emotion: a.analysis.emotionalArc.intensityAvg,
      cognitive: a.analysis.cognitiveLoad.average,
      analysisJson: JSON.stringify(a.analysis),
      rawJson: JSON.stringify(a.raw ?? null),
      creditsEstimated: a.creditsEstimated,
      analysedAt: a.analysedAt,
    });
  }
}
