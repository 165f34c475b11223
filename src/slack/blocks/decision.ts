import type { types } from '@slack/bolt';
import type { Decision } from '../../store/decisions.js';
import { ACTION_IDS } from '../constants.js';
import { encodeActionValue } from '../payloads.js';
import { plainText, slackDate, userMention } from './escape.js';
import { LIMITS } from './limits.js';

/** The pieces of a Scale / Kill decision on a message: the buttons, the "logged by" line, and the update after a press. */

export interface LoggedDecision {
  decision: Decision;
  userId: string;
  /** ms epoch */
  at: number;
}

/** What a Scale / Kill button acts on. */
export interface DecisionTarget {
  adId: string;
  adName: string;
  videoId: string | null;
}

const DECISION_WORDS: Record<Decision, { label: string; past: string }> = {
  SCALE: { label: 'Scale', past: 'Scale' },
  KILL: { label: 'Kill', past: 'Kill' },
};

/**
 * A Scale or Kill button with a confirm dialog; null when the ad id is too long for a button value.
 * Shared with the leaderboard so both post the same action ids and value format.
 */
export function decisionButton(decision: Decision, target: DecisionTarget): types.Button | null {
  const value = encodeActionValue({ adId: target.adId, videoId: target.videoId });
  if (value === null) return null;
  const scale = decision === 'SCALE';
  return {
    type: 'button',
    action_id: scale ? ACTION_IDS.scale : ACTION_IDS.kill,
    text: plainText(DECISION_WORDS[decision].label, LIMITS.buttonText),
    style: scale ? 'primary' : 'danger',
    value,
    confirm: {
      title: plainText(scale ? 'Scale this ad?' : 'Kill this ad?', LIMITS.confirmTitle),
      text: plainText(
        `Log a ${decision} decision for “${target.adName}” (ad ${target.adId})? Nothing changes in TikTok; the decision is recorded for the team.`,
        LIMITS.confirmText,
      ),
      confirm: plainText(scale ? 'Log Scale' : 'Log Kill', LIMITS.confirmButton),
      deny: plainText('Cancel', LIMITS.confirmButton),
      style: scale ? 'primary' : 'danger',
    },
  };
}

/** "Kill logged by <@U123> at <!date…>" */
export function decisionLine(decision: LoggedDecision): string {
  return `:white_check_mark: ${DECISION_WORDS[decision.decision].past} logged by ${userMention(decision.userId)} at ${slackDate(decision.at)}`;
}

/**
 * After a Kill/Scale press: the message's blocks with the pressed block's buttons replaced by the logged-decision
 * line. Actions blocks become a context line; a section with a button accessory keeps its text and loses the button.
 * Pure: the blocks come from the interaction payload (our own message), nothing is re-fetched.
 */
export function replaceDecisionBlock(
  blocks: readonly types.KnownBlock[],
  blockId: string,
  line: string,
): types.KnownBlock[] {
  const context: types.ContextBlock = {
    type: 'context',
    block_id: `${blockId}_logged`.slice(0, LIMITS.blockId),
    elements: [{ type: 'mrkdwn', text: line.slice(0, LIMITS.textObject) }],
  };
  return blocks.map((block) => {
    if (block.block_id !== blockId) return block;
    if (block.type === 'section') {
      const { accessory: _dropped, ...rest } = block;
      const text = rest.text?.type === 'mrkdwn' ? `${rest.text.text}\n${line}` : undefined;
      // Keep the text object as it was (verbatim: true stops Slack from parsing the ad name in it).
      return text && rest.text && text.length <= LIMITS.sectionText
        ? { ...rest, text: { ...rest.text, text } }
        : context;
    }
    return context;
  });
}
