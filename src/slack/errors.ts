/**
 * Reading Slack's errors: Web API errors and response_url refusals both carry Slack's reason in `data.error`
 * (`not_in_channel`, `invalid_blocks` …). The error objects come from @slack/web-api and our own postJson, so they
 * are read defensively, as unknown.
 */

/** Errors that mean "the bot cannot post in this conversation": fall back to the command's response_url. */
export const CANNOT_POST = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'cannot_dm_bot',
]);

/** True when Slack refused a post because the bot cannot post in that conversation. */
export function cannotPost(err: unknown): boolean {
  const code = slackErrorCode(err);
  return code !== null && CANNOT_POST.has(code);
}

/** Slack's error code (`not_in_channel`, `invalid_blocks` …), or null for any other error. */
export function slackErrorCode(err: unknown): string | null {
  const data = (err as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : null;
}

/** The Retry-After of a rate-limited Web API call, in ms; null when the error has none. */
export function retryAfterMs(err: unknown): number | null {
  const s = (err as { retryAfter?: unknown } | null)?.retryAfter;
  return typeof s === 'number' ? s * 1000 : null;
}
