import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { request } from 'undici';
import { UserError } from '../errors.js';
import type { Clock } from '../util/clock.js';
import type { RateLimiter } from '../util/limiter.js';
import type { Logger } from '../util/logger.js';
import {
  type AttemptOutcome,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  type RetryPolicy,
  withRetries,
} from '../util/retry.js';
import { isRecord, text } from './normalize.js';

/**
 * Mavera's HTTP transport, shared by both API shapes (reference.ts, recipes.ts): authentication, the shared rate
 * limiter, retries on 429 / 5xx / network errors (util/retry.ts), and HTTP errors mapped to plain-language UserErrors.
 */

type Method = 'GET' | 'POST' | 'PUT';

export interface CallOptions {
  json?: unknown;
  query?: Record<string, string | number>;
  /** a body built afresh for every attempt (a stream cannot be replayed) */
  body?: () => Readable;
  headers?: Record<string, string>;
  /** statuses handed back to the caller instead of being turned into errors */
  accept?: number[];
}

export interface MaveraResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** What the shape modules need from the transport. */
export interface MaveraHttp {
  readonly logger: Logger;
  /** An authenticated API call: rate-limited, retried on 429 / 5xx / network errors, errors mapped to UserError. */
  call(method: Method, path: string, options?: CallOptions): Promise<MaveraResponse>;
  /** One unauthenticated PUT to a presigned storage URL; throws only on network errors. */
  putToStorage(url: string, body: Readable, headers: Record<string, string>): Promise<{ status: number }>;
  /** Runs a multi-step attempt (e.g. a new upload URL, then the PUT) up to `attempts` times under the retry policy. */
  retrying<T>(attempts: number, attempt: (n: number) => Promise<AttemptOutcome<T>>): Promise<T>;
}

export interface MaveraTransportDeps {
  baseUrl: string;
  apiKey: string;
  limiter: RateLimiter;
  clock: Clock;
  logger: Logger;
  random: () => number;
  /** retries after a 429, 5xx or network error before giving up */
  maxRetries: number;
}

const RETRY_BASE_MS = 1000;
const RETRY_CAP_MS = 30_000;
const KEY_HINT = 'Set MAVERA_API_KEY to a valid key from Mavera (Settings → Developer → API Keys).';

export class MaveraTransport implements MaveraHttp {
  readonly logger: Logger;
  private readonly policy: RetryPolicy;

  constructor(private readonly deps: MaveraTransportDeps) {
    this.logger = deps.logger;
    this.policy = {
      retries: deps.maxRetries,
      baseMs: RETRY_BASE_MS,
      capMs: RETRY_CAP_MS,
      maxRetryAfterMs: MAX_RETRY_AFTER_MS,
    };
  }

  call(method: Method, path: string, options: CallOptions = {}): Promise<MaveraResponse> {
    const url = new URL(`${this.deps.baseUrl}${path}`);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
    const label = `${method} ${url.pathname}`;
    return withRetries(
      {
        clock: this.deps.clock,
        policy: this.policy,
        random: this.deps.random,
        limiter: this.deps.limiter,
        onRetry: ({ delayMs, reason }) => this.logger.warn(`mavera: ${label} ${reason}; retrying in ${delayMs} ms`),
      },
      () => this.attempt(method, url, label, options),
    );
  }

  private async attempt(
    method: Method,
    url: URL,
    label: string,
    options: CallOptions,
  ): Promise<AttemptOutcome<MaveraResponse>> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.deps.apiKey}`,
      accept: 'application/json',
      ...options.headers,
    };
    let body: string | Readable | undefined;
    if (options.body) body = options.body();
    else if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    let status: number;
    let resHeaders: IncomingHttpHeaders;
    let raw: string;
    try {
      const res = await request(url, { method, headers, body });
      status = res.statusCode;
      resHeaders = res.headers;
      raw = await res.body.text();
      // an early error answer leaves the upload unread; close the file
      if (typeof body === 'object' && !body.destroyed) body.destroy();
    } catch (err) {
      if (typeof body === 'object') body.destroy();
      const reason = err instanceof Error ? err.message : String(err);
      return {
        ok: false,
        retryable: true,
        error: this.unavailable(label, `network error: ${reason}`, err),
        reason: `failed (${this.redact(reason)})`,
      };
    }
    const parsed = parseJson(raw);
    this.logger.debug(`mavera: ${label} → ${status}`);
    if ((status >= 200 && status < 300) || options.accept?.includes(status)) {
      return { ok: true, value: { status, headers: resHeaders, body: parsed } };
    }
    if (status === 429) {
      return {
        ok: false,
        retryable: true,
        retryAfterMs: parseRetryAfter(resHeaders['retry-after'], this.deps.clock.now()),
        error: new UserError(
          'mavera_rate_limited',
          'Mavera kept saying we are sending too many requests.',
          'Wait a minute and try again, or lower MAVERA_MAX_REQUESTS_PER_MINUTE to match your Mavera plan.',
          { retryable: true },
        ),
        reason: 'rate-limited',
      };
    }
    if (status >= 500) {
      return { ok: false, retryable: true, error: this.unavailable(label, `HTTP ${status}`), reason: `→ ${status}` };
    }
    return { ok: false, retryable: false, error: this.apiError(status, parsed), reason: `→ ${status}` };
  }

  async putToStorage(url: string, body: Readable, headers: Record<string, string>): Promise<{ status: number }> {
    await this.deps.limiter.take();
    try {
      const res = await request(url, { method: 'PUT', headers, body });
      await res.body.dump();
      this.logger.debug(`mavera: PUT storage → ${res.statusCode}`);
      return { status: res.statusCode };
    } finally {
      body.destroy();
    }
  }

  retrying<T>(attempts: number, attempt: (n: number) => Promise<AttemptOutcome<T>>): Promise<T> {
    return withRetries(
      {
        clock: this.deps.clock,
        policy: { ...this.policy, retries: Math.max(0, attempts - 1) },
        random: this.deps.random,
      },
      attempt,
    );
  }

  private redact(s: string): string {
    return this.deps.apiKey.length < 6 ? s : s.split(this.deps.apiKey).join('[redacted]');
  }

  private unavailable(label: string, reason: string, cause?: unknown): UserError {
    return new UserError(
      'mavera_unavailable',
      `Mavera is not answering right now (${label}: ${this.redact(reason)}, after ${this.policy.retries + 1} tries).`,
      'Try again in a few minutes; status.mavera.io may say more.',
      { cause, retryable: true },
    );
  }

  private apiError(status: number, body: unknown): UserError {
    const { message, code } = errorEnvelope(body);
    const said = this.redact(message ?? `HTTP ${status}`);
    if (status === 401) {
      return new UserError('mavera_auth', `Mavera rejected the API key${code ? ` (${code})` : ''}.`, KEY_HINT);
    }
    if (status === 402) {
      const budget = code === 'budget_exceeded';
      return new UserError(
        'mavera_credits',
        budget
          ? 'Mavera credits exhausted: the workspace budget is used up (budget_exceeded).'
          : `Mavera credits exhausted: ${said}`,
        budget
          ? 'Raise the workspace budget in Mavera, then run the command again.'
          : 'Add credits or renew the subscription in Mavera (app.mavera.io/settings/usage), then run the command again.',
      );
    }
    if (status === 403) {
      return new UserError(
        'mavera_error',
        `Mavera refused access: ${said}`,
        'Check that the API key belongs to the workspace in MAVERA_WORKSPACE_ID.',
      );
    }
    return new UserError(
      'mavera_error',
      `Mavera rejected the request: ${said}${code ? ` (${code})` : ''}`,
      status === 404 ? 'Check MAVERA_API_BASE_URL and MAVERA_WORKSPACE_ID.' : null,
    );
  }
}

function errorEnvelope(body: unknown): { message: string | null; code: string | null } {
  if (!isRecord(body)) return { message: null, code: null };
  const error = body.error;
  if (isRecord(error)) return { message: text(error.message), code: text(error.code) };
  return { message: text(error) ?? text(body.message), code: text(body.code) };
}

function parseJson(raw: string): unknown {
  if (raw === '') return null;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
