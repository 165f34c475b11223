import { WebClient } from '@slack/web-api';
import type { LeaderboardService } from '../../src/leaderboard/build.js';
import type { VideoAnalysis } from '../../src/mavera/types.js';
import type { MaveraSimulator } from '../../src/sandbox/mavera.js';
import type { SlackSimulator } from '../../src/sandbox/slack.js';
import type { TikTokSimulator } from '../../src/sandbox/tiktok.js';
import type { SampleAccount } from '../../src/sandbox/tiktok-data.js';
import type { Services } from '../../src/services.js';
import type { Store } from '../../src/store/index.js';
import { type Clock, systemClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { type Harness, startHarness } from '../support/harness.js';

/** The fields every row of `leaderboard --json` carries. */
export const LEADERBOARD_JSON_FIELDS = [
  'rank',
  'ad_id',
  'ad_name',
  'impressions',
  'spend',
  'ctr',
  'ctr_shrunk',
  'hook_rate',
  'hold_rate',
  'hook_score',
  'behavioral_score',
  'verdict',
  'reason',
  'analysed',
] as const;

/** Real time shifted to a chosen start (and wherever `set` moves it), so limiters and polls still see time pass. */
export function shiftedClock(start: number): Clock & { set(ms: number): void } {
  let offset = start - Date.now();
  return {
    now: () => Date.now() + offset,
    sleep: systemClock.sleep,
    set(ms: number) {
      offset = ms - Date.now();
    },
  };
}

/** A made-up analysis whose scores vary with `i`. */
export function fakeAnalysis(i: number): VideoAnalysis {
  return {
    hookScore: 10 + ((i * 37) % 90),
    hookAssessment: null,
    emotionalArc: { peakEmotion: null, peakTimestampS: null, intensityAvg: (i * 13) % 10, series: [] },
    cognitiveLoad: { average: (i * 7) % 10, series: [] },
    pacing: null,
    visualComplexity: null,
    adEffectiveness: null,
    transcript: null,
    chunkDurationS: null,
  };
}

/** Caches a fake analysis, made at `analysedAt`, for every video of the account except `skip`; returns how many. */
export function prefillAnalyses(
  store: Store,
  account: SampleAccount,
  analysedAt: number,
  skip: Set<string> = new Set(),
): number {
  const videoIds = [...new Set(account.ads.map((a) => a.videoId).filter((v): v is string => v !== null))];
  let n = 0;
  store.transaction(() => {
    videoIds.forEach((videoId, i) => {
      if (skip.has(videoId)) return;
      n++;
      store.analyses.put({
        videoKey: `ad:${videoId}`,
        source: 'ad',
        videoId,
        signature: null,
        durationS: 20,
        sizeBytes: 1000,
        maveraShape: 'reference',
        maveraFileId: null,
        analysisId: `prefill-${i}`,
        analysis: fakeAnalysis(i),
        raw: null,
        creditsEstimated: 0,
        analysedAt,
      });
    });
  });
  return n;
}

/** The simulators for a leaderboard test: TikTok serving `account` on `clock`, quick Mavera analyses and polls. */
export function startLeaderboardHarness(
  account: SampleAccount,
  clock: Clock,
  options: { slack?: boolean } = {},
): Promise<Harness> {
  return startHarness({
    account,
    tiktok: { clock },
    mavera: { analysisDurationMs: 40 },
    slack: options.slack,
    env: { MAVERA_POLL_MIN_S: '0.01', MAVERA_POLL_MAX_S: '0.05', MAVERA_MAX_REQUESTS_PER_MINUTE: '10000' },
  });
}

/** Services on `clock` with a quiet logger, for a harness from `startLeaderboardHarness`. */
export function leaderboardServices(h: Harness, clock: Clock, env: Record<string, string> = {}): Services {
  return h.services(env, { clock, logger: silentLogger });
}

export interface LeaderboardSetup {
  account: SampleAccount;
  tiktok: TikTokSimulator;
  mavera: MaveraSimulator;
  services: Services;
  leaderboard: LeaderboardService;
  close(): Promise<void>;
}

/** Simulators, services on `clock` and a LeaderboardService over them, for one account. */
export async function startLeaderboard(
  account: SampleAccount,
  clock: Clock,
  env: Record<string, string> = {},
): Promise<LeaderboardSetup> {
  const h = await startLeaderboardHarness(account, clock);
  const services = leaderboardServices(h, clock, env);
  return {
    account,
    tiktok: h.tiktok,
    mavera: h.mavera,
    services,
    leaderboard: services.leaderboard,
    close: () => h.close(),
  };
}

/** A Web API client for the Slack simulator that fails at once instead of retrying. */
export function slackClient(slack: SlackSimulator): WebClient {
  return new WebClient(slack.botToken, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
}
