/** Time as the rest of the code sees it. Tests inject a fake clock; production uses the real one. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds (or when the fake clock is advanced that far). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason ?? new Error('aborted'));
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason ?? new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock whose sleeps are shortened by `factor` (e.g. 0.01 turns a 3 s poll into 30 ms) while `now()`
 * advances as if the full time had passed. Used by tests and the demo so that real back-off schedules
 * run in a fraction of the time and time-outs still trigger.
 */
export function acceleratedClock(factor: number, start = Date.now()): Clock {
  let offset = 0;
  return {
    now: () => start + (Date.now() - start) + offset,
    async sleep(ms, signal) {
      const real = Math.max(0, Math.round(ms * factor));
      await systemClock.sleep(real, signal);
      offset += ms - real;
    },
  };
}
