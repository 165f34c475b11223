import type { Verdict } from '../scoring/types.js';

/** One creative in a leaderboard. Numbers are null when unknown (not analysed yet, metric missing). */
export interface LeaderboardRow {
  /** 1-based rank by behavioural score; null for rows not analysed yet */
  rank: number | null;
  adId: string;
  adName: string;
  videoId: string | null;
  impressions: number;
  clicks: number | null;
  spend: number | null;
  /** raw CTR, % */
  ctr: number | null;
  /** empirical-Bayes shrunk CTR, % */
  ctrShrunk: number | null;
  hookRate: number | null;
  holdRate: number | null;
  completionRate: number | null;
  cvr: number | null;
  cpa: number | null;
  hookScore: number | null;
  emotionIntensityAvg: number | null;
  cognitiveLoadAvg: number | null;
  behaviouralScore: number | null;
  verdict: Verdict | null;
  reason: string;
  analysed: boolean;
}

export interface Insight {
  kind: 'increase_budget' | 'kill_or_recut' | 'hook_disagreement';
  adId: string;
  /** plain text (untrusted names inside: escape before mrkdwn) */
  text: string;
}

export interface LeaderboardReport {
  /** YYYY-MM-DD inclusive, account time zone */
  startDate: string;
  endDate: string;
  /** first date whose conversions are still provisional (last 3 days of the window), or null */
  provisionalFrom: string | null;
  currency: string | null;
  /** every eligible creative: analysed rows ranked first, then "not analysed yet" */
  rows: LeaderboardRow[];
  insights: Insight[];
  /** creatives below the impression threshold, left out */
  excludedLowImpressions: number;
  /** ads that are not single videos (Spark, image), left out */
  excludedNotVideo: number;
  newAnalyses: number;
  cachedAnalyses: number;
  /** eligible rows waiting for a later run because of LEADERBOARD_MAX_NEW_ANALYSES */
  pendingAnalyses: number;
  creditsUsedThisMonth: number;
  generatedAt: number;
}
