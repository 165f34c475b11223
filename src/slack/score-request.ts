import type { WebClient } from '@slack/web-api';
import type { ProgressEvent, ScoreResult } from '../analysis/types.js';
import { parseVideoReference } from '../creators/links.js';
import { RestartingError } from '../errors.js';
import { buildErrorMessage } from './blocks/errors.js';
import { buildProgressMessage } from './blocks/progress.js';
import { buildScorecardMessage } from './blocks/scorecard.js';
import type { SlackMessage } from './blocks/types.js';
import type { BotContext } from './context.js';
import { LiveMessage } from './live-message.js';
import { postJson } from './response-url.js';

export interface ScoreRequest {
  client: WebClient;
  channel: string;
  userId: string;
  responseUrl: string | null;
  /** the ad id, or `video:<item_id>` for organic videos */
  subject: string;
  /** runs the core service, reporting progress */
  score: (onProgress: (event: ProgressEvent) => void) => Promise<ScoreResult>;
  /** the pending-reply row when this request is answered again after a restart */
  pendingId?: number;
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
  const { pendingReplies } = ctx.services.store;
  const pendingId =
    req.pendingId ??
    pendingReplies.add(
      { subject: req.subject, channelId: req.channel, userId: req.userId, responseUrl: req.responseUrl },
      startedAt,
    );
  let answer: SlackMessage;
  try {
    const result = await req.score((event) =>
      live.progress(buildProgressMessage({ adId: req.subject, event, startedAt, now: clock.now() })),
    );
    answer = buildScorecardMessage(result, { now: clock.now() });
  } catch (err) {
    ctx.logger.info(`scoring ${req.subject} for ${req.userId} failed:`, err instanceof Error ? err.message : err);
    // A restart keeps the request open: the next start answers it with the resumed analysis.
    const restarting = err instanceof RestartingError;
    answer = buildErrorMessage(restarting ? RESTARTING : err, { adId: req.subject });
    if (!restarting) pendingReplies.markDelivered(pendingId, clock.now());
    // A progress message already in the channel becomes the error, so no stale "Analysing…" stays behind;
    // the asker also gets it privately.
    if (live.messageTs) await live.finish(answer);
    else if (live.usedResponseUrl && (await live.finish(answer))) return;
    await tellUser(ctx, req, answer).catch((e: unknown) => ctx.logger.warn('could not deliver the error message:', e));
    return;
  }
  pendingReplies.markDelivered(pendingId, clock.now());
  if (!(await live.finish(answer)))
    await tellUser(ctx, req, answer).catch((e: unknown) => ctx.logger.warn('could not deliver the scorecard:', e));
}

const RESTARTING = new RestartingError(
  'The scorecard will be posted here by itself when the bot is back; the video is not uploaded again.',
);

/** How long after a restart a waiting scorecard is still worth posting. */
const REPLY_MAX_AGE_MS = 24 * 3600_000;

/**
 * At start-up: answers the scoring requests a stopped bot left unanswered. Their analyses resume in the engine
 * (single-flight joins them), so this posts the scorecard without a second upload.
 */
export function answerPendingReplies(ctx: BotContext, client: WebClient): number {
  const { store, clock, ads, creators } = ctx.services;
  const open = store.pendingReplies.takeOpen(clock.now(), REPLY_MAX_AGE_MS);
  for (const reply of open) {
    // An organic video was asked for as `video:<item_id>` or by its TikTok link; anything else is an ad id.
    const video = parseVideoReference(reply.subject);
    if (video && !creators) {
      // Creator mode was turned off since: nothing can answer it.
      store.pendingReplies.markDelivered(reply.id, clock.now());
      continue;
    }
    ctx.background.run(`answer ${reply.subject} after restart`, () =>
      runScoreRequest(ctx, {
        client,
        channel: reply.channelId,
        userId: reply.userId,
        responseUrl: reply.responseUrl,
        subject: reply.subject,
        pendingId: reply.id,
        score: (onProgress) =>
          video && creators ? creators.scoreVideo(video, { onProgress }) : ads.scoreAd(reply.subject, { onProgress }),
      }),
    );
  }
  return open.length;
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
