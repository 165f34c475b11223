/**
 * Capped exponential back-off with full jitter: attempt 0 waits up to `baseMs`, attempt n up to
 * min(capMs, baseMs·2ⁿ). `random` is injectable so tests are deterministic.
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
export function parseRetryAfter(value: string | string[] | null | undefined, now: number = Date.now()): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v == null || v === '') return null;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}
