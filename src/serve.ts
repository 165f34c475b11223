import { type Config, loadConfig } from './config.js';
import { LeaderboardScheduler } from './leaderboard/schedule.js';
import { createServices, type ServiceOverrides, type Services } from './services.js';
import { createSlackBot, type SlackBot, type SlackBotDeps } from './slack/bot.js';

export interface RunningBot {
  services: Services;
  bot: SlackBot;
  scheduler: LeaderboardScheduler;
  /** HTTP port (HTTP mode) */
  port: number | null;
  /** resolves when the jobs a previous process left unfinished have settled */
  resumed: Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions
  extends ServiceOverrides,
    Pick<SlackBotDeps, 'botId' | 'botUserId' | 'port' | 'postResponse' | 'chartPath'> {}

/**
 * What `serve` runs, connected door by door to the services: the Slack bot (with its start-up recovery), the
 * resumption of unfinished analyses, and the weekly leaderboard schedule (with catch-up). Builds nothing itself.
 */
export async function startBot(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const services = createServices(config, options);
  const { engine, logger } = services;
  const bot = createSlackBot({
    services,
    botId: options.botId,
    botUserId: options.botUserId,
    port: options.port,
    postResponse: options.postResponse,
    chartPath: options.chartPath,
  });
  const scheduler = new LeaderboardScheduler({
    store: services.store,
    clock: services.clock,
    logger,
    cron: config.leaderboard.cron,
    tz: config.leaderboard.tz,
    channel: config.leaderboard.channel,
    catchUp: config.leaderboard.catchUp,
    days: config.leaderboard.days,
    publish: (channel) => bot.postWeeklyLeaderboard(channel),
  });
  let resume: ReturnType<typeof engine.resumeUnfinished>;
  let port: number | null;
  try {
    // Resumed first, so the scoring requests the bot answers at start-up join these jobs instead of starting new ones.
    resume = engine.resumeUnfinished();
    if (resume.count > 0) logger.info(`resuming ${resume.count} unfinished analysis job(s)`);
    ({ port } = await bot.start());
  } catch (err) {
    engine.close();
    await bot.stop();
    services.store.close();
    throw err;
  }
  scheduler.start();
  logger.info(
    bot.mode === 'socket'
      ? 'creative-score is running in Socket Mode'
      : `creative-score is listening on port ${port} (POST /slack/events, GET /healthz)`,
  );
  return {
    services,
    bot,
    scheduler,
    port,
    resumed: resume.settled,
    async stop() {
      await scheduler.stop();
      // Pause analyses (they resume at the next start), then let a weekly post in progress settle and record
      // itself as posted or failed, so the next start neither loses nor repeats it.
      engine.close();
      await scheduler.idle();
      await bot.stop();
      services.store.close();
    },
  };
}

/** `creative-score serve`: runs until SIGINT/SIGTERM. */
export async function runServe(): Promise<number> {
  const config = loadConfig(process.env, ['slack', 'tiktok', 'mavera']);
  const running = await startBot(config);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      running.services.logger.info(`${signal} received, shutting down (unfinished analyses resume at the next start)`);
      resolve();
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  await running.stop();
  return 0;
}
