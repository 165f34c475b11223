import { request } from 'undici';
import type { z } from 'zod';
import { UserError } from '../errors.js';
import { type Clock, systemClock } from '../util/clock.js';
import type { RateLimiter } from '../util/limiter.js';
import { type Logger, registerSecret, silentLogger } from '../util/logger.js';
import {
  type AttemptOutcome,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  type RetryDeps,
  withRetries,
} from '../util/retry.js';
import {
  errorForTikTokCode,
  isRateLimitCode,
  isTransientCode,
  rateLimitedError,
  type TikTokError,
  type TikTokErrorDetails,
  unavailableError,
  unexpectedResponseError,
} from './errors.js';
import {
  AD_FIELDS,
  ADVERTISER_FIELDS,
  adPageSchema,
  advertiserInfoDataSchema,
  envelopeSchema,
  formatIssuePath,
  type RawAd,
  type RawAdvertiserInfo,
  type RawReportRow,
  REPORT_METRIC_NAMES,
  reportPageSchema,
  toAd,
  toReportRow,
  toVideoInfo,
  videoInfoDataSchema,
} from './schemas.js';
import type { AdReportRow, AdvertiserInfo, ReportQuery, TikTokAd, TikTokApi, TikTokVideoInfo } from './types.js';

export interface TikTokClientDeps {
  /** e.g. https://business-api.tiktok.com/open_api/v1.3 (a trailing slash is fine) */
  baseUrl: string;
  accessToken: string;
  advertiserId: string;
  /** the one limiter shared by every caller of TikTok (built from TIKTOK_MAX_QPS) */
  limiter: RateLimiter;
  clock?: Clock;
  logger?: Logger;
  /** jitter source for back-off, injectable for deterministic tests */
  random?: () => number;
  /** retries after the first attempt on transient failures (default 5) */
  maxRetries?: number;
  /** IANA zone that wins over the ad account's own (TIKTOK_TIMEZONE); null/empty to read it from TikTok */
  timezoneOverride?: string | null;
  /** per-request time-out for headers and body (default 30 s) */
  requestTimeoutMs?: number;
}

/** The limits TikTok documents for v1.3. */
export const TIKTOK_LIMITS = {
  pageSize: 1000,
  adIdsPerCall: 100,
  videoIdsPerCall: 60,
  reportAdIdsPerCall: 100,
} as const;

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 20_000;
/** More pages than this means something is wrong with `page_info`; stop rather than loop for ever. */
const MAX_PAGES = 2000;

type QueryValue = string | number | boolean | readonly unknown[] | Record<string, unknown>;
type Params = Record<string, QueryValue>;

interface PageOf<T> {
  list: T[];
  page_info: { total_page: number };
}

/** The TikTok Marketing API v1.3, read side: ads, video info, the ad report and the ad account's settings. */
export class TikTokClient implements TikTokApi {
  private readonly baseUrl: string;
  private readonly accessToken: string;
  private readonly advertiserId: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly retries: Omit<RetryDeps, 'onRetry'>;
  private readonly timezoneOverride: string | null;
  private readonly requestTimeoutMs: number;
  private advertiserInfo: Promise<AdvertiserInfo> | null = null;

  constructor(deps: TikTokClientDeps) {
    this.baseUrl = deps.baseUrl.replace(/\/+$/, '');
    this.accessToken = deps.accessToken;
    this.advertiserId = String(deps.advertiserId);
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger ?? silentLogger;
    this.retries = {
      clock: this.clock,
      random: deps.random ?? Math.random,
      limiter: deps.limiter,
      policy: {
        retries: Math.max(0, deps.maxRetries ?? 5),
        baseMs: BACKOFF_BASE_MS,
        capMs: BACKOFF_CAP_MS,
        maxRetryAfterMs: MAX_RETRY_AFTER_MS,
      },
    };
    this.timezoneOverride = deps.timezoneOverride?.trim() || null;
    this.requestTimeoutMs = deps.requestTimeoutMs ?? 30_000;
    registerSecret(this.accessToken);
  }

  async getAds(adIds: string[]): Promise<TikTokAd[]> {
    const batches = chunk(uniqueIds(adIds), TIKTOK_LIMITS.adIdsPerCall);
    const pages = await Promise.all(
      batches.map((batch) =>
        this.allPages('ad/get/', this.adGetParams({ ad_ids: batch }), adPageSchema as z.ZodType<PageOf<RawAd>>),
      ),
    );
    return uniqueBy(pages.flat().map(toAd), (ad) => ad.adId);
  }

  async listAds(options: { primaryStatus?: string } = {}): Promise<TikTokAd[]> {
    const filtering = { primary_status: options.primaryStatus ?? 'STATUS_NOT_DELETE' };
    const rows = await this.allPages('ad/get/', this.adGetParams(filtering), adPageSchema as z.ZodType<PageOf<RawAd>>);
    return uniqueBy(rows.map(toAd), (ad) => ad.adId);
  }

  async getVideoInfo(videoIds: string[]): Promise<TikTokVideoInfo[]> {
    const batches = chunk(uniqueIds(videoIds), TIKTOK_LIMITS.videoIdsPerCall);
    const answers = await Promise.all(
      batches.map((batch) =>
        this.call('file/video/ad/info/', { advertiser_id: this.advertiserId, video_ids: batch }, videoInfoDataSchema),
      ),
    );
    return uniqueBy(
      answers.flatMap((a) => a.list.map(toVideoInfo)),
      (v) => v.videoId,
    );
  }

  async getReport(query: ReportQuery): Promise<AdReportRow[]> {
    checkDate('startDate', query.startDate);
    checkDate('endDate', query.endDate);
    if (query.startDate > query.endDate) {
      throw new UserError(
        'bad_input',
        `The report period starts (${query.startDate}) after it ends (${query.endDate}).`,
        'Swap the dates or pick a start date on or before the end date.',
      );
    }
    const params: Params = {
      advertiser_id: this.advertiserId,
      report_type: 'BASIC',
      service_type: 'AUCTION',
      data_level: 'AUCTION_AD',
      dimensions: ['ad_id'],
      metrics: REPORT_METRIC_NAMES,
      start_date: query.startDate,
      end_date: query.endDate,
    };
    const schema = reportPageSchema as z.ZodType<PageOf<RawReportRow>>;
    if (query.adIds === undefined) {
      const rows = await this.allPages('report/integrated/get/', params, schema);
      return rows.map(toReportRow);
    }
    const batches = chunk(uniqueIds(query.adIds), TIKTOK_LIMITS.reportAdIdsPerCall);
    const pages = await Promise.all(
      batches.map((batch) =>
        this.allPages(
          'report/integrated/get/',
          {
            ...params,
            filtering: [{ field_name: 'ad_ids', filter_type: 'IN', filter_value: JSON.stringify(batch) }],
          },
          schema,
        ),
      ),
    );
    return pages.flat().map(toReportRow);
  }

  getAdvertiserInfo(): Promise<AdvertiserInfo> {
    if (!this.advertiserInfo) {
      const pending = this.fetchAdvertiserInfo();
      this.advertiserInfo = pending;
      // A failed look-up is not cached: the next call asks again.
      pending.catch(() => {
        if (this.advertiserInfo === pending) this.advertiserInfo = null;
      });
    }
    return this.advertiserInfo;
  }

  private async fetchAdvertiserInfo(): Promise<AdvertiserInfo> {
    const data = await this.call(
      'advertiser/info/',
      { advertiser_ids: [this.advertiserId], fields: ADVERTISER_FIELDS },
      advertiserInfoDataSchema,
    );
    const row = data.list.find((r) => r.advertiser_id === this.advertiserId);
    if (!row) {
      throw errorForTikTokCode({
        code: 40300,
        message: 'advertiser not in advertiser/info answer',
        requestId: null,
        endpoint: 'advertiser/info/',
        advertiserId: this.advertiserId,
      });
    }
    return {
      advertiserId: row.advertiser_id,
      name: row.name,
      timezone: this.resolveTimezone(row),
      currency: row.currency,
    };
  }

  private resolveTimezone(row: RawAdvertiserInfo): string {
    if (this.timezoneOverride) {
      const zone = ianaZone(this.timezoneOverride);
      if (zone) return zone;
      this.logger.warn(
        `TIKTOK_TIMEZONE "${this.timezoneOverride}" is not a valid IANA time zone; using the ad account's own time zone`,
      );
    }
    for (const candidate of [row.display_timezone, row.timezone]) {
      const zone = ianaZone(candidate) ?? zoneFromOffset(candidate);
      if (zone) return zone;
    }
    this.logger.warn(
      `TikTok ad account ${this.advertiserId} has no usable time zone (display_timezone=${JSON.stringify(row.display_timezone)}, timezone=${JSON.stringify(row.timezone)}); reading report dates as UTC. Set TIKTOK_TIMEZONE to fix this.`,
    );
    return 'UTC';
  }

  private adGetParams(filtering: Record<string, unknown>): Params {
    return { advertiser_id: this.advertiserId, filtering, fields: AD_FIELDS };
  }

  /** Every page of a paged endpoint: page 1 first (to learn `total_page`), then the rest concurrently. */
  private async allPages<T>(endpoint: string, params: Params, schema: z.ZodType<PageOf<T>>): Promise<T[]> {
    const pageParams = (page: number): Params => ({ ...params, page, page_size: TIKTOK_LIMITS.pageSize });
    const first = await this.call(endpoint, pageParams(1), schema, 1);
    const totalPages = Math.max(1, Math.floor(first.page_info.total_page));
    if (totalPages > MAX_PAGES) {
      throw unexpectedResponseError(
        { tiktokCode: 0, requestId: null, endpoint },
        `field "data.page_info.total_page" is ${totalPages}, more pages than the bot will read (${MAX_PAGES})`,
      );
    }
    const rest = await Promise.all(
      Array.from({ length: totalPages - 1 }, (_, i) => this.call(endpoint, pageParams(i + 2), schema, i + 2)),
    );
    return [first, ...rest].flatMap((p) => p.list);
  }

  /** One GET with the shared limiter, retries on transient failures (see util/retry.ts) and validation of the answer. */
  private call<T>(endpoint: string, params: Params, dataSchema: z.ZodType<T>, page?: number): Promise<T> {
    const url = `${this.baseUrl}/${endpoint}?${encodeQuery(params)}`;
    const where = `${endpoint}${page ? ` page ${page}` : ''}`;
    return withRetries(
      {
        ...this.retries,
        onRetry: ({ retry, of, delayMs, reason }) =>
          this.logger.warn(`TikTok ${where}: ${reason} Retrying in ${delayMs} ms (retry ${retry} of ${of}).`),
      },
      () => this.attempt(endpoint, url, dataSchema, page),
    );
  }

  private async attempt<T>(
    endpoint: string,
    url: string,
    dataSchema: z.ZodType<T>,
    page?: number,
  ): Promise<AttemptOutcome<T>> {
    const started = this.clock.now();
    const where = `${endpoint}${page ? ` page ${page}` : ''}`;
    const details = (requestId: string | null, tiktokCode: number | null, httpStatus: number | null) =>
      ({ endpoint, requestId, tiktokCode, httpStatus }) satisfies TikTokErrorDetails;

    let status: number;
    let text: string;
    let retryAfter: string | string[] | undefined;
    try {
      const res = await request(url, {
        method: 'GET',
        headers: { 'Access-Token': this.accessToken, accept: 'application/json' },
        headersTimeout: this.requestTimeoutMs,
        bodyTimeout: this.requestTimeoutMs,
      });
      status = res.statusCode;
      retryAfter = res.headers['retry-after'];
      text = await res.body.text();
    } catch (err) {
      const reason = this.scrub(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
      this.logger.debug(`TikTok GET ${where} failed after ${this.clock.now() - started} ms: ${reason}`);
      return retryable(unavailableError(details(null, null, null), `network error: ${reason}`));
    }

    let body: unknown;
    try {
      body = JSON.parse(quoteLongIds(text));
    } catch {
      body = undefined;
    }
    const envelope = envelopeSchema.safeParse(body);
    const code = envelope.success ? envelope.data.code : null;
    const requestId = envelope.success ? envelope.data.request_id : null;
    this.logger.debug(
      `TikTok GET ${where} → HTTP ${status}, code ${code ?? '-'} in ${this.clock.now() - started} ms (request_id ${requestId ?? '-'})`,
    );

    if (status >= 500 || status === 429) {
      const d = details(requestId, code, status);
      const error =
        status === 429 || (code !== null && isRateLimitCode(code))
          ? rateLimitedError(d)
          : unavailableError(d, `HTTP ${status}`);
      return retryable(error, parseRetryAfter(retryAfter, this.clock.now()));
    }
    if (!envelope.success) {
      const what =
        body === undefined
          ? `the answer was not JSON (HTTP ${status})`
          : describeIssue('', envelope.error.issues, `HTTP ${status}`);
      return final(unexpectedResponseError(details(null, null, status), what));
    }
    const env = envelope.data;
    if (env.code !== 0) {
      const failure = {
        code: env.code,
        message: this.scrub(env.message),
        requestId,
        endpoint,
        advertiserId: this.advertiserId,
        httpStatus: status,
      };
      if (isTransientCode(env.code)) {
        const d = details(requestId, env.code, status);
        const error = isRateLimitCode(env.code)
          ? rateLimitedError(d)
          : unavailableError(d, `TikTok error ${env.code}: ${failure.message || 'no details given'}`);
        return retryable(error);
      }
      return final(errorForTikTokCode(failure));
    }
    if (status < 200 || status > 299) {
      return final(unexpectedResponseError(details(requestId, 0, status), `HTTP ${status} with code 0`));
    }
    const data = dataSchema.safeParse(env.data);
    if (!data.success) {
      return final(
        unexpectedResponseError(details(requestId, 0, status), describeIssue('data', data.error.issues, '')),
      );
    }
    return { ok: true, value: data.data };
  }

  /** Removes the access token from text that came from elsewhere (TikTok messages, network errors). */
  private scrub(text: string): string {
    return this.accessToken ? text.split(this.accessToken).join('[redacted]') : text;
  }
}

function retryable(error: TikTokError, retryAfterMs: number | null = null): AttemptOutcome<never> {
  return { ok: false, error, retryable: true, retryAfterMs, reason: error.message };
}

function final(error: TikTokError): AttemptOutcome<never> {
  return { ok: false, error, retryable: false, reason: error.message };
}

function describeIssue(prefix: string, issues: readonly z.core.$ZodIssue[], fallback: string): string {
  const issue = issues[0];
  if (!issue) return fallback || 'unknown problem';
  return `field "${formatIssuePath(prefix, issue.path)}" ${issue.message.replace(/^Invalid input: /, '')}`;
}

/**
 * TikTok ids are 19-digit numbers, more than a JS number holds exactly (2^53), and TikTok sometimes sends one bare
 * (report attribute ids). Such values of `…_id` keys are quoted before parsing, so they survive as exact strings.
 */
function quoteLongIds(text: string): string {
  return text.replace(/("\w*_id"\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"');
}

function encodeQuery(params: Params): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    query.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return query.toString();
}

function uniqueIds(ids: readonly unknown[]): string[] {
  const seen = new Set<string>();
  for (const id of ids) {
    const s = String(id).trim();
    if (s !== '') seen.add(s);
  }
  return [...seen];
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function checkDate(name: string, value: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new UserError(
      'bad_input',
      `The report ${name === 'startDate' ? 'start' : 'end'} date "${value}" is not a date like 2024-01-31.`,
      'Use the YYYY-MM-DD form.',
    );
  }
}

/** The canonical IANA name when `zone` is one Intl knows, else null. */
function ianaZone(zone: string | null | undefined): string | null {
  if (!zone) return null;
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** "UTC+08:00", "GMT-5", "+3" → the matching Etc/GMT zone (whole hours only; Etc signs are inverted). */
function zoneFromOffset(value: string | null | undefined): string | null {
  const m = value?.trim().match(/^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (minutes !== 0 || hours > 14) return null;
  if (hours === 0) return 'UTC';
  return ianaZone(`Etc/GMT${m[1] === '+' ? '-' : '+'}${hours}`);
}
