import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig } from '../../src/config.js';
import { type MaveraSimulator, type MaveraSimulatorOptions, startMaveraSimulator } from '../../src/sandbox/mavera.js';
import { type SlackSimulator, type SlackSimulatorOptions, startSlackSimulator } from '../../src/sandbox/slack.js';
import { startTikTokSimulator, type TikTokSimulator, type TikTokSimulatorOptions } from '../../src/sandbox/tiktok.js';
import { createSampleAccount, type SampleAccount } from '../../src/sandbox/tiktok-data.js';
import { createServices, type ServiceOverrides, type Services } from '../../src/services.js';
import type { Logger } from '../../src/util/logger.js';
import { memoryLogger } from './logger.js';

export const SIGNING_SECRET = 'test-signing-secret-8f2d0c1e';

export interface HarnessOptions {
  account?: SampleAccount;
  tiktok?: Omit<TikTokSimulatorOptions, 'account'>;
  mavera?: MaveraSimulatorOptions;
  /** start the Slack simulator too (`true` for its defaults) and point the env at it */
  slack?: boolean | SlackSimulatorOptions;
  env?: Record<string, string>;
}

/** Loopback simulators, a temp SQLite file and the env that points the bot at them. */
export interface Harness {
  dir: string;
  dbPath: string;
  tiktok: TikTokSimulator;
  mavera: MaveraSimulator;
  slack: SlackSimulator | null;
  env: Record<string, string>;
  logs: string[];
  logger: Logger;
  config(extra?: Record<string, string>): Config;
  services(extra?: Record<string, string>, overrides?: ServiceOverrides): Services;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'cs-test-'));
  const dbPath = join(dir, 'creative-score.db');
  const tiktok = await startTikTokSimulator({ account: options.account ?? createSampleAccount(), ...options.tiktok });
  const mavera = await startMaveraSimulator({ analysisDurationMs: 150, ...options.mavera });
  const slack = options.slack ? await startSlackSimulator(options.slack === true ? {} : options.slack) : null;
  const logger = memoryLogger();
  const logs = logger.lines;
  const env: Record<string, string> = {
    TIKTOK_API_BASE_URL: tiktok.url,
    TIKTOK_ACCESS_TOKEN: tiktok.accessToken,
    TIKTOK_ADVERTISER_ID: tiktok.advertiserId,
    TIKTOK_MAX_QPS: '100',
    MAVERA_API_BASE_URL: mavera.url,
    MAVERA_API_KEY: mavera.apiKey,
    MAVERA_WORKSPACE_ID: mavera.workspaceId,
    MAVERA_POLL_MIN_S: '0.02',
    MAVERA_POLL_MAX_S: '0.05',
    MAVERA_MAX_REQUESTS_PER_MINUTE: '6000',
    DATABASE_PATH: dbPath,
    LOG_LEVEL: 'debug',
    ...(slack
      ? {
          SLACK_BOT_TOKEN: slack.botToken,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_API_URL: slack.url.replace(/\/$/, ''),
        }
      : {}),
    ...options.env,
  };
  const open: Services[] = [];
  const harness: Harness = {
    dir,
    dbPath,
    tiktok,
    mavera,
    slack,
    env,
    logs,
    logger,
    config: (extra = {}) => loadConfig({ ...env, ...extra }, ['tiktok', 'mavera']),
    services(extra = {}, overrides = {}) {
      const s = createServices(harness.config(extra), {
        logger,
        tmpDir: join(dir, 'tmp'),
        random: () => 0.5,
        ...overrides,
      });
      open.push(s);
      return s;
    },
    async close() {
      for (const s of open) {
        try {
          s.close();
        } catch {
          // already closed
        }
      }
      await Promise.all([tiktok.close(), mavera.close(), slack?.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Polls `predicate` every 10 ms until it holds (or throws after `timeoutMs`). */
export async function waitFor(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A video ad of the sample account that delivers and has its own video. */
export function plainVideoAd(account: SampleAccount, index = 0) {
  const shared = new Set(account.roles.sharedVideoAdIds);
  const special = new Set(Object.values(account.roles).flatMap((v) => (Array.isArray(v) ? v : v ? [v] : [])));
  const ads = account.ads.filter(
    (a) => a.adFormat === 'SINGLE_VIDEO' && a.videoId && !shared.has(a.adId) && !special.has(a.adId) && !a.deleted,
  );
  const ad = ads[index];
  if (!ad) throw new Error('sample account has too few plain video ads');
  return ad;
}
