import { inline } from '../../blocks/escape.js';
import { runScoreRequest } from '../../score-request.js';
import { CREATOR_MODE_OFF } from './creator-mode-off.js';
import type { Handler } from './types.js';

/**
 * `/creative-score <TikTok link | video:<item_id>>`: acks at once, then scores the video through the same request
 * runner as ads (live progress message, cache, Scale / Kill / Re-analyse / Audience buttons, plain errors).
 */
export const organicCommand: Handler<'organic'> = async ({ ack, command, client, request, ctx }) => {
  const { creators } = ctx.services;
  if (!creators) {
    await ack(CREATOR_MODE_OFF);
    return;
  }
  const { reference, refresh } = request;
  const subject = reference.kind === 'item_id' ? `video:${reference.itemId}` : reference.url;
  await ack({
    response_type: 'ephemeral',
    text: `Scoring TikTok video \`${inline(subject, 200)}\`${refresh ? ' (fresh analysis)' : ''} … the scorecard will appear in this channel.`,
  });
  ctx.background.run(`score ${subject}`, () =>
    runScoreRequest(ctx, {
      client,
      channel: command.channel_id,
      userId: command.user_id,
      responseUrl: command.response_url ?? null,
      subject,
      score: (onProgress) => creators.scoreVideo(reference, { refresh, onProgress }),
    }),
  );
};
