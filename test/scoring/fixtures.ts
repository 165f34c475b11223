import type { LeaderboardRow } from '../../src/leaderboard/types.js';
import type { ReportMetrics } from '../../src/tiktok/types.js';

/** An analysed leaderboard row with every number unknown unless overridden. */
export function leaderboardRow(overrides: Partial<LeaderboardRow> = {}): LeaderboardRow {
  return {
    rank: null,
    adId: 'ad',
    adName: 'Ad',
    videoId: null,
    impressions: 10_000,
    clicks: null,
    spend: null,
    ctr: null,
    ctrShrunk: null,
    hookRate: null,
    holdRate: null,
    completionRate: null,
    cvr: null,
    cpa: null,
    hookScore: null,
    emotionIntensityAvg: null,
    cognitiveLoadAvg: null,
    behaviouralScore: null,
    verdict: null,
    reason: '',
    analysed: true,
    ...overrides,
  };
}

/** TikTok report metrics with every number unknown unless overridden. */
export function reportMetrics(overrides: Partial<ReportMetrics> = {}): ReportMetrics {
  return {
    spend: null,
    impressions: null,
    clicks: null,
    ctr: null,
    cpc: null,
    cpm: null,
    conversion: null,
    costPerConversion: null,
    videoPlayActions: null,
    videoWatched2s: null,
    videoWatched6s: null,
    videoViewsP25: null,
    videoViewsP50: null,
    videoViewsP75: null,
    videoViewsP100: null,
    averageVideoPlay: null,
    averageVideoPlayPerUser: null,
    ...overrides,
  };
}
