import { AccountService } from './analysis/account.js';
import { AdService } from './analysis/ads.js';
import { AnalysisEngine } from './analysis/engine.js';
import { PerformanceService } from './analysis/performance.js';
import { type Config, configSecrets } from './config.js';
import { type CreatorService, createCreatorService } from './creators/service.js';
import { UserError } from './errors.js';
import { MaveraClient } from './mavera/client.js';
import type { MaveraShape } from './mavera/types.js';
import { Store } from './store/index.js';
import { TikTokClient } from './tiktok/client.js';
import { type Clock, systemClock } from './util/clock.js';
import { RateLimiter } from './util/limiter.js';
import { createLogger, type Logger, registerSecret } from './util/logger.js';

/**
 * The composition root: config → store → clients → services. The doors (Slack app, CLI, scheduler) are built on
 * top of `Services` and never construct clients themselves.
 */
export interface Services {
  config: Config;
  store: Store;
  clock: Clock;
  logger: Logger;
  tiktok: TikTokClient;
  mavera: MaveraClient;
  engine: AnalysisEngine;
  account: AccountService;
  performance: PerformanceService;
  ads: AdService;
  /** creator mode (TikTok links, Shop creators); null unless TIKOMNI_API_KEY is set */
  creators: CreatorService | null;
  close(): void;
}

export interface ServiceOverrides {
  clock?: Clock;
  logger?: Logger;
  /** open this store instead of config.databasePath */
  store?: Store;
  tmpDir?: string;
  /** jitter source for back-off (tests make it deterministic) */
  random?: () => number;
}

const SHAPE_KEY = 'mavera.detected_shape';

export function createServices(config: Config, overrides: ServiceOverrides = {}): Services {
  for (const secret of configSecrets(config)) registerSecret(secret);
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const store = overrides.store ?? Store.open(config.databasePath);

  const tiktok = new TikTokClient({
    baseUrl: config.tiktok.baseUrl,
    accessToken: config.tiktok.accessToken ?? '',
    advertiserId: config.tiktok.advertiserId ?? '',
    limiter: new RateLimiter(config.tiktok.maxQps, Math.max(1, Math.floor(config.tiktok.maxQps)), clock),
    clock,
    logger,
    random: overrides.random,
    timezoneOverride: config.tiktok.timezone,
  });
  const mavera = new MaveraClient({
    baseUrl: config.mavera.baseUrl,
    apiKey: config.mavera.apiKey ?? '',
    workspaceId: config.mavera.workspaceId,
    shape: config.mavera.shape,
    shapeStore: {
      get: () => store.settings.get(SHAPE_KEY) as MaveraShape | null,
      set: (shape) => store.settings.set(SHAPE_KEY, shape, clock.now()),
    },
    limiter: RateLimiter.perMinute(config.mavera.maxRequestsPerMinute, clock),
    clock,
    logger,
    pollMinMs: config.mavera.pollMinS * 1000,
    pollMaxMs: config.mavera.pollMaxS * 1000,
    timeoutMs: config.mavera.analysisTimeoutS * 1000,
    analysisDefaults: {
      brand: config.mavera.brand,
      product: config.mavera.product,
      primaryIntent: config.mavera.primaryIntent,
      goal: config.mavera.goal,
    },
    random: overrides.random,
  });
  const account = new AccountService(
    tiktok,
    store,
    clock,
    `${config.tiktok.advertiserId ?? ''}|${config.tiktok.timezone ?? ''}`,
  );
  const performance = new PerformanceService(tiktok, account, clock);
  // The engine finds fresh download links through the ad service, which itself needs the engine.
  let ads: AdService | null = null;
  let creators: CreatorService | null = null;
  const engine = new AnalysisEngine({
    store,
    mavera,
    clock,
    logger,
    monthlyCreditBudget: config.mavera.monthlyCreditBudget,
    transferConcurrency: config.mavera.concurrency,
    tmpDir: overrides.tmpDir,
    locate: {
      ad: (videoId) => (ads as AdService).locate(videoId),
      organic: (itemId) => {
        if (!creators)
          throw new UserError(
            'creators_disabled',
            'This TikTok video cannot be fetched: creator mode is off.',
            'Set TIKOMNI_API_KEY to turn it on.',
          );
        return creators.locate(itemId);
      },
    },
  });
  ads = new AdService({ tiktok, engine, performance, store, clock, config });
  creators = createCreatorService({ config, store, clock, logger, engine, random: overrides.random });

  return {
    config,
    store,
    clock,
    logger,
    tiktok,
    mavera,
    engine,
    account,
    performance,
    ads,
    creators,
    close() {
      engine.close();
      store.close();
    },
  };
}
