import { request } from 'undici';
import { UserError } from '../errors.js';
import { type Clock, systemClock } from '../util/clock.js';
import { RateLimiter } from '../util/limiter.js';
import { type Logger, registerSecret, silentLogger } from '../util/logger.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter, type RetryDeps, withRetries } from '../util/retry.js';
import { type OrganicVideo, parseOrganicVideo } from './aweme.js';
import { type Outcome, type RequestContext, readAnswer, requestIdOf, stripEnvelope, TRY_LATER } from './envelope.js';
import {
  type AccountHealth,
  type CreatorAccountInfo,
  type CreatorVideoStats,
  parseAccountHealth,
  parseCreatorAccountInfo,
  parseUserInfo,
  parseVideoAudienceStats,
  parseVideoDetailedStats,
  parseVideoListPage,
  type TikOmniUserInfo,
  type VideoAudienceStats,
  type VideoDetailedStats,
  type VideoListPage,
} from './shop.js';

export type { OrganicVideo } from './aweme.js';
export { stripEnvelope } from './envelope.js';
export type {
  AccountHealth,
  AudienceShare,
  CreatorAccountInfo,
  CreatorVideoStats,
  DetailedStatsPoint,
  TikOmniUserInfo,
  VideoAudienceStats,
  VideoDetailedStats,
  VideoListPage,
} from './shop.js';

export interface TikOmniClientDeps {
  baseUrl: string;
  apiKey: string;
  /** shared by every caller; TikOmni allows about 5 requests/s */
  limiter?: RateLimiter;
  clock?: Clock;
  logger?: Logger;
  /** retries after the first attempt, only for HTTP 408/429/5xx and time-outs (default 3) */
  maxRetries?: number;
  /** per attempt (default 60 000) */
  timeoutMs?: number;
  /** jitter source for back-off (tests inject a fixed one) */
  random?: () => number;
}

/** A creator's TikTok session cookie, with the creator's registered name when known (for error messages). */
export type CreatorCookie = string | { name: string; cookie: string };

export type VideoListRule =
  | 'VIDEO_LIST_PUBLISH_TIME'
  | 'VIDEO_LIST_GMV'
  | 'VIDEO_LIST_DIRECT_GMV'
  | 'VIDEO_LIST_VV_CNT'
  | 'VIDEO_LIST_ITEM_SOLD_CNT'
  | 'VIDEO_LIST_CTR'
  | 'VIDEO_LIST_COMPLETION_RATE'
  | 'VIDEO_LIST_LIKE_CNT'
  | 'VIDEO_LIST_NEW_FOLLOWER_CNT';

export const TIKOMNI_ROUTES = {
  fetchOneVideo: '/api/u1/v1/tiktok/app/v3/fetch_one_video',
  fetchOneVideoByShareUrl: '/api/u1/v1/tiktok/app/v3/fetch_one_video_by_share_url',
  getUserInfo: '/api/u1/v1/tikhub/user/get_user_info',
  videoListAnalytics: '/api/u1/v1/tiktok/creator/get_video_list_analytics',
  videoDetailedStats: '/api/u1/v1/tiktok/creator/get_video_detailed_stats',
  videoAudienceStats: '/api/u1/v1/tiktok/creator/get_video_audience_stats',
  accountHealthStatus: '/api/u1/v1/tiktok/creator/get_account_health_status',
  creatorAccountInfo: '/api/u1/v1/tiktok/creator/get_creator_account_info',
} as const;

const BACKOFF_BASE_MS = 300;
const BACKOFF_CAP_MS = 10_000;
const MAX_PAGES = 100;

/** `YYYY-MM` → the `MM-01-YYYY` start date the creator routes expect (they always cover the whole month). */
export function monthToStartDate(month: string): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month.trim());
  if (!m) throw new UserError('bad_input', `"${month}" is not a month.`, 'Use YYYY-MM, e.g. 2025-04.');
  return `${m[2]}-01-${m[1]}`;
}

interface CallSpec {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  creator?: { name: string | null; cookie: string };
  /** what is being fetched, for messages: "TikTok video 123", "the video list of creator \"ava\"" */
  what: string;
}

/**
 * Client for TikOmni (a TikHub reseller): public TikTok videos through the App-V3 routes (API key only) and TikTok
 * Shop creator analytics through the TikTok-Creator routes (the creator's web-session cookie in the body).
 *
 * Every response is wrapped in an envelope that echoes the request `params` — including the cookie — and a public
 * `cache_url`; neither ever leaves this module (see `stripEnvelope`). Cookies and the key are registered with the
 * logger so they are redacted from every log line, and never appear in error messages.
 */
export class TikOmniClient {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly retries: Omit<RetryDeps, 'onRetry'>;
  private readonly timeoutMs: number;

  constructor(deps: TikOmniClientDeps) {
    this.baseUrl = deps.baseUrl.replace(/\/+$/, '');
    this.apiKey = deps.apiKey;
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger ?? silentLogger;
    this.retries = {
      clock: this.clock,
      random: deps.random ?? Math.random,
      limiter: deps.limiter ?? new RateLimiter(5, 5, this.clock),
      policy: {
        retries: Math.min(8, Math.max(0, deps.maxRetries ?? 3)),
        baseMs: BACKOFF_BASE_MS,
        capMs: BACKOFF_CAP_MS,
        maxRetryAfterMs: MAX_RETRY_AFTER_MS,
      },
    };
    this.timeoutMs = deps.timeoutMs ?? 60_000;
    registerSecret(this.apiKey);
  }

  // ------------------------------------------------------------ organic videos (App-V3, API key only)

  /** Resolves a TikTok share link (vm./vt. short links included) to the video. */
  async fetchVideoByShareUrl(shareUrl: string): Promise<OrganicVideo> {
    const url = shareUrl.trim();
    if (!/^https?:\/\/([a-z0-9-]+\.)*tiktok\.com\//i.test(url)) {
      throw new UserError('bad_input', 'That is not a TikTok link.', 'Paste a link such as https://vm.tiktok.com/ZM…/');
    }
    const what = 'the TikTok link';
    const data = await this.call({
      method: 'GET',
      path: TIKOMNI_ROUTES.fetchOneVideoByShareUrl,
      query: { share_url: url },
      what,
    });
    return parseOrganicVideo(data, what);
  }

  async fetchVideo(itemId: string): Promise<OrganicVideo> {
    const id = checkItemId(itemId);
    const what = `TikTok video ${id}`;
    const data = await this.call({ method: 'GET', path: TIKOMNI_ROUTES.fetchOneVideo, query: { aweme_id: id }, what });
    return parseOrganicVideo(data, what);
  }

  // ------------------------------------------------------------ TikTok Shop creators (cookie)

  /** One page (from 0) of a creator's videos published in the calendar month of `startDate` (MM-DD-YYYY). */
  async getVideoListAnalytics(
    cookie: CreatorCookie,
    options: { startDate: string; page: number; rules?: VideoListRule },
  ): Promise<VideoListPage> {
    const creator = toCreator(cookie);
    if (!/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])-\d{4}$/.test(options.startDate)) {
      throw new UserError(
        'bad_input',
        `"${options.startDate}" is not a start date.`,
        'Use MM-DD-YYYY, e.g. 04-01-2025.',
      );
    }
    if (!Number.isInteger(options.page) || options.page < 0) {
      throw new UserError('bad_input', `Page ${options.page} does not exist.`, 'Pages are numbered from 0.');
    }
    const what = `the video list of ${label(creator)}`;
    const body: Record<string, unknown> = { start_date: options.startDate, page: options.page };
    if (options.rules) body.rules = options.rules;
    const data = await this.call({ method: 'POST', path: TIKOMNI_ROUTES.videoListAnalytics, body, creator, what });
    return parseVideoListPage(data, options.page, what);
  }

  /** Every video a creator published in `month` (YYYY-MM), following all pages; duplicates across pages dropped. */
  async getAllVideoListAnalytics(cookie: CreatorCookie, month: string): Promise<CreatorVideoStats[]> {
    const startDate = monthToStartDate(month);
    const seen = new Map<string, CreatorVideoStats>();
    let page: number | null = 0;
    for (let fetched = 0; page !== null; fetched++) {
      if (fetched >= MAX_PAGES) {
        this.logger.warn(`TikOmni video list for ${month}: stopped after ${MAX_PAGES} pages`);
        break;
      }
      const result: VideoListPage = await this.getVideoListAnalytics(cookie, { startDate, page });
      for (const video of result.videos) if (!seen.has(video.itemId)) seen.set(video.itemId, video);
      // A page that points back to itself (or earlier) would loop forever.
      page = result.nextPage !== null && result.nextPage > page ? result.nextPage : null;
    }
    return [...seen.values()];
  }

  /** Completion rate and engagement of one video over `month` (YYYY-MM), in TikTok's buckets. */
  async getVideoDetailedStats(cookie: CreatorCookie, itemId: string, month: string): Promise<VideoDetailedStats> {
    const creator = toCreator(cookie);
    const id = checkItemId(itemId);
    const what = `the stats of video ${id} of ${label(creator)}`;
    const body = { start_date: monthToStartDate(month), item_id: id };
    const data = await this.call({ method: 'POST', path: TIKOMNI_ROUTES.videoDetailedStats, body, creator, what });
    return parseVideoDetailedStats(data, id, what);
  }

  /** Gender, age and region split of one video's viewers in `month` (YYYY-MM). */
  async getVideoAudienceStats(cookie: CreatorCookie, itemId: string, month: string): Promise<VideoAudienceStats> {
    const creator = toCreator(cookie);
    const id = checkItemId(itemId);
    const what = `the audience of video ${id} of ${label(creator)}`;
    const body = { start_date: monthToStartDate(month), item_id: id };
    const data = await this.call({ method: 'POST', path: TIKOMNI_ROUTES.videoAudienceStats, body, creator, what });
    return parseVideoAudienceStats(data, what);
  }

  async getAccountHealth(cookie: CreatorCookie): Promise<AccountHealth> {
    const creator = toCreator(cookie);
    const what = `the account health of ${label(creator)}`;
    const data = await this.call({ method: 'POST', path: TIKOMNI_ROUTES.accountHealthStatus, body: {}, creator, what });
    return parseAccountHealth(data, what);
  }

  /** Who the cookie logs in as; used to check a cookie when a creator is added. */
  async getCreatorAccountInfo(cookie: CreatorCookie): Promise<CreatorAccountInfo> {
    const creator = toCreator(cookie);
    const what = `the account of ${label(creator)}`;
    const data = await this.call({ method: 'POST', path: TIKOMNI_ROUTES.creatorAccountInfo, body: {}, creator, what });
    return parseCreatorAccountInfo(data, what);
  }

  // ------------------------------------------------------------ account

  /** The TikOmni account's balance and free credit (for `doctor`). */
  async getUserInfo(): Promise<TikOmniUserInfo> {
    const what = 'the TikOmni account';
    const data = await this.call({ method: 'GET', path: TIKOMNI_ROUTES.getUserInfo, what });
    return parseUserInfo(data, what);
  }

  // ------------------------------------------------------------ transport

  /** One call with the shared limiter and retries on 408 / 429 / 5xx and time-outs (see util/retry.ts). */
  private call(spec: CallSpec): Promise<unknown> {
    const url = new URL(this.baseUrl + spec.path);
    for (const [k, v] of Object.entries(spec.query ?? {})) url.searchParams.set(k, v);
    return withRetries(
      {
        ...this.retries,
        onRetry: ({ retry, of, delayMs, reason }) =>
          this.logger.warn(
            `TikOmni ${spec.method} ${routeName(spec.path)}: ${reason}; retry ${retry}/${of} in ${delayMs} ms`,
          ),
      },
      () => this.attempt(spec, url),
    );
  }

  private async attempt(spec: CallSpec, url: URL): Promise<Outcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const started = this.clock.now();
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.apiKey}`,
      accept: 'application/json',
      'user-agent': 'creative-score (TikOmni client)',
    };
    let body: string | undefined;
    if (spec.method === 'POST') {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.creator ? { ...spec.body, cookie: spec.creator.cookie } : (spec.body ?? {}));
    }
    let status: number;
    let retryAfter: string | string[] | undefined;
    let text: string;
    try {
      const res = await request(url, { method: spec.method, headers, body, signal: controller.signal });
      status = res.statusCode;
      retryAfter = res.headers['retry-after'];
      text = await res.body.text();
    } catch (err) {
      if (controller.signal.aborted || isTimeout(err)) {
        const seconds = Math.round(this.timeoutMs / 100) / 10;
        return failure(
          new UserError('tikomni_error', `TikOmni did not answer within ${seconds} s.`, TRY_LATER, { retryable: true }),
          true,
          null,
          'timed out',
        );
      }
      const code = errorCode(err);
      this.logger.warn(`TikOmni ${spec.method} ${routeName(spec.path)} failed: ${code ?? 'network error'}`);
      return failure(
        new UserError(
          'tikomni_error',
          `The bot could not reach TikOmni${code ? ` (${code})` : ''}.`,
          'Try again in a few minutes; if it keeps failing, check TIKOMNI_API_BASE_URL and the network.',
          { cause: err, retryable: true },
        ),
        false,
        null,
        code ?? 'network error',
      );
    } finally {
      clearTimeout(timer);
    }
    const ctx = this.context(spec);
    const { outcome, body: answer } = readAnswer(ctx, status, text, parseRetryAfter(retryAfter, this.clock.now()));
    const requestId = requestIdOf(answer);
    const took = this.clock.now() - started;
    this.logger.debug(
      `TikOmni ${spec.method} ${ctx.route} → ${status}${outcome.ok ? '' : ` (${outcome.reason})`} in ${took} ms${requestId ? ` request_id ${requestId}` : ''}`,
    );
    if (!outcome.ok && answer) this.logger.debug(`TikOmni answer (${ctx.route}):`, stripEnvelope(answer, ctx.secrets));
    return outcome;
  }

  private context(spec: CallSpec): RequestContext {
    return {
      what: spec.what,
      creator: spec.creator ?? null,
      route: routeName(spec.path),
      videoRoute: spec.path.includes('/app/v3/'),
      secrets: spec.creator ? [spec.creator.cookie, this.apiKey] : [this.apiKey],
    };
  }
}

// ---------------------------------------------------------------- helpers

function toCreator(cookie: CreatorCookie): { name: string | null; cookie: string } {
  const c = typeof cookie === 'string' ? { name: null, cookie } : { name: cookie.name, cookie: cookie.cookie };
  registerSecret(c.cookie);
  if (c.cookie.trim() === '') {
    throw new UserError(
      'creator_cookie_expired',
      `There is no saved login for ${label(c)}.`,
      `an approver should run \`/creative-score creator add ${c.name ?? '<name>'}\` and paste a fresh cookie`,
    );
  }
  return c;
}

function label(creator: { name: string | null }): string {
  return creator.name ? `creator "${creator.name}"` : 'this creator';
}

function checkItemId(itemId: string): string {
  const id = itemId.trim();
  if (!/^\d{6,25}$/.test(id)) {
    throw new UserError(
      'bad_input',
      `"${itemId}" is not a TikTok video id.`,
      'Video ids are long numbers, e.g. 7496499484705246507.',
    );
  }
  return id;
}

function failure(error: UserError, retryable: boolean, retryAfterMs: number | null, reason: string): Outcome {
  return { ok: false, error, retryable, retryAfterMs, reason };
}

function routeName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

function errorCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string') return e.code;
  if (Array.isArray(e.errors)) for (const inner of e.errors) if (errorCode(inner)) return errorCode(inner);
  return e.cause === undefined || e.cause === err ? null : errorCode(e.cause);
}

function isTimeout(err: unknown): boolean {
  const code = errorCode(err);
  return code !== null && TIMEOUT_CODES.has(code);
}
