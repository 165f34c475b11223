import { AccountService } from './analysis/account.js';
import { AdService, adVideoLocator } from './analysis/ads.js';
import { AnalysisEngine, type LocateVideo } from './analysis/engine.js';
import { PerformanceService } from './analysis/performance.js';
import { type Config, configSecrets } from './config.js';
import { TikOmniClient } from './creators/client.js';
import { organicVideoLocator } from './creators/locate.js';
import { CreatorService } from './creators/service.js';
import { DecisionService } from './decisions/service.js';
import { UserError } from './errors.js';
import { LeaderboardService } from './leaderboard/build.js';
import { MaveraClient, type MaveraShapeStore } from './mavera/client.js';
import { maveraShapeSchema } from './mavera/types.js';
import { Store } from './store/index.js';
import { TikTokClient } from './tiktok/client.js';
import { type Clock, systemClock } from './util/clock.js';
import { RateLimiter } from './util/limiter.js';
import { createLogger, type Logger, registerSecret } from './util/logger.js';

/**
 * The composition root, and the only place that builds anything: config → store → clients → engine → services.
 * Nothing is assigned after construction. The doors (the Slack bot, the CLI, the scheduler; later web and worker
 * roles) are given `Services` and never build a client or a service themselves.
 */

/** The external APIs, one client each, sharing one rate limiter per API. */
export interface Clients {
  tiktok: TikTokClient;
  mavera: MaveraClient;
  /** creator mode's TikOmni client; null unless TIKOMNI_API_KEY is set */
  tikomni: TikOmniClient | null;
}

export interface ClientDeps {
  clock: Clock;
  logger: Logger;
  /** where Mavera's detected API shape is remembered (the store for the bot; memory for `doctor`) */
  shapeStore: MaveraShapeStore;
  /** jitter source for back-off (tests make it deterministic) */
  random?: () => number;
  /** retries after the first attempt, for every client (`doctor` uses 0); each client's own default otherwise */
  maxRetries?: number;
  /** per-request time-out where the client has one (`doctor`'s per-check budget); the clients' defaults otherwise */
  timeoutMs?: number;
}

export function createClients(config: Config, deps: ClientDeps): Clients {
  const { clock, logger, random, maxRetries, timeoutMs } = deps;
  const { tiktok, mavera, tikomni } = config;
  return {
    tiktok: new TikTokClient({
      baseUrl: tiktok.baseUrl,
      accessToken: tiktok.accessToken ?? '',
      advertiserId: tiktok.advertiserId ?? '',
      limiter: new RateLimiter(tiktok.maxQps, Math.max(1, Math.floor(tiktok.maxQps)), clock),
      clock,
      logger,
      random,
      maxRetries,
      requestTimeoutMs: timeoutMs,
      timezoneOverride: tiktok.timezone,
    }),
    mavera: new MaveraClient({
      baseUrl: mavera.baseUrl,
      apiKey: mavera.apiKey ?? '',
      workspaceId: mavera.workspaceId,
      shape: mavera.shape,
      shapeStore: deps.shapeStore,
      limiter: RateLimiter.perMinute(mavera.maxRequestsPerMinute, clock),
      clock,
      logger,
      pollMinMs: mavera.pollMinS * 1000,
      pollMaxMs: mavera.pollMaxS * 1000,
      timeoutMs: mavera.analysisTimeoutS * 1000,
      analysisDefaults: {
        brand: mavera.brand,
        product: mavera.product,
        primaryIntent: mavera.primaryIntent,
        goal: mavera.goal,
      },
      random,
      maxRetries,
    }),
    tikomni: tikomni.apiKey
      ? new TikOmniClient({
          baseUrl: tikomni.baseUrl,
          apiKey: tikomni.apiKey,
          limiter: new RateLimiter(5, 5, clock),
          clock,
          logger,
          random,
          maxRetries,
          timeoutMs,
        })
      : null,
  };
}

/** A shape store that remembers only for this process (`doctor` detects afresh and writes nothing). */
export function memoryShapeStore(): MaveraShapeStore {
  let shape: ReturnType<MaveraShapeStore['get']> = null;
  return {
    get: () => shape,
    set: (next) => {
      shape = next;
    },
  };
}

export interface Services {
  config: Config;
  store: Store;
  clock: Clock;
  logger: Logger;
  clients: Clients;
  engine: AnalysisEngine;
  account: AccountService;
  performance: PerformanceService;
  ads: AdService;
  leaderboard: LeaderboardService;
  decisions: DecisionService;
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

  const clients = createClients(config, {
    clock,
    logger,
    random: overrides.random,
    shapeStore: {
      // A value this version cannot read is detected again.
      get: () => maveraShapeSchema.safeParse(store.settings.get(SHAPE_KEY)).data ?? null,
      set: (shape) => store.settings.set(SHAPE_KEY, shape, clock.now()),
    },
  });
  const { tiktok, tikomni } = clients;

  const account = new AccountService({
    tiktok,
    store,
    clock,
    cacheScope: `${config.tiktok.advertiserId ?? ''}|${config.tiktok.timezone ?? ''}`,
  });
  const performance = new PerformanceService({ tiktok, account, clock });
  const engine = new AnalysisEngine({
    store,
    mavera: clients.mavera,
    clock,
    logger,
    monthlyCreditBudget: config.mavera.monthlyCreditBudget,
    transferConcurrency: config.mavera.concurrency,
    tmpDir: overrides.tmpDir,
    // Where each kind of video can be downloaded again (a resumed job, an expired link): straight from the clients.
    locate: { ad: adVideoLocator(tiktok), organic: tikomni ? organicVideoLocator(tikomni) : creatorModeOff },
  });

  return {
    config,
    store,
    clock,
    logger,
    clients,
    engine,
    account,
    performance,
    ads: new AdService({ tiktok, engine, performance, store, clock, config }),
    leaderboard: new LeaderboardService({ tiktok, engine, account, store, clock, logger, config }),
    decisions: new DecisionService({ store, clock, logger, engine, performance, tiktok, config }),
    creators: tikomni ? new CreatorService({ config, store, clock, logger, engine, client: tikomni }) : null,
    close() {
      engine.close();
      store.close();
    },
  };
}

/** An organic video left by a process that had creator mode on cannot be fetched by one that has it off. */
const creatorModeOff: LocateVideo = async () => {
  throw new UserError(
    'creators_disabled',
    'This TikTok video cannot be fetched: creator mode is off.',
    'Set TIKOMNI_API_KEY to turn it on.',
  );
};
