import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/util/limiter.js';
import {
  type AttemptOutcome,
  backoffDelay,
  parseRetryAfter,
  type RetryPolicy,
  withRetries,
} from '../../src/util/retry.js';
import { fakeClock } from '../support/clock.js';

/** The policy the clients use, with small numbers so the schedule is easy to read. */
const POLICY: RetryPolicy = { retries: 3, baseMs: 100, capMs: 1_000, maxRetryAfterMs: 5_000 };

const failure = (retryable: boolean, retryAfterMs: number | null = null): AttemptOutcome<never> => ({
  ok: false,
  error: new Error(retryable ? 'transient' : 'final'),
  retryable,
  retryAfterMs,
  reason: retryable ? 'HTTP 503' : 'HTTP 400',
});

class RecordingLimiter extends RateLimiter {
  readonly pauses: number[] = [];
  override pauseUntil(until: number): void {
    this.pauses.push(until);
    super.pauseUntil(until);
  }
}

/** Runs `outcomes` in order as the attempts' results (the last repeats); returns what happened. */
async function run(outcomes: AttemptOutcome<string>[], options: { random?: () => number; limiter?: boolean } = {}) {
  const clock = fakeClock();
  const started = clock.now();
  const limiter = options.limiter ? new RecordingLimiter(1000, 1000, clock) : undefined;
  const retries: { retry: number; of: number; delayMs: number; reason: string }[] = [];
  let attempts = 0;
  const result = await withRetries(
    { clock, policy: POLICY, random: options.random ?? (() => 0.5), limiter, onRetry: (r) => retries.push(r) },
    async () => outcomes[Math.min(attempts++, outcomes.length - 1)] as AttemptOutcome<string>,
  ).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return { result, attempts, sleeps: clock.sleeps, retries, limiter, started };
}

describe('withRetries (the one retry policy of the TikTok, Mavera and TikOmni clients)', () => {
  it('returns the first success, retrying transient failures with a capped, jittered back-off', async () => {
    const { result, attempts, sleeps, retries } = await run([failure(true), failure(true), { ok: true, value: 'ok' }]);
    expect(result).toEqual({ value: 'ok' });
    expect(attempts).toBe(3);
    // random 0.5 → three quarters of the ceiling: 100·2⁰, 100·2¹
    expect(sleeps).toEqual([75, 150]);
    expect(retries).toEqual([
      { retry: 1, of: 3, delayMs: 75, reason: 'HTTP 503' },
      { retry: 2, of: 3, delayMs: 150, reason: 'HTTP 503' },
    ]);
  });

  it('throws the last error once the retries are used up', async () => {
    const { result, attempts, sleeps } = await run([failure(true)]);
    expect(result).toEqual({ error: new Error('transient') });
    expect(attempts).toBe(POLICY.retries + 1);
    expect(sleeps).toHaveLength(POLICY.retries);
  });

  it('never retries a failure that says retrying cannot help, nor an attempt that throws', async () => {
    const final = await run([failure(false), { ok: true, value: 'never reached' }]);
    expect(final.result).toEqual({ error: new Error('final') });
    expect(final.attempts).toBe(1);
    expect(final.sleeps).toEqual([]);

    let calls = 0;
    const thrown = await withRetries({ clock: fakeClock(), policy: POLICY }, async () => {
      calls++;
      throw new Error('bug');
    }).catch((e: unknown) => e);
    expect(thrown).toEqual(new Error('bug'));
    expect(calls).toBe(1);
  });

  it('waits the server’s Retry-After when it is longer than the back-off, and pauses the shared limiter for it', async () => {
    const { result, sleeps, limiter, started } = await run([failure(true, 2_000), { ok: true, value: 'ok' }], {
      limiter: true,
    });
    expect(result).toEqual({ value: 'ok' });
    expect(sleeps).toEqual([2_000]);
    // every other caller of the API waits as long: the shared limiter hands out nothing until then
    expect(limiter?.pauses).toEqual([started + 2_000]);
  });

  it('does not pause the limiter for its own back-off', async () => {
    const { limiter } = await run([failure(true), { ok: true, value: 'ok' }], { limiter: true });
    expect(limiter?.pauses).toEqual([]);
  });

  it('keeps its own back-off when the Retry-After is shorter', async () => {
    const { sleeps } = await run([failure(true, 10), { ok: true, value: 'ok' }]);
    expect(sleeps).toEqual([75]);
  });

  it('fails at once when the server asks to wait longer than the cap', async () => {
    const { result, attempts, sleeps } = await run([failure(true, 60_000), { ok: true, value: 'too late' }]);
    expect(result).toEqual({ error: new Error('transient') });
    expect(attempts).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('waits on the injected clock only (no wall time passes)', async () => {
    const started = Date.now();
    const { sleeps } = await run([failure(true), failure(true), failure(true), { ok: true, value: 'ok' }]);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('backoffDelay', () => {
  it('doubles its ceiling each retry up to the cap, and jitters within the upper half of it', () => {
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, 100, 1_000, () => 1))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, 100, 1_000, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2025, 0, 1, 12);
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('7', now)).toBe(7_000);
    expect(parseRetryAfter(['2', '9'], now)).toBe(2_000);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfter(new Date(now - 30_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
