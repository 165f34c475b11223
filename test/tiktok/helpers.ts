import { TikTokClient, type TikTokClientOptions } from '../../src/tiktok/client.js';
import type { Clock } from '../../src/util/clock.js';
import { RateLimiter } from '../../src/util/limiter.js';

/** A clock whose sleeps return at once and move `now()` forward; `sleeps` lists every sleep asked for. */
export interface FakeClock extends Clock {
  sleeps: number[];
  advance(ms: number): void;
}

export function fakeClock(start = Date.UTC(2024, 0, 8, 12)): FakeClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    async sleep(ms) {
      sleeps.push(ms);
      t += ms;
      await Promise.resolve();
    },
    advance(ms) {
      t += ms;
    },
  };
}

export { memoryLogger } from '../support/logger.js';

interface SimLike {
  url: string;
  accessToken: string;
  advertiserId: string;
}

/** A client aimed at a simulator, with an instant clock and a limiter that never waits in practice. */
export function clientFor(sim: SimLike, overrides: Partial<TikTokClientOptions> = {}): TikTokClient {
  const clock = overrides.clock ?? fakeClock();
  return new TikTokClient({
    baseUrl: sim.url,
    accessToken: sim.accessToken,
    advertiserId: sim.advertiserId,
    limiter: new RateLimiter(1000, 1000, clock),
    clock,
    random: () => 0.5,
    ...overrides,
  });
}

export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected the promise to reject');
}
