import type { types } from '@slack/bolt';

/** What the Block Kit builders return and the doors post. */

export interface SlackMessage {
  /** notification fallback; escaped like the blocks */
  text: string;
  blocks: types.KnownBlock[];
}

export interface LeaderboardMessage extends SlackMessage {
  /**
   * The same message with the `table` block replaced by a code-block table in a section, for a workspace or
   * surface that rejects `table` (post `blocks` first; on `invalid_blocks`, post these).
   */
  fallbackBlocks: types.KnownBlock[];
}
