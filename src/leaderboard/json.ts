import type { Verdict } from '../scoring/types.js';
import type { LeaderboardReport } from './types.js';

/**
 * One leaderboard row as `node dist/cli.js leaderboard --json` prints it. This is a CLI contract: fields are only ever
 * added. Rates are percentages (1.18 = 1.18 %), money is in the ad account's currency, and a value that is unknown
 * (not analysed yet, metric not returned by TikTok) is null, never 0.
 */
export interface LeaderboardJsonRow {
  rank: number | null;
  ad_id: string;
  ad_name: string;
  video_id: string | null;
  impressions: number;
  clicks: number | null;
  spend: number | null;
  ctr: number | null;
  ctr_shrunk: number | null;
  hook_rate: number | null;
  hold_rate: number | null;
  completion_rate: number | null;
  cvr: number | null;
  cpa: number | null;
  hook_score: number | null;
  emotion_intensity_avg: number | null;
  cognitive_load_avg: number | null;
  behavioral_score: number | null;
  verdict: Verdict | null;
  reason: string;
  analysed: boolean;
}

/** Rounds for printing; null (and NaN or ±Infinity, which never belong in JSON) stay null. */
function round(x: number | null, digits: number): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function leaderboardJson(report: LeaderboardReport): LeaderboardJsonRow[] {
  return report.rows.map((r) => ({
    rank: r.rank,
    ad_id: r.adId,
    ad_name: r.adName,
    video_id: r.videoId,
    impressions: r.impressions,
    clicks: r.clicks,
    spend: round(r.spend, 2),
    ctr: round(r.ctr, 4),
    ctr_shrunk: round(r.ctrShrunk, 4),
    hook_rate: round(r.hookRate, 4),
    hold_rate: round(r.holdRate, 4),
    completion_rate: round(r.completionRate, 4),
    cvr: round(r.cvr, 4),
    cpa: round(r.cpa, 2),
    hook_score: round(r.hookScore, 2),
    emotion_intensity_avg: round(r.emotionIntensityAvg, 3),
    cognitive_load_avg: round(r.cognitiveLoadAvg, 3),
    behavioral_score: round(r.behaviouralScore, 1),
    verdict: r.verdict,
    reason: r.reason,
    analysed: r.analysed,
  }));
}
