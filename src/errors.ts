/**
 * An error a user may see. `message` is plain language for a marketer; `hint` says what to do.
 * The core throws these; the doors (Slack, CLI) render them. Never put a secret in either field.
 */
export type UserErrorCode =
  | 'bad_input'
  | 'ad_not_found'
  | 'not_a_video'
  | 'tiktok_auth'
  | 'tiktok_permission'
  | 'tiktok_params'
  | 'tiktok_advertiser'
  | 'tiktok_rate_limited'
  | 'tiktok_unavailable'
  | 'tiktok_error'
  | 'video_download_failed'
  | 'mavera_auth'
  | 'mavera_credits'
  | 'mavera_budget'
  | 'mavera_rate_limited'
  | 'mavera_unavailable'
  | 'mavera_failed'
  | 'mavera_timeout'
  | 'mavera_error'
  | 'creators_disabled'
  | 'creator_cookie_expired'
  | 'creator_not_found'
  | 'tikomni_error'
  | 'not_allowed'
  | 'bot_restarting'
  | 'config';

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: UserErrorCode,
    message: string,
    readonly hint: string | null = null,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options?.retryable ?? false;
  }
  readonly retryable: boolean;
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** The text a user sees for any error: the plain message and hint for a UserError, a generic line otherwise. */
export function describeError(e: unknown): { message: string; hint: string | null; code: string } {
  if (isUserError(e)) return { message: e.message, hint: e.hint, code: e.code };
  return {
    message: 'Something went wrong on our side.',
    hint: 'Try again in a minute; if it keeps happening, ask whoever runs the bot to check its logs.',
    code: 'internal',
  };
}

/**
 * The process is stopping: the work is paused and resumes at the next start (durable jobs, nothing paid twice).
 * The engine throws it with the hint for a direct caller; the Slack door answers with its own (the scorecard follows).
 */
export class RestartingError extends UserError {
  constructor(
    hint = 'It resumes by itself when the bot is back; ask again then (the video will not be uploaded again).',
    options: { cause?: unknown } = {},
  ) {
    super('bot_restarting', 'The bot is restarting, so this analysis was paused.', hint, options);
  }
}
