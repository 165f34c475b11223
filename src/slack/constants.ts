import { LIMITS } from './blocks/limits.js';

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

export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/** `callback_id`s of the modals the bot opens. */
export const CALLBACK_IDS = {
  creatorCookie: 'creator_cookie_modal',
} as const;

export type CallbackId = (typeof CALLBACK_IDS)[keyof typeof CALLBACK_IDS];

/** The cookie input of the "Add Shop creator" modal: the view listener reads `state.values[blockId][actionId]`. */
export const COOKIE_INPUT = { blockId: 'creator_cookie', actionId: 'cookie' } as const;

/** `block_id`s (or their prefixes) of blocks whose payloads listeners read. */
export const BLOCK_IDS = {
  /** the actions block under a scorecard */
  scorecardActions: 'scorecard_actions',
  /** prefix of the one-button sections under a leaderboard; the row index is appended */
  leaderboardDecision: 'leaderboard_decision_',
} as const;

/**
 * What a Scale / Kill / Re-analyse / Audience button carries in its `value`: compact JSON `{"a":adId,"v":videoId}`.
 * `v` is left out when unknown. Slack caps a button value at 2000 characters.
 */
export interface ActionValue {
  adId: string;
  videoId: string | null;
}

/** Encodes a button value; null when even the ad id alone would not fit (the caller then omits the button). */
export function encodeActionValue(value: ActionValue): string | null {
  const full = JSON.stringify(value.videoId === null ? { a: value.adId } : { a: value.adId, v: value.videoId });
  if (full.length <= LIMITS.buttonValue) return full;
  const adOnly = JSON.stringify({ a: value.adId });
  return adOnly.length <= LIMITS.buttonValue ? adOnly : null;
}

/** Decodes a button value written by `encodeActionValue`; null for anything else. */
export function decodeActionValue(raw: string | null | undefined): ActionValue | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > LIMITS.buttonValue) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { a, v } = parsed as { a?: unknown; v?: unknown };
  if (typeof a !== 'string' || a.length === 0) return null;
  if (v !== undefined && typeof v !== 'string') return null;
  return { adId: a, videoId: typeof v === 'string' ? v : null };
}
