import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import type { Services } from '../services.js';
import { boltLogger } from './bolt-logger.js';
import { BackgroundTasks, type BotContext } from './context.js';
import { registerListeners } from './listeners/index.js';
import { postWeeklyLeaderboard } from './publish-leaderboard.js';
import { answerPendingReplies } from './score-request.js';

export interface SlackBotDeps {
  services: Services;
  /** skip Bolt's auth.test at start-up (tests, or when known) */
  botId?: string;
  botUserId?: string;
  /** override PORT (0 = ephemeral) */
  port?: number;
  postResponse?: (url: string, body: unknown) => Promise<void>;
  /** where the leaderboard chart PNG is also written (the demo) */
  chartPath?: string;
}

export interface SlackBot {
  app: App;
  ctx: BotContext;
  mode: 'http' | 'socket';
  /**
   * Starts listening, then answers the scoring requests a stopped bot left open (their analyses resume in the
   * engine: start `engine.resumeUnfinished()` first so they are joined, not started again). Resolves with the HTTP
   * port (HTTP mode) and how many requests are being answered.
   */
  start(): Promise<{ port: number | null; answered: number }>;
  /** The Monday post in `channel`: the ad leaderboard, then the creators' sections (what the scheduler calls). */
  postWeeklyLeaderboard(channel: string): Promise<{ messageTs: string }>;
  stop(): Promise<void>;
}

/**
 * The Slack door: the Bolt app in Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP on PORT with
 * `/slack/events` for commands and interactivity and `GET /healthz`. It registers every listener itself
 * (listeners/index.ts) and owns its start-up recovery. Signatures are always verified; `processBeforeResponse` stays
 * false so the ack goes out at once and the work runs detached.
 */
export function createSlackBot(deps: SlackBotDeps): SlackBot {
  const { services } = deps;
  const { config, logger } = services;
  const socket = Boolean(config.slack.appToken);
  const background = new BackgroundTasks(logger);
  const port = deps.port ?? config.slack.port;
  const app = new App({
    token: config.slack.botToken ?? undefined,
    signingSecret: socket ? undefined : (config.slack.signingSecret ?? undefined),
    appToken: socket ? (config.slack.appToken ?? undefined) : undefined,
    socketMode: socket,
    port,
    processBeforeResponse: false,
    botId: deps.botId,
    botUserId: deps.botUserId,
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
    postResponse: deps.postResponse,
    chartPath: deps.chartPath,
  };
  registerListeners(app, ctx);
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
      const answered = answerPendingReplies(ctx, app.client);
      if (answered > 0) logger.info(`answering ${answered} scoring request(s) left open by the last stop`);
      return { port: address?.port ?? null, answered };
    },
    postWeeklyLeaderboard: (channel) => postWeeklyLeaderboard(ctx, app.client, channel),
    async stop() {
      await app.stop().catch((err: unknown) => logger.warn('stopping the Slack app:', err));
      await background.idle();
    },
  };
}
