import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { BotContext } from '../../context.js';
import { decodeActionValue } from '../../payloads.js';
import { runScoreRequest } from '../../score-request.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** Re-analyse: scores the ad again with a fresh Mavera analysis (a new upload and new credits). */
export function reanalyseAction(ctx: BotContext) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    try {
      await ack();
      const value = decodeActionValue(action.value);
      const channel = body.channel?.id ?? body.container?.channel_id;
      if (!value || !channel) return;
      const organic = value.adId.startsWith('video:');
      const { creators, ads } = ctx.services;
      // An organic video's scorecard outlives creator mode being turned off: nothing can re-analyse it then.
      if (organic && !creators) return;
      ctx.background.run(`reanalyse ${value.adId}`, () =>
        runScoreRequest(ctx, {
          client,
          channel,
          userId: body.user.id,
          responseUrl: body.response_url ?? null,
          subject: value.adId,
          score: (onProgress) =>
            organic && creators
              ? creators.scoreVideo(
                  { kind: 'item_id', itemId: value.adId.slice('video:'.length) },
                  { refresh: true, onProgress },
                )
              : ads.scoreAd(value.adId, { refresh: true, onProgress }),
        }),
      );
    } catch (error) {
      ctx.logger.error('re-analyse action failed:', error);
    }
  };
}
