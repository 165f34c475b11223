import type { Verdict } from '../scoring/types.js';
import type { VideoAudienceStats, VideoDetailedStats } from './shop.js';

/** A registered TikTok Shop creator as the bot shows it: never the cookie, not even encrypted. */
export interface CreatorSummary {
  name: string;
  /** the TikTok handle the cookie logged in as, when TikTok said */
  tiktokUser: string | null;
  /** Slack user id of the approver who added (or last replaced) the cookie */
  addedBy: string;
  /** ms epoch */
  addedAt: number;
}

/** One video of a creator's leaderboard. Numbers are null when unknown (never 0 by default). */
export interface CreatorLeaderboardRow {
  /** 1-based rank by behavioural score; null for rows not analysed */
  rank: number | null;
  itemId: string;
  /** the video's caption or title (untrusted: escape before mrkdwn) */
  name: string;
  /** ms epoch */
  publishTime: number | null;
  views: number | null;
  /** % (0–100) */
  completionRate: number | null;
  /** empirical-Bayes shrunk completion rate over the creator's videos of the month, % */
  completionShrunk: number | null;
  /** product click-through rate, % */
  ctr: number | null;
  /** in the shop's currency */
  gmv: number | null;
  itemsSold: number | null;
  newFollowers: number | null;
  hookScore: number | null;
  behaviouralScore: number | null;
  verdict: Verdict | null;
  /** the verdict's reason, or why the video is not analysed */
  reason: string;
  analysed: boolean;
}

export interface CreatorHealth {
  /** 9+ warning, 12+ e-commerce features suspended, 24+ permanent ban */
  violationScore: number | null;
  riskLevelText: string | null;
  /** plain text when the violation score is 9 or more; null otherwise */
  warning: string | null;
}

/** `/creative-score creator leaderboard <name> [YYYY-MM]`: a creator's videos of one month, ranked. */
export interface CreatorLeaderboardReport {
  creator: string;
  tiktokUser: string | null;
  /** YYYY-MM: TikTok's creator analytics always cover one calendar month */
  month: string;
  /** analysed rows ranked first, then the others by views */
  rows: CreatorLeaderboardRow[];
  /** null when TikTok did not answer the health check (the leaderboard is built anyway) */
  health: CreatorHealth | null;
  newAnalyses: number;
  cachedAnalyses: number;
  /** videos waiting for a later run because of the cap on new analyses */
  pendingAnalyses: number;
  creditsUsedThisMonth: number;
  generatedAt: number;
}

/** The Audience button's answer: one video's completion-rate series and audience split. */
export interface CreatorAudienceReport {
  itemId: string;
  creator: string;
  /** YYYY-MM the numbers cover */
  month: string;
  detailed: VideoDetailedStats;
  audience: VideoAudienceStats;
}

/** One creator's part of the weekly post: the report, or why it could not be built. */
export type WeeklyCreatorSection =
  | { name: string; report: CreatorLeaderboardReport }
  | { name: string; error: { message: string; hint: string | null; code: string } };
