import type { MaveraShape, VideoAnalysis } from '../mavera/types.js';
import type { Funnel, Verdict } from '../scoring/types.js';
import type { VideoSource } from '../store/types.js';
import type { ReportMetrics } from '../tiktok/types.js';

/** How to analyse one video: afresh instead of from the cache, and where progress goes. */
export interface AnalyseOptions {
  /** a new analysis (new upload, new credits) even when one is cached */
  refresh?: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

/** Progress of one scoring request, reported through `onProgress`. */
export type ProgressEvent =
  | { stage: 'resolving'; message: string }
  | { stage: 'queued'; message: string }
  | { stage: 'downloading'; bytes: number; totalBytes: number | null }
  | { stage: 'uploading'; bytes: number; totalBytes: number | null }
  | { stage: 'analysing'; processedChunks: number | null; totalChunks: number | null; elapsedMs: number }
  | { stage: 'done' };

export interface Performance {
  /** YYYY-MM-DD inclusive, in the ad account's time zone */
  startDate: string;
  endDate: string;
  metrics: ReportMetrics;
  funnel: Funnel;
  currency: string | null;
}

/** Public stats of an organic TikTok video (creator mode). */
export interface PublicStats {
  plays: number | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  saves: number | null;
  /** (likes + comments + shares + saves) / plays, % */
  engagementRate: number | null;
  authorHandle: string | null;
  createdAt: number | null;
}

export interface ScoreSummary {
  behavioural: number;
  verdict: Verdict;
  /** one line with the numbers, e.g. "behavioural 68.3 > 60, shrunk CTR 0.94 % … → TEST" */
  reason: string;
  ctrRaw: number | null;
  ctrShrunk: number | null;
}

/** The answer to "score this ad" (or this organic video): what the CLI prints and the scorecard shows. */
export interface ScoreResult {
  source: VideoSource;
  /** TikTok ad id, or `video:<item_id>` for organic videos */
  adId: string;
  adName: string;
  /** TikTok video id (ads) or item id (organic): the cache key */
  videoId: string;
  coverUrl: string | null;
  durationS: number | null;
  /** true when the analysis came from the cache (no upload, no new analysis) */
  cached: boolean;
  /** ms epoch when the analysis completed */
  analysedAt: number;
  analysisId: string;
  maveraShape: MaveraShape;
  analysis: VideoAnalysis;
  /** last 7 days' ad performance; null when the ad did not deliver (or for organic videos) */
  performance: Performance | null;
  publicStats: PublicStats | null;
  score: ScoreSummary;
  /** Mavera credits: estimate for this video and the month's total so far */
  credits: { estimated: number; usedThisMonth: number; budget: number | null };
}
