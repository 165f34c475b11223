import type { Clock } from './clock.js';
import type { RateLimiter } from './limiter.js';

/**
 * The one retry policy of the HTTP clients (TikTok, Mavera, TikOmni):
 * - a failure the attempt calls retryable is tried again, up to `retries` times after the first attempt;
 * - between attempts it waits a capped, jittered exponential back-off (`backoffDelay`), or the server's Retry-After
 *   when that is longer; a Retry-After above `maxRetryAfterMs` is not waited for: the call fails at once (the user is
 *   told to try later rather than left waiting);
 * - a Retry-After also pauses the shared rate limiter, so every other caller of that API waits with this one;
 * - every wait is on the injected clock, so tests run the real schedule fast and deterministically.
 */
export interface RetryPolicy {
  /** retries after the first attempt */
  retries: number;
  /** back-off of the first retry (the ceiling doubles each retry) */
  baseMs: number;
  /** largest back-off */
  capMs: number;
  /** longest Retry-After waited for */
  maxRetryAfterMs: number;
}

/** What one attempt came to: a value, or a failure that says whether trying again can help. */
export type AttemptOutcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** thrown when there is no retry left (or none is allowed) */
      error: Error;
      retryable: boolean;
      /** what the server asked to wait (Retry-After), in ms */
      retryAfterMs?: number | null;
      /** a short reason for the retry log line */
      reason: string;
    };

export interface RetryDeps {
  clock: Clock;
  policy: RetryPolicy;
  /** jitter source (tests make it deterministic) */
  random?: () => number;
  /** taken before every attempt; paused for a Retry-After */
  limiter?: RateLimiter;
  /** told about each retry before its wait (for a log line) */
  onRetry?: (retry: { retry: number; of: number; delayMs: number; reason: string }) => void;
}

/**
 * Runs `attempt` (0-based number) until it succeeds, fails for good, or the retries are used up. An attempt that throws
 * is not retried: failures worth retrying are returned as outcomes.
 */
export async function withRetries<T>(deps: RetryDeps, attempt: (n: number) => Promise<AttemptOutcome<T>>): Promise<T> {
  const { clock, policy, limiter } = deps;
  for (let n = 0; ; n++) {
    await limiter?.take();
    const outcome = await attempt(n);
    if (outcome.ok) return outcome.value;
    const serverWait = outcome.retryAfterMs ?? null;
    if (!outcome.retryable || n >= policy.retries || (serverWait ?? 0) > policy.maxRetryAfterMs) throw outcome.error;
    const delayMs = Math.max(backoffDelay(n, policy.baseMs, policy.capMs, deps.random), serverWait ?? 0);
    if (serverWait !== null) limiter?.pauseUntil(clock.now() + delayMs);
    deps.onRetry?.({ retry: n + 1, of: policy.retries, delayMs, reason: outcome.reason });
    await clock.sleep(delayMs);
  }
}

/**
 * Capped exponential back-off with jitter: retry n (0-based) waits between half and all of min(capMs, baseMs·2ⁿ).
 * `random` is injectable so tests are deterministic.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Parses an HTTP Retry-After header (seconds or HTTP date) into milliseconds; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | null | undefined, now: number): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v == null || v === '') return null;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** Retry-After above this is not waited for, for every client (a scorecard should not hang for minutes). */
export const MAX_RETRY_AFTER_MS = 60_000;
