import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeaderboardReport } from '../../src/leaderboard/types.js';
import { type SlackSimulator, startSlackSimulator } from '../../src/sandbox/slack.js';
import { createSampleAccount, type SampleAccount } from '../../src/sandbox/tiktok-data.js';
import { chartPoints, publishLeaderboard } from '../../src/slack/publish-leaderboard.js';
import { memoryLogger } from '../support/logger.js';
import { prefillAnalyses, shiftedClock, slackClient, startLeaderboard } from './fixtures.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const CHANNEL = 'C0LEADERS';

/** A leaderboard report over the simulators for an account whose every video is already analysed (fast). */
async function reportFor(account: SampleAccount): Promise<LeaderboardReport> {
  const setup = await startLeaderboard(account, shiftedClock(NOW));
  try {
    prefillAnalyses(setup.services.store, account, NOW);
    return await setup.leaderboard.build({ maxNewAnalyses: 0 });
  } finally {
    await setup.close();
  }
}

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

let slack: SlackSimulator;
let client: WebClient;
let small: LeaderboardReport;
let dir: string;

beforeAll(async () => {
  slack = await startSlackSimulator();
  client = slackClient(slack);
  small = await reportFor(createSampleAccount({ ads: 30 }));
  dir = mkdtempSync(join(tmpdir(), 'leaderboard-chart-'));
});

afterAll(async () => {
  await slack.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('publishLeaderboard', () => {
  it('posts the message, then a valid PNG chart in its thread', async () => {
    slack.reset();
    const logger = memoryLogger();
    const chartPath = join(dir, 'out', 'leaderboard.png');
    const result = await publishLeaderboard(client, CHANNEL, small, { now: NOW, logger, chartPath });

    expect(slack.messages.length).toBe(1);
    const message = slack.messages[0]!;
    expect(message).toMatchObject({ channel: CHANNEL, ts: result.messageTs, threadTs: null });
    expect(message.blocks!.length).toBeLessThanOrEqual(50);
    const post = slack.callsTo('chat.postMessage')[0]!;
    expect(post.args.parse).toBeUndefined();
    expect(post.args.link_names).toBeUndefined();

    expect(slack.uploads.length).toBe(1);
    const upload = slack.uploads[0]!;
    expect(upload).toMatchObject({
      filename: 'leaderboard.png',
      completed: true,
      channel: CHANNEL,
      threadTs: result.messageTs,
    });

    expect(result.chartPath).toBe(chartPath);
    const png = readFileSync(chartPath);
    expect(upload.bytes).toBe(png.length);
    const { width, height } = pngSize(png);
    expect(width).toBeGreaterThanOrEqual(400);
    expect(width).toBeLessThanOrEqual(2400);
    expect(height).toBeGreaterThanOrEqual(300);
    expect(height).toBeLessThanOrEqual(2400);
    expect(chartPoints(small).length).toBe(small.rows.filter((r) => r.analysed && r.ctr !== null).length);
    expect(logger.lines.filter((l) => l.startsWith('error'))).toEqual([]);
  });

  it('stays within Block Kit limits with 500 ads', async () => {
    slack.reset();
    const big = await reportFor(createSampleAccount({ ads: 500 }));
    expect(big.rows.filter((r) => r.analysed).length).toBeGreaterThan(450);
    const result = await publishLeaderboard(client, CHANNEL, big, { now: NOW, logger: memoryLogger() });
    const message = slack.message(CHANNEL, result.messageTs)!;
    expect(message.blocks!.length).toBeLessThanOrEqual(50);
    expect((message.blocks as Array<{ type: string }>).some((b) => b.type === 'table')).toBe(true);
    expect(message.text.length).toBeLessThanOrEqual(40_000);
    expect(slack.callsTo('chat.postMessage').every((c) => c.ok)).toBe(true);
    expect(slack.uploads[0]?.threadTs).toBe(result.messageTs);
  });

  it('keeps the post when the chart upload fails', async () => {
    slack.reset();
    slack.failNext('files.getUploadURLExternal', 'ratelimited');
    const logger = memoryLogger();
    const result = await publishLeaderboard(client, CHANNEL, small, { now: NOW, logger });
    expect(result.messageTs).toBeTruthy();
    expect(slack.messages.length).toBe(1);
    expect(slack.uploads.filter((u) => u.completed).length).toBe(0);
    expect(logger.lines.some((l) => l.startsWith('error') && l.includes('chart upload failed'))).toBe(true);
  });

  it('falls back to the code-block table when Slack rejects the table block', async () => {
    slack.reset();
    slack.failNext('chat.postMessage', 'invalid_blocks');
    const result = await publishLeaderboard(client, CHANNEL, small, { now: NOW, logger: memoryLogger() });
    expect(slack.messages.length).toBe(1);
    const blocks = slack.message(CHANNEL, result.messageTs)!.blocks as Array<{ type: string }>;
    expect(blocks.some((b) => b.type === 'table')).toBe(false);
    expect(slack.uploads.filter((u) => u.completed).length).toBe(1);
  });
});
