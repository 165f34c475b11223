import { type Clock, systemClock } from './clock.js';

/**
 * A rate limiter shared by every caller of one external API: at most `burst` requests in any window of
 * `burst / ratePerSecond` seconds (8 per second at 8 QPS; 10 per 10 s at 60 a minute), so the API never sees more
 * than the rate in any window of that length, however the requests bunch up. `take()` resolves when the caller may
 * send one request. Waiters are served in arrival order.
 */
export class RateLimiter {
  /** when the last `burst` requests were let through, oldest first */
  private readonly granted: number[] = [];
  private readonly windowMs: number;
  private queue: Promise<void> = Promise.resolve();
  private pausedUntil = 0;

  /**
   * @param ratePerSecond sustained requests per second
   * @param burst how many requests may go at once after an idle period (defaults to ratePerSecond, at least 1)
   */
  constructor(
    private readonly ratePerSecond: number,
    private readonly burst = Math.max(1, Math.floor(ratePerSecond)),
    private readonly clock: Clock = systemClock,
  ) {
    this.windowMs = (this.burst / this.ratePerSecond) * 1000;
  }

  static perMinute(n: number, clock: Clock = systemClock): RateLimiter {
    return new RateLimiter(n / 60, Math.max(1, Math.min(n, 10)), clock);
  }

  /** Stop handing out tokens until `until` (ms epoch), e.g. after a 429 with Retry-After. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  take(): Promise<void> {
    const next = this.queue.then(() => this.acquire());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async acquire(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const pause = this.pausedUntil - now;
      if (pause > 0) {
        await this.clock.sleep(pause);
        continue;
      }
      // a clock set back (tests, NTP) would otherwise stall every caller until it caught up
      if (now < (this.granted.at(-1) ?? now)) this.granted.length = 0;
      const oldest = this.granted.length < this.burst ? null : (this.granted[0] as number);
      if (oldest === null || now - oldest >= this.windowMs) {
        this.granted.push(now);
        if (this.granted.length > this.burst) this.granted.shift();
        return;
      }
      await this.clock.sleep(Math.ceil(oldest + this.windowMs - now));
    }
  }
}

/** Runs at most `n` tasks at once; the rest wait in order. */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly n: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiters.shift()?.();
    }
  }
}
