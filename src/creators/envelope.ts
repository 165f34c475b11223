import { UserError } from '../errors.js';
import { redact } from '../util/logger.js';
import { isRecord, missingField, toNumber } from './parse.js';

/**
 * TikOmni's response envelope: `{ code, request_id, message, …, cache_url, router, params, data }`.
 * This module turns one HTTP answer into the payload, or into a classified failure (a UserError plus whether a
 * retry may help). It also strips the parts that must never be stored or logged.
 */

/** What the client is asking for, as far as reading the answer is concerned. */
export interface RequestContext {
  /** for messages: "TikTok video 123", "the video list of creator \"ava\"" */
  what: string;
  /** set on TikTok-Creator routes (cookie-authenticated) */
  creator: { name: string | null; cookie: string } | null;
  /** last path segment, e.g. fetch_one_video */
  route: string;
  /** App-V3 public video routes */
  videoRoute: boolean;
  /** strings to remove from any server message (cookie, API key) */
  secrets: readonly string[];
}

/** One answer: the payload, or a failure the retry helper (util/retry.ts) reads. */
export type Outcome =
  | { ok: true; value: unknown }
  | { ok: false; error: UserError; retryable: boolean; retryAfterMs: number | null; reason: string };

const STRIPPED_KEYS = new Set(['params', 'cache_url', 'cookie']);
export const TRY_LATER = 'TikOmni may be having trouble; try again in a few minutes.';

/**
 * A copy of a TikOmni body that is safe to store, return raw or log: `params` (which echoes the creator's cookie),
 * `cache_url` (readable by anyone for 24 h) and any `cookie` field are removed at every depth, and each of
 * `secrets` is replaced by `[redacted]` wherever it appears in a string.
 */
export function stripEnvelope<T>(body: T, secrets: readonly string[] = []): T {
  const present = secrets.filter((s) => s.length > 0);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return present.reduce((s, secret) => s.split(secret).join('[redacted]'), v);
    if (Array.isArray(v)) return v.map(walk);
    if (!isRecord(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(v)) if (!STRIPPED_KEYS.has(k)) out[k] = walk(value);
    return out;
  };
  return walk(body) as T;
}

/**
 * Reads one HTTP answer. Success needs HTTP 2xx, an outer `code` of 200 and, when the payload carries its own
 * status, `data.code` 0/200 and `data.status_code` 0; nested `data.data` is unwrapped.
 * `body` is the parsed JSON (for logging after `stripEnvelope`), null when the answer was not JSON.
 */
export function readAnswer(
  ctx: RequestContext,
  status: number,
  text: string,
  retryAfterMs: number | null,
): { outcome: Outcome; body: Record<string, unknown> | null } {
  const json = parseJson(text);
  const body = isRecord(json) ? json : null;
  const message = sanitizeMessage(messageOf(body), ctx.secrets);
  if (status < 200 || status >= 300) return { outcome: statusFailure(ctx, status, message, retryAfterMs), body };
  if (!body) {
    return { outcome: fail('not JSON', `TikOmni's answer for ${ctx.what} is not JSON.`, TRY_LATER), body };
  }
  const code = toNumber(body.code);
  if (code === null) return { outcome: { ...failed(missingField(ctx.what, 'code')), reason: 'no code' }, body };
  // The outer `code` mirrors an HTTP status; a 200 OK carrying another code is treated as that status.
  if (code !== 200) return { outcome: statusFailure(ctx, code, message, retryAfterMs), body };
  return { outcome: unwrap(ctx, body.data), body };
}

function unwrap(ctx: RequestContext, data: unknown): Outcome {
  let d = data;
  let path = 'data';
  for (let depth = 0; depth < 4; depth++) {
    if (!isRecord(d)) return { ...failed(missingField(ctx.what, path)), reason: `no ${path}` };
    const code = toNumber(d.code);
    const statusCode = toNumber(d.status_code);
    if (code !== null && code !== 0 && code !== 200) return innerFailure(ctx, code, false, innerMessage(d, ctx));
    if (statusCode !== null && statusCode !== 0) return innerFailure(ctx, statusCode, true, innerMessage(d, ctx));
    const nested = 'code' in d || 'status_code' in d ? d.data : undefined;
    if (nested === undefined) return { ok: true, value: d };
    d = nested;
    path += '.data';
  }
  return { ok: true, value: d };
}

function innerMessage(d: Record<string, unknown>, ctx: RequestContext): string | null {
  return sanitizeMessage(toText(d.message) ?? toText(d.msg) ?? toText(d.status_msg), ctx.secrets);
}

/**
 * Signs that TikTok refused the creator's cookie. TikOmni documents none; these are the shapes TikTok's web back
 * office and TikHub-style proxies use: inner `code` 10001 ("login required") or 10000, TikTok's `status_code` 8
 * ("user not logged in"), or an upstream message saying so (often inside an HTTP 400).
 */
const LOGIN_REQUIRED_CODES = new Set([10000, 10001]);
const LOGIN_MESSAGE =
  /(not|no longer) logged in|log ?in (is )?(required|expired|has expired)|need(s)? (to )?log ?in|please log ?in|session (has )?expired|(cookie|session)[^.]{0,30}(invalid|expired)|(invalid|expired)[^.]{0,30}(cookie|session)/i;

function looksLikeLoginFailure(message: string | null): boolean {
  return message !== null && LOGIN_MESSAGE.test(message);
}

function innerFailure(ctx: RequestContext, code: number, isStatusCode: boolean, message: string | null): Outcome {
  const loginCode = isStatusCode ? code === 8 : LOGIN_REQUIRED_CODES.has(code);
  if (ctx.creator && (loginCode || looksLikeLoginFailure(message))) {
    return { ...failed(cookieExpired(ctx.creator.name)), reason: `login required (${code})` };
  }
  const text = `TikTok answered the request for ${ctx.what} with error ${code}${message ? `: ${message}` : ''}.`;
  return fail(`inner code ${code}`, text, TRY_LATER);
}

/** Classifies an HTTP status (or an envelope `code` standing in for one). */
function statusFailure(
  ctx: RequestContext,
  status: number,
  message: string | null,
  retryAfterMs: number | null,
): Outcome {
  const reason = `HTTP ${status}`;
  const retryable = status === 408 || status === 429 || status >= 500;
  // On 401/403 the message must name TikTok's side (cookie, TikTok, upstream): otherwise it is about our API key.
  const aboutTikTok = (status !== 401 && status !== 403) || /cookie|tiktok|upstream/i.test(message ?? '');
  if (ctx.creator && !retryable && aboutTikTok && looksLikeLoginFailure(message)) {
    return { ...failed(cookieExpired(ctx.creator.name)), reason: `${reason}, login required` };
  }
  if (status === 401 || status === 403) {
    const hint = 'Check TIKOMNI_API_KEY (dashboard at app.tikomni.com) and that the key is still active.';
    return fail(reason, `TikOmni rejected the API key (HTTP ${status}).`, hint);
  }
  if (status === 402)
    return fail(reason, 'TikOmni says the account has run out of credit.', 'Top up the TikOmni balance.');
  if (status === 429) {
    return fail(reason, 'TikOmni is limiting how fast the bot may ask.', 'Try again in a minute.', { retryAfterMs });
  }
  if (retryable) {
    return fail(reason, `TikOmni is not answering properly right now (HTTP ${status}).`, TRY_LATER, { retryAfterMs });
  }
  if (status === 404) {
    const hint = 'The TikOmni API may have changed; check TIKOMNI_API_BASE_URL.';
    return fail(reason, `TikOmni does not know the route ${ctx.route} (HTTP 404).`, hint);
  }
  const hint = ctx.videoRoute
    ? 'Open the link in a browser to check the video still plays; if it does, try again later.'
    : TRY_LATER;
  return fail(reason, `TikOmni could not get ${ctx.what} (HTTP ${status}${message ? `: ${message}` : ''}).`, hint);
}

export function cookieExpired(name: string | null): UserError {
  return new UserError(
    'creator_cookie_expired',
    name
      ? `TikTok no longer accepts the saved login for creator "${name}", so their Shop stats cannot be read.`
      : 'TikTok does not accept this creator login (the cookie has expired or is not a logged-in TikTok session).',
    `an approver should run \`/creative-score creator add ${name ?? '<name>'}\` and paste a fresh cookie`,
  );
}

/** A tikomni_error outcome; `retryAfterMs` present (even null) marks it retryable. */
function fail(reason: string, message: string, hint: string, retry?: { retryAfterMs: number | null }): Outcome {
  const retryable = retry !== undefined;
  return {
    ok: false,
    error: new UserError('tikomni_error', message, hint, { retryable }),
    retryable,
    retryAfterMs: retry?.retryAfterMs ?? null,
    reason,
  };
}

function failed(error: UserError): Omit<Extract<Outcome, { ok: false }>, 'reason'> {
  return { ok: false, error, retryable: false, retryAfterMs: null };
}

/** A server message fit for a user: secrets removed, one line, at most 200 characters. */
export function sanitizeMessage(message: string | null, secrets: readonly string[]): string | null {
  if (!message) return null;
  let m = message;
  for (const secret of secrets) if (secret) m = m.split(secret).join('[redacted]');
  m = redact(m).replace(/\s+/g, ' ').trim();
  return m.length > 200 ? `${m.slice(0, 199)}…` : m;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function toText(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** The human message of an envelope, a FastAPI `{ detail }` error (object, string or validation list), or null. */
function messageOf(body: Record<string, unknown> | null): string | null {
  if (!body) return null;
  const detail = body.detail;
  if (isRecord(detail)) return toText(detail.message) ?? toText(detail.msg);
  if (typeof detail === 'string') return toText(detail);
  if (Array.isArray(detail)) {
    const first = detail.find(isRecord);
    if (first) {
      const where = Array.isArray(first.loc) ? first.loc.filter((p) => p !== 'body' && p !== 'query').join('.') : '';
      return `${where ? `${where}: ` : ''}${toText(first.msg) ?? 'invalid request'}`;
    }
  }
  const data = isRecord(body.data) ? body.data : null;
  return toText(body.message) ?? toText(body.msg) ?? (data ? (toText(data.message) ?? toText(data.msg)) : null);
}

/** The envelope's (or FastAPI detail's) `request_id`, kept for support tickets. */
export function requestIdOf(body: Record<string, unknown> | null): string | null {
  if (!body) return null;
  const holder = isRecord(body.detail) ? body.detail : body;
  const id = holder.request_id;
  return typeof id === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(id) ? id : null;
}
