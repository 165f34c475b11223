import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { CreatorService } from '../../../creators/service.js';
import {
  buildCreatorCookieModal,
  buildCreatorLeaderboardMessage,
  buildCreatorListMessage,
} from '../../blocks/creator.js';
import { buildErrorMessage } from '../../blocks/errors.js';
import { inline, userMention } from '../../blocks/escape.js';
import type { BotContext } from '../../context.js';
import { slackErrorCode } from '../../errors.js';
import { postCreatorLeaderboardMessage } from '../../publish-leaderboard.js';
import { CREATOR_MODE_OFF } from './creator-mode-off.js';
import { respondProgress } from './respond-progress.js';
import type { Handler } from './types.js';

/**
 * `/creative-score creator add|list|remove|leaderboard …`. Adding, listing and removing are for approvers only
 * (anyone else gets an ephemeral refusal and nothing changes); `add` opens a modal so the cookie is never typed
 * into a channel. `leaderboard` is open to everyone and is posted in the channel.
 */
export const creatorCommand: Handler<'creator'> = async ({ ack, command, client, respond, request, ctx }) => {
  const { creators, decisions } = ctx.services;
  if (!creators) {
    await ack(CREATOR_MODE_OFF);
    return;
  }
  const userId = command.user_id;
  const name = request.name ?? '';
  if (request.action !== 'leaderboard' && !decisions.isApprover(userId)) {
    const approvers = decisions.approvers.map(userMention).join(', ');
    await ack({
      response_type: 'ephemeral',
      text: `:no_entry: Only approvers can add, list or remove Shop creators, so nothing was changed. Ask ${approvers}.`,
    });
    return;
  }
  switch (request.action) {
    case 'list':
      await ack({ response_type: 'ephemeral', ...buildCreatorListMessage(creators.listCreators()) });
      return;
    case 'remove':
      try {
        const removed = creators.removeCreator(name);
        await ack({
          response_type: 'ephemeral',
          text: `:wastebasket: Creator *${inline(removed.name, 64)}* and their saved cookie were removed.`,
        });
      } catch (err) {
        await ack({ response_type: 'ephemeral', ...buildErrorMessage(err) });
      }
      return;
    case 'add':
      try {
        creators.assertCanStoreCookies();
      } catch (err) {
        await ack({ response_type: 'ephemeral', ...buildErrorMessage(err) });
        return;
      }
      await ack();
      try {
        await client.views.open({
          trigger_id: command.trigger_id,
          view: buildCreatorCookieModal({ name, channelId: command.channel_id ?? null }),
        });
      } catch (err) {
        ctx.logger.warn(`could not open the creator form: ${slackErrorCode(err) ?? 'error'}`);
        await respond({
          response_type: 'ephemeral',
          text: ':warning: Slack did not open the form for the cookie. Run the command again (the form must open within 3 seconds).',
        }).catch(() => undefined);
      }
      return;
    case 'leaderboard':
      await ack({
        response_type: 'ephemeral',
        text: `Building the leaderboard of creator *${inline(name, 64)}*${request.month ? ` for ${inline(request.month, 10)}` : ''} … it will be posted in this channel.`,
      });
      ctx.background.run(`creator leaderboard ${name}`, () =>
        postCreatorLeaderboard(ctx, creators, {
          client,
          channel: command.channel_id,
          name,
          month: request.month,
          respond,
        }),
      );
      return;
  }
};

/** Builds one creator's leaderboard and posts it in `channel`, reporting progress and errors to the user. */
async function postCreatorLeaderboard(
  ctx: BotContext,
  creators: CreatorService,
  req: { client: WebClient; channel: string; name: string; month: string | null; respond: RespondFn },
): Promise<void> {
  try {
    const report = await creators.creatorLeaderboard(req.name, req.month, {
      onProgress: respondProgress(
        req.respond,
        (analysed, total) => `Building the creator leaderboard … ${analysed} of ${total} videos analysed.`,
      ),
    });
    const { clock, config } = ctx.services;
    const message = buildCreatorLeaderboardMessage(report, { now: clock.now(), weights: config.scoring.weights });
    const posted = await postCreatorLeaderboardMessage(req.client, req.channel, message, ctx.logger);
    if (!posted) await req.respond({ response_type: 'ephemeral', text: message.text, blocks: message.fallbackBlocks });
  } catch (err) {
    ctx.logger.info(`creator leaderboard "${req.name}" failed:`, err instanceof Error ? err.message : err);
    await req.respond({ response_type: 'ephemeral', ...buildErrorMessage(err) }).catch(() => undefined);
  }
}
