import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import type { Services } from '../services.js';
import { boltLogger } from './bolt-logger.js';
import { BackgroundTasks, type BotContext, type BotFeatures } from './context.js';
import { registerListeners } from './listeners/index.js';

export interface SlackAppOptions {
  services: Services;
  features?: BotFeatures;
  extraListeners?: Array<(app: App, ctx: BotContext) => void>;
  /** skip Bolt's auth.test at start-up (tests, or when known) */
  botId?: string;
  botUserId?: string;
  /** override PORT (0 = ephemeral) */
  port?: number;
  postResponse?: (url: string, body: unknown) => Promise<void>;
}

export interface SlackBot {
  app: App;
  ctx: BotContext;
  mode: 'http' | 'socket';
  /** starts listening; resolves with the HTTP port (HTTP mode) */
  start(): Promise<{ port: number | null }>;
  stop(): Promise<void>;
}

/**
 * The Bolt app: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on PORT with `/slack/events` for commands
 * and interactivity and `GET /healthz`. Signatures are always verified; `processBeforeResponse` stays false so the
 * ack goes out at once and the work runs detached.
 */
export function createSlackApp(options: SlackAppOptions): SlackBot {
  const { services } = options;
  const { config, logger } = services;
  const socket = Boolean(config.slack.appToken);
  const background = new BackgroundTasks(logger);
  const port = options.port ?? config.slack.port;
  const app = new App({
    token: config.slack.botToken ?? undefined,
    signingSecret: socket ? undefined : (config.slack.signingSecret ?? undefined),
    appToken: socket ? (config.slack.appToken ?? undefined) : undefined,
    socketMode: socket,
    port,
    processBeforeResponse: false,
    botId: options.botId,
    botUserId: options.botUserId,
    logger: boltLogger(logger),
    clientOptions: {
      slackApiUrl: `${config.slack.apiUrl}/`,
      // Rate-limited calls wait for Retry-After and retry a few times; hard failures surface quickly.
      retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 },
      // A hung Web API call must not hold a scorecard (or shutdown) forever.
      timeout: 30_000,
    },
    customRoutes: [
      {
        path: '/healthz',
        method: ['GET'],
        handler: (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              ok: true,
              mode: socket ? 'socket' : 'http',
              activeAnalyses: services.engine.activeCount,
              backgroundTasks: background.size,
            }),
          );
        },
      },
    ],
  });
  const ctx: BotContext = {
    services,
    logger,
    background,
    postResponse: options.postResponse,
    features: options.features ?? {},
  };
  registerListeners(app, ctx, options.extraListeners);
  app.error(async (error) => {
    logger.error('Slack app error:', error);
  });
  let server: Server | null = null;
  return {
    app,
    ctx,
    mode: socket ? 'socket' : 'http',
    async start() {
      const started = (await app.start(port)) as unknown;
      server = socket ? null : (started as Server);
      const address = server?.address() as AddressInfo | null | undefined;
      return { port: address?.port ?? null };
    },
    async stop() {
      await app.stop().catch((err: unknown) => logger.warn('stopping the Slack app:', err));
      await background.idle();
    },
  };
}
