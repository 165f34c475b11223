import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isUserError, type UserError } from '../../src/errors.js';
import { createServices } from '../../src/services.js';
import { Store } from '../../src/store/index.js';
import { type Harness, plainVideoAd, startHarness, waitFor } from '../support/harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function expectUserError(p: Promise<unknown>, code: string): Promise<UserError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isUserError(err), `expected a UserError ${code}, got ${String(err)}`).toBe(true);
  expect((err as UserError).code).toBe(code);
  return err as UserError;
}

function noRunningJobs(store: Store) {
  const counts = store.jobs.countsByState();
  expect(counts.queued + counts.downloading + counts.uploading + counts.analysing).toBe(0);
}

describe('analysis engine over the simulators', () => {
  it('analyses a video once: repeat and other ads with the same video come from the cache', async () => {
    h = await startHarness();
    const s = h.services();
    const account = h.tiktok.account;
    const ad = plainVideoAd(account);
    const first = await s.ads.scoreAd(ad.adId);
    expect(first.cached).toBe(false);
    expect(h.mavera.stats.uploads).toBe(1);
    expect(h.mavera.stats.analysesCreated).toBe(1);
    expect(first.analysis.hookScore).toBeGreaterThanOrEqual(0);
    expect(first.analysis.hookScore).toBeLessThanOrEqual(100);
    expect(first.analysis.cognitiveLoad.average).toBeLessThanOrEqual(10);

    const again = await s.ads.scoreAd(ad.adId);
    expect(again.cached).toBe(true);
    expect(again.analysisId).toBe(first.analysisId);

    const [a, b] = account.roles.sharedVideoAdIds;
    expect(a && b).toBeTruthy();
    await s.ads.scoreAd(a as string);
    const uploadsAfterFirstShared = h.mavera.stats.uploads;
    const shared = await s.ads.scoreAd(b as string);
    expect(shared.cached).toBe(true);
    expect(h.mavera.stats.uploads).toBe(uploadsAfterFirstShared);
    expect(h.mavera.stats.analysesCreated).toBe(2);
    const usage = s.store.usage.month(s.clock.now());
    expect(usage.analyses).toBe(2);
    expect(usage.cacheHits).toBe(2);
    noRunningJobs(s.store);
  });

  it('shares one job between concurrent requests for the same video', async () => {
    h = await startHarness();
    const s = h.services();
    const ad = plainVideoAd(h.tiktok.account);
    const seen: string[][] = [[], []];
    const [r1, r2] = await Promise.all([
      s.ads.scoreAd(ad.adId, { onProgress: (e) => seen[0]?.push(e.stage) }),
      s.ads.scoreAd(ad.adId, { onProgress: (e) => seen[1]?.push(e.stage) }),
    ]);
    expect(h.mavera.stats.uploads).toBe(1);
    expect(h.mavera.stats.analysesCreated).toBe(1);
    expect(r1.analysisId).toBe(r2.analysisId);
    expect(seen[0]).toContain('analysing');
    expect(seen[1]).toContain('analysing');
  });

  it('resumes an analysis after a restart without uploading again', async () => {
    h = await startHarness({ mavera: { analysisDurationMs: 1500 } });
    const first = h.services();
    const ad = plainVideoAd(h.tiktok.account);
    const pending = first.ads.scoreAd(ad.adId).catch((e: unknown) => e);
    await waitFor(() => first.store.jobs.unfinished().some((j) => j.state === 'analysing'), 10_000, 'analysis start');
    first.close(); // the process "dies": waits are aborted, the job stays durable
    await pending;
    expect(h.mavera.stats.uploads).toBe(1);

    const second = createServices(h.config(), { logger: h.logger, store: Store.open(h.dbPath), tmpDir: h.dir });
    try {
      const [job] = second.store.jobs.unfinished();
      expect(job?.state).toBe('analysing');
      expect(job?.analysisId).toBeTruthy();
      const resumed = second.engine.resumeUnfinished();
      expect(resumed.count).toBe(1);
      await resumed.settled;
      expect(second.engine.cached('ad', ad.videoId as string)?.analysisId).toBe(job?.analysisId);
      expect(h.mavera.stats.uploads).toBe(1);
      expect(h.mavera.stats.analysesCreated).toBe(1);
      const result = await second.ads.scoreAd(ad.adId);
      expect(result.cached).toBe(true);
      noRunningJobs(second.store);
    } finally {
      second.close();
    }
  });

  it('removes the temp file a crashed download left behind when it resumes the job', async () => {
    h = await startHarness();
    const s = h.services();
    const ad = plainVideoAd(h.tiktok.account);
    const videoKey = `ad:${ad.videoId}`;
    // a process died mid-download: its job says "downloading" and its partial file is still on disk
    const job = s.store.jobs.createOrGetActive(
      {
        videoKey,
        source: 'ad',
        videoId: ad.videoId as string,
        context: {
          requestedBy: ad.adId,
          title: ad.adName,
          signature: null,
          durationS: 10,
          sizeBytes: null,
          creditsEstimated: 150,
        },
      },
      s.clock.now(),
    );
    s.store.jobs.setState(job.id, 'downloading', s.clock.now());
    const tmp = join(h.dir, 'tmp');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, `${videoKey.replace(/[^A-Za-z0-9_-]/g, '_')}-${job.id}-1700000000000.mp4`), 'partial');

    const resumed = s.engine.resumeUnfinished();
    expect(resumed.count).toBe(1);
    await resumed.settled;
    expect(s.engine.cached('ad', ad.videoId as string)).not.toBeNull();
    expect(readdirSync(tmp)).toEqual([]);
    noRunningJobs(s.store);
  });

  it('refreshes an expired preview URL once and downloads the video', async () => {
    h = await startHarness();
    const s = h.services();
    const ad = plainVideoAd(h.tiktok.account);
    h.tiktok.expireVideoUrls(ad.videoId as string);
    const before = h.tiktok.countCalls('/file/video/ad/info/');
    const result = await s.ads.scoreAd(ad.adId);
    expect(result.cached).toBe(false);
    expect(h.tiktok.countCalls('/file/video/ad/info/') - before).toBe(2);
    expect(h.mavera.stats.uploads).toBe(1);
  });

  it('gives plain answers for ads it cannot analyse', async () => {
    h = await startHarness();
    const s = h.services();
    const { roles } = h.tiktok.account;
    await expectUserError(s.ads.scoreAd('not-a-number'), 'bad_input');
    await expectUserError(s.ads.scoreAd('1999999999999999999'), 'ad_not_found');
    const spark = await expectUserError(s.ads.scoreAd(roles.sparkAdId as string), 'not_a_video');
    expect(spark.message).toMatch(/Spark Ad/);
    const image = await expectUserError(s.ads.scoreAd(roles.imageAdId as string), 'not_a_video');
    expect(image.message).toMatch(/image ad/);
    expect(h.mavera.stats.uploads).toBe(0);
    noRunningJobs(s.store);
  });

  it.each([
    [40001, 'tiktok_permission'],
    [40102, 'tiktok_auth'],
    [40105, 'tiktok_auth'],
    [40002, 'tiktok_params'],
    [40300, 'tiktok_advertiser'],
  ])('maps TikTok code %i to %s without leaking the token', async (code, expected) => {
    h = await startHarness();
    const s = h.services();
    h.tiktok.failNext('/ad/get/', code, 1);
    const err = await s.ads.scoreAd(plainVideoAd(h.tiktok.account).adId).then(
      () => null,
      (e: unknown) => e as UserError,
    );
    expect(isUserError(err)).toBe(true);
    expect([expected, 'tiktok_auth', 'tiktok_permission']).toContain(err?.code);
    expect(err?.code).toBe(expected);
    expect(`${err?.message} ${err?.hint}`).not.toContain(h.tiktok.accessToken);
    expect(h.logs.join('\n')).not.toContain(h.tiktok.accessToken);
    noRunningJobs(s.store);
  });

  it('retries TikTok rate limits and server errors', async () => {
    h = await startHarness();
    const s = h.services();
    h.tiktok.failNext('/ad/get/', 40100, 2);
    h.tiktok.failNext('/file/video/ad/info/', 50002, 1);
    const result = await s.ads.scoreAd(plainVideoAd(h.tiktok.account).adId);
    expect(result.cached).toBe(false);
    expect(h.tiktok.countCalls('/ad/get/')).toBe(3);
  }, 30_000);

  it.each([
    [401, 'mavera_auth'],
    [402, 'mavera_credits'],
  ])('Mavera HTTP %i ends as %s with the store consistent', async (status, code) => {
    h = await startHarness();
    const s = h.services({ MAVERA_API_SHAPE: 'reference' });
    h.mavera.failNextRequest(/video-analyses$/, status, { times: 5 });
    await expectUserError(s.ads.scoreAd(plainVideoAd(h.tiktok.account).adId), code);
    noRunningJobs(s.store);
    const failed = s.store.jobs.latest(`ad:${plainVideoAd(h.tiktok.account).videoId}`);
    expect(failed?.state).toBe('failed');
    expect(failed?.errorCode).toBe(code);
    expect(s.store.analyses.get(`ad:${plainVideoAd(h.tiktok.account).videoId}`)).toBeNull();
  });

  it('honours a Mavera 429 Retry-After and retries 5xx', async () => {
    h = await startHarness();
    const s = h.services({ MAVERA_API_SHAPE: 'reference' });
    h.mavera.failNextRequest(/video-analyses$/, 429, { retryAfterS: 0.2 });
    h.mavera.failNextRequest(/files$/, 503, { times: 2 });
    const result = await s.ads.scoreAd(plainVideoAd(h.tiktok.account).adId);
    expect(result.cached).toBe(false);
    expect(h.mavera.stats.analysesCreated).toBe(1);
  }, 30_000);

  it('keeps Mavera’s text when an analysis fails, and reuses the upload on the next try', async () => {
    h = await startHarness();
    const s = h.services();
    const ad = plainVideoAd(h.tiktok.account);
    h.mavera.failNextAnalysis('Video codec not supported (HEVC 10-bit)');
    const err = await expectUserError(s.ads.scoreAd(ad.adId), 'mavera_failed');
    expect(err.message).toContain('HEVC 10-bit');
    noRunningJobs(s.store);
    const retry = await s.ads.scoreAd(ad.adId);
    expect(retry.cached).toBe(false);
    expect(h.mavera.stats.uploads).toBe(1);
    expect(h.mavera.stats.analysesCreated).toBe(2);
  });

  it('times out a hung analysis with a plain message and no job left running', async () => {
    h = await startHarness();
    const s = h.services({ MAVERA_ANALYSIS_TIMEOUT_S: '10' }, { clock: acceleratedForTimeout() });
    const ad = plainVideoAd(h.tiktok.account);
    h.mavera.hangNextAnalysis();
    await expectUserError(s.ads.scoreAd(ad.adId), 'mavera_timeout');
    noRunningJobs(s.store);
    expect(h.mavera.stats.analysesCreated).toBe(1);
  }, 30_000);

  it('polls the started analysis again, never a second one, after polling failed on a Mavera outage', async () => {
    h = await startHarness({ mavera: { analysisDurationMs: 300 } });
    const s = h.services({ MAVERA_API_SHAPE: 'reference' }, { clock: acceleratedForTimeout() });
    const ad = plainVideoAd(h.tiktok.account);
    // every poll of the started analysis answers 503 until the client gives up
    h.mavera.failNextRequest(/^\/video-analyses\/[^/]+$/, 503, { times: 5 });
    await expectUserError(s.ads.scoreAd(ad.adId), 'mavera_unavailable');
    noRunningJobs(s.store);
    const failed = s.store.jobs.latest(`ad:${ad.videoId}`);
    expect(failed?.analysisId).toBeTruthy();

    const retry = await s.ads.scoreAd(ad.adId);
    expect(retry.analysisId).toBe(failed?.analysisId);
    expect(h.mavera.stats.uploads).toBe(1);
    expect(h.mavera.stats.analysesCreated).toBe(1);
    noRunningJobs(s.store);
  }, 30_000);

  it('resumes a job a stopped process left unfinished even when a new analysis would exceed the budget', async () => {
    h = await startHarness({ mavera: { analysisDurationMs: 1500 } });
    const first = h.services();
    const ad = plainVideoAd(h.tiktok.account);
    const pending = first.ads.scoreAd(ad.adId).catch((e: unknown) => e);
    await waitFor(() => first.store.jobs.unfinished().some((j) => j.state === 'analysing'), 10_000, 'analysis start');
    first.close();
    await pending;

    // 150 credits are committed to the unfinished analysis; a second 150 would not fit in 200, but none is needed
    const second = h.services({ MAVERA_MONTHLY_CREDIT_BUDGET: '200' });
    const result = await second.ads.scoreAd(ad.adId);
    expect(result.cached).toBe(false);
    expect(h.mavera.stats.uploads).toBe(1);
    expect(h.mavera.stats.analysesCreated).toBe(1);
    noRunningJobs(second.store);
    // a video that needs a new analysis is still refused
    await expectUserError(second.ads.scoreAd(plainVideoAd(h.tiktok.account, 1).adId), 'mavera_budget');
  });

  it('lets only one of two processes sharing the database commit to the last credits of the budget', async () => {
    h = await startHarness();
    const [ad1, ad2] = [plainVideoAd(h.tiktok.account, 0), plainVideoAd(h.tiktok.account, 1)];
    const ref = (ad: typeof ad1) => ({
      source: 'ad' as const,
      videoId: ad.videoId as string,
      title: ad.adName,
      requestedBy: ad.adId,
      signature: null,
      durationS: 10,
      sizeBytes: null,
    });
    // two processes on one database file; 150 + 150 credits do not fit in 200
    const a = h.services({ MAVERA_MONTHLY_CREDIT_BUDGET: '200' });
    const b = h.services({ MAVERA_MONTHLY_CREDIT_BUDGET: '200' });
    b.store.db.pragma('busy_timeout = 0');
    // b asks for another video right while a is checking the budget
    const unfinished = a.store.jobs.unfinished.bind(a.store.jobs);
    let other: Promise<unknown> | null = null;
    a.store.jobs.unfinished = () => {
      const jobs = unfinished();
      other ??= b.engine.getAnalysis(ref(ad2)).catch((e: unknown) => e);
      return jobs;
    };
    const mine = await a.engine.getAnalysis(ref(ad1)).catch((e: unknown) => e);
    const theirs = await other;
    const succeeded = [mine, theirs].filter((r) => !(r instanceof Error));
    expect(succeeded.length).toBeLessThanOrEqual(1);
    expect(h.mavera.stats.analysesCreated).toBeLessThanOrEqual(1);
  });

  it.each(['reference', 'recipes'] as const)(
    'auto-detects a simulator that serves only the %s shape',
    async (shape) => {
      h = await startHarness({ mavera: { shapes: [shape] } });
      const s = h.services({ MAVERA_API_SHAPE: 'auto' });
      const result = await s.ads.scoreAd(plainVideoAd(h.tiktok.account).adId);
      expect(result.maveraShape).toBe(shape);
      expect(s.store.settings.get('mavera.detected_shape')).toBe(shape);
      expect(result.analysis.emotionalArc.peakEmotion).toBeTruthy();
    },
  );

  it.each([
    ['above', '149', false],
    ['at', '150', true],
    ['below', '1000', true],
  ])('cost guard: a 150-credit analysis with the budget %s it (%s)', async (_where, budget, allowed) => {
    h = await startHarness();
    const ad = plainVideoAd(h.tiktok.account);
    const s = h.services({ MAVERA_MONTHLY_CREDIT_BUDGET: budget });
    if (!allowed) {
      const err = await expectUserError(s.ads.scoreAd(ad.adId), 'mavera_budget');
      expect(err.message).toMatch(/about 150 Mavera credits/);
      expect(err.hint).toMatch(/MAVERA_MONTHLY_CREDIT_BUDGET/);
      expect(h.mavera.stats.uploads).toBe(0);
      expect(s.store.jobs.countsByState().queued).toBe(0);
      return;
    }
    const ok = await s.ads.scoreAd(ad.adId);
    expect(ok.credits).toEqual({ estimated: 150, usedThisMonth: 150, budget: Number(budget) });
    // the cache still answers once the budget is spent
    const again = await s.ads.scoreAd(ad.adId);
    expect(again.cached).toBe(true);
  });
});

/** Sleeps are shortened 1000× while time advances fully: a 10-s analysis time-out passes in ~10 ms of waiting. */
function acceleratedForTimeout() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    async sleep(ms: number, signal?: AbortSignal) {
      await new Promise((r) => setTimeout(r, Math.min(5, ms)));
      if (signal?.aborted) throw signal.reason;
      offset += ms;
    },
  };
}
