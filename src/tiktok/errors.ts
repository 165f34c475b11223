import { UserError, type UserErrorCode } from '../errors.js';

/**
 * TikTok return codes → errors a marketer can act on. The TikTok code and `request_id` stay on the error
 * (for TikTok support); the access token never appears in a message.
 */

/** Codes TikTok sends when the app is asking too fast: back off and retry. */
const RATE_LIMIT_CODES = new Set([40100, 40132, 61000]);
/** Codes for passing server trouble: retry with back-off. */
const SERVER_CODES = new Set([50000, 50002]);

export function isRateLimitCode(code: number): boolean {
  return RATE_LIMIT_CODES.has(code);
}

/** True for the codes worth retrying: rate limits, system errors/time-outs and the 510xx internal errors. */
export function isTransientCode(code: number): boolean {
  return RATE_LIMIT_CODES.has(code) || SERVER_CODES.has(code) || (code >= 51000 && code <= 51099);
}

export interface TikTokErrorDetails {
  /** TikTok's `code`, or null when the failure was not a TikTok answer (network, HTTP status, bad JSON) */
  tiktokCode: number | null;
  /** TikTok's `request_id`, for support tickets */
  requestId: string | null;
  /** the API path that failed, e.g. "ad/get/" */
  endpoint: string;
  httpStatus?: number | null;
}

/** A UserError that also carries what TikTok support needs to trace the call. */
export class TikTokError extends UserError {
  readonly tiktokCode: number | null;
  readonly requestId: string | null;
  readonly endpoint: string;
  readonly httpStatus: number | null;

  constructor(
    code: UserErrorCode,
    message: string,
    hint: string | null,
    details: TikTokErrorDetails,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(code, message, hint, options);
    this.tiktokCode = details.tiktokCode;
    this.requestId = details.requestId;
    this.endpoint = details.endpoint;
    this.httpStatus = details.httpStatus ?? null;
  }
}

const NEW_TOKEN_HINT =
  'Generate a new access token in the TikTok for Business developer portal and set TIKTOK_ACCESS_TOKEN, then try again.';
const REAUTHORISE_HINT =
  'Re-authorise the app for this ad account with the Ads Management + Reporting scopes, then set the new TIKTOK_ACCESS_TOKEN.';

/** TikTok's own message, trimmed to something that fits in a sentence. */
function quote(message: string): string {
  const text = message.replace(/\s+/g, ' ').trim();
  if (text === '') return 'no details given';
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}

function supportSuffix(requestId: string | null): string {
  return requestId ? ` (TikTok request id ${requestId})` : '';
}

export interface TikTokFailure {
  code: number;
  message: string;
  requestId: string | null;
  endpoint: string;
  advertiserId: string;
  httpStatus?: number | null;
}

/** The error for a non-zero TikTok `code` that is not worth retrying (or is no longer). */
export function errorForTikTokCode(f: TikTokFailure): TikTokError {
  const details: TikTokErrorDetails = {
    tiktokCode: f.code,
    requestId: f.requestId,
    endpoint: f.endpoint,
    httpStatus: f.httpStatus ?? null,
  };
  const make = (code: UserErrorCode, message: string, hint: string, retryable = false) =>
    new TikTokError(code, message, hint, details, { retryable });

  switch (f.code) {
    case 40001:
    case 40130:
      return make(
        'tiktok_permission',
        `TikTok says the bot is not allowed to read ad account ${f.advertiserId}: the access token lacks a permission or the account was never authorised for this app.`,
        REAUTHORISE_HINT,
      );
    case 40102:
      return make('tiktok_auth', 'The TikTok access token has expired.', NEW_TOKEN_HINT);
    case 40104:
      return make('tiktok_auth', 'No TikTok access token was sent, so TikTok refused the request.', NEW_TOKEN_HINT);
    case 40105:
      return make('tiktok_auth', 'TikTok rejected the access token: it is wrong or has been revoked.', NEW_TOKEN_HINT);
    case 40000:
    case 40002:
    case 40011:
      return make(
        'tiktok_params',
        `TikTok rejected a request parameter: ${quote(f.message)}`,
        `Check the dates and ids you asked for; if they look right, ask whoever runs the bot to check its logs${supportSuffix(f.requestId)}.`,
      );
    case 40300:
    case 40301:
      return make(
        'tiktok_advertiser',
        `TikTok does not recognise ad account ${f.advertiserId} for this access token.`,
        'Check TIKTOK_ADVERTISER_ID: it is the number after "aadvid=" in the TikTok Ads Manager address.',
      );
    case 40007:
      return make(
        'ad_not_found',
        `TikTok could not find what we asked for in ad account ${f.advertiserId}: ${quote(f.message)}`,
        'Check the ad or video id; it may have been deleted or belong to another ad account.',
      );
    case 40400:
      return make(
        'tiktok_error',
        `TikTok did not recognise the API address the bot called (${f.endpoint}).`,
        'Check TIKTOK_API_BASE_URL: it should end in /open_api/v1.3 (for example https://business-api.tiktok.com/open_api/v1.3).',
      );
    case 60001:
      return make(
        'tiktok_unavailable',
        'TikTok’s API is down for maintenance.',
        'Try again later; TikTok usually finishes maintenance within a few hours.',
        true,
      );
    default:
      if (isRateLimitCode(f.code)) return rateLimitedError(details);
      if (isTransientCode(f.code)) return unavailableError(details, `TikTok error ${f.code}: ${quote(f.message)}`);
      return make(
        'tiktok_error',
        `TikTok returned error ${f.code}: ${quote(f.message)}`,
        `Try again; if it keeps happening, ask whoever runs the bot to check its logs${supportSuffix(f.requestId)}.`,
      );
  }
}

/** Thrown once retries on a rate-limit code are used up. */
export function rateLimitedError(details: TikTokErrorDetails, cause?: unknown): TikTokError {
  return new TikTokError(
    'tiktok_rate_limited',
    'TikTok is limiting how fast the bot may ask for data right now.',
    'Wait a minute and try again; if it keeps happening, lower TIKTOK_MAX_QPS or ask TikTok for a higher API tier.',
    details,
    { retryable: true, cause },
  );
}

/** Thrown once retries on server trouble, HTTP 5xx or network failures are used up. */
export function unavailableError(details: TikTokErrorDetails, what: string, cause?: unknown): TikTokError {
  return new TikTokError(
    'tiktok_unavailable',
    `TikTok’s API is not answering properly at the moment (${what}).`,
    `Try again in a few minutes; if TikTok stays unreachable, check the network and TIKTOK_API_BASE_URL${supportSuffix(details.requestId)}.`,
    details,
    { retryable: true, cause },
  );
}

/** The response did not have the shape we expect: name the field so the log says what changed. */
export function unexpectedResponseError(details: TikTokErrorDetails, what: string): TikTokError {
  return new TikTokError(
    'tiktok_error',
    `TikTok sent an answer the bot could not read from ${details.endpoint}: ${what}.`,
    `TikTok may have changed its API; ask whoever runs the bot to check its logs${supportSuffix(details.requestId)}.`,
    details,
  );
}
