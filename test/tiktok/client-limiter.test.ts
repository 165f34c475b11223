import { afterEach, describe, expect, it } from 'vitest';
import { startTikTokSimulator, type TikTokSimulator } from '../../src/sandbox/tiktok.js';
import { createSampleAccount } from '../../src/sandbox/tiktok-data.js';
import { acceleratedClock } from '../../src/util/clock.js';
import { RateLimiter } from '../../src/util/limiter.js';
import { fakeClock } from '../support/clock.js';
import { clientFor } from './fixtures.js';

let sim: TikTokSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Calls the simulator answered with 40100 (QPS limit). */
const throttled = (s: TikTokSimulator) => s.calls.filter((c) => c.code === 40100).length;

describe('TikTokClient and the shared rate limiter', () => {
  it('takes one limiter token per request, retries included', async () => {
    sim = await startTikTokSimulator({ account: createSampleAccount({ ads: 1100 }) });
    const clock = fakeClock();
    const limiter = new RateLimiter(2, 1, clock);
    let takes = 0;
    const take = limiter.take.bind(limiter);
    limiter.take = () => {
      takes++;
      return take();
    };
    const a = clientFor(sim, { limiter, clock });
    const b = clientFor(sim, { limiter, clock });
    sim.failNext('file/video/ad/info/', 50002, 1);
    const started = clock.now();
    await Promise.all([
      a.listAds(),
      b.getReport({ startDate: '2024-01-01', endDate: '2024-01-07' }),
      a.getVideoInfo([sim.account.videos[0]!.videoId]),
    ]);

    const apiCalls = sim.countCalls();
    expect(apiCalls).toBe(2 + 2 + 2);
    expect(takes).toBe(apiCalls);
    // 6 requests at 2 per second with a burst of 1: at least 2.5 s of (fake) waiting.
    expect(clock.now() - started).toBeGreaterThanOrEqual(2500);
  });

  it('keeps two clients under the app QPS limit together when they share one limiter', async () => {
    // 3 QPS against a limit of 5 leaves room for requests that arrive late on a busy machine.
    const clock = acceleratedClock(0.2);
    sim = await startTikTokSimulator({ clock, maxQps: 5 });
    const limiter = new RateLimiter(3, 1, clock);
    const a = clientFor(sim, { limiter, clock });
    const b = clientFor(sim, { limiter, clock });
    const ids = sim.account.ads.filter((ad) => !ad.deleted).map((ad) => ad.adId);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => [a.getAds(ids.slice(i, i + 1)), b.getAds(ids.slice(i + 10, i + 11))]).flat(),
    );
    expect(sim.countCalls('/ad/get/')).toBe(12);
    expect(throttled(sim)).toBe(0);
  });

  it('recovers by backing off when separate limiters together exceed the QPS limit', async () => {
    const clock = acceleratedClock(0.1);
    sim = await startTikTokSimulator({ clock, maxQps: 5 });
    const a = clientFor(sim, { limiter: new RateLimiter(4, 1, clock), clock, random: Math.random });
    const b = clientFor(sim, { limiter: new RateLimiter(4, 1, clock), clock, random: Math.random });
    const ids = sim.account.ads.filter((ad) => !ad.deleted).map((ad) => ad.adId);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => [a.getAds(ids.slice(i, i + 1)), b.getAds(ids.slice(i + 10, i + 11))]).flat(),
    );
    expect(results.every((r) => r.length === 1)).toBe(true);
    expect(throttled(sim)).toBeGreaterThan(0);
    expect(sim.countCalls('/ad/get/')).toBe(12 + throttled(sim));
  });
});
