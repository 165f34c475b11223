import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createSampleAccount, updateSampleAd } from '../../src/sandbox/tiktok-data.js';
import { type RunningBot, startBot } from '../../src/serve.js';
import { ACTION_IDS } from '../../src/slack/constants.js';
import { encodeActionValue } from '../../src/slack/payloads.js';
import { type Harness, plainVideoAd, SIGNING_SECRET, startHarness, waitFor } from '../support/harness.js';
import { actionBody, buttonPayload, commandBody, signedRequest } from '../support/signed.js';

let h: Harness;
let bot: RunningBot;

afterEach(async () => {
  await bot?.stop();
  await h?.close();
});

async function start(options: { env?: Record<string, string>; account?: ReturnType<typeof createSampleAccount> } = {}) {
  h = await startHarness({ slack: true, account: options.account });
  const slack = h.slack!;
  const config = loadConfig({ ...h.env, ...options.env }, ['slack', 'tiktok', 'mavera']);
  bot = await startBot(config, {
    port: 0,
    botId: slack.botId,
    botUserId: slack.botUserId,
    logger: h.logger,
    tmpDir: h.dir,
    random: () => 0.5,
  });
  return `http://127.0.0.1:${bot.port}`;
}

const idle = () => bot.bot.ctx.background.idle();

function command(base: string, text: string, fields: Record<string, string> = {}) {
  return signedRequest(
    base,
    commandBody({ text, response_url: h.slack!.responseUrl(`cmd-${text}`), ...fields }),
    SIGNING_SECRET,
  );
}

/** Every string the bot sent to Slack (Web API args and response_url bodies), as JSON. */
function everythingSent(): string {
  const slack = h.slack!;
  return JSON.stringify([slack.calls.map((c) => c.args), slack.responses.map((r) => r.body)]);
}

describe('Slack bot over HTTP with signed requests', () => {
  it('acks at once while TikTok is slow, posts the scorecard, and answers a repeat from the cache', async () => {
    const base = await start();
    const ad = plainVideoAd(h.tiktok.account);
    h.tiktok.setLatency(1200);
    const t0 = Date.now();
    const ack = await command(base, ad.adId);
    const ackMs = Date.now() - t0;
    expect(ack.status).toBe(200);
    expect(ack.body).toContain('Scoring ad');
    expect(ackMs).toBeLessThan(1200); // answered before the first TikTok call could have returned
    expect(h.slack!.callsTo('chat.postMessage')).toHaveLength(0);
    await idle();
    h.tiktok.setLatency(0);
    const [message] = h.slack!.messages;
    expect(message?.text).toContain(ad.adName);
    expect(JSON.stringify(message?.blocks)).toContain('Hook score');
    expect(JSON.stringify(message?.blocks)).toContain(ACTION_IDS.kill);
    expect(h.mavera.stats.uploads).toBe(1);

    const again = await command(base, ad.adId);
    expect(again.status).toBe(200);
    await idle();
    expect(h.mavera.stats.uploads).toBe(1);
    expect(h.mavera.stats.analysesCreated).toBe(1);
    const last = h.slack!.messages.at(-1);
    expect(JSON.stringify(last?.blocks)).toMatch(/cache/i);
    expect(h.slack!.messages).toHaveLength(2);
  });

  it('rejects forged, stale and unsigned requests with 401 and does nothing', async () => {
    const base = await start();
    const body = commandBody({ text: plainVideoAd(h.tiktok.account).adId });
    const forged = await signedRequest(base, body, 'not-the-secret');
    const stale = await signedRequest(base, body, SIGNING_SECRET, {
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    const unsigned = await signedRequest(base, body, SIGNING_SECRET, { omitHeaders: true });
    expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
    await idle();
    expect(h.slack!.calls.filter((c) => c.method !== 'auth.test')).toHaveLength(0);
    expect(h.tiktok.calls).toHaveLength(0);
    expect(h.mavera.stats.requests).toBe(0);
  });

  it('serves GET /healthz', async () => {
    const base = await start();
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, mode: 'http' });
  });

  it('logs one Kill per press, updates the message, and refuses users who are not approvers', async () => {
    const base = await start({ env: { DECISION_APPROVERS: 'U0APPROVE1' } });
    const ad = plainVideoAd(h.tiktok.account);
    await command(base, ad.adId);
    await idle();
    const message = h.slack!.messages[0]!;
    const press = (userId: string, actionTs: string) =>
      signedRequest(
        base,
        actionBody(
          buttonPayload({
            actionId: ACTION_IDS.kill,
            value: encodeActionValue({ adId: ad.adId, videoId: ad.videoId }) as string,
            blockId: 'scorecard_actions',
            userId,
            channelId: message.channel,
            messageTs: message.ts,
            message: { text: message.text, blocks: message.blocks ?? [] },
            actionTs,
            responseUrl: h.slack!.responseUrl('press'),
          }),
        ),
        SIGNING_SECRET,
      );
    const refused = await press('U0OUTSIDER', '1700000001.000001');
    expect(refused.status).toBe(200);
    await idle();
    expect(bot.services.store.decisions.recent()).toHaveLength(0);
    expect(h.slack!.ephemerals.at(-1)?.text).toMatch(/Only approvers/);

    await press('U0APPROVE1', '1700000002.000001');
    await idle();
    await press('U0APPROVE1', '1700000003.000001');
    await idle();
    const rows = bot.services.store.decisions.recent();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ adId: ad.adId, decision: 'KILL', userId: 'U0APPROVE1', messageTs: message.ts });
    const snapshot = rows[0]?.snapshot as { hookScore: number | null; metrics: unknown; behavioural: number | null };
    expect(snapshot.hookScore).not.toBeNull();
    expect(snapshot.behavioural).not.toBeNull();
    expect(snapshot.metrics).not.toBeNull();
    const updated = h.slack!.message(message.channel, message.ts);
    expect(JSON.stringify(updated?.blocks)).toMatch(/Kill logged by <@U0APPROVE1>/);
    expect(JSON.stringify(updated?.blocks)).not.toContain(ACTION_IDS.kill);
  });

  it('ignores a decision button whose value names no ad', async () => {
    const base = await start();
    for (const adId of ['<!channel>', '1780000000000000001 OR 1=1', 'video:abc']) {
      await signedRequest(
        base,
        actionBody(
          buttonPayload({ actionId: ACTION_IDS.kill, value: encodeActionValue({ adId, videoId: null }) as string }),
        ),
        SIGNING_SECRET,
      );
    }
    await idle();
    expect(bot.services.store.decisions.recent()).toHaveLength(0);
    expect(h.tiktok.calls).toHaveLength(0);
  });

  it('still marks the decision on the message when its cover link no longer loads', async () => {
    const base = await start();
    const ad = plainVideoAd(h.tiktok.account);
    await command(base, ad.adId);
    await idle();
    const message = h.slack!.messages[0]!;
    // As Slack echoes the scorecard back hours later: its signed cover link has expired meanwhile.
    const blocks = (message.blocks as Array<Record<string, unknown>>).map((b, i) =>
      i === 2 ? { ...b, accessory: { type: 'image', image_url: 'http://127.0.0.1:9/expired.jpeg', alt_text: 'c' } } : b,
    );
    await signedRequest(
      base,
      actionBody(
        buttonPayload({
          actionId: ACTION_IDS.scale,
          value: encodeActionValue({ adId: ad.adId, videoId: ad.videoId }) as string,
          channelId: message.channel,
          messageTs: message.ts,
          message: { text: message.text, blocks },
        }),
      ),
      SIGNING_SECRET,
    );
    await idle();
    expect(h.slack!.callsTo('chat.update').map((c) => c.error)).toEqual(['invalid_blocks', null]);
    expect(JSON.stringify(h.slack!.message(message.channel, message.ts)?.blocks)).toMatch(
      /Scale logged by <@U0SIMUSR1>/,
    );
  });

  it('answers Kill on a private (response_url) scorecard through its response_url: refusal, then the logged line', async () => {
    const base = await start({ env: { DECISION_APPROVERS: 'U0APPROVE1' } });
    h.slack!.setChannelMembership('C0PRIVATE1', false);
    const ad = plainVideoAd(h.tiktok.account);
    await command(base, ad.adId, { channel_id: 'C0PRIVATE1', response_url: h.slack!.responseUrl('private') });
    await idle();
    expect(JSON.stringify(h.slack!.responsesTo('private').at(-1)?.blocks)).toContain(ACTION_IDS.kill);
    // Slack echoes no message (and no blocks) for a button on an ephemeral message.
    const press = (userId: string, responseId: string) => {
      const payload = buttonPayload({
        actionId: ACTION_IDS.kill,
        value: encodeActionValue({ adId: ad.adId, videoId: ad.videoId }) as string,
        userId,
        channelId: 'C0PRIVATE1',
        messageTs: '1700000009.000100',
        responseUrl: h.slack!.responseUrl(responseId),
      });
      const { message: _none, ...ephemeral } = payload;
      ephemeral.container = {
        type: 'message',
        message_ts: '1700000009.000100',
        channel_id: 'C0PRIVATE1',
        is_ephemeral: true,
      };
      return signedRequest(base, actionBody(ephemeral), SIGNING_SECRET);
    };
    await press('U0OUTSIDER', 'outsider');
    await idle();
    expect(h.slack!.responsesTo('outsider').map((r) => r.text)).toEqual([expect.stringMatching(/Only approvers/)]);
    expect(bot.services.store.decisions.recent()).toHaveLength(0);

    await press('U0APPROVE1', 'approver-1');
    await idle();
    await press('U0APPROVE1', 'approver-2');
    await idle();
    expect(bot.services.store.decisions.recent()).toHaveLength(1);
    for (const id of ['approver-1', 'approver-2']) {
      const [reply] = h.slack!.responsesTo(id);
      expect(reply?.text).toMatch(/Kill logged by <@U0APPROVE1>/);
      expect(reply?.replaceOriginal).toBe(false);
    }
  });

  it('escapes an ad name full of mrkdwn control sequences everywhere it sends it', async () => {
    const account = createSampleAccount();
    const evil = '<!channel> *bold* <https://evil.example|click>';
    const target = plainVideoAd(account);
    updateSampleAd(account, target.adId, { adName: evil });
    const base = await start({ account });
    await command(base, target.adId);
    await idle();
    const sent = everythingSent();
    expect(sent).toContain('&lt;!channel&gt;');
    expect(sent).not.toContain('<!channel>');
    expect(sent).not.toContain('<https://evil.example');
    for (const call of h.slack!.calls) {
      expect(call.args.parse).toBeUndefined();
      expect(call.args.link_names).toBeUndefined();
    }
  });

  it('finishes the scorecard when chat.update is rate limited', async () => {
    const base = await start();
    h.mavera.setAnalysisDurationMs(2500);
    h.slack!.rateLimitNext('chat.update', 1, 1);
    const ad = plainVideoAd(h.tiktok.account);
    await command(base, ad.adId);
    await idle();
    const updates = h.slack!.callsTo('chat.update');
    expect(updates.some((c) => c.status === 429)).toBe(true);
    const message = h.slack!.messages[0];
    expect(JSON.stringify(message?.blocks)).toContain('Hook score');
    expect(message?.updates).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('falls back to the response_url when the bot is not in the channel', async () => {
    const base = await start();
    h.slack!.setChannelMembership('C0PRIVATE1', false);
    const ad = plainVideoAd(h.tiktok.account);
    await command(base, ad.adId, { channel_id: 'C0PRIVATE1', response_url: h.slack!.responseUrl('private') });
    await idle();
    const responses = h.slack!.responsesTo('private');
    expect(responses.length).toBeGreaterThanOrEqual(1);
    expect(responses.length).toBeLessThanOrEqual(5);
    expect(JSON.stringify(responses.at(-1)?.blocks)).toContain('Hook score');
    expect(responses.at(-1)?.replaceOriginal).toBe(true);
  });

  it('answers bad input in plain language and leaves nothing behind', async () => {
    const base = await start();
    const empty = await command(base, '');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatch(/Which ad/);
    const word = await command(base, 'banana');
    expect(word.body).toMatch(/not an ad id/);
    await command(base, '1999999999999999999', { response_url: h.slack!.responseUrl('unknown') });
    await command(base, h.tiktok.account.roles.sparkAdId as string, { response_url: h.slack!.responseUrl('spark') });
    await idle();
    expect(JSON.stringify(h.slack!.responsesTo('unknown'))).toMatch(/There is no ad 1999999999999999999/);
    expect(JSON.stringify(h.slack!.responsesTo('spark'))).toMatch(/Spark Ad/);
    expect(h.slack!.responsesTo('spark')[0]?.responseType).toBe('ephemeral');
    expect(h.slack!.messages).toHaveLength(0);
    expect(h.mavera.stats.uploads).toBe(0);
    const jobs = bot.services.store.jobs.countsByState();
    expect(jobs.queued + jobs.downloading + jobs.uploading + jobs.analysing).toBe(0);
  });

  it('turns a posted progress message into the error when Mavera fails', async () => {
    const base = await start();
    h.mavera.setAnalysisDurationMs(2500);
    h.mavera.failNextAnalysis('Unsupported codec');
    const ad = plainVideoAd(h.tiktok.account);
    await command(base, ad.adId, { response_url: h.slack!.responseUrl('fail') });
    await idle();
    expect(JSON.stringify(h.slack!.responsesTo('fail'))).toMatch(/Unsupported codec/);
    for (const m of h.slack!.messages) expect(JSON.stringify(m.blocks)).not.toMatch(/Analysing/);
  }, 30_000);

  it('posts a leaderboard on demand with its chart in the thread, and shows usage', async () => {
    const base = await start({ env: { LEADERBOARD_MAX_NEW_ANALYSES: '4' } });
    const ack = await command(base, 'leaderboard 7');
    expect(ack.status).toBe(200);
    expect(ack.body).toMatch(/Building the leaderboard/);
    await idle();
    const post = h.slack!.messages.find((m) => !m.threadTs);
    expect(JSON.stringify(post?.blocks)).toContain('"type":"table"');
    const upload = h.slack!.uploads.at(-1);
    expect(upload?.threadTs).toBe(post?.ts);
    expect(upload?.completed).toBe(true);
    expect(h.mavera.stats.analysesCreated).toBe(4);
    const usage = await command(base, 'usage');
    expect(usage.body).toMatch(/New analyses: \*4\*/);
    expect(usage.body).toMatch(/credits/);
  }, 30_000);

  it('shows the on-demand leaderboard privately in a channel the bot cannot post in', async () => {
    const base = await start({ env: { LEADERBOARD_MAX_NEW_ANALYSES: '2' } });
    h.slack!.setChannelMembership('C0PRIVATE1', false);
    await command(base, 'leaderboard 7', {
      channel_id: 'C0PRIVATE1',
      response_url: h.slack!.responseUrl('lb-private'),
    });
    await idle();
    const answer = h.slack!.responsesTo('lb-private').at(-1);
    expect(answer?.responseType).toBe('ephemeral');
    expect(answer?.text).toMatch(/Creative leaderboard/);
    expect(JSON.stringify(answer?.blocks)).toMatch(/Rank/);
    expect(JSON.stringify(answer?.blocks)).not.toContain('"type":"table"');
    expect(h.slack!.messages).toHaveLength(0);
  }, 30_000);

  it('answers a request interrupted by a restart once the bot is back, without a second upload', async () => {
    const base = await start();
    h.mavera.setAnalysisDurationMs(2500);
    const ad = plainVideoAd(h.tiktok.account);
    await command(base, ad.adId, { response_url: h.slack!.responseUrl('restart') });
    await waitFor(() => bot.services.store.jobs.unfinished().some((j) => j.state === 'analysing'), 10_000, 'analysis');
    await bot.stop();
    expect(JSON.stringify(h.slack!.responsesTo('restart'))).toMatch(/restarting/);
    expect(h.mavera.stats.uploads).toBe(1);

    const config = loadConfig(h.env, ['slack', 'tiktok', 'mavera']);
    bot = await startBot(config, {
      port: 0,
      botId: h.slack!.botId,
      botUserId: h.slack!.botUserId,
      logger: h.logger,
      tmpDir: h.dir,
    });
    await bot.resumed;
    await idle();
    const card = h.slack!.messages.at(-1);
    expect(JSON.stringify(card?.blocks)).toContain('Hook score');
    expect(h.mavera.stats.uploads).toBe(1);
    expect(h.mavera.stats.analysesCreated).toBe(1);
    expect(bot.services.store.pendingReplies.takeOpen(Date.now(), 86_400_000)).toHaveLength(0);
  }, 30_000);

  it('still acks a command, with a plain error, when building the answer fails', async () => {
    const base = await start();
    const { decisions } = bot.services.store;
    decisions.recent = () => {
      throw new Error('SQLITE_BUSY: database is locked');
    };
    const t0 = Date.now();
    const res = await command(base, 'decisions');
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/Something went wrong on our side/);
    expect(res.body).not.toMatch(/SQLITE|scoring/);
    expect(h.logs.some((l) => l.includes('SQLITE_BUSY'))).toBe(true);
  });

  it('lists help and the decision log', async () => {
    const base = await start();
    const help = await command(base, 'help');
    expect(help.body).toContain('decisions');
    const decisions = await command(base, 'decisions');
    expect(decisions.status).toBe(200);
    expect(decisions.body).toMatch(/decision/i);
  });
});

describe('Slack app mode', () => {
  it('uses Socket Mode when SLACK_APP_TOKEN is set, HTTP otherwise', async () => {
    h = await startHarness({ slack: true });
    const { createSlackBot } = await import('../../src/slack/bot.js');
    const socket = createSlackBot({
      services: h.services({ SLACK_APP_TOKEN: 'xapp-1-A0SIM-0000-simulated' }),
      botId: h.slack!.botId,
      botUserId: h.slack!.botUserId,
    });
    expect(socket.mode).toBe('socket');
    const http = createSlackBot({ services: h.services(), botId: h.slack!.botId, botUserId: h.slack!.botUserId });
    expect(http.mode).toBe('http');
  });
});
