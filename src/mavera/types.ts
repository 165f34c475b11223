import { z } from 'zod';

/**
 * What the rest of the app sees of Mavera, whichever API shape answers.
 *
 * Scales follow the seed recipes: hook score 0–100; emotional intensity 0–10; cognitive load 0–10.
 * The reference shape reports per-chunk metrics on 0–100; the mapping (see normalize.ts and the README)
 * divides those by 10 where the seed's scale is 0–10.
 */
export type MaveraShape = z.infer<typeof maveraShapeSchema>;

const seriesPointSchema = z.object({
  /** seconds from the start of the video */
  t: z.number(),
  value: z.number(),
  label: z.string().nullable().optional(),
});

export type SeriesPoint = z.infer<typeof seriesPointSchema>;

const metricGroupSchema = z.object({
  /** 0–100 when known */
  score: z.number().nullable(),
  summary: z.string().nullable(),
  /** every other scalar Mavera returned for this group, as-is */
  details: z.record(z.string(), z.union([z.number(), z.string()])),
});

export type MetricGroup = z.infer<typeof metricGroupSchema>;

/**
 * One normalised analysis, whichever API shape produced it: what the cache stores (`analyses.analysis_json`) and the
 * scorecards, leaderboards and verdicts read. Defined once, as a schema, so JSON read back from the store is checked.
 */
export const videoAnalysisSchema = z.object({
  /** 0–100 */
  hookScore: z.number().nullable(),
  hookAssessment: z.string().nullable(),
  emotionalArc: z.object({
    peakEmotion: z.string().nullable(),
    /** seconds */
    peakTimestampS: z.number().nullable(),
    /** 0–10 */
    intensityAvg: z.number().nullable(),
    series: z.array(seriesPointSchema),
  }),
  cognitiveLoad: z.object({
    /** 0–10 */
    average: z.number().nullable(),
    series: z.array(seriesPointSchema),
  }),
  /** present when Mavera returned pacing information */
  pacing: metricGroupSchema.nullable(),
  visualComplexity: metricGroupSchema.nullable(),
  adEffectiveness: z.object({ score: z.number().nullable(), explanation: z.string().nullable() }).nullable(),
  transcript: z.string().nullable(),
  chunkDurationS: z.number().nullable(),
});

export type VideoAnalysis = z.infer<typeof videoAnalysisSchema>;

/** The API shapes, as stored (the detected shape in `settings`, each analysis's and job's shape). */
export const maveraShapeSchema = z.enum(['reference', 'recipes']);

export type AnalysisState = 'running' | 'completed' | 'failed';

export interface AnalysisStatus {
  state: AnalysisState;
  /** the status string exactly as Mavera sent it */
  rawStatus: string;
  processedChunks: number | null;
  totalChunks: number | null;
  /** Mavera's error text when failed */
  error: string | null;
  /** normalised results when completed */
  analysis: VideoAnalysis | null;
  /** the full JSON Mavera returned, kept so a better mapping later needs no new analysis */
  raw: unknown;
}

export interface UploadInput {
  path: string;
  sizeBytes: number;
  fileName: string;
  contentType: string;
  /** called with bytes sent so far */
  onProgress?: (sentBytes: number) => void;
}

export interface UploadedFile {
  fileId: string;
  /** public URL of the uploaded file when the shape gives one (reference shape) */
  fileUrl: string | null;
}

export interface StartAnalysisInput {
  fileId: string;
  fileUrl: string | null;
  title: string;
  /** free-form, sent as metadata (ad id, video id, source) */
  metadata?: Record<string, string>;
}

export interface WaitOptions {
  onProgress?: (status: AnalysisStatus) => void;
  /** ms epoch when the analysis was started; the overall time-out counts from here (survives restarts) */
  startedAt?: number;
  signal?: AbortSignal;
}

export interface MaveraAccess {
  shape: MaveraShape;
  /** credits left when the API says; null otherwise */
  creditsRemaining: number | null;
}

export interface MaveraApi {
  /** The API shape in use: the configured one, or the one detected (once, remembered) in auto mode. */
  resolveShape(): Promise<MaveraShape>;
  upload(shape: MaveraShape, input: UploadInput): Promise<UploadedFile>;
  startAnalysis(shape: MaveraShape, input: StartAnalysisInput): Promise<{ analysisId: string }>;
  getAnalysis(shape: MaveraShape, analysisId: string): Promise<AnalysisStatus>;
  /** Polls (3 s backing off to 30 s) until completed; throws UserError on failed / time-out. */
  waitForAnalysis(shape: MaveraShape, analysisId: string, options?: WaitOptions): Promise<AnalysisStatus>;
  /** Cheap read-only calls for `doctor`: key valid, which shape answers, credits when known. */
  checkAccess(): Promise<MaveraAccess>;
}
