import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { WebClient } from '@slack/web-api';
import { type ChartPoint, type ChartThresholds, renderLeaderboardChart } from '../leaderboard/chart.js';
import type { LeaderboardReport } from '../leaderboard/types.js';
import type { Logger } from '../util/logger.js';
import { buildLeaderboardMessage, type LeaderboardMessage } from './blocks/leaderboard.js';
import { cannotPost, slackErrorCode } from './message-channel.js';

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
  let posted: Awaited<ReturnType<WebClient['chat']['postMessage']>>;
  try {
    try {
      posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
    } catch (err) {
      if (slackErrorCode(err) !== 'invalid_blocks') throw err;
      logger.warn('Slack rejected the leaderboard table block; posting the code-block table instead');
      posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.fallbackBlocks });
    }
  } catch (err) {
    if (cannotPost(err)) throw new LeaderboardNotPostedError(channel, slackErrorCode(err) ?? 'error', message);
    throw err;
  }
  const messageTs = posted.ts;
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
