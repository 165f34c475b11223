import { afterEach, describe, expect, it } from 'vitest';
import { NOT_ANALYSED_YET } from '../../src/analysis/batch.js';
import { leaderboardJson } from '../../src/leaderboard/json.js';
import type { LeaderboardReport } from '../../src/leaderboard/types.js';
import { createSampleAccount, type SampleAccount, updateSampleAd } from '../../src/sandbox/tiktok-data.js';
import {
  LEADERBOARD_JSON_FIELDS,
  type LeaderboardSetup,
  prefillAnalyses,
  shiftedClock,
  startLeaderboard,
} from './fixtures.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');

function harness(account: SampleAccount, env: Record<string, string> = {}): Promise<LeaderboardSetup> {
  return startLeaderboard(account, shiftedClock(NOW), env);
}

/** Puts an analysis in the cache for every video of the account except `skip`. */
function prefill(h: LeaderboardSetup, skip: Set<string> = new Set()): number {
  return prefillAnalyses(h.services.store, h.account, NOW - 86_400_000, skip);
}

function expectRanked(report: LeaderboardReport): void {
  const ranked = report.rows.filter((r) => r.analysed);
  expect(ranked.map((r) => r.rank)).toEqual(ranked.map((_, i) => i + 1));
  for (let i = 1; i < ranked.length; i++)
    expect(ranked[i - 1]!.behaviouralScore!).toBeGreaterThanOrEqual(ranked[i]!.behaviouralScore!);
  // analysed rows come first
  const firstPending = report.rows.findIndex((r) => !r.analysed);
  if (firstPending >= 0) expect(report.rows.slice(firstPending).every((r) => !r.analysed)).toBe(true);
}

let open: LeaderboardSetup | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

describe('LeaderboardService.build', () => {
  it('ranks every eligible ad of a 1,200-ad account within the TikTok call bound', async () => {
    const account = createSampleAccount({ ads: 1200 });
    const h = await harness(account);
    open = h;
    // Leave a few videos uncached so the run also looks up video info and analyses them.
    const uncached = new Set(account.ads.slice(20, 24).map((a) => a.videoId as string));
    prefill(h, uncached);
    // One ad far below the impression threshold.
    const quiet = account.ads[30]!;
    updateSampleAd(account, quiet.adId, { daily: { ...quiet.daily!, impressions: 5 } });

    const progress: Array<{ analysed: number; total: number }> = [];
    const report = await h.leaderboard.build({ maxNewAnalyses: 50, onProgress: (p) => progress.push(p) });

    const delivered = account.ads.filter((a) => !a.deleted && a.daily !== null);
    expect(report.rows.length + report.excludedLowImpressions + report.excludedNotVideo).toBe(delivered.length);
    expect(report.excludedLowImpressions).toBe(1);
    expect(report.excludedNotVideo).toBe(2); // the Spark ad and the image ad
    expect(report.rows.length).toBeGreaterThan(1100);
    expect(report.rows.every((r) => r.analysed && r.rank !== null)).toBe(true);
    expect(report.newAnalyses).toBe(4);
    expect(report.pendingAnalyses).toBe(0);
    expectRanked(report);
    expect(progress.at(-1)).toEqual({ analysed: 4, total: 4 });

    const n = delivered.length;
    expect(h.tiktok.countCalls('report/integrated/get/')).toBe(2);
    expect(h.tiktok.countCalls('ad/get/')).toBeLessThanOrEqual(Math.ceil(n / 100));
    expect(h.tiktok.countCalls('file/video/ad/info/')).toBeLessThanOrEqual(Math.ceil(n / 60));
    const apiCalls = h.tiktok.calls.filter((c) => c.path.includes('/open_api/')).length;
    expect(apiCalls).toBeLessThanOrEqual(Math.ceil(n / 1000) + Math.ceil(n / 100) + Math.ceil(n / 60) + 1);
    expect(h.mavera.stats.uploads).toBe(4);

    // window: last 7 complete days in the account's zone (America/Los_Angeles: Nov 30 04:00 local)
    expect(report).toMatchObject({ startDate: '2026-11-23', endDate: '2026-11-29', provisionalFrom: '2026-11-27' });
    expect(h.services.store.metricSnapshots.countForRun('2026-11-23..2026-11-29')).toBe(report.rows.length);
  });

  it('caps new analyses by spend, queues the rest and picks them up in the next run without re-uploading', async () => {
    const account = createSampleAccount({ ads: 16 });
    const h = await harness(account, { LEADERBOARD_MAX_NEW_ANALYSES: '3' });
    open = h;

    const first = await h.leaderboard.build({ runKey: 'week-1' });
    expect(first.newAnalyses).toBe(3);
    expect(first.cachedAnalyses).toBe(0);
    expect(h.mavera.stats.uploads).toBe(3);
    const analysed = first.rows.filter((r) => r.analysed);
    const pending = first.rows.filter((r) => !r.analysed);
    expect(new Set(analysed.map((r) => r.videoId)).size).toBe(3);
    expect(pending.length).toBe(first.pendingAnalyses);
    expect(pending.every((r) => r.reason === NOT_ANALYSED_YET && r.rank === null && r.verdict === null)).toBe(true);
    // highest spend first: each analysed video out-spends every queued one
    const videoSpend = (rows: typeof first.rows) => {
      const m = new Map<string, number>();
      for (const r of rows) m.set(r.videoId as string, Math.max(m.get(r.videoId as string) ?? 0, r.spend ?? 0));
      return [...m.values()];
    };
    expect(Math.min(...videoSpend(analysed))).toBeGreaterThan(Math.max(...videoSpend(pending)));
    // the video three ads share is one analysis: all its rows agree
    const shared = first.rows.filter((r) => r.videoId === account.roles.sharedVideoId);
    expect(shared.length).toBe(3);
    expect(new Set(shared.map((r) => r.analysed)).size).toBe(1);

    const second = await h.leaderboard.build({ runKey: 'week-2' });
    expect(second.cachedAnalyses).toBe(3);
    expect(second.newAnalyses).toBe(3);
    expect(h.mavera.stats.uploads).toBe(6);
    expect(h.mavera.stats.analysesCreated).toBe(6);
    expect(second.rows.filter((r) => r.analysed).length).toBeGreaterThan(analysed.length);
    for (const r of analysed) expect(second.rows.find((x) => x.adId === r.adId)?.analysed).toBe(true);
    expectRanked(second);

    // a run with no new analyses allowed uses the cache only
    const third = await h.leaderboard.build({ runKey: 'week-3', maxNewAnalyses: 0 });
    expect(third.newAnalyses).toBe(0);
    expect(third.cachedAnalyses).toBe(6);
    expect(h.mavera.stats.uploads).toBe(6);

    // each run stored its own snapshot
    for (const [key, report] of [
      ['week-1', first],
      ['week-2', second],
      ['week-3', third],
    ] as const)
      expect(h.services.store.metricSnapshots.countForRun(key)).toBe(report.rows.length);
    const history = h.services.store.metricSnapshots.history(analysed[0]!.adId);
    expect(history.length).toBe(3);
    expect(history[0]!.behaviouralScore).toBe(analysed[0]!.behaviouralScore);
  });

  it('keeps going when one analysis fails and says why on its row', async () => {
    const account = createSampleAccount({ ads: 8 });
    const h = await harness(account);
    open = h;
    h.mavera.failNextAnalysis('the video has no frames');

    const report = await h.leaderboard.build({ maxNewAnalyses: 10, concurrency: 1 });
    const failed = report.rows.filter((r) => !r.analysed);
    // one video failed (the highest-spend one goes first); every ad showing it says why
    expect(new Set(failed.map((r) => r.videoId)).size).toBe(1);
    for (const r of failed) {
      expect(r.reason).toMatch(/^not analysed — /);
      expect(r.reason).not.toBe(NOT_ANALYSED_YET);
    }
    expect(report.pendingAnalyses).toBe(0);
    expect(report.newAnalyses).toBe(new Set(report.rows.map((r) => r.videoId)).size - 1);
    expect(report.rows.filter((r) => r.analysed).length).toBe(report.rows.length - failed.length);
  });

  it('scores rows with shrunk CTR, funnel rates and reasons, and prints them as JSON with nulls kept', async () => {
    const account = createSampleAccount({ ads: 14 });
    const h = await harness(account);
    open = h;
    prefill(h);
    const report = await h.leaderboard.build({ maxNewAnalyses: 0 });

    const lucky = report.rows.find((r) => r.adId === account.roles.luckyAdId)!;
    expect(lucky.impressions).toBeLessThan(1000);
    // the small, lucky ad is pulled toward the account's mean
    expect(lucky.ctrShrunk!).toBeLessThan(lucky.ctr!);
    const partial = report.rows.find((r) => r.adId === account.roles.partialMetricsAdId)!;
    expect(partial.holdRate).toBeNull();
    expect(partial.completionRate).toBeNull();
    expect(partial.hookRate).not.toBeNull();
    for (const r of report.rows) {
      expect(r.reason).toMatch(/→ (SCALE|TEST|HOLD|KILL)$/);
      expect(r.ctr).toBeCloseTo(((r.clicks ?? 0) / r.impressions) * 100, 6);
    }
    expect(report.insights.length).toBeGreaterThan(0);

    const json = leaderboardJson(report);
    expect(json.length).toBe(report.rows.length);
    for (const key of LEADERBOARD_JSON_FIELDS) expect(json[0]).toHaveProperty(key);
    const partialJson = json.find((r) => r.ad_id === partial.adId)!;
    expect(partialJson.hold_rate).toBeNull();
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);

    // rows not analysed yet keep null scores in JSON
    const fresh = createSampleAccount({ ads: 6 });
    const h2 = await harness(fresh);
    try {
      const pendingJson = leaderboardJson(await h2.leaderboard.build({ maxNewAnalyses: 0 }));
      expect(pendingJson.every((r) => r.analysed === false && r.behavioral_score === null && r.rank === null)).toBe(
        true,
      );
      expect(pendingJson.every((r) => r.reason === NOT_ANALYSED_YET)).toBe(true);
    } finally {
      await h2.close();
    }
  });
});
