import { TikTokClient, type TikTokClientDeps } from '../../src/tiktok/client.js';
import { RateLimiter } from '../../src/util/limiter.js';
import { fakeClock } from '../support/clock.js';

export { memoryLogger } from '../support/logger.js';

interface SimLike {
  url: string;
  accessToken: string;
  advertiserId: string;
}

/** A client aimed at a simulator, with an instant clock and a limiter that never waits in practice. */
export function clientFor(sim: SimLike, overrides: Partial<TikTokClientDeps> = {}): TikTokClient {
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
