import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { CreatorService } from '../../src/creators/service.js';
import { startTikOmniSimulator, type TikOmniSimulator } from '../../src/sandbox/tikomni.js';
import { type RunningBot, startBot } from '../../src/serve.js';
import { createServices, type Services } from '../../src/services.js';
import { createSlackBot, type SlackBot } from '../../src/slack/bot.js';
import { ACTION_IDS, CALLBACK_IDS, COOKIE_INPUT } from '../../src/slack/constants.js';
import { encodeActionValue } from '../../src/slack/payloads.js';
import { postWeeklyCreatorSections } from '../../src/slack/publish-leaderboard.js';
import { type Harness, SIGNING_SECRET, startHarness, waitFor } from '../support/harness.js';
import { actionBody, buttonPayload, commandBody, signedRequest } from '../support/signed.js';

/**
 * Creator mode end to end: the real Bolt app in HTTP mode on an ephemeral port, the Slack, TikTok, Mavera and
 * TikOmni simulators, and signed requests. The bot is the one `startBot` builds, without its scheduler.
 */

const NOW = Date.UTC(2025, 3, 29, 12);
const COOKIE_KEY = '5c'.repeat(32);
const APPROVER = 'U0APPROVE1';
const OUTSIDER = 'U0OUTSIDER';
const LIST_ROUTE = '/api/u1/v1/tiktok/creator/get_video_list_analytics';

let h: Harness;
let sim: TikOmniSimulator;
let services: Services;
let creators: CreatorService;
let bot: SlackBot | null = null;
let plainBot: RunningBot | null = null;
let base: string;

afterEach(async () => {
  await bot?.stop();
  await plainBot?.stop();
  bot = null;
  plainBot = null;
  services?.close();
  await sim?.close();
  await h?.close();
});

async function start(env: Record<string, string> = {}): Promise<void> {
  h = await startHarness({ slack: true });
  sim = await startTikOmniSimulator({ now: NOW });
  const slack = h.slack as NonNullable<Harness['slack']>;
  const config = loadConfig(
    {
      ...h.env,
      TIKOMNI_API_KEY: sim.apiKey,
      TIKOMNI_API_BASE_URL: sim.url,
      CREATOR_COOKIE_KEY: COOKIE_KEY,
      DECISION_APPROVERS: APPROVER,
      MAVERA_MAX_REQUESTS_PER_MINUTE: '10000',
      ...env,
    },
    ['slack', 'tiktok', 'mavera', 'creators'],
  );
  services = createServices(config, { logger: h.logger, tmpDir: h.dir, random: () => 0.5 });
  if (!services.creators) throw new Error('creator mode should be on');
  creators = services.creators;
  bot = createSlackBot({
    services,
    botId: slack.botId,
    botUserId: slack.botUserId,
    port: 0,
  });
  const { port } = await bot.start();
  base = `http://127.0.0.1:${port}`;
}

const slack = () => h.slack as NonNullable<Harness['slack']>;
const idle = () => (bot as SlackBot).ctx.background.idle();

function command(text: string, fields: Record<string, string> = {}) {
  return signedRequest(
    base,
    commandBody({ text, response_url: slack().responseUrl(`cmd-${text}`), user_id: APPROVER, ...fields }),
    SIGNING_SECRET,
  );
}

/** The modal's submission, as Slack sends it for the view the bot opened. */
function submitCookie(view: Record<string, unknown>, cookie: string, userId = APPROVER) {
  const payload = {
    type: 'view_submission',
    team: { id: 'T0SIM0001', domain: 'simulated' },
    user: { id: userId, username: 'approver', name: 'approver', team_id: 'T0SIM0001' },
    api_app_id: 'A0SIMAPP1',
    token: 'verification-token-unused',
    trigger_id: '1700000000.777777.abcdef',
    view: {
      id: 'V0SIM0001',
      team_id: 'T0SIM0001',
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      blocks: view.blocks,
      state: {
        values: { [COOKIE_INPUT.blockId]: { [COOKIE_INPUT.actionId]: { type: 'plain_text_input', value: cookie } } },
      },
      hash: 'V0SIM0001.hash',
      app_id: 'A0SIMAPP1',
      bot_id: slack().botId,
    },
    response_urls: [],
  };
  return signedRequest(base, actionBody(payload), SIGNING_SECRET);
}

/** `creator add <name>` by the approver, then the cookie pasted into the modal it opened. */
async function addCreator(name: string, cookie: string) {
  const count = slack().views.length;
  const ack = await command(`creator add ${name}`);
  expect(ack.status).toBe(200);
  await waitFor(() => slack().views.length > count, 5_000, 'the cookie modal');
  const opened = slack().views.at(-1);
  if (!opened) throw new Error('no modal was opened');
  return submitCookie(opened.view, cookie);
}

/** Every string the bot sent to Slack (Web API args and response_url bodies). */
function everythingSent(): string {
  return JSON.stringify([slack().calls.map((c) => c.args), slack().responses.map((r) => r.body)]);
}

/** Substrings of a cookie that must never leave the process except towards TikOmni. */
function cookiePieces(cookie: string): string[] {
  const values = cookie.split(';').map((p) => p.slice(p.indexOf('=') + 1).trim());
  return [cookie, ...values, cookie.slice(12, 36), cookie.slice(-20)];
}

function dbBytes(): string {
  const files = [h.dbPath, `${h.dbPath}-wal`].filter((f) => existsSync(f));
  expect(files.length).toBeGreaterThan(0);
  return files.map((f) => readFileSync(f).toString('latin1')).join('');
}

describe('creator mode over HTTP with signed requests', () => {
  it('scores a TikTok link into a scorecard, and answers the same video again from the cache', async () => {
    await start();
    const video = sim.videos().find((v) => v.itemId === '7400000000000000001');
    if (!video) throw new Error('no brand video');
    const ack = await command(video.shareUrl);
    expect(ack.status).toBe(200);
    expect(ack.body).toContain('Scoring TikTok video');
    await idle();
    const [card] = slack().messages;
    const blocks = JSON.stringify(card?.blocks);
    expect(blocks).toContain('Public stats');
    expect(blocks).toContain('Engagement rate');
    expect(blocks).toContain(`video:${video.itemId}`);
    expect(blocks).toContain(ACTION_IDS.audience);
    expect(blocks).toContain(ACTION_IDS.kill);
    expect(h.mavera.stats.uploads).toBe(1);

    // The long link form of the same video: same cache key, no upload.
    await command(video.webUrl);
    await idle();
    expect(h.mavera.stats.uploads).toBe(1);
    expect(h.mavera.stats.analysesCreated).toBe(1);
    expect(slack().messages).toHaveLength(2);
    expect(JSON.stringify(slack().messages.at(-1)?.blocks)).toMatch(/cached/);
  });

  it('adds a creator through the modal, ranks their month over two pages, shows the Audience, and never lets the cookie out', async () => {
    await start();
    const ava = sim.creator('ava');
    const ack = await command('creator add ava');
    expect(ack.body).toBe('');
    await waitFor(() => slack().views.length > 0, 5_000, 'the cookie modal');
    const [opened] = slack().views;
    expect(opened?.triggerId).toBe('1700000000.123456.abcdef');
    expect(opened?.view.callback_id).toBe(CALLBACK_IDS.creatorCookie);
    expect(JSON.stringify(opened?.view)).toMatch(/written consent/);
    const submitted = await submitCookie(opened?.view as Record<string, unknown>, ava.cookie);
    expect(submitted.status).toBe(200);
    expect(submitted.json).toBeNull(); // plain ack: the modal closes
    await idle();
    expect(slack().ephemerals.at(-1)).toMatchObject({ user: APPROVER });
    expect(slack().ephemerals.at(-1)?.text).toMatch(/Creator \*ava\* .*added/);
    expect(services.store.creators.get('ava')?.tiktokUser).toBe('ava.makes');

    const list = await command('creator list');
    expect(list.body).toContain('ava.makes');

    const before = sim.stats.byPath[LIST_ROUTE] ?? 0;
    const board = await command('creator leaderboard ava 2025-04');
    expect(board.body).toMatch(/Building the leaderboard of creator/);
    await idle();
    expect((sim.stats.byPath[LIST_ROUTE] ?? 0) - before).toBe(2);
    const posted = slack().messages.at(-1);
    expect(posted?.text).toMatch(/Shop creator ava/);
    const table = JSON.stringify(posted?.blocks);
    expect(table).toContain('"type":"table"');
    expect(table).toContain('Completion');
    expect(table).toContain('GMV');
    expect(h.mavera.stats.uploads).toBe(14);

    // Score one of ava's videos, then press Audience on its scorecard.
    const itemId = ava.videoItemIds[0] as string;
    await command(`video:${itemId}`);
    await idle();
    expect(h.mavera.stats.uploads).toBe(14); // analysed by the leaderboard already
    const card = slack().messages.at(-1);
    expect(JSON.stringify(card?.blocks)).toMatch(/completion \d/);
    const press = await signedRequest(
      base,
      actionBody(
        buttonPayload({
          actionId: ACTION_IDS.audience,
          value: encodeActionValue({ adId: `video:${itemId}`, videoId: itemId }) as string,
          userId: 'U0MARKETER',
          channelId: card?.channel,
          messageTs: card?.ts,
          responseUrl: slack().responseUrl('audience'),
        }),
      ),
      SIGNING_SECRET,
    );
    expect(press.status).toBe(200);
    await idle();
    const audience = slack().ephemerals.at(-1);
    expect(audience?.user).toBe('U0MARKETER');
    expect(JSON.stringify(audience?.blocks)).toContain('Completion rate over time');
    expect(JSON.stringify(audience?.blocks)).toContain('female');

    // The cookie: encrypted in SQLite (database and WAL), in no log line, in nothing sent to Slack.
    const stored = services.store.creators.get('ava')?.cookieEnc ?? '';
    expect(stored).toMatch(/^v1:/);
    const raw = dbBytes();
    expect(raw).toContain(stored.slice(0, 20));
    const logs = h.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    const sent = everythingSent();
    for (const piece of cookiePieces(ava.cookie)) {
      expect(raw).not.toContain(piece);
      expect(logs).not.toContain(piece);
      expect(sent).not.toContain(piece);
    }
  });

  it('asks an approver for a new cookie when TikTok refuses the saved one, and refuses an expired cookie in the modal', async () => {
    await start();
    const ava = sim.creator('ava');
    await addCreator('ava', ava.cookie);
    await idle();
    sim.expireCookie(ava.cookie);
    await command('creator leaderboard ava', { response_url: slack().responseUrl('expired') });
    await idle();
    const answer = JSON.stringify(slack().responsesTo('expired'));
    expect(answer).toMatch(/no longer accepts the saved login for creator/);
    expect(answer).toMatch(/approver should run .*creator add ava/);
    expect(slack().messages).toHaveLength(0);

    const ben = sim.creator('ben');
    sim.expireCookie(ben.cookie, 'status_code');
    const refused = await addCreator('ben', ben.cookie);
    expect(refused.json).toMatchObject({ response_action: 'errors' });
    const error = (refused.json as { errors: Record<string, string> }).errors[COOKIE_INPUT.blockId];
    expect(error).toMatch(/does not accept this cookie/);
    expect(services.store.creators.get('ben')).toBeNull();
    for (const piece of cookiePieces(ben.cookie)) expect(h.logs.join('\n')).not.toContain(piece);
  });

  it('closes the modal when TikTok is slow to check the cookie, and confirms when the check is done', async () => {
    await start();
    sim.stallNext('get_creator_account_info', 3_000);
    const submitted = await addCreator('cleo', sim.creator('cleo').cookie);
    expect(submitted.status).toBe(200);
    expect(submitted.json).toBeNull();
    await idle();
    expect(slack().ephemerals.at(-1)?.text).toMatch(/Creator \*cleo\* .*added/);
    expect(creators.listCreators().map((c) => c.name)).toEqual(['cleo']);
  });

  it('answers in plain language and stores nothing while TikOmni is down', async () => {
    await start();
    sim.setDown(true);
    const video = sim.videos()[0];
    await command(video?.shareUrl as string, { response_url: slack().responseUrl('down') });
    await idle();
    expect(JSON.stringify(slack().responsesTo('down'))).toMatch(/TikOmni is not answering properly right now/);
    expect(slack().messages.every((m) => !JSON.stringify(m.blocks).includes('Hook score'))).toBe(true);
    expect(h.mavera.stats.requests).toBe(0);
    expect(services.store.jobs.unfinished()).toHaveLength(0);

    const refused = await addCreator('ava', sim.creator('ava').cookie);
    expect(refused.json).toMatchObject({ response_action: 'errors' });
    expect(JSON.stringify(refused.json)).toMatch(/TikOmni/);
    expect(services.store.creators.list()).toHaveLength(0);
  });

  it('lets only approvers add, list or remove creators', async () => {
    await start();
    await creators.addCreator('ben', sim.creator('ben').cookie, APPROVER);
    for (const text of ['creator add cleo', 'creator list', 'creator remove ben']) {
      const res = await command(text, { user_id: OUTSIDER });
      expect(res.status).toBe(200);
      expect(res.body).toMatch(/Only approvers can add, list or remove Shop creators/);
      expect(res.body).not.toContain('ben.reviews');
    }
    await idle();
    expect(slack().views).toHaveLength(0);
    expect(creators.listCreators().map((c) => c.name)).toEqual(['ben']);

    // A crafted submission of the modal by someone else is refused too.
    const forged = await submitCookie(
      {
        callback_id: CALLBACK_IDS.creatorCookie,
        private_metadata: JSON.stringify({ n: 'cleo', c: 'C0SIM0001' }),
        blocks: [],
      },
      sim.creator('cleo').cookie,
      OUTSIDER,
    );
    expect(JSON.stringify(forged.json)).toMatch(/Only approvers/);
    expect(creators.listCreators().map((c) => c.name)).toEqual(['ben']);

    const removed = await command('creator remove ben');
    expect(removed.body).toMatch(/removed/);
    expect(creators.listCreators()).toHaveLength(0);
  });

  it('posts the weekly creator sections, naming a creator that is left out', async () => {
    await start({ LEADERBOARD_MAX_NEW_ANALYSES: '2' });
    await creators.addCreator('ben', sim.creator('ben').cookie, APPROVER);
    const client = (bot as SlackBot).app.client;
    const { messageTs } = await postWeeklyCreatorSections(client, 'C0WEEKLY1', creators, ['ben', 'nobody'], {
      now: NOW,
      logger: h.logger,
    });
    expect(messageTs).toHaveLength(2);
    const [section, note] = slack().messages;
    expect(section?.text).toMatch(/Shop creator ben/);
    expect(JSON.stringify(section?.blocks)).toMatch(/violation score 10/);
    expect(JSON.stringify(note?.blocks)).toMatch(/nobody/);
  });

  it('explains how to turn creator mode on when TIKOMNI_API_KEY is not set', async () => {
    h = await startHarness({ slack: true });
    sim = await startTikOmniSimulator({ now: NOW });
    const config = loadConfig(h.env, ['slack', 'tiktok', 'mavera']);
    plainBot = await startBot(config, {
      port: 0,
      botId: slack().botId,
      botUserId: slack().botUserId,
      logger: h.logger,
      tmpDir: h.dir,
    });
    services = plainBot.services;
    base = `http://127.0.0.1:${plainBot.port}`;
    for (const text of [sim.videos()[0]?.shareUrl as string, 'creator list', 'creator leaderboard ava']) {
      const res = await command(text);
      expect(res.status).toBe(200);
      expect(res.body).toMatch(/Creator mode .* is off/);
      expect(res.body).toMatch(/TIKOMNI_API_KEY/);
      expect(res.body).not.toMatch(/organic/);
    }
    expect(sim.stats.requests).toBe(0);
  });
});
