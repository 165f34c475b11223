import { afterAll } from 'vitest';
import { TikOmniClient, type TikOmniClientDeps } from '../../src/creators/client.js';
import { isUserError, type UserError } from '../../src/errors.js';
import { startTikOmniSimulator, type TikOmniSimulator } from '../../src/sandbox/tikomni.js';
import { acceleratedClock } from '../../src/util/clock.js';
import { createLogger, type Logger } from '../../src/util/logger.js';

/** The simulators' "now": inside the month the sample creator data covers. */
export const NOW = Date.UTC(2025, 3, 29, 12);

/** A client aimed at the TikOmni simulator: back-off sleeps shortened 1000×, jitter fixed. */
export function simClient(
  sim: Pick<TikOmniSimulator, 'url' | 'apiKey'>,
  overrides: Partial<TikOmniClientDeps> = {},
): TikOmniClient {
  return new TikOmniClient({
    baseUrl: sim.url,
    apiKey: sim.apiKey,
    clock: acceleratedClock(0.001),
    random: () => 0.5,
    ...overrides,
  });
}

/** A debug logger that appends each line (without its level) to `lines`. */
export function linesLogger(lines: string[]): Logger {
  return createLogger({ level: 'debug', sink: (_level, line) => lines.push(line) });
}

/** The UserError `p` rejects with (throws if it resolves or rejects with anything else). */
export async function rejection(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!isUserError(e)) throw new Error(`expected a UserError, got ${String(e)}`);
  return e;
}

export interface TikOmniFixture {
  sim: TikOmniSimulator;
  /** every line the clients from `client()` logged */
  lines: string[];
  /** a simulator client (see `simClient`) that logs into `lines` */
  client(overrides?: Partial<TikOmniClientDeps>): TikOmniClient;
}

/** Starts a TikOmni simulator at `NOW` for the calling test file, closed after all its tests. */
export async function startTikOmniForFile(): Promise<TikOmniFixture> {
  const sim = await startTikOmniSimulator({ now: NOW });
  afterAll(() => sim.close());
  const lines: string[] = [];
  return { sim, lines, client: (overrides = {}) => simClient(sim, { logger: linesLogger(lines), ...overrides }) };
}
