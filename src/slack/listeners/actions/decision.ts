import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs, types } from '@slack/bolt';
import { replaceDecisionBlock } from '../../blocks/decision-update.js';
import { escapeMrkdwn, userMention } from '../../blocks/escape.js';
import { hasImages, withoutImages } from '../../blocks/images.js';
import { decisionLine } from '../../blocks/scorecard.js';
import { decodeActionValue } from '../../constants.js';
import { type BotContext, isApprover } from '../../context.js';
import { postJson, slackErrorCode } from '../../message-channel.js';
import { decisionSnapshot } from './snapshot.js';

type Args = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** What a Scale / Kill button can be about: a TikTok ad id, or `video:<item_id>` for an organic video. */
const DECIDABLE = /^(\d{5,25}|video:\d{6,25})$/;

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
  // The value is the bot's own (Slack signs the payload and echoes it), so a bad one is a bug, not a user: log it.
  if (!value || !DECIDABLE.test(value.adId)) {
    ctx.logger.warn(`ignoring ${decision} press with an unreadable value`);
    return;
  }
  if (!isApprover(ctx.services, userId)) {
    const approvers = ctx.services.config.slack.decisionApprovers.map(userMention).join(', ');
    await tellUser(
      `:no_entry: Only approvers can log Kill/Scale decisions, so nothing was recorded. Ask ${approvers} to press the button.`,
    );
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
  const line = decisionLine({ decision, userId: row.userId, at: row.createdAt });
  const blocks = (body.message?.blocks ?? []) as types.KnownBlock[];
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
