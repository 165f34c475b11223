import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { ErrorCode, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESPONSE_URL_USES, type SlackSimulator, startSlackSimulator } from '../../src/sandbox/slack.js';
import { ACTION_IDS } from '../../src/slack/constants.js';
import { actionBody, buttonPayload, commandBody, signedRequest } from '../support/signed.js';

let sim: SlackSimulator;
let client: WebClient;

beforeEach(async () => {
  sim = await startSlackSimulator();
  client = new WebClient(sim.botToken, { slackApiUrl: sim.url, retryConfig: { retries: 0 } });
});

afterEach(async () => {
  await sim.close();
});

/** A raw form post, the way the WebClient sends one. */
async function post(method: string, fields: Record<string, string>, token: string | null = sim.botToken) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${sim.url}${method}`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('Slack simulator', () => {
  it('answers auth.test with the ids and the granted scopes', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, team_id: 'T0SIM0001', user_id: 'U0SIMBOT1', bot_id: 'B0SIMBOT1' });
    expect(res.response_metadata?.scopes).toEqual(['commands', 'chat:write', 'files:write']);
    const custom = await startSlackSimulator({
      botToken: 'xoxb-other',
      teamId: 'T9',
      botUserId: 'U9',
      scopes: ['chat:write'],
    });
    try {
      const raw = await fetch(`${custom.url}auth.test`, {
        method: 'POST',
        headers: { authorization: 'Bearer xoxb-other' },
      });
      expect(raw.headers.get('x-oauth-scopes')).toBe('chat:write');
      expect(await raw.json()).toMatchObject({ ok: true, team_id: 'T9', user_id: 'U9' });
    } finally {
      await custom.close();
    }
  });

  it('records calls with blocks parsed, keeps messages and applies chat.update', async () => {
    const blocks = [section('*Scoring* ad `1`')];
    const first = await client.chat.postMessage({ channel: 'C1', text: 'Scoring', blocks });
    const second = await client.chat.postMessage({ channel: 'C1', text: 'again', thread_ts: first.ts });
    expect(first.ts).toBe('1700000000.000100');
    expect(second.ts).toBe('1700000000.000200');
    expect(first.message?.blocks).toEqual(blocks);

    const call = sim.callsTo('chat.postMessage')[0];
    expect(call?.args.blocks).toEqual(blocks);
    expect(call?.args.channel).toBe('C1');
    expect(call?.ok).toBe(true);
    expect(typeof call?.at).toBe('number');

    await client.chat.update({ channel: 'C1', ts: first.ts as string, text: 'Done', blocks: [section('done')] });
    expect(sim.message('C1', first.ts as string)).toMatchObject({
      text: 'Done',
      blocks: [section('done')],
      updates: 1,
    });
    expect(sim.messages.map((m) => m.text)).toEqual(['Done', 'again']);
    expect(sim.messages[1]?.threadTs).toBe(first.ts);

    const link = await client.chat.getPermalink({ channel: 'C1', message_ts: first.ts as string });
    expect(link.permalink).toBe('https://simulated.slack.com/archives/C1/p1700000000000100');
    await expect(client.chat.update({ channel: 'C1', ts: '1.2', text: 'x' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    expect(sim.calls.map((c) => c.method)).toEqual([
      'chat.postMessage',
      'chat.postMessage',
      'chat.update',
      'chat.getPermalink',
      'chat.update',
    ]);
  });

  it('records ephemerals, views, users and channels', async () => {
    const eph = await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'only you' });
    expect(sim.ephemerals).toEqual([
      { channel: 'C1', user: 'U1', text: 'only you', blocks: null, threadTs: null, messageTs: eph.message_ts },
    ]);
    const view = {
      type: 'modal' as const,
      callback_id: 'creator_cookie_modal',
      title: { type: 'plain_text' as const, text: 'TikTok cookie' },
      blocks: [section('Paste it')],
    };
    const opened = await client.views.open({ trigger_id: 't1', view });
    expect(opened.view?.id).toMatch(/^V/);
    expect(sim.views[0]).toMatchObject({ triggerId: 't1', view: { callback_id: 'creator_cookie_modal' } });
    await expect(
      client.views.open({ trigger_id: 't1', view: { ...view, title: { type: 'plain_text', text: 'x'.repeat(25) } } }),
    ).rejects.toMatchObject({ data: { error: 'invalid_arguments' } });
    expect((await client.users.info({ user: 'U1' })).user).toMatchObject({ id: 'U1', tz: 'UTC' });
    sim.setChannelMembership('C2', false);
    expect((await client.conversations.info({ channel: 'C2' })).channel).toMatchObject({ id: 'C2', is_member: false });
  });

  it('rejects a wrong or missing token and unknown methods', async () => {
    expect((await post('chat.postMessage', { channel: 'C1', text: 'x' }, 'xoxb-wrong')).body).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect((await post('chat.postMessage', { channel: 'C1', text: 'x' }, null)).body.error).toBe('invalid_auth');
    expect((await post('chat.unfurl', {})).body).toEqual({ ok: false, error: 'unknown_method' });
    expect(sim.messages).toHaveLength(0);
    expect(sim.calls.map((c) => c.error)).toEqual(['invalid_auth', 'invalid_auth', 'unknown_method']);
  });

  it('accepts JSON and multipart bodies too', async () => {
    const json = await fetch(`${sim.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C1', text: 'json', blocks: [section('j')] }),
    });
    expect(await json.json()).toMatchObject({ ok: true });
    const form = new FormData();
    form.append('channel', 'C1');
    form.append('text', 'multipart');
    form.append('blocks', JSON.stringify([section('m')]));
    const multi = await fetch(`${sim.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.botToken}` },
      body: form,
    });
    expect(await multi.json()).toMatchObject({ ok: true });
    expect(sim.messages.map((m) => [m.text, m.blocks])).toEqual([
      ['json', [section('j')]],
      ['multipart', [section('m')]],
    ]);
  });

  it('answers 429 with Retry-After on demand', async () => {
    sim.rateLimitNext('chat.postMessage', 7, 2);
    const a = await post('chat.postMessage', { channel: 'C1', text: 'x' });
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('7');
    expect(a.body).toEqual({ ok: false, error: 'ratelimited' });
    const rejecting = new WebClient(sim.botToken, {
      slackApiUrl: sim.url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });
    await expect(rejecting.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 7,
    });
    expect((await post('chat.postMessage', { channel: 'C1', text: 'x' })).status).toBe(200);
    expect(sim.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('fails the next calls with a given error', async () => {
    sim.failNext('chat.postMessage', 'channel_not_found');
    await expect(client.chat.postMessage({ channel: 'C404', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { ok: false, error: 'channel_not_found' },
    });
    await expect(client.chat.postMessage({ channel: 'C404', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('answers not_in_channel where the bot is not a member, unless chat:write.public covers it', async () => {
    sim.setChannelMembership('C9', false);
    sim.setChannelMembership('G9', false);
    await expect(client.chat.postMessage({ channel: 'C9', text: 'x' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
    await expect(client.chat.postMessage({ channel: 'D9', text: 'x' })).resolves.toMatchObject({ ok: true });
    sim.setChannelMembership('C9', true);
    await expect(client.chat.postMessage({ channel: 'C9', text: 'x' })).resolves.toMatchObject({ ok: true });

    const pub = await startSlackSimulator({ scopes: ['chat:write', 'chat:write.public', 'files:write'] });
    try {
      pub.setChannelMembership('C9', false);
      pub.setChannelMembership('G9', false);
      const c = new WebClient(pub.botToken, { slackApiUrl: pub.url, retryConfig: { retries: 0 } });
      await expect(c.chat.postMessage({ channel: 'C9', text: 'x' })).resolves.toMatchObject({ ok: true });
      await expect(c.chat.postMessage({ channel: 'G9', text: 'x' })).rejects.toMatchObject({
        data: { error: 'not_in_channel' },
      });
    } finally {
      await pub.close();
    }
  });

  it('answers missing_scope without chat:write', async () => {
    const bare = await startSlackSimulator({ scopes: ['commands'] });
    try {
      const c = new WebClient(bare.botToken, { slackApiUrl: bare.url, retryConfig: { retries: 0 } });
      await expect(c.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
        data: { error: 'missing_scope', needed: 'chat:write' },
      });
    } finally {
      await bare.close();
    }
  });

  it('rejects blocks Slack would reject', async () => {
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: tooMany })).rejects.toMatchObject({
      data: { error: 'invalid_blocks', errors: ['no more than 50 items allowed [json-pointer:/blocks]'] },
    });
    await expect(
      client.chat.postMessage({ channel: 'C1', text: 'x', blocks: [section('x'.repeat(3001))] }),
    ).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });
    expect((await post('chat.postMessage', { channel: 'C1', blocks: '[{' })).body.error).toBe('invalid_blocks_format');
    expect((await post('chat.postMessage', { channel: 'C1' })).body.error).toBe('no_text');
    expect(sim.messages).toHaveLength(0);
  });

  it('gives each response_url five uses, then 404 used_url', async () => {
    const url = sim.responseUrl('cmd-1');
    expect(url.startsWith(sim.origin)).toBe(true);
    const send = (body: unknown) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const first = await send({ response_type: 'ephemeral', text: 'Scoring …', replace_original: true });
    expect(first.status).toBe(200);
    for (let i = 2; i <= RESPONSE_URL_USES; i++)
      expect((await send({ text: `update ${i}`, blocks: [section(`u${i}`)] })).status).toBe(200);
    const sixth = await send({ text: 'one too many' });
    expect(sixth.status).toBe(404);
    expect(await sixth.text()).toBe('used_url');
    expect(sim.responsesTo('cmd-1')).toHaveLength(5);
    expect(sim.responses[0]).toMatchObject({
      id: 'cmd-1',
      text: 'Scoring …',
      responseType: 'ephemeral',
      replaceOriginal: true,
      deleteOriginal: null,
      blocks: null,
    });
    expect(sim.responses[4]).toMatchObject({ text: 'update 5', blocks: [section('u5')] });
    expect(
      (
        await fetch(sim.responseUrl('cmd-2'), {
          method: 'POST',
          body: 'payload={"text":"form"}',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        })
      ).status,
    ).toBe(200);
    expect(sim.responsesTo('cmd-2')[0]?.text).toBe('form');
  });

  it('runs the files.uploadV2 flow of a real WebClient', async () => {
    const png = Buffer.alloc(4096, 7);
    const res = await client.files.uploadV2({
      channel_id: 'C1',
      thread_ts: '1700000000.000100',
      file: png,
      filename: 'leaderboard.png',
      title: 'Leaderboard 2025-01-01 – 2025-01-07',
      initial_comment: 'This week’s chart',
      alt_text: 'Bar chart of behavioural scores',
    });
    expect(res.ok).toBe(true);
    expect(sim.callsTo('files.getUploadURLExternal')[0]?.args).toMatchObject({
      filename: 'leaderboard.png',
      length: '4096',
    });
    expect(sim.uploads).toEqual([
      {
        fileId: expect.stringMatching(/^F/),
        filename: 'leaderboard.png',
        declaredLength: 4096,
        bytes: 4096,
        contentType: expect.any(String),
        altText: 'Bar chart of behavioural scores',
        completed: true,
        channel: 'C1',
        threadTs: '1700000000.000100',
        initialComment: 'This week’s chart',
        title: 'Leaderboard 2025-01-01 – 2025-01-07',
      },
    ]);
    const files = (res as unknown as { files: { files: { id: string }[] }[] }).files;
    expect(files[0]?.files[0]?.id).toBe(sim.uploads[0]?.fileId);
  });

  it('refuses to complete an upload into a channel the bot is not in', async () => {
    sim.setChannelMembership('C9', false);
    await expect(
      client.files.uploadV2({ channel_id: 'C9', file: Buffer.from('png'), filename: 'a.png' }),
    ).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
    expect(sim.uploads[0]).toMatchObject({ bytes: 3, completed: false });
  });

  it('forgets everything on reset', async () => {
    sim.failNext('chat.postMessage', 'fatal_error');
    await client.auth.test();
    sim.reset();
    expect(sim.calls).toHaveLength(0);
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });
});

describe('Bolt against the simulator, driven by signed requests', () => {
  const secret = 'test-signing-secret';

  async function startBolt() {
    const app = new App({
      token: sim.botToken,
      signingSecret: secret,
      botId: sim.botId,
      botUserId: sim.botUserId,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: sim.url, retryConfig: { retries: 0 } },
    });
    app.command('/creative-score', async ({ ack, command, respond, client: web }) => {
      await ack({ response_type: 'ephemeral', text: `Scoring ${command.text} …` });
      await respond({ replace_original: true, text: 'progress' });
      await web.chat.postMessage({ channel: command.channel_id, text: `Scorecard for ${command.text}` });
    });
    app.action(ACTION_IDS.kill, async ({ ack, respond, body }) => {
      await ack();
      await respond({ replace_original: false, text: `Kill by ${body.user.id}` });
    });
    const server = (await app.start(0)) as unknown as { address(): AddressInfo };
    return { app, baseUrl: `http://127.0.0.1:${server.address().port}` };
  }

  it('acks a signed command, responds through the response_url and posts through the Web API', async () => {
    const { app, baseUrl } = await startBolt();
    try {
      const res = await signedRequest(
        baseUrl,
        commandBody({ text: '1790000000000001', response_url: sim.responseUrl('cmd') }),
        secret,
      );
      expect(res.status).toBe(200);
      expect(res.json).toEqual({ response_type: 'ephemeral', text: 'Scoring 1790000000000001 …' });
      await expect.poll(() => sim.messages.length).toBe(1);
      expect(sim.messages[0]).toMatchObject({ channel: 'C0SIM0001', text: 'Scorecard for 1790000000000001' });
      expect(sim.responsesTo('cmd')).toMatchObject([{ text: 'progress', replaceOriginal: true }]);

      const press = await signedRequest(
        baseUrl,
        actionBody(
          buttonPayload({ actionId: ACTION_IDS.kill, value: '{"a":"1"}', responseUrl: sim.responseUrl('btn') }),
        ),
        secret,
      );
      expect(press.status).toBe(200);
      await expect.poll(() => sim.responsesTo('btn').length).toBe(1);
      expect(sim.responsesTo('btn')[0]?.text).toBe('Kill by U0SIMUSR1');
    } finally {
      await app.stop();
    }
  });

  it('is refused with a bad signature, a stale timestamp or no headers', async () => {
    const { app, baseUrl } = await startBolt();
    try {
      const body = commandBody({ text: '1', response_url: sim.responseUrl('nope') });
      expect((await signedRequest(baseUrl, body, 'wrong-secret')).status).toBe(401);
      expect((await signedRequest(baseUrl, body, secret, { signature: 'v0=deadbeef' })).status).toBe(401);
      const stale = Math.floor(Date.now() / 1000) - 10 * 60;
      expect((await signedRequest(baseUrl, body, secret, { timestamp: stale })).status).toBe(401);
      expect((await signedRequest(baseUrl, body, secret, { omitHeaders: true })).status).toBe(401);
      expect(sim.responses).toHaveLength(0);
      expect(sim.messages).toHaveLength(0);
    } finally {
      await app.stop();
    }
  });
});
