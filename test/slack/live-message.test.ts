import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackSimulator, startSlackSimulator } from '../../src/sandbox/slack.js';
import type { SlackMessage } from '../../src/slack/blocks/types.js';
import { LiveMessage } from '../../src/slack/live-message.js';
import { postJson, ResponseUrlError } from '../../src/slack/response-url.js';
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

/** A message whose cover Slack cannot fetch (a loopback link, as an expired CDN link would be). */
const withCover = (text: string): SlackMessage => ({
  text,
  blocks: [
    {
      type: 'section',
      text: { type: 'mrkdwn', text },
      accessory: { type: 'image', image_url: 'http://127.0.0.1:9/cover.jpg', alt_text: 'cover' },
    },
  ],
});

function live(channel = 'C0LIVE0001', responseUrl: string | null = null, via: WebClient = client) {
  return new LiveMessage({
    client: via,
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

  it('keeps coalescing while an edit is slow (rate limited), so the answer is not queued behind stale edits', async () => {
    const slow = {
      chat: {
        postMessage: (args: Parameters<WebClient['chat']['postMessage']>[0]) => client.chat.postMessage(args),
        update: async (args: Parameters<WebClient['chat']['update']>[0]) => {
          await sleep(400);
          return client.chat.update(args);
        },
      },
    } as unknown as WebClient;
    const m = live('C0LIVE0001', null, slow);
    for (let i = 0; i < 100; i++) {
      m.progress(msg(`step ${i}`));
      await sleep(10);
    }
    const t0 = Date.now();
    expect(await m.finish(msg('done'))).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(slack.callsTo('chat.update').length).toBeLessThanOrEqual(5);
    expect(slack.messages[0]?.text).toBe('done');
  }, 15_000);

  it('sends the answer without its image when Slack cannot fetch the image', async () => {
    const m = live();
    expect(await m.finish(withCover('done'))).toBe(true);
    const posts = slack.callsTo('chat.postMessage');
    expect(posts.map((c) => c.error)).toEqual(['invalid_blocks', null]);
    expect(JSON.stringify(slack.messages[0]?.blocks)).not.toContain('image');
    expect(slack.messages[0]?.text).toBe('done');
  });

  it('also drops the image through the response_url', async () => {
    slack.setChannelMembership('C0PRIV0002', false);
    const m = live('C0PRIV0002', slack.responseUrl('cover'));
    expect(await m.finish(withCover('done'))).toBe(true);
    expect(slack.responsesTo('cover').map((r) => r.text)).toEqual(['done']);
  });

  it('keeps the response_url use for the answer when a post of it fails, and never reports an unsent answer', async () => {
    slack.setChannelMembership('C0PRIV0003', false);
    const delivered: string[] = [];
    let failNextDone = true;
    const postResponse = async (_url: string, body: unknown) => {
      const { text } = body as { text: string };
      if (text === 'done' && failNextDone) {
        failNextDone = false;
        throw new ResponseUrlError(500, 'http_500');
      }
      delivered.push(text);
    };
    const m = new LiveMessage({
      client,
      channel: 'C0PRIV0003',
      responseUrl: slack.responseUrl('budget'),
      clock: systemClock,
      logger: silentLogger,
      minIntervalMs: 20,
      firstPostDelayMs: 10,
      postResponse,
    });
    for (let i = 0; i < 8; i++) {
      m.progress(msg(`step ${i}`));
      await sleep(40);
    }
    expect(await m.finish(msg('done'))).toBe(true);
    expect(delivered).toHaveLength(5);
    expect(delivered.at(-1)).toBe('done');

    const spent = new LiveMessage({
      client,
      channel: 'C0PRIV0003',
      responseUrl: slack.responseUrl('spent'),
      clock: systemClock,
      logger: silentLogger,
      postResponse: async () => {
        throw new ResponseUrlError(404, 'used_url');
      },
    });
    expect(await spent.finish(msg('done'))).toBe(false);
  }, 15_000);

  it('reports when the final answer could not be delivered', async () => {
    slack.failNext('chat.postMessage', 'invalid_blocks', 5);
    const m = live();
    expect(await m.finish(msg('done'))).toBe(false);
  }, 15_000);
});

describe('postJson (response_url)', () => {
  it('gives up on a response_url that never answers instead of holding the message queue forever', async () => {
    const hung = createServer(() => undefined);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const { port } = hung.address() as AddressInfo;
    try {
      const t0 = Date.now();
      await expect(postJson(`http://127.0.0.1:${port}/response/hung`, { text: 'x' }, 200)).rejects.toThrow();
      expect(Date.now() - t0).toBeLessThan(2000);
    } finally {
      hung.closeAllConnections();
      await new Promise((resolve) => hung.close(resolve));
    }
  });

  it('carries the reason Slack gave, like a Web API error', async () => {
    slack.setChannelMembership('C0PRIV0004', false);
    const url = slack.responseUrl('reason');
    for (let i = 0; i < 5; i++) await postJson(url, { text: `use ${i}` });
    await expect(postJson(url, { text: 'one too many' })).rejects.toMatchObject({ data: { error: 'used_url' } });
  });
});
