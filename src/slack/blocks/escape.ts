import type { types } from '@slack/bolt';
import { clampMrkdwn, LIMITS, nonEmpty } from './limits.js';

/**
 * Everything that turns a string into Slack text goes through here. Untrusted strings (ad names, Mavera
 * assessments, API error texts, insights) are escaped before they meet mrkdwn, so `<!channel>` or
 * `<https://evil|click>` inside an ad name shows as text instead of pinging a channel or faking a link.
 */

/** Escapes exactly the three characters mrkdwn treats as control characters, `&` first. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * An untrusted string made safe for any Slack text object: escaped, clamped to `max` characters *after*
 * escaping (never ending inside an entity) and never empty. plain_text gets the same escaping, so no raw
 * `<!channel>` appears anywhere in a payload; Slack shows `&lt;` in plain_text as `<`.
 */
export function plain(text: string, max: number = LIMITS.textObject): string {
  return nonEmpty(clampMrkdwn(escapeMrkdwn(text.trim()), max));
}

/** An untrusted value to put inside a longer mrkdwn text: whitespace folded to single spaces, then `plain`. */
export function inline(text: string | null | undefined, max: number = LIMITS.inlineValue): string {
  if (text === null || text === undefined) return '—';
  return plain(text.replace(/\s+/g, ' '), max);
}

/** A plain_text object from an untrusted (or any) string. */
export function plainText(text: string, max: number = LIMITS.textObject): types.PlainTextElement {
  return { type: 'plain_text', text: plain(text, max), emoji: true };
}

/**
 * A mrkdwn object for text the caller has already built from escaped parts. `verbatim: true` stops Slack from
 * auto-linking or promoting anything in it.
 */
export function mrkdwn(text: string, max: number = LIMITS.textObject): types.MrkdwnElement {
  return { type: 'mrkdwn', text: clampMrkdwn(nonEmpty(text), max), verbatim: true };
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** `<@U123>` for a well-formed Slack user id; the escaped text otherwise (never a control sequence from input). */
export function userMention(userId: string): string {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/** "2025-01-07 14:03 UTC": the fallback for `<!date>` and the terminal rendering. */
export function utcStamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * A date Slack shows in each reader's own time zone: `<!date^1736258580^{date_short_pretty} {time}|2025-01-07 14:03 UTC>`.
 * Times before 1970 or not finite fall back to the plain text.
 */
export function slackDate(ms: number, format = '{date_short_pretty} {time}'): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  return `<!date^${Math.floor(ms / 1000)}^${format}|${utcStamp(ms)}>`;
}

/** How a scoring subject is named: "ad 178…" for ad ids, "TikTok video 74…" for `video:<id>`, "TikTok video" for links. */
export function subjectLabel(subject: string): string {
  if (subject.startsWith('video:')) return `TikTok video ${subject.slice('video:'.length)}`;
  if (/^<?https?:/i.test(subject)) return 'TikTok video';
  return `ad ${subject}`;
}
