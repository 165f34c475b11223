import type { WebClient } from '@slack/web-api';
import type { ProgressEvent, ScoreResult } from '../../../analysis/types.js';
import { buildErrorMessage } from '../../blocks/errors.js';
import { buildProgressMessage } from '../../blocks/progress.js';
import { buildScorecardMessage, type SlackMessage } from '../../blocks/scorecard.js';
import type { BotContext } from '../../context.js';
import { LiveMessage, postJson } from '../../message-channel.js';

export interface ScoreRequest {
  client: WebClient;
  channel: string;
  userId: string;
  responseUrl: string | null;
  /** the ad id, or `video:<item_id>` for organic videos */
  subject: string;
  /** runs the core service, reporting progress */
  score: (onProgress: (event: ProgressEvent) => void) => Promise<ScoreResult>;
}

/**
 * Runs one scoring request after the ack: a live channel message shows progress and becomes the scorecard.
 * On failure the user gets a plain-language ephemeral answer, and a progress message already posted is turned
 * into the same answer so nothing half-written stays in the channel.
 */
export async function runScoreRequest(ctx: BotContext, req: ScoreRequest): Promise<void> {
  const { clock } = ctx.services;
  const postResponse = ctx.postResponse ?? postJson;
  const live = new LiveMessage({
    client: req.client,
    channel: req.channel,
    responseUrl: req.responseUrl,
    clock,
    logger: ctx.logger,
    postResponse,
  });
  const startedAt = clock.now();
  let answer: SlackMessage;
  try {
    const result = await req.score((event) =>
      live.progress(buildProgressMessage({ adId: req.subject, event, startedAt, now: clock.now() })),
    );
    answer = buildScorecardMessage(result, { now: clock.now() });
  } catch (err) {
    ctx.logger.info(`scoring ${req.subject} for ${req.userId} failed:`, err instanceof Error ? err.message : err);
    answer = buildErrorMessage(err, { adId: req.subject });
    // A progress message already in the channel becomes the error, so no stale "Analysing…" stays behind;
    // the asker also gets it privately.
    if (live.messageTs) await live.finish(answer);
    else if (live.usedResponseUrl && (await live.finish(answer))) return;
    await tellUser(ctx, req, answer).catch((e: unknown) => ctx.logger.warn('could not deliver the error message:', e));
    return;
  }
  if (!(await live.finish(answer)))
    await tellUser(ctx, req, answer).catch((e: unknown) => ctx.logger.warn('could not deliver the scorecard:', e));
}

async function tellUser(ctx: BotContext, req: ScoreRequest, message: SlackMessage): Promise<void> {
  if (req.responseUrl) {
    await (ctx.postResponse ?? postJson)(req.responseUrl, { response_type: 'ephemeral', ...message });
    return;
  }
  await req.client.chat.postEphemeral({
    channel: req.channel,
    user: req.userId,
    text: message.text,
    blocks: message.blocks,
  });
}
