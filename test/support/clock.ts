import type { Clock } from '../../src/util/clock.js';

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
