/**
 * What the rest of the app sees of Mavera, whichever API shape answers.
 *
 * Scales follow the seed recipes: hook score 0–100; emotional intensity 0–10; cognitive load 0–10.
 * The reference shape reports per-chunk metrics on 0–100; the mapping (see normalize.ts and the README)
 * divides those by 10 where the seed's scale is 0–10.
 */
export type MaveraShape = 'reference' | 'recipes';

export interface SeriesPoint {
  /** seconds from the start of the video */
  t: number;
  value: number;
  label?: string | null;
}

export interface VideoAnalysis {
  hookScore: number | null;
  hookAssessment: string | null;
  emotionalArc: {
    peakEmotion: string | null;
    /** seconds */
    peakTimestampS: number | null;
    /** 0–10 */
    intensityAvg: number | null;
    series: SeriesPoint[];
  };
  cognitiveLoad: {
    /** 0–10 */
    average: number | null;
    series: SeriesPoint[];
  };
  /** Present when Mavera returned pacing information. `score` 0–100 when known. */
  pacing: MetricGroup | null;
  visualComplexity: MetricGroup | null;
  adEffectiveness: { score: number | null; explanation: string | null } | null;
  transcript: string | null;
  chunkDurationS: number | null;
}

export interface MetricGroup {
  score: number | null;
  summary: string | null;
  /** every other scalar Mavera returned for this group, as-is */
  details: Record<string, number | string>;
}

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
