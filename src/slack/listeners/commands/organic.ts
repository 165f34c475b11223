import type { CreatorService } from '../../../creators/service.js';
import { inline } from '../../blocks/escape.js';
import type { FeatureCommand } from '../../context.js';
import { runScoreRequest } from './score-ad.js';

/**
 * `/creative-score <TikTok link | video:<item_id>>`: acks at once, then scores the video through the same request
 * runner as ads (live progress message, cache, Scale / Kill / Re-analyse / Audience buttons, plain errors).
 */
export function organicCommand(creators: CreatorService): FeatureCommand {
  return async ({ ack, command, client, request, ctx }) => {
    if (request.kind !== 'organic') {
      await ack();
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
}
