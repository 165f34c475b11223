import { type Config, loadConfig } from './config.js';
import { doctorCommand } from './doctor/slack-command.js';
import { LeaderboardService } from './leaderboard/build.js';
import { LeaderboardScheduler } from './leaderboard/schedule.js';
import { createServices, type ServiceOverrides, type Services } from './services.js';
import { createSlackApp, type SlackAppOptions, type SlackBot } from './slack/app.js';
import type { BotFeatures } from './slack/context.js';
import { answerPendingReplies } from './slack/listeners/commands/score-ad.js';
import { creatorFeatures, postWeeklyCreatorSections, registerCreatorListeners } from './slack/listeners/creators.js';
import { publishLeaderboard } from './slack/publish-leaderboard.js';

export interface RunningBot {
  services: Services;
  bot: SlackBot;
  scheduler: LeaderboardScheduler;
  leaderboard: LeaderboardService;
  /** HTTP port (HTTP mode) */
  port: number | null;
  /** resolves when the jobs a previous process left unfinished have settled */
  resumed: Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions
  extends ServiceOverrides,
    Pick<SlackAppOptions, 'botId' | 'botUserId' | 'port' | 'postResponse'> {
  /** where the leaderboard chart PNG is also written (demo) */
  chartPath?: string;
}

/**
 * Starts everything `serve` runs: services, the Slack app, resumption of unfinished analyses, and the weekly
 * leaderboard schedule (with catch-up).
 */
export async function startBot(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const services = createServices(config, options);
  const leaderboard = new LeaderboardService(services);
  const creators = services.creators;
  const creatorParts = creators ? creatorFeatures(creators) : {};
  const features: BotFeatures = { ...creatorParts, commands: { ...creatorParts.commands, doctor: doctorCommand } };
  const bot = createSlackApp({
    services,
    features,
    extraListeners: creators ? [(app, ctx) => registerCreatorListeners(app, ctx, creators)] : [],
    botId: options.botId,
    botUserId: options.botUserId,
    port: options.port,
    postResponse: options.postResponse,
  });
  features.leaderboard = {
    async postNow({ channel, days, onProgress }) {
      const report = await leaderboard.build({ days: days ?? undefined, onProgress });
      const posted = await publishLeaderboard(bot.app.client, channel, report, {
        now: services.clock.now(),
        logger: services.logger,
        chartPath: options.chartPath,
      });
      return { messageTs: posted.messageTs };
    },
  };
  const scheduler = new LeaderboardScheduler({
    store: services.store,
    clock: services.clock,
    logger: services.logger,
    cron: config.leaderboard.cron,
    tz: config.leaderboard.tz,
    channel: config.leaderboard.channel,
    catchUp: config.leaderboard.catchUp,
    days: config.leaderboard.days,
    // The Monday post: the ad leaderboard, then one section per creator in LEADERBOARD_CREATORS.
    async publish(channel) {
      const posted = await (features.leaderboard as NonNullable<BotFeatures['leaderboard']>).postNow({
        channel,
        days: null,
      });
      if (creators && config.leaderboard.creators.length > 0)
        await postWeeklyCreatorSections(bot.app.client, channel, creators, config.leaderboard.creators, {
          now: services.clock.now(),
          logger: services.logger,
        }).catch((err: unknown) => services.logger.warn('weekly creator sections failed:', err));
      return posted;
    },
  });
  const { port } = await bot.start();
  const resume = services.engine.resumeUnfinished();
  if (resume.count > 0) services.logger.info(`resuming ${resume.count} unfinished analysis job(s)`);
  const answered = answerPendingReplies(bot.ctx, bot.app.client);
  if (answered > 0) services.logger.info(`answering ${answered} scoring request(s) left open by the last stop`);
  scheduler.start();
  services.logger.info(
    bot.mode === 'socket'
      ? 'creative-score is running in Socket Mode'
      : `creative-score is listening on port ${port} (POST /slack/events, GET /healthz)`,
  );
  return {
    services,
    bot,
    scheduler,
    leaderboard,
    port,
    resumed: resume.settled,
    async stop() {
      await scheduler.stop();
      // Pause analyses (they resume at the next start), then let a weekly post in progress settle and record
      // itself as posted or failed, so the next start neither loses nor repeats it.
      services.engine.close();
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
