import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { CreatorSummary } from '../../../creators/types.js';
import { describeError } from '../../../errors.js';
import { buildCreatorAddedMessage } from '../../blocks/creator.js';
import { buildErrorMessage } from '../../blocks/errors.js';
import { clampText } from '../../blocks/limits.js';
import type { SlackMessage } from '../../blocks/types.js';
import { COOKIE_INPUT } from '../../constants.js';
import type { BotContext } from '../../context.js';
import { decodeCookieModalMetadata } from '../../payloads.js';

type Args = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

/** Slack wants a view submission answered within 3 s; checking the cookie with TikTok must fit in this. */
export const COOKIE_CHECK_BUDGET_MS = 2_500;
const MODAL_ERROR_CHARS = 1_000;

type Outcome = { ok: true; creator: CreatorSummary } | { ok: false; error: unknown };

/**
 * Submission of the "Add Shop creator" modal. The cookie is checked with TikTok and stored encrypted; a cookie that
 * is refused (or TikOmni being down) is shown as an error in the modal and nothing is stored. The confirmation goes
 * to the approver alone (ephemeral, or a DM) and never contains the cookie. When the check takes longer than Slack
 * waits, the modal closes and the outcome follows as a message.
 */
export function creatorCookieView(ctx: BotContext) {
  return async ({ ack, body, view, client }: Args): Promise<void> => {
    try {
      const userId = body.user.id;
      const meta = decodeCookieModalMetadata(view.private_metadata);
      const cookie = view.state.values[COOKIE_INPUT.blockId]?.[COOKIE_INPUT.actionId]?.value ?? '';
      const refuse = (text: string) =>
        ack({ response_action: 'errors', errors: { [COOKIE_INPUT.blockId]: clampText(text, MODAL_ERROR_CHARS) } });
      if (!meta) {
        await refuse('This form is out of date. Close it and run `/creative-score creator add <name>` again.');
        return;
      }
      const { creators, decisions } = ctx.services;
      if (!creators) {
        await refuse('Creator mode is off on this bot, so nothing was saved. Whoever runs it can set TIKOMNI_API_KEY.');
        return;
      }
      if (!decisions.isApprover(userId)) {
        await refuse('Only approvers can add Shop creators, so nothing was saved.');
        return;
      }
      const adding: Promise<Outcome> = creators.addCreator(meta.name, cookie, userId).then(
        (creator) => ({ ok: true, creator }),
        (error: unknown) => ({ ok: false, error }),
      );
      const outcome = await within(adding, COOKIE_CHECK_BUDGET_MS);
      if (outcome === null) {
        await ack();
        ctx.background.run('add creator', async () => {
          const late = await adding;
          await tell(ctx, client, meta.channelId, userId, messageOf(late));
        });
        return;
      }
      if (!outcome.ok) {
        const { message, hint } = describeError(outcome.error);
        ctx.logger.info(`creator "${meta.name}" not added: ${message}`);
        await refuse(hint ? `${message} ${hint}` : message);
        return;
      }
      await ack();
      const confirmation = buildCreatorAddedMessage(outcome.creator);
      ctx.background.run('confirm creator', () => tell(ctx, client, meta.channelId, userId, confirmation));
    } catch (error) {
      ctx.logger.error('creator cookie form failed:', error);
    }
  };
}

function messageOf(outcome: Outcome): SlackMessage {
  return outcome.ok ? buildCreatorAddedMessage(outcome.creator) : buildErrorMessage(outcome.error);
}

/** The promise's value, or null when it takes longer than `ms` (it keeps running). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** An ephemeral message in the channel the command came from, else a DM from the bot. */
async function tell(
  ctx: BotContext,
  client: WebClient,
  channelId: string | null,
  userId: string,
  message: SlackMessage,
): Promise<void> {
  if (channelId) {
    try {
      await client.chat.postEphemeral({ channel: channelId, user: userId, text: message.text, blocks: message.blocks });
      return;
    } catch (err) {
      ctx.logger.warn('could not confirm the creator in the channel; sending a DM instead:', err);
    }
  }
  await client.chat.postMessage({ channel: userId, text: message.text, blocks: message.blocks });
}
