import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { WebClient } from '@slack/web-api';
import type { BatchProgress } from '../analysis/batch.js';
import type { CreatorService } from '../creators/service.js';
import { type ChartPoint, type ChartThresholds, renderLeaderboardChart } from '../leaderboard/chart.js';
import type { LeaderboardReport } from '../leaderboard/types.js';
import type { Logger } from '../util/logger.js';
import { buildCreatorLeaderboardMessage, buildWeeklyCreatorErrorsMessage } from './blocks/creator.js';
import { buildLeaderboardMessage } from './blocks/leaderboard.js';
import type { LeaderboardMessage } from './blocks/types.js';
import type { BotContext } from './context.js';
import { cannotPost, slackErrorCode } from './errors.js';

export interface PublishLeaderboardOptions {
  /** ms epoch, for the message builder */
  now: number;
  logger: Logger;
  /** replaces "Creative leaderboard" in the header and titles the chart */
  title?: string;
  /** also write the chart PNG here (the folder is created) */
  chartPath?: string;
  /** dashed verdict-threshold lines on the chart */
  thresholds?: ChartThresholds;
}

export interface PublishedLeaderboard {
  messageTs: string;
  /** where the chart PNG was written, when `chartPath` was given and writing worked */
  chartPath: string | null;
}

const CHART_FILENAME = 'leaderboard.png';

/** The analysed rows as chart bubbles (rows without a CTR cannot be placed on the y axis). */
export function chartPoints(report: LeaderboardReport): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (const r of report.rows) {
    if (!r.analysed || r.behaviouralScore === null || r.verdict === null || r.ctr === null) continue;
    points.push({ label: r.adName, score: r.behaviouralScore, ctr: r.ctr, spend: r.spend ?? 0, verdict: r.verdict });
  }
  return points;
}

/** The bot cannot post in the channel (a private channel it is not in, a DM): the caller shows `leaderboard` privately. */
export class LeaderboardNotPostedError extends Error {
  override readonly name = 'LeaderboardNotPostedError';
  constructor(
    readonly channel: string,
    readonly code: string,
    readonly leaderboard: LeaderboardMessage,
  ) {
    super(`the bot cannot post the leaderboard in ${channel} (${code}); invite it to the channel`);
  }
}

/**
 * Posts the leaderboard message, then its chart (PNG) as a reply in the message's thread.
 * The message is what matters: a chart that fails to render, write or upload is logged and the post still counts.
 * A workspace that rejects the `table` block (`invalid_blocks`) gets the same message with a code-block table.
 */
export async function publishLeaderboard(
  client: WebClient,
  channel: string,
  report: LeaderboardReport,
  options: PublishLeaderboardOptions,
): Promise<PublishedLeaderboard> {
  const { logger } = options;
  const message = buildLeaderboardMessage(report, { now: options.now, title: options.title });
  let messageTs: string | null;
  try {
    messageTs = await postTableMessage(client, channel, message, logger, 'leaderboard');
  } catch (err) {
    if (cannotPost(err)) throw new LeaderboardNotPostedError(channel, slackErrorCode(err) ?? 'error', message);
    throw err;
  }
  if (!messageTs) throw new Error('Slack accepted the leaderboard message but returned no timestamp');

  let png: Buffer;
  try {
    png = await renderLeaderboardChart(chartPoints(report), {
      title: options.title ?? `Creative leaderboard ${report.startDate} – ${report.endDate}`,
      currency: report.currency ?? undefined,
      thresholds: options.thresholds,
    });
  } catch (err) {
    logger.error('leaderboard chart could not be rendered; the message was posted without it:', err);
    return { messageTs, chartPath: null };
  }

  let chartPath: string | null = null;
  if (options.chartPath) {
    try {
      await mkdir(dirname(options.chartPath), { recursive: true });
      await writeFile(options.chartPath, png);
      chartPath = options.chartPath;
    } catch (err) {
      logger.warn(`could not write the leaderboard chart to ${options.chartPath}:`, err);
    }
  }

  try {
    await client.files.uploadV2({
      channel_id: channel,
      thread_ts: messageTs,
      file: png,
      filename: CHART_FILENAME,
      title: `Behavioural score vs CTR, ${report.startDate} – ${report.endDate}`,
      alt_text: 'Bubble chart: behavioural score (x) against CTR (y), bubble size = spend, colour = verdict',
    });
  } catch (err) {
    logger.error(`leaderboard chart upload failed (${slackErrorCode(err) ?? 'error'}); the message stays posted:`, err);
  }
  return { messageTs, chartPath };
}

/**
 * Posts a leaderboard message; a surface that rejects the `table` block (`invalid_blocks`) gets the code-block table
 * instead. Resolves with the message ts; Slack's other refusals (the bot cannot post there …) are thrown.
 */
async function postTableMessage(
  client: WebClient,
  channel: string,
  message: LeaderboardMessage,
  logger: Logger,
  what: string,
): Promise<string | null> {
  try {
    const res = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
    return res.ts ?? null;
  } catch (err) {
    if (slackErrorCode(err) !== 'invalid_blocks') throw err;
    logger.warn(`Slack rejected the ${what} table block; posting the code-block table instead`);
    const res = await client.chat.postMessage({ channel, text: message.text, blocks: message.fallbackBlocks });
    return res.ts ?? null;
  }
}

/**
 * A creator leaderboard message posted in `channel`; null when the bot cannot post there (the caller shows it another
 * way).
 */
export async function postCreatorLeaderboardMessage(
  client: WebClient,
  channel: string,
  message: LeaderboardMessage,
  logger: Logger,
): Promise<string | null> {
  try {
    return await postTableMessage(client, channel, message, logger, 'creator leaderboard');
  } catch (err) {
    if (cannotPost(err)) return null;
    throw err;
  }
}

/** Builds the ad leaderboard for `days` (LEADERBOARD_DAYS when null) and posts it in `channel`, reporting progress. */
export async function postLeaderboard(
  ctx: BotContext,
  client: WebClient,
  channel: string,
  options: { days: number | null; onProgress?: (p: BatchProgress) => void },
): Promise<PublishedLeaderboard> {
  const { services } = ctx;
  const report = await services.leaderboard.build({ days: options.days ?? undefined, onProgress: options.onProgress });
  return publishLeaderboard(client, channel, report, {
    now: services.clock.now(),
    logger: services.logger,
    chartPath: ctx.chartPath,
  });
}

/**
 * The Monday post: the ad leaderboard, then one section per creator in LEADERBOARD_CREATORS (creator mode). The ad
 * leaderboard is what the week's run is recorded by; a creator section that fails is logged and left out.
 */
export async function postWeeklyLeaderboard(
  ctx: BotContext,
  client: WebClient,
  channel: string,
): Promise<{ messageTs: string }> {
  const { services } = ctx;
  const posted = await postLeaderboard(ctx, client, channel, { days: null });
  const names = services.config.leaderboard.creators;
  if (services.creators && names.length > 0)
    await postWeeklyCreatorSections(client, channel, services.creators, names, {
      now: services.clock.now(),
      logger: services.logger,
    }).catch((err: unknown) => services.logger.warn('weekly creator sections failed:', err));
  return { messageTs: posted.messageTs };
}

/**
 * The Shop creators' part of the weekly post (LEADERBOARD_CREATORS): one message per creator after the ad
 * leaderboard, then one note naming any creator left out (expired cookie, TikOmni down). Never throws for one
 * creator's failure; returns the timestamps of what was posted.
 */
export async function postWeeklyCreatorSections(
  client: WebClient,
  channel: string,
  creators: Pick<CreatorService, 'weeklySections'>,
  names: readonly string[],
  options: { now: number; logger: Logger; maxNewAnalyses?: number },
): Promise<{ messageTs: string[] }> {
  const messageTs: string[] = [];
  if (names.length === 0) return { messageTs };
  const sections = await creators.weeklySections(names, { maxNewAnalyses: options.maxNewAnalyses });
  for (const section of sections) {
    if (!('report' in section)) continue;
    const message = buildCreatorLeaderboardMessage(section.report, { now: options.now });
    try {
      const ts = await postCreatorLeaderboardMessage(client, channel, message, options.logger);
      if (ts) messageTs.push(ts);
      else options.logger.warn(`weekly post: the bot cannot post in ${channel}; creator "${section.name}" not posted`);
    } catch (err) {
      options.logger.error(`weekly post: creator "${section.name}" could not be posted:`, err);
    }
  }
  const errors = buildWeeklyCreatorErrorsMessage(sections);
  if (errors) {
    const res = await client.chat
      .postMessage({ channel, text: errors.text, blocks: errors.blocks })
      .catch((err: unknown) => options.logger.error('weekly post: the creators note could not be posted:', err));
    if (res?.ts) messageTs.push(res.ts);
  }
  return { messageTs };
}
