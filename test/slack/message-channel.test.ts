import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackSimulator, startSlackSimulator } from '../../src/sandbox/slack.js';
import { LiveMessage } from '../../src/slack/message-channel.js';
import { systemClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';

let slack: SlackSimulator;
let client: WebClient;

beforeEach(async () => {
  slack = await startSlackSimulator();
  client = new WebClient(slack.botToken, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
});
afterEach(async () => {
  await slack.close();
});

const msg = (text: string) => ({
  text,
  blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }],
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function live(channel = 'C0LIVE0001', responseUrl: string | null = null) {
  return new LiveMessage({
    client,
    channel,
    responseUrl,
    clock: systemClock,
    logger: silentLogger,
    minIntervalMs: 100,
    firstPostDelayMs: 50,
  });
}

describe('LiveMessage', () => {
  it('posts a quick answer once, directly, without progress edits', async () => {
    const m = live();
    m.progress(msg('working'));
    expect(await m.finish(msg('done'))).toBe(true);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(slack.callsTo('chat.update')).toHaveLength(0);
    expect(slack.messages[0]?.text).toBe('done');
  });

  it('coalesces progress into throttled edits that keep only the latest state', async () => {
    const m = live();
    m.progress(msg('step 1'));
    await sleep(80);
    for (let i = 2; i <= 20; i++) m.progress(msg(`step ${i}`));
    await sleep(150);
    expect(await m.finish(msg('done'))).toBe(true);
    const updates = slack.callsTo('chat.update');
    expect(updates.length).toBeLessThanOrEqual(3);
    expect(updates.map((c) => c.args.text)).toContain('step 20');
    expect(slack.messages[0]?.text).toBe('done');
  });

  it('falls back to the response_url when the bot is not in the channel, keeping a use for the answer', async () => {
    slack.setChannelMembership('C0PRIV0001', false);
    const m = live('C0PRIV0001', slack.responseUrl('live'));
    for (let i = 0; i < 8; i++) {
      m.progress(msg(`step ${i}`));
      await sleep(120);
    }
    expect(await m.finish(msg('done'))).toBe(true);
    const posts = slack.responsesTo('live');
    expect(posts.length).toBeLessThanOrEqual(5);
    expect(posts.at(-1)?.text).toBe('done');
    expect(posts.every((p) => p.replaceOriginal === true)).toBe(true);
    expect(m.usedResponseUrl).toBe(true);
  });

  it('reports when the final answer could not be delivered', async () => {
    slack.failNext('chat.postMessage', 'invalid_blocks', 5);
    const m = live();
    expect(await m.finish(msg('done'))).toBe(false);
  }, 15_000);
});
