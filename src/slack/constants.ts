/**
 * Every Slack id the bot owns, written once. Block builders and listener registration both import from here,
 * so a button's `action_id` and the listener that handles it cannot drift apart.
 */

/** The slash command, exactly as declared in manifest.yml. */
export const SLASH_COMMAND = '/creative-score';

/** `action_id`s of the interactive elements the bot posts. */
export const ACTION_IDS = {
  scale: 'decision_scale',
  kill: 'decision_kill',
  reanalyse: 'reanalyse',
  audience: 'creator_audience',
} as const;

/** `callback_id`s of the modals the bot opens. */
export const CALLBACK_IDS = {
  creatorCookie: 'creator_cookie_modal',
} as const;

/** The cookie input of the "Add Shop creator" modal: the view listener reads `state.values[blockId][actionId]`. */
export const COOKIE_INPUT = { blockId: 'creator_cookie', actionId: 'cookie' } as const;

/** `block_id`s (or their prefixes) of blocks whose payloads listeners read. */
export const BLOCK_IDS = {
  /** the actions block under a scorecard */
  scorecardActions: 'scorecard_actions',
  /** prefix of the one-button sections under a leaderboard; the row index is appended */
  leaderboardDecision: 'leaderboard_decision_',
} as const;
