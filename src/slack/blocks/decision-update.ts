import type { types } from '@slack/bolt';
import { LIMITS } from './limits.js';

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
