import type { MaveraShape, VideoAnalysis } from '../mavera/types.js';
import type { ReportMetrics } from '../tiktok/types.js';

/** Where a scored video came from. */
export type VideoSource = 'ad' | 'organic';

/** Progress of one scoring request, reported through `onProgress`. */
export type ProgressEvent =
  | { stage: 'resolving'; message: string }
  | { stage: 'queued'; message: string }
  | { stage: 'downloading'; bytes: number; totalBytes: number | null }
  | { stage: 'uploading'; bytes: number; totalBytes: number | null }
  | { stage: 'analysing'; processedChunks: number | null; totalChunks: number | null; elapsedMs: number }
  | { stage: 'done' };

export type Verdict = 'SCALE' | 'TEST' | 'HOLD' | 'KILL';

/** Funnel rates derived from report metrics; each null when an input is missing (never 0 by default). */
export interface Funnel {
  /** clicks / impressions, % */
  ctr: number | null;
  /** video_watched_2s / impressions, % */
  hookRate: number | null;
  /** video_watched_6s / video_watched_2s, % */
  holdRate: number | null;
  /** video_views_p100 / video_play_actions, % */
  completionRate: number | null;
  /** conversion / clicks, % */
  cvr: number | null;
  /** spend / conversion, currency; null at 0 conversions */
  cpa: number | null;
}

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
