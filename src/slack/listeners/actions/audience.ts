import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { UserError } from '../../../errors.js';
import { buildAudienceMessage } from '../../blocks/creator.js';
import { buildErrorMessage } from '../../blocks/errors.js';
import type { SlackMessage } from '../../blocks/types.js';
import type { BotContext } from '../../context.js';
import { decodeActionValue } from '../../payloads.js';
import { postJson } from '../../response-url.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/**
 * Audience (on an organic video's scorecard): the video's completion-rate series and gender / age / region split
 * from its creator's TikTok Shop back office, shown to the person who pressed it only.
 */
export function audienceAction(ctx: BotContext) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    try {
      await ack();
      const value = decodeActionValue(action.value);
      if (!value?.adId.startsWith('video:')) {
        ctx.logger.warn('ignoring an Audience press with an unreadable value');
        return;
      }
      const itemId = value.videoId ?? value.adId.slice('video:'.length);
      const userId = body.user.id;
      const channel = body.channel?.id ?? body.container?.channel_id ?? null;
      ctx.background.run(`audience ${itemId}`, async () => {
        let message: SlackMessage;
        try {
          const { creators } = ctx.services;
          if (!creators) throw creatorModeOff();
          message = buildAudienceMessage(await creators.audience(itemId));
        } catch (err) {
          ctx.logger.info(`audience of video ${itemId} failed:`, err instanceof Error ? err.message : err);
          message = buildErrorMessage(err);
        }
        try {
          if (!channel) throw new Error('no channel');
          await client.chat.postEphemeral({ channel, user: userId, text: message.text, blocks: message.blocks });
        } catch (err) {
          if (!body.response_url) throw err;
          await (ctx.postResponse ?? postJson)(body.response_url, {
            response_type: 'ephemeral',
            replace_original: false,
            text: message.text,
            blocks: message.blocks,
          });
        }
      });
    } catch (error) {
      ctx.logger.error('audience action failed:', error);
    }
  };
}

/** An Audience button left on a scorecard from before creator mode was turned off. */
function creatorModeOff(): UserError {
  return new UserError(
    'creators_disabled',
    'Audience numbers are not available on this bot: creator mode is off.',
    'Whoever runs the bot can turn it on by setting TIKOMNI_API_KEY and CREATOR_COOKIE_KEY.',
  );
}
