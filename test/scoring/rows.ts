import type { LeaderboardRow } from '../../src/leaderboard/types.js';

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
