import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { VideoReference } from '../../src/creators/links.js';
import { UserError } from '../../src/errors.js';
import { BackgroundTasks, type BotContext } from '../../src/slack/context.js';
import { answerPendingReplies } from '../../src/slack/score-request.js';
import { type Harness, startHarness } from '../support/harness.js';

let h: Harness;

afterEach(async () => {
  await h?.close();
});

describe('answerPendingReplies (requests a restart left open)', () => {
  it('answers each request with what was asked for: an ad id, a video id, or a TikTok share link', async () => {
    h = await startHarness({ slack: true });
    // Creator mode on (the key is never used: the scoring below is replaced by recorders).
    const services = h.services({ TIKOMNI_API_KEY: 'unused-tikomni-key' });
    const slack = h.slack as NonNullable<Harness['slack']>;
    const organic: VideoReference[] = [];
    const ads: string[] = [];
    services.ads.scoreAd = async (adId) => {
      ads.push(adId);
      throw new UserError('ad_not_found', `There is no ad ${adId}.`);
    };
    const creators = services.creators;
    if (!creators) throw new Error('creator mode should be on');
    creators.scoreVideo = async (video) => {
      organic.push(video);
      throw new UserError('tikomni_error', 'TikOmni is not answering properly right now (HTTP 503).');
    };
    const ctx: BotContext = {
      services,
      logger: h.logger,
      background: new BackgroundTasks(h.logger),
      postResponse: async () => undefined,
    };
    const now = services.clock.now();
    const ask = (subject: string) =>
      services.store.pendingReplies.add(
        { subject, channelId: 'C0SIM0001', userId: 'U0SIMUSR1', responseUrl: null },
        now,
      );
    ask('1780000000000000001');
    ask('video:7496499484705246507');
    ask('https://vm.tiktok.com/ZMabc123/');
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.url, retryConfig: { retries: 0 } });

    expect(answerPendingReplies(ctx, client)).toBe(3);
    await ctx.background.idle();
    expect(ads).toEqual(['1780000000000000001']);
    expect(organic).toEqual([
      { kind: 'item_id', itemId: '7496499484705246507' },
      { kind: 'share_url', url: 'https://vm.tiktok.com/ZMabc123/' },
    ]);
  });
});
