import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, types } from '@slack/bolt';
import { NotApproverError } from '../../../decisions/service.js';
import { isUserError } from '../../../errors.js';
import type { Decision } from '../../../store/decisions.js';
import { decisionLine, replaceDecisionBlock } from '../../blocks/decision.js';
import { escapeMrkdwn, userMention } from '../../blocks/escape.js';
import { hasImages, withoutImages } from '../../blocks/images.js';
import type { BotContext } from '../../context.js';
import { slackErrorCode } from '../../errors.js';
import { decodeActionValue, messageBlocksOf } from '../../payloads.js';
import { postJson } from '../../response-url.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/**
 * Kill / Scale: ack → `decisions.record` (who may decide, the snapshot, the row; a repeated press of the same button
 * on the same message adds nothing) → the message updated to show who decided when.
 */
export function decisionAction(ctx: BotContext, decision: Decision) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    try {
      await ack();
    } catch (error) {
      ctx.logger.error(`${decision} action could not be acknowledged:`, error);
      return;
    }
    ctx.background.run(`${decision} press`, () => recordDecision(ctx, decision, { body, action, client }));
  };
}

async function recordDecision(
  ctx: BotContext,
  decision: Decision,
  { body, action, client }: Pick<Args, 'body' | 'action' | 'client'>,
): Promise<void> {
  const value = decodeActionValue(action.value);
  const userId = body.user.id;
  const channelId = body.channel?.id ?? body.container?.channel_id ?? null;
  // A scorecard that reached the user through the response_url (a channel the bot is not in, a DM) is ephemeral:
  // chat.update cannot edit it, Slack sends its blocks back only sometimes, and the bot may not post there.
  const ephemeral = body.container?.is_ephemeral === true;
  const postResponse = ctx.postResponse ?? postJson;
  const tellUser = async (text: string): Promise<void> => {
    if (channelId && !ephemeral) {
      try {
        await client.chat.postEphemeral({ channel: channelId, user: userId, text });
        return;
      } catch (err) {
        if (!body.response_url) throw err;
      }
    }
    if (body.response_url)
      await postResponse(body.response_url, { response_type: 'ephemeral', replace_original: false, text });
  };
  const unreadable = () => ctx.logger.warn(`ignoring ${decision} press with an unreadable value`);
  // The value is the bot's own (Slack signs the payload and echoes it), so a bad one is a bug, not a user: log it.
  if (!value) {
    unreadable();
    return;
  }
  const messageTs = body.message?.ts ?? body.container?.message_ts ?? null;
  let recorded: Awaited<ReturnType<BotContext['services']['decisions']['record']>>;
  try {
    recorded = await ctx.services.decisions.record({
      adId: value.adId,
      videoId: value.videoId,
      decision,
      userId,
      channelId,
      messageTs,
      actionTs: action.action_ts,
    });
  } catch (err) {
    if (err instanceof NotApproverError) {
      const approvers = err.approvers.map(userMention).join(', ');
      await tellUser(
        `:no_entry: Only approvers can log Kill/Scale decisions, so nothing was recorded. Ask ${approvers} to press the button.`,
      );
      return;
    }
    if (isUserError(err) && err.code === 'bad_input') {
      unreadable();
      return;
    }
    throw err;
  }
  const { row } = recorded;
  const line = decisionLine({ decision, userId: row.userId, at: row.createdAt });
  const blocks = messageBlocksOf(body.message);
  if (blocks.length === 0) {
    // Nothing to rebuild the message from (Slack sends no blocks back for an ephemeral message): confirm apart.
    await tellUser(line);
    return;
  }
  const text = `${decision === 'KILL' ? 'Kill' : 'Scale'} logged for ad ${escapeMrkdwn(value.adId)}`;
  const update = async (updated: types.KnownBlock[]): Promise<void> => {
    if (channelId && messageTs && !ephemeral)
      await client.chat.update({ channel: channelId, ts: messageTs, text, blocks: updated });
    else if (body.response_url)
      await postResponse(body.response_url, { replace_original: true, text, blocks: updated });
  };
  const updated = replaceDecisionBlock(blocks, action.block_id, line);
  try {
    await update(updated);
  } catch (err) {
    // Slack fetches the cover again on every edit: a cover link that has expired since fails the whole update.
    if (slackErrorCode(err) !== 'invalid_blocks' || !hasImages(updated)) throw err;
    await update(withoutImages(updated));
  }
}
