import { once } from 'node:events';
import { get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningBot, startBot } from '../../src/serve.js';
import { ACTION_IDS } from '../../src/slack/constants.js';
import { encodeActionValue } from '../../src/slack/payloads.js';
import { type Harness, plainVideoAd, startHarness, waitFor } from '../support/harness.js';
import { buttonPayload, COMMAND_DEFAULTS } from '../support/signed.js';

let h: Harness | undefined;
let bot: RunningBot | undefined;

afterEach(async () => {
  await bot?.stop();
  await h?.close();
  bot = undefined;
  h = undefined;
});

/** The harness and the bot in Socket Mode (SLACK_APP_TOKEN set, no signing secret), connected to the simulator. */
async function startSocketBot() {
  const harness = await startHarness({ slack: true });
  h = harness;
  const slack = harness.slack!;
  const config = loadConfig({ ...harness.env, SLACK_APP_TOKEN: slack.appToken, SLACK_SIGNING_SECRET: '' }, [
    'slack',
    'tiktok',
    'mavera',
  ]);
  const running = await startBot(config, {
    port: 0,
    botId: slack.botId,
    botUserId: slack.botUserId,
    logger: harness.logger,
    tmpDir: harness.dir,
    random: () => 0.5,
  });
  bot = running;
  return { harness, slack, running };
}

/** GET on a local port with a one-off connection (no keep-alive socket left behind). */
async function getJson(port: number, path: string): Promise<{ status: number; body: unknown }> {
  const res = await new Promise<IncomingMessage>((resolve, reject) =>
    get({ host: '127.0.0.1', port, path, agent: false }, resolve).on('error', reject),
  );
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return { status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
}

describe('Slack bot in Socket Mode', () => {
  it('connects with the app token, acks /creative-score with its answer, posts the scorecard, logs one Kill, and closes cleanly', async () => {
    const { harness, slack, running } = await startSocketBot();
    expect(running.bot.mode).toBe('socket');
    expect(running.port).toBeNull();
    expect(slack.callsTo('apps.connections.open').map((c) => c.ok)).toEqual([true]);
    expect(slack.socket.connections).toBe(1);

    const ad = plainVideoAd(harness.tiktok.account);
    const ack = await slack.socket.push('slash_commands', {
      ...COMMAND_DEFAULTS,
      text: ad.adId,
      response_url: slack.responseUrl('socket-command'),
    });
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(ack.payload.text).toContain(`Scoring ad \`${ad.adId}\``);

    await waitFor(
      () => JSON.stringify(slack.messages[0]?.blocks ?? null).includes(ACTION_IDS.kill),
      10_000,
      'the scorecard with its decision buttons',
    );
    await running.bot.ctx.background.idle();
    expect(slack.messages).toHaveLength(1);
    const message = slack.messages[0]!;
    expect(message.text).toContain(ad.adName);
    expect(JSON.stringify(message.blocks)).toContain('Hook score');

    const pressed = await slack.socket.push(
      'interactive',
      buttonPayload({
        actionId: ACTION_IDS.kill,
        value: encodeActionValue({ adId: ad.adId, videoId: ad.videoId }) as string,
        channelId: message.channel,
        messageTs: message.ts,
        message: { text: message.text, blocks: message.blocks ?? [] },
        responseUrl: slack.responseUrl('socket-press'),
      }),
    );
    expect(pressed.payload).toEqual({});
    await running.bot.ctx.background.idle();
    const rows = running.services.store.decisions.recent();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ adId: ad.adId, decision: 'KILL', userId: 'U0SIMUSR1', messageTs: message.ts });
    expect(JSON.stringify(slack.message(message.channel, message.ts)?.blocks)).toMatch(/Kill logged by <@U0SIMUSR1>/);
    expect(slack.socket.acks.map((a) => a.envelopeId)).toEqual([ack.envelopeId, pressed.envelopeId]);

    bot = undefined;
    await running.stop();
    await waitFor(() => slack.socket.connections === 0, 5000, 'the bot to close its WebSocket');
    expect(slack.socket.closes).toEqual([1000]);
  });

  it('serves GET /healthz on the ephemeral port (port 0) beside the WebSocket', async () => {
    const { running } = await startSocketBot();
    // Socket Mode reports no HTTP port (it has no /slack/events); the /healthz server is Bolt's receiver's own.
    const receiver = (running.bot.app as unknown as { receiver: { httpServer?: Server } }).receiver;
    const server = receiver.httpServer!;
    if (!server.listening) await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    expect(port).toBeGreaterThan(0);
    const health = await getJson(port, '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ ok: true, mode: 'socket' });
  });
});
