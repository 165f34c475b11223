import { type RunningBot, startBot } from '../serve.js';
import { benchConfig, benchLogger, SIGNING_SECRET, type Workspace, workspace } from './env.js';
import { type BurstResult, Sims, type SimsSpec } from './sims.js';

/**
 * The real bot (HTTP mode, ephemeral port, fresh SQLite file) in this process; the simulators in one child; the
 * Slack side that sends the signed commands in another.
 */
export interface BotRig {
  sims: Sims;
  /** sends signed `/creative-score <text>` commands, all at once; response_urls point at the Slack simulator */
  send(texts: string[], responsePrefix: string): Promise<BurstResult>;
  bot: RunningBot;
  ws: Workspace;
  /** the bot's `/slack/events` URL */
  eventsUrl: string;
  /** resolves once every detached task (scoring after an ack) has settled */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startRig(
  name: string,
  spec: Omit<SimsSpec, 'slack'>,
  env: Record<string, string> = {},
): Promise<BotRig> {
  const sims = await Sims.start({ ...spec, slack: true });
  const client = Sims.client();
  const ws = workspace(name);
  try {
    const slack = sims.info.slack;
    if (!slack) throw new Error('the Slack simulator did not start');
    const bot = await startBot(benchConfig(sims.info, ws.dbPath, env), {
      port: 0,
      botId: slack.botId,
      botUserId: slack.botUserId,
      logger: benchLogger(name),
      tmpDir: ws.tmpDir,
    });
    const background = bot.bot.ctx.background;
    const eventsUrl = `http://127.0.0.1:${bot.port}/slack/events`;
    return {
      sims,
      send: (texts, responsePrefix) =>
        client.burst({
          url: eventsUrl,
          secret: SIGNING_SECRET,
          texts,
          responseUrlBase: slack.responseUrlBase,
          responsePrefix,
        }),
      bot,
      ws,
      eventsUrl,
      async idle() {
        // A task can be added just after the ack is answered; settle twice with a short pause between.
        for (;;) {
          await background.idle();
          await new Promise((r) => setTimeout(r, 50));
          if (background.size === 0) return;
        }
      },
      async close() {
        await bot.stop();
        await Promise.all([client.close(), sims.close()]);
        ws.remove();
      },
    };
  } catch (err) {
    await Promise.all([client.close(), sims.close()]);
    ws.remove();
    throw err;
  }
}
