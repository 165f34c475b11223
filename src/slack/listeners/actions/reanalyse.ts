import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodeActionValue } from '../../constants.js';
import type { BotContext } from '../../context.js';
import { runScoreRequest } from '../commands/score-ad.js';

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
      const organicScore = ctx.features.scoreOrganic;
      if (organic && !organicScore) return;
      ctx.background.run(`reanalyse ${value.adId}`, () =>
        runScoreRequest(ctx, {
          client,
          channel,
          userId: body.user.id,
          responseUrl: body.response_url ?? null,
          subject: value.adId,
          score: (onProgress) =>
            organic && organicScore
              ? organicScore(
                  { kind: 'item_id', itemId: value.adId.slice('video:'.length) },
                  { refresh: true, onProgress },
                )
              : ctx.services.ads.scoreAd(value.adId, { refresh: true, onProgress }),
        }),
      );
    } catch (error) {
      ctx.logger.error('re-analyse action failed:', error);
    }
  };
}
