import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { startMaveraSimulator } from '../sandbox/mavera.js';
import { actionBody, buttonPayload, commandBody, signedRequest } from '../sandbox/signed-requests.js';
import { startSlackSimulator } from '../sandbox/slack.js';
import { startTikOmniSimulator } from '../sandbox/tikomni.js';
import { startTikTokSimulator } from '../sandbox/tiktok.js';
import { createSampleAccount, type SampleAccount } from '../sandbox/tiktok-data.js';
import { startBot } from '../serve.js';
import { blocksToText } from '../slack/blocks/text.js';
import { ACTION_IDS, BLOCK_IDS } from '../slack/constants.js';
import { encodeActionValue } from '../slack/payloads.js';
import { createLogger } from '../util/logger.js';

const CHANNEL = 'C0DEMO0001';
const APPROVER = 'U0DEMOLEAD';
const SIGNING_SECRET = `demo-${randomBytes(8).toString('hex')}`;

export interface DemoOptions {
  out?: NodeJS.WritableStream;
  /** where the chart PNG is written (default ./demo-output) */
  outputDir?: string;
}

/**
 * `npm run demo`: the whole flow offline. Starts the TikTok, Mavera, TikOmni and Slack simulators on loopback,
 * runs the real bot against them in HTTP mode with genuinely signed requests and a fresh SQLite file, and tells
 * the story in the terminal.
 */
export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const out = options.out ?? process.stdout;
  const say = (line = '') => out.write(`${line}\n`);
  const indent = (text: string) =>
    text
      .split('\n')
      .map((l) => `    │ ${l}`)
      .join('\n');
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'creative-score-demo-'));
  const outputDir = resolve(options.outputDir ?? 'demo-output');
  const logs: string[] = [];
  const logger = createLogger({ level: 'info', sink: (level, line) => logs.push(`${level} ${line}`) });

  const account = createSampleAccount();
  const [tiktok, mavera, tikomni, slack] = await Promise.all([
    startTikTokSimulator({ account }),
    startMaveraSimulator({ analysisDurationMs: 4000 }),
    startTikOmniSimulator(),
    startSlackSimulator(),
  ]);
  const env: Record<string, string> = {
    TIKTOK_API_BASE_URL: tiktok.url,
    TIKTOK_ACCESS_TOKEN: tiktok.accessToken,
    TIKTOK_ADVERTISER_ID: tiktok.advertiserId,
    TIKTOK_MAX_QPS: '20',
    MAVERA_API_BASE_URL: mavera.url,
    MAVERA_API_KEY: mavera.apiKey,
    MAVERA_WORKSPACE_ID: mavera.workspaceId,
    MAVERA_POLL_MIN_S: '0.2',
    MAVERA_POLL_MAX_S: '0.5',
    MAVERA_MAX_REQUESTS_PER_MINUTE: '1200',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url.replace(/\/$/, ''),
    DECISION_APPROVERS: APPROVER,
    LEADERBOARD_CHANNEL: CHANNEL,
    LEADERBOARD_CATCH_UP: 'false',
    LEADERBOARD_MAX_NEW_ANALYSES: '12',
    TIKOMNI_API_KEY: tikomni.apiKey,
    TIKOMNI_API_BASE_URL: tikomni.url,
    CREATOR_COOKIE_KEY: randomBytes(32).toString('hex'),
    DATABASE_PATH: join(dir, 'creative-score.db'),
  };
  const config = loadConfig(env, ['slack', 'tiktok', 'mavera']);
  const bot = await startBot(config, {
    port: 0,
    botId: slack.botId,
    botUserId: slack.botUserId,
    logger,
    tmpDir: join(dir, 'tmp'),
    chartPath: join(outputDir, 'leaderboard.png'),
  });
  const base = `http://127.0.0.1:${bot.port}`;
  const idle = () => bot.bot.ctx.background.idle();
  const command = (text: string, userId = APPROVER) =>
    signedRequest(
      base,
      commandBody({
        text,
        channel_id: CHANNEL,
        user_id: userId,
        response_url: slack.responseUrl(`demo-${Date.now()}`),
      }),
      SIGNING_SECRET,
    );

  try {
    say('creative-score demo — everything below runs offline against built-in simulators on 127.0.0.1');
    say(`  TikTok Marketing API  ${tiktok.url}   (${account.ads.length} ads, ad account ${account.advertiser.name})`);
    say(`  Mavera                ${mavera.url}`);
    say(`  TikOmni               ${tikomni.url}`);
    say(`  Slack Web API         ${slack.url}`);
    say(`  the bot (Bolt, HTTP)  ${base}/slack/events   database ${env.DATABASE_PATH}`);
    say();

    // 1. A marketer scores an ad.
    const ad = pickShowcaseAd(account);
    say(`① A marketer types  /creative-score ${ad.adId}`);
    const ack = await command(ad.adId);
    say(`  ↳ ack in the 3-second window (HTTP ${ack.status}), only the marketer sees: ${ackText(ack.json)}`);
    const stopWatching = watchProgress(slack, CHANNEL, (line) => say(`  ⏳ ${line}`));
    await idle();
    stopWatching();
    const scorecard = slack.messages.find((m) => m.channel === CHANNEL);
    if (!scorecard) throw new Error('the scorecard was not posted');
    say('  ↳ the progress message became the scorecard:');
    say(indent(blocksToText(scorecard.blocks ?? [])));
    say();

    // 2. The weekly leaderboard (the Monday cron job, fired now).
    mavera.setAnalysisDurationMs(600);
    say('② Monday 09:00 — the scheduled weekly leaderboard runs');
    const before = slack.messages.length;
    const outcome = await bot.scheduler.runScheduled('cron');
    const post = slack.messages.slice(before).find((m) => m.channel === CHANNEL && !m.threadTs);
    if (!post) throw new Error(`the leaderboard was not posted (${JSON.stringify(outcome)})`);
    say(indent(blocksToText(post.blocks ?? [])));
    const upload = slack.uploads.at(-1);
    const chart = join(outputDir, 'leaderboard.png');
    say(
      `  ↳ chart posted in the thread (${upload?.filename ?? 'none'}, ${upload?.bytes ?? 0} bytes) and written to ${chart} (${safeSize(chart)} bytes)`,
    );
    const again = await bot.scheduler.runScheduled('cron');
    say(`  ↳ a second trigger in the same ISO week: ${again.status} (${'reason' in again ? again.reason : 'posted'})`);
    say();

    // 3. Kill on the leaderboard's KILL candidate (or on the scorecard when there is none).
    const target = killTarget(post) ?? {
      blockId: BLOCK_IDS.scorecardActions,
      value: encodeActionValue({ adId: ad.adId, videoId: ad.videoId }) as string,
      message: scorecard,
      where: 'the scorecard',
    };
    say(`③ The team lead (${APPROVER}) presses Kill on ${target.where} and confirms`);
    const press = await signedRequest(
      base,
      actionBody(
        buttonPayload({
          actionId: ACTION_IDS.kill,
          value: target.value,
          blockId: target.blockId,
          userId: APPROVER,
          channelId: CHANNEL,
          messageTs: target.message.ts,
          message: { text: target.message.text, blocks: target.message.blocks ?? [] },
          actionTs: `${Math.floor(Date.now() / 1000)}.000001`,
          responseUrl: slack.responseUrl('demo-press'),
        }),
      ),
      SIGNING_SECRET,
    );
    await idle();
    const [decision] = bot.services.store.decisions.recent(1);
    if (!decision) throw new Error('the decision was not logged');
    say(`  ↳ ack HTTP ${press.status}; decision log:`);
    say(
      `    decision #${decision.id}: ${decision.decision} ad ${decision.adId} "${decision.adName}" by ${decision.userId} in ${decision.channelId} at ${new Date(decision.createdAt).toISOString()}`,
    );
    const updated = slack.message(CHANNEL, target.message.ts);
    const logged = blocksToText(updated?.blocks ?? [])
      .split('\n')
      .find((l) => l.includes('logged by'));
    say(`  ↳ the message now says: ${logged?.trim() ?? '(not updated)'}`);
    say();

    // 4. The same ad again: from the cache.
    const uploads = mavera.stats.uploads;
    const analyses = mavera.stats.analysesCreated;
    say(`④ Someone else asks again:  /creative-score ${ad.adId}`);
    await command(ad.adId, 'U0DEMOUSR2');
    await idle();
    const cachedCard = slack.messages.at(-1);
    const cacheLine = blocksToText(cachedCard?.blocks ?? [])
      .split('\n')
      .find((l) => /cache/i.test(l));
    say(`  ↳ answered from the cache: ${cacheLine?.trim() ?? ''}`);
    say(
      `  ↳ Mavera uploads ${uploads} → ${mavera.stats.uploads}, analyses ${analyses} → ${mavera.stats.analysesCreated} (no credits spent)`,
    );
    say();

    // 5. Creator mode: any TikTok link.
    const link = 'https://www.tiktok.com/@simbrand/video/7400000000000000001';
    if (bot.services.creators) {
      say(`⑤ Creator mode: /creative-score ${link}`);
      await command(link);
      await idle();
      const organic = slack.messages.at(-1);
      say(
        indent(
          blocksToText(organic?.blocks ?? [])
            .split('\n')
            .slice(0, 14)
            .join('\n'),
        ),
      );
      say();
    }

    const usage = bot.services.store.usage.month(Date.now());
    say('Summary');
    say(
      `  Mavera: ${mavera.stats.uploads} uploads, ${mavera.stats.analysesCreated} analyses, ≈${usage.creditsUsed} credits; ${usage.cacheHits} cache hits saved ≈${usage.creditsSaved} credits`,
    );
    say(`  TikTok API calls: ${tiktok.calls.length} · Slack Web API calls: ${slack.calls.length}`);
    say(`  Leaderboard chart: ${chart}`);
    say(
      `  Finished in ${((Date.now() - started) / 1000).toFixed(1)} s. Next: \`npm test\`, then README.md → "Create the Slack app".`,
    );
    return 0;
  } catch (err) {
    say(`\nThe demo failed: ${err instanceof Error ? err.message : String(err)}`);
    say('Recent bot log lines:');
    for (const line of logs.slice(-30)) say(`  ${line}`);
    return 1;
  } finally {
    await bot.stop();
    await Promise.all([tiktok.close(), mavera.close(), tikomni.close(), slack.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A delivering single-video ad with its own video and the most spend: the one a marketer would ask about. */
function pickShowcaseAd(account: SampleAccount) {
  const special = new Set(Object.values(account.roles).flatMap((v) => (Array.isArray(v) ? v : v ? [v] : [])));
  const candidates = account.ads.filter(
    (a) => a.adFormat === 'SINGLE_VIDEO' && a.videoId && !a.deleted && !special.has(a.adId) && !/[<>&]/.test(a.adName),
  );
  const ad = candidates[0];
  if (!ad) throw new Error('the sample account has no plain video ad');
  return ad;
}

/** The first Kill button on the leaderboard post: its block, value and message. */
function killTarget(post: { ts: string; text: string; blocks: unknown[] | null }) {
  for (const block of post.blocks ?? []) {
    const b = block as { block_id?: string; accessory?: { action_id?: string; value?: string } };
    if (b.accessory?.action_id === ACTION_IDS.kill && b.block_id && b.accessory.value)
      return {
        blockId: b.block_id,
        value: b.accessory.value,
        message: post,
        where: 'the leaderboard (its first KILL candidate)',
      };
  }
  return null;
}

function ackText(json: unknown): string {
  const text = (json as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : '(empty ack)';
}

/** Prints each new state of the channel's progress message (first line of its text) as it changes. */
function watchProgress(
  slack: Awaited<ReturnType<typeof startSlackSimulator>>,
  channel: string,
  print: (line: string) => void,
): () => void {
  let seen = 0;
  const timer = setInterval(() => {
    const calls = slack.calls.filter(
      (c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === channel && c.ok,
    );
    for (const call of calls.slice(seen)) {
      const text = blocksToText((call.args.blocks as unknown[]) ?? []);
      if (!/Hook score/i.test(text)) print(text.split('\n').filter(Boolean).join(' · '));
    }
    seen = calls.length;
  }, 50);
  return () => clearInterval(timer);
}

function safeSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
