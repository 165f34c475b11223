import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../config.js';
import { createLogger, type Logger } from '../util/logger.js';
import type { SimsInfo } from './sims.js';

/**
 * The settings every benchmark shares, and the env that points the real bot at the simulators.
 *
 * Time scale: the measured runs shrink Mavera's polling 100× (3 s → 30 ms first poll, 30 s → 300 ms cap) and the
 * seed-style loop shrinks its `time.sleep(3)` poll and `time.sleep(1)` pause by the same factor, so both sides of
 * the P2 comparison wait the same way.
 */
export const TIME_SCALE = 0.01;
/** Simulated Mavera analysis latency L for P1–P4. */
export const ANALYSIS_MS = 200;
/** Creatives in P1 and P2. */
export const CREATIVES = 200;

export const SIGNING_SECRET = 'bench-signing-secret-7d41a0c9e2';

export const BENCH_SETTINGS: Record<string, string> = {
  MAVERA_POLL_MIN_S: String(3 * TIME_SCALE),
  MAVERA_POLL_MAX_S: String(30 * TIME_SCALE),
  // The configuration's ceilings, so neither limiter is what the figures measure (P2 notes when one still binds).
  TIKTOK_MAX_QPS: '100',
  MAVERA_MAX_REQUESTS_PER_MINUTE: '10000',
  MAVERA_API_SHAPE: 'auto',
  LOG_LEVEL: 'warn',
};

export function benchEnv(info: SimsInfo, dbPath: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TIKTOK_API_BASE_URL: info.tiktok.url,
    TIKTOK_ACCESS_TOKEN: info.tiktok.accessToken,
    TIKTOK_ADVERTISER_ID: info.tiktok.advertiserId,
    MAVERA_API_BASE_URL: info.mavera.url,
    MAVERA_API_KEY: info.mavera.apiKey,
    MAVERA_WORKSPACE_ID: info.mavera.workspaceId,
    DATABASE_PATH: dbPath,
    PORT: '0',
    ...(info.slack
      ? { SLACK_BOT_TOKEN: info.slack.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: info.slack.apiUrl }
      : {}),
    ...BENCH_SETTINGS,
    ...extra,
  };
}

export function benchConfig(info: SimsInfo, dbPath: string, extra: Record<string, string> = {}): Config {
  return loadConfig(benchEnv(info, dbPath, extra), info.slack ? ['slack', 'tiktok', 'mavera'] : ['tiktok', 'mavera']);
}

/** A temp folder for one run's SQLite file and video temp files. */
export interface Workspace {
  dir: string;
  dbPath: string;
  tmpDir: string;
  remove(): void;
}

export function workspace(name: string): Workspace {
  const dir = mkdtempSync(join(tmpdir(), `cs-bench-${name}-`));
  return {
    dir,
    dbPath: join(dir, 'creative-score.db'),
    tmpDir: join(dir, 'tmp'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Warnings and errors the bot logged during the benchmark (shown after the table when there are any). */
export const botLog: string[] = [];

export function benchLogger(phase: string): Logger {
  return createLogger({ level: 'warn', sink: (level, line) => botLog.push(`${phase} ${level}: ${line}`) });
}
