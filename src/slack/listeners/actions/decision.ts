import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, types } from '@slack/bolt';
import { replaceDecisionBlock } from '../../blocks/decision-update.js';
import { userMention } from '../../blocks/escape.js';
import { decisionLine } from '../../blocks/scorecard.js';
import { decodeActionValue } from '../../constants.js';
import { type BotContext, isApprover } from '../../context.js';
import { postJson } from '../../message-channel.js';
import { decisionSnapshot } from './snapshot.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/**
 * Kill / Scale: checks the user is an approver, records one decision row (a repeated press of the same button on
 * the same message adds nothing), and updates the message to show who decided when.
 */
export function decisionAction(ctx: BotContext, decision: 'SCALE' | 'KILL') {
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
  decision: 'SCALE' | 'KILL',
  { body, action, client }: Pick<Args, 'body' | 'action' | 'client'>,
): Promise<void> {
  const value = decodeActionValue(action.value);
  const userId = body.user.id;
  const channelId = body.channel?.id ?? body.container?.channel_id ?? null;
  if (!value) {
    ctx.logger.warn(`ignoring ${decision} press with an unreadable value`);
    return;
  }
  if (!isApprover(ctx.services, userId)) {
    const approvers = ctx.services.config.slack.decisionApprovers.map(userMention).join(', ');
    const text = `:no_entry: Only approvers can log Kill/Scale decisions, so nothing was recorded. Ask ${approvers} to press the button.`;
    if (channelId) await client.chat.postEphemeral({ channel: channelId, user: userId, text });
    else if (body.response_url)
      await (ctx.postResponse ?? postJson)(body.response_url, {
        response_type: 'ephemeral',
        replace_original: false,
        text,
      });
    return;
  }
  const snapshot = await decisionSnapshot(ctx, value.adId, value.videoId);
  const messageTs = body.message?.ts ?? body.container?.message_ts ?? null;
  const { row, created } = ctx.services.store.decisions.record(
    {
      adId: value.adId,
      adName: snapshot.adName,
      videoId: value.videoId,
      decision,
      userId,
      channelId,
      messageTs,
      actionTs: action.action_ts,
      snapshot,
    },
    ctx.services.clock.now(),
  );
  ctx.logger.info(`${decision} ${created ? 'logged' : 'already logged'} for ad ${value.adId} by ${userId}`);
  const blocks = (body.message?.blocks ?? []) as types.KnownBlock[];
  if (blocks.length === 0) return;
  const line = decisionLine({ decision, userId: row.userId, at: row.createdAt });
  const updated = replaceDecisionBlock(blocks, action.block_id, line);
  const text = `${decision === 'KILL' ? 'Kill' : 'Scale'} logged for ad ${value.adId}`;
  if (channelId && messageTs && body.container?.is_ephemeral !== true)
    await client.chat.update({ channel: channelId, ts: messageTs, text, blocks: updated });
  else if (body.response_url)
    await (ctx.postResponse ?? postJson)(body.response_url, { replace_original: true, text, blocks: updated });
}
