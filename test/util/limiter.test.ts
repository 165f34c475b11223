import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/util/limiter.js';
import { fakeClock } from '../support/clock.js';

/** The most grants that fall inside any window (t − windowMs, t]. */
function busiestWindow(times: number[], windowMs: number): number {
  return Math.max(...times.map((t) => times.filter((u) => u > t - windowMs && u <= t).length));
}

async function grantTimes(limiter: RateLimiter, clock: { now(): number }, n: number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: n }, () =>
      limiter.take().then(() => {
        times.push(clock.now());
      }),
    ),
  );
  return times;
}

describe('RateLimiter', () => {
  it('never lets more than the rate through in any one-second window, bursts included (TIKTOK_MAX_QPS)', async () => {
    const clock = fakeClock();
    // as the app builds it for TikTok: 8 per second with a burst of 8
    const times = await grantTimes(new RateLimiter(8, 8, clock), clock, 40);
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(8);
    // and still sustains the rate: 40 requests in about 4 s
    expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(4000);
  });

  it('keeps a per-minute limit over every minute (MAVERA_MAX_REQUESTS_PER_MINUTE)', async () => {
    const clock = fakeClock();
    const times = await grantTimes(RateLimiter.perMinute(60, clock), clock, 150);
    expect(busiestWindow(times, 60_000)).toBeLessThanOrEqual(60);
  });

  it('spaces requests evenly with a burst of 1, and waits out a pause', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(2, 1, clock);
    const start = clock.now();
    const times = await grantTimes(limiter, clock, 3);
    expect(times.map((t) => t - start)).toEqual([0, 500, 1000]);
    limiter.pauseUntil(clock.now() + 5000);
    const [after] = await grantTimes(limiter, clock, 1);
    expect((after as number) - start).toBeGreaterThanOrEqual(6000);
  });

  it('does not stall when the clock is set back', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(1, 1, clock);
    await grantTimes(limiter, clock, 1);
    clock.advance(-3_600_000);
    const before = clock.now();
    await grantTimes(limiter, clock, 1);
    expect(clock.now() - before).toBeLessThanOrEqual(1000);
  });
});
