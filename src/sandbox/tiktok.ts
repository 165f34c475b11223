import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Clock, systemClock } from '../util/clock.js';
import { readBody, sendJson, startServer } from './server.js';
import {
  createSampleAccount,
  datesBetween,
  type ReportValue,
  SAMPLE_COVER_PNG,
  SAMPLE_REPORT_METRICS,
  type SampleAccount,
  type SampleAd,
  type SampleVideo,
  sampleReportMetrics,
  tiktokTime,
  videoChunks,
  videoMd5,
} from './tiktok-data.js';

/**
 * A loopback stand-in for the TikTok Marketing API v1.3 (ad/get, file/video/ad/info, report/integrated/get,
 * advertiser/info) plus the CDN its preview URLs point at. It is as strict as the real service: HTTP-200
 * envelopes with error codes, JSON-encoded query parameters, paging, id limits and a per-second QPS limit.
 */

export interface RecordedCall {
  method: string;
  /** path without the query, e.g. /open_api/v1.3/ad/get/ */
  path: string;
  query: Record<string, string>;
  /** clock time the request arrived */
  at: number;
  /** HTTP status sent back (null while the answer is still being written) */
  status: number | null;
  /** TikTok `code` in the answer; null for CDN and non-JSON answers */
  code: number | null;
}

export type TokenState = 'valid' | 'expired' | 'revoked';

export interface TikTokSimulatorOptions {
  account?: SampleAccount;
  accessToken?: string;
  /** the ad account the token may read (default: the sample account's) */
  advertiserId?: string;
  /** drives URL expiry and the QPS window (default: system clock) */
  clock?: Clock;
  /** requests per 1-second window before answering 40100; null/undefined for no limit */
  maxQps?: number | null;
  /** lifetime of preview and cover URLs (default 6 h, like TikTok) */
  previewUrlTtlMs?: number;
  /** videos larger than this get `signature: null` instead of an MD5 (default 256 MiB) */
  signatureMaxBytes?: number;
}

export interface TikTokSimulator {
  /** base URL to use as the client's baseUrl: `${origin}/open_api/v1.3` */
  url: string;
  origin: string;
  account: SampleAccount;
  accessToken: string;
  advertiserId: string;
  calls: RecordedCall[];
  /** calls whose path ends with `pathSuffix` (all calls without it) */
  countCalls(pathSuffix?: string): number;
  resetCalls(): void;
  /**
   * The next `times` calls whose path ends with `path` answer with `code`: a TikTok code (≥ 1000) in an HTTP-200
   * envelope, or an HTTP status (< 1000, e.g. 503) with a plain-text body.
   */
  failNext(path: string, code: number, times?: number, message?: string): void;
  /** The next `times` calls whose path ends with `path` get `body` verbatim as HTTP-200 JSON. */
  respondNext(path: string, body: unknown, times?: number): void;
  setTokenState(state: TokenState): void;
  /**
   * Invalidates every preview/cover URL issued so far (for one video or all: they answer 403 from now on), and
   * makes the next video-info answer for those videos hand out URLs that have already expired, once.
   */
  expireVideoUrls(videoId?: string): void;
  /** delay (real milliseconds) before every answer */
  setLatency(ms: number): void;
  setMaxQps(qps: number | null): void;
  close(): Promise<void>;
}

export const SIMULATOR_ACCESS_TOKEN = 'sim-tiktok-access-token-0f3a9c';
const API_PREFIX = '/open_api/v1.3/';
const APP_ID = '7300000000000000777';
const URL_SECRET = 'creative-score-tiktok-simulator';
const MAX_PAGE_SIZE = 1000;

class SimError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type Query = Record<string, string>;
interface Answer {
  status: number;
  code: number | null;
  body: unknown;
}
interface Scripted {
  path: string;
  remaining: number;
  answer: (requestId: string) => Answer;
}

export async function startTikTokSimulator(options: TikTokSimulatorOptions = {}): Promise<TikTokSimulator> {
  const account = options.account ?? createSampleAccount();
  const accessToken = options.accessToken ?? SIMULATOR_ACCESS_TOKEN;
  const advertiserId = options.advertiserId ?? account.advertiser.advertiserId;
  const clock = options.clock ?? systemClock;
  const ttlMs = options.previewUrlTtlMs ?? 6 * 3600_000;
  const signatureMaxBytes = options.signatureMaxBytes ?? 256 * 1024 * 1024;

  let maxQps = options.maxQps ?? null;
  let tokenState: TokenState = 'valid';
  let latencyMs = 0;
  let requestCounter = 0;
  let origin = '';
  const calls: RecordedCall[] = [];
  const scripted: Scripted[] = [];
  const window: number[] = [];
  /** bumping a video's epoch invalidates every URL signed for it before */
  const epochs = new Map<string, number>();
  let globalEpoch = 0;
  /** videos whose next video-info answer hands out an already-expired URL */
  const expireOnce = new Set<string>();

  const requestId = () => {
    requestCounter++;
    return `${tiktokTime(clock.now()).replace(/\D/g, '')}0102${requestCounter.toString(16).toUpperCase().padStart(10, '0')}`;
  };
  const envelope = (code: number, message: string, id: string, data: unknown = {}): Answer => ({
    status: 200,
    code,
    body: { code, message, request_id: id, data },
  });

  // --- URL signing ----------------------------------------------------------------------------------------
  const epochOf = (videoId: string) => `${globalEpoch}.${epochs.get(videoId) ?? 0}`;
  const sign = (kind: string, videoId: string, expires: number) =>
    createHmac('sha256', URL_SECRET)
      .update(`${kind}:${videoId}:${expires}:${epochOf(videoId)}`)
      .digest('hex')
      .slice(0, 32);
  const cdnUrl = (kind: 'video' | 'cover', videoId: string, expires: number) =>
    `${origin}/cdn/${kind}/${encodeURIComponent(videoId)}.${kind === 'video' ? 'mp4' : 'png'}?x-expires=${expires}&x-signature=${sign(kind, videoId, expires)}`;

  // --- endpoints --------------------------------------------------------------------------------------------
  const routes = new Map<string, (q: Query) => unknown>([
    ['ad/get/', (q) => adGet(account, q)],
    ['file/video/ad/info/', (q) => videoInfo(q)],
    ['report/integrated/get/', (q) => report(account, q, clock)],
    ['advertiser/info/', (q) => advertiserInfo(account, advertiserId, q)],
  ]);

  function videoInfo(q: Query): unknown {
    const ids = idList(jsonParam(q, 'video_ids', 'array', true), 'video_ids');
    if (ids.length === 0) throw new SimError(40002, 'video_ids: Length must be between 1 and 60.');
    if (ids.length > 60) throw new SimError(40011, `video_ids: Too many ids (${ids.length}); at most 60 per request.`);
    const list: unknown[] = [];
    for (const id of ids) {
      const video = account.videos.find((v) => v.videoId === id);
      if (!video) continue;
      let expires = Math.floor((clock.now() + ttlMs) / 1000);
      if (expireOnce.delete(id)) expires = Math.floor(clock.now() / 1000) - 60;
      list.push(videoObject(video, expires));
    }
    return { list };
  }

  function videoObject(video: SampleVideo, expires: number): Record<string, unknown> {
    return {
      video_id: video.videoId,
      preview_url: cdnUrl('video', video.videoId, expires),
      preview_url_expire_time: tiktokTime(expires * 1000),
      video_cover_url: cdnUrl('cover', video.videoId, expires),
      duration: video.durationS,
      width: video.width,
      height: video.height,
      size: video.sizeBytes,
      signature: video.sizeBytes <= signatureMaxBytes ? videoMd5(video) : null,
      format: video.format,
      bit_rate: video.bitRate,
      file_name: video.fileName,
      material_id: video.materialId,
      displayable: true,
      allow_download: true,
      allowed_placements: ['PLACEMENT_TIKTOK'],
      create_time: `${video.createTime.replace(' ', 'T')}Z`,
      modify_time: `${video.createTime.replace(' ', 'T')}Z`,
    };
  }

  // --- request handling -------------------------------------------------------------------------------------
  function apiAnswer(req: IncomingMessage, route: string, handler: (q: Query) => unknown, q: Query): Answer {
    const id = requestId();
    if (maxQps !== null) {
      const now = clock.now();
      while (window.length > 0 && window[0]! <= now - 1000) window.shift();
      window.push(now);
      const limit = Math.max(1, Math.floor(maxQps));
      if (window.length > limit) {
        return envelope(40100, `App ${APP_ID} reaches the QPS limit ${limit}, current QPS is ${window.length}.`, id);
      }
    }
    if (req.method !== 'GET') {
      return {
        status: 405,
        code: 40400,
        body: {
          code: 40400,
          message: `route not found: ${req.method} ${API_PREFIX}${route} (this endpoint is GET)`,
          request_id: id,
        },
      };
    }
    const path = `${API_PREFIX}${route}`;
    const script = scripted.find((s) => path.endsWith(s.path) || path.endsWith(`${s.path}/`));
    if (script) {
      script.remaining--;
      if (script.remaining <= 0) scripted.splice(scripted.indexOf(script), 1);
      return script.answer(id);
    }
    const token = req.headers['access-token'];
    const tokenText = Array.isArray(token) ? token[0] : token;
    if (!tokenText) return envelope(40104, 'Access token is null. Please pass it in the "Access-Token" header.', id);
    if (tokenText !== accessToken || tokenState === 'revoked') {
      return envelope(40105, 'Access token is incorrect or has been revoked.', id);
    }
    if (tokenState === 'expired') return envelope(40102, 'Access token has expired. Please refresh it.', id);
    try {
      if (route !== 'advertiser/info/') {
        const adv = q.advertiser_id;
        if (adv === undefined || adv === '')
          throw new SimError(40002, 'advertiser_id: Missing data for required field.');
        if (adv !== advertiserId)
          throw new SimError(40300, `Advertiser ${adv} does not exist or you have no access to it.`);
      }
      return envelope(0, 'OK', id, handler(q));
    } catch (err) {
      if (err instanceof SimError) return envelope(err.code, err.message, id);
      throw err;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      at: clock.now(),
      status: null,
      code: null,
    };
    calls.push(call);
    if (req.method !== 'GET' && req.method !== 'HEAD') await readBody(req);
    if (latencyMs > 0) await systemClock.sleep(latencyMs);

    if (url.pathname.startsWith('/cdn/')) {
      await serveCdn(req, res, url, call);
      return;
    }
    const route = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : null;
    const handler = route === null ? undefined : routes.get(route);
    if (route === null || !handler) {
      call.status = 404;
      call.code = 40400;
      sendJson(res, 404, { code: 40400, message: 'route not found' });
      return;
    }
    const answer = apiAnswer(req, route, handler, call.query);
    call.status = answer.status;
    call.code = answer.code;
    if (typeof answer.body === 'string') {
      res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(answer.body);
    } else {
      sendJson(res, answer.status, answer.body, answer.status === 405 ? { allow: 'GET' } : {});
    }
  }

  async function serveCdn(req: IncomingMessage, res: ServerResponse, url: URL, call: RecordedCall): Promise<void> {
    const deny = (status: number, text: string) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(405, 'method not allowed');
    const m = url.pathname.match(/^\/cdn\/(video|cover)\/([^/]+)\.(mp4|png)$/);
    const kind = m?.[1] as 'video' | 'cover' | undefined;
    const video = m ? account.videos.find((v) => v.videoId === decodeURIComponent(m[2]!)) : undefined;
    if (!m || !kind || !video || (kind === 'video') !== (m[3] === 'mp4')) return deny(404, 'not found');
    const expires = Number(url.searchParams.get('x-expires'));
    const signature = url.searchParams.get('x-signature') ?? '';
    if (!Number.isInteger(expires) || signature !== sign(kind, video.videoId, expires)) {
      return deny(403, 'Access denied: the link signature is not valid.');
    }
    if (expires * 1000 <= clock.now()) return deny(403, 'Access denied: the link has expired.');

    if (kind === 'cover') {
      call.status = 200;
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(SAMPLE_COVER_PNG.length) });
      res.end(req.method === 'HEAD' ? undefined : SAMPLE_COVER_PNG);
      return;
    }
    const size = video.sizeBytes;
    let start = 0;
    let end = size - 1;
    let status = 200;
    const range = req.headers.range;
    if (range) {
      const r = range.match(/^bytes=(\d*)-(\d*)$/);
      if (r && (r[1] !== '' || r[2] !== '')) {
        if (r[1] === '') start = Math.max(0, size - Number(r[2]));
        else {
          start = Number(r[1]);
          end = r[2] === '' ? size - 1 : Math.min(size - 1, Number(r[2]));
        }
      }
      if (!r || start > end || start >= size) {
        call.status = 416;
        res.writeHead(416, { 'content-range': `bytes */${size}` });
        res.end();
        return;
      }
      status = 206;
    }
    call.status = status;
    res.writeHead(status, {
      'content-type': 'video/mp4',
      'content-length': String(end - start + 1),
      'accept-ranges': 'bytes',
      ...(status === 206 ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    try {
      await pipeline(Readable.from(videoChunks(video, start, end + 1)), res);
    } catch {
      // The client hung up mid-download; nothing to clean up.
    }
  }

  const server = await startServer(handle);
  origin = server.url;

  return {
    url: `${origin}/open_api/v1.3`,
    origin,
    account,
    accessToken,
    advertiserId,
    calls,
    countCalls: (pathSuffix) => (pathSuffix ? calls.filter((c) => c.path.endsWith(pathSuffix)).length : calls.length),
    resetCalls: () => {
      calls.length = 0;
    },
    failNext(path, code, times = 1, message) {
      scripted.push({
        path,
        remaining: times,
        answer: (id) =>
          code < 1000
            ? { status: code, code: null, body: message ?? `HTTP ${code} from the simulated gateway` }
            : envelope(code, message ?? defaultMessage(code, advertiserId), id),
      });
    },
    respondNext(path, body, times = 1) {
      scripted.push({ path, remaining: times, answer: () => ({ status: 200, code: codeOf(body), body }) });
    },
    setTokenState(state) {
      tokenState = state;
    },
    expireVideoUrls(videoId) {
      if (videoId === undefined) {
        globalEpoch++;
        for (const v of account.videos) expireOnce.add(v.videoId);
      } else {
        epochs.set(videoId, (epochs.get(videoId) ?? 0) + 1);
        expireOnce.add(videoId);
      }
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    setMaxQps(qps) {
      maxQps = qps;
      window.length = 0;
    },
    close: () => server.close(),
  };
}

function codeOf(body: unknown): number | null {
  const code = (body as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : null;
}

function defaultMessage(code: number, advertiserId: string): string {
  switch (code) {
    case 40001:
      return `No permission to operate advertiser ${advertiserId}. Please check the authorization scope.`;
    case 40002:
      return 'Invalid parameter.';
    case 40100:
      return `App ${APP_ID} reaches the QPS limit 10, current QPS is 11.`;
    case 40102:
      return 'Access token has expired. Please refresh it.';
    case 40104:
      return 'Access token is null. Please pass it in the "Access-Token" header.';
    case 40105:
      return 'Access token is incorrect or has been revoked.';
    case 40132:
      return `Due to too many requests, requests from App ${APP_ID} are temporarily restricted.`;
    case 40300:
      return `Advertiser ${advertiserId} does not exist or you have no access to it.`;
    case 50000:
      return 'System error, please try again later.';
    case 50002:
      return 'System timeout, please try again later.';
    default:
      return code >= 51000 && code <= 51099
        ? 'Internal service error, please try again later.'
        : `Simulated error ${code}.`;
  }
}

// --- parameters -------------------------------------------------------------------------------------------

function jsonParam(q: Query, name: string, kind: 'array' | 'object', required: boolean): unknown {
  const raw = q[name];
  if (raw === undefined || raw === '') {
    if (required) throw new SimError(40002, `${name}: Missing data for required field.`);
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new SimError(40002, `${name}: Not a valid JSON ${kind}. Encode it as JSON in the query string.`);
  }
  const ok =
    kind === 'array' ? Array.isArray(value) : typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!ok) throw new SimError(40002, `${name}: Not a valid JSON ${kind}.`);
  return value;
}

function idList(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SimError(40002, `${name}: Not a valid list.`);
  return value.map((v, i) => {
    if (typeof v !== 'string') throw new SimError(40002, `${name}[${i}]: Not a valid string (ids are strings).`);
    return v;
  });
}

function stringList(value: unknown, name: string, allowed: ReadonlySet<string>, what: string): string[] {
  const list = idList(value, name);
  for (const item of list) if (!allowed.has(item)) throw new SimError(40002, `${name}: invalid ${what} "${item}".`);
  return list;
}

function intParam(q: Query, name: string, fallback: number, min: number, max: number): number {
  const raw = q[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new SimError(40002, `${name}: Not a valid integer.`);
  if (n < min || n > max) throw new SimError(40002, `${name}: Must be between ${min} and ${max}.`);
  return n;
}

function paged<T>(items: T[], q: Query): { slice: T[]; page_info: Record<string, number> } {
  const page = intParam(q, 'page', 1, 1, 99_999);
  const pageSize = intParam(q, 'page_size', 10, 1, MAX_PAGE_SIZE);
  return {
    slice: items.slice((page - 1) * pageSize, page * pageSize),
    page_info: {
      page,
      page_size: pageSize,
      total_number: items.length,
      total_page: Math.ceil(items.length / pageSize),
    },
  };
}

// --- ad/get -----------------------------------------------------------------------------------------------

const AD_FILTER_KEYS = new Set([
  'campaign_ids',
  'adgroup_ids',
  'ad_ids',
  'ad_name',
  'primary_status',
  'secondary_status',
  'objective_type',
  'buying_types',
  'optimization_goal',
  'creative_material_mode',
  'destination',
  'campaign_system_origins',
  'creation_filter_start_time',
  'creation_filter_end_time',
  'modified_after',
]);
const PRIMARY_STATUSES = new Set([
  'STATUS_ALL',
  'STATUS_NOT_DELETE',
  'STATUS_DELETE',
  'STATUS_DELIVERY_OK',
  'STATUS_DISABLE',
  'STATUS_NOT_DELIVERY',
  'STATUS_TIME_DONE',
  'STATUS_RF_CLOSED',
  'STATUS_FROZEN',
]);
const AD_FIELD_NAMES = new Set([
  'advertiser_id',
  'campaign_id',
  'campaign_name',
  'adgroup_id',
  'adgroup_name',
  'ad_id',
  'ad_name',
  'create_time',
  'modify_time',
  'ad_format',
  'video_id',
  'image_ids',
  'tiktok_item_id',
  'ad_text',
  'ad_texts',
  'call_to_action',
  'landing_page_url',
  'display_name',
  'identity_id',
  'identity_type',
  'operation_status',
  'secondary_status',
  'creative_type',
  'creative_material_mode',
  'is_aco',
]);

function primaryStatusOf(ad: SampleAd): string {
  if (ad.deleted) return 'STATUS_DELETE';
  if (ad.operationStatus === 'DISABLE') return 'STATUS_DISABLE';
  return ad.secondaryStatus === 'AD_STATUS_DELIVERY_OK' ? 'STATUS_DELIVERY_OK' : 'STATUS_NOT_DELIVERY';
}

function adGet(account: SampleAccount, q: Query): unknown {
  const filtering = (jsonParam(q, 'filtering', 'object', false) ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(filtering)) {
    if (!AD_FILTER_KEYS.has(key))
      throw new SimError(40002, `filtering: unknown field "${key}" (not a v1.3 filter key).`);
  }
  const listFilter = (key: string): Set<string> | null => {
    if (filtering[key] === undefined) return null;
    const ids = idList(filtering[key], `filtering.${key}`);
    if (ids.length < 1 || ids.length > 100)
      throw new SimError(40002, `filtering.${key}: Length must be between 1 and 100.`);
    return new Set(ids);
  };
  const adIds = listFilter('ad_ids');
  const adgroupIds = listFilter('adgroup_ids');
  const campaignIds = listFilter('campaign_ids');
  const primary = filtering.primary_status ?? 'STATUS_NOT_DELETE';
  if (typeof primary !== 'string' || !PRIMARY_STATUSES.has(primary)) {
    throw new SimError(40002, `filtering.primary_status: invalid value ${JSON.stringify(primary)}.`);
  }
  const secondary = filtering.secondary_status;
  if (secondary !== undefined && typeof secondary !== 'string') {
    throw new SimError(40002, 'filtering.secondary_status: Not a valid string.');
  }
  const nameFilter = typeof filtering.ad_name === 'string' ? filtering.ad_name.toLowerCase() : null;
  const fields = stringList(jsonParam(q, 'fields', 'array', false), 'fields', AD_FIELD_NAMES, 'field');

  const matches = account.ads.filter((ad) => {
    const status = primaryStatusOf(ad);
    if (primary === 'STATUS_NOT_DELETE' ? ad.deleted : primary !== 'STATUS_ALL' && status !== primary) return false;
    if (secondary && secondary !== 'AD_STATUS_ALL') {
      if (secondary === 'AD_STATUS_NOT_DELETE' ? ad.deleted : ad.secondaryStatus !== secondary) return false;
    }
    if (adIds && !adIds.has(ad.adId)) return false;
    if (adgroupIds && !adgroupIds.has(ad.adgroupId)) return false;
    if (campaignIds && !campaignIds.has(ad.campaignId)) return false;
    return !(nameFilter && !ad.adName.toLowerCase().includes(nameFilter));
  });
  const { slice, page_info } = paged(matches, q);
  const campaigns = new Map(account.campaigns.map((c) => [c.campaignId, c]));
  const adgroups = new Map(account.adgroups.map((g) => [g.adgroupId, g]));
  const list = slice.map((ad) => {
    const full: Record<string, unknown> = {
      advertiser_id: account.advertiser.advertiserId,
      campaign_id: ad.campaignId,
      campaign_name: campaigns.get(ad.campaignId)?.campaignName ?? null,
      adgroup_id: ad.adgroupId,
      adgroup_name: adgroups.get(ad.adgroupId)?.adgroupName ?? null,
      ad_id: ad.adId,
      ad_name: ad.adName,
      create_time: ad.createTime,
      modify_time: ad.createTime,
      ad_format: ad.adFormat,
      video_id: ad.videoId,
      image_ids: ad.imageIds,
      tiktok_item_id: ad.tiktokItemId,
      ad_text: ad.adText,
      ad_texts: null,
      call_to_action: ad.callToAction,
      landing_page_url: ad.landingPageUrl,
      display_name: account.advertiser.name,
      identity_id: ad.tiktokItemId ? '7000000000000000042' : null,
      identity_type: ad.tiktokItemId ? 'AUTH_CODE' : 'CUSTOMIZED_USER',
      operation_status: ad.operationStatus,
      secondary_status: ad.secondaryStatus,
      creative_type: null,
      creative_material_mode: 'CUSTOM',
      is_aco: false,
    };
    return fields.length === 0 ? full : Object.fromEntries(fields.map((f) => [f, full[f] ?? null]));
  });
  return { list, page_info };
}

// --- report/integrated/get ----------------------------------------------------------------------------------

const REPORT_TYPES = new Set(['BASIC', 'AUDIENCE', 'PLAYABLE_MATERIAL', 'CATALOG', 'BC', 'TT_SHOP']);
const DATA_LEVELS = new Set(['AUCTION_AD', 'AUCTION_ADGROUP', 'AUCTION_CAMPAIGN', 'AUCTION_ADVERTISER']);
const DIMENSIONS = new Set(['ad_id', 'stat_time_day', 'stat_time_hour', 'campaign_id', 'adgroup_id', 'advertiser_id']);
const METRICS = new Set<string>(SAMPLE_REPORT_METRICS);
const ATTRIBUTE_METRICS = new Set([
  'ad_name',
  'ad_text',
  'campaign_name',
  'campaign_id',
  'adgroup_name',
  'adgroup_id',
  'currency',
]);
const REPORT_FILTERS: Record<string, (ad: SampleAd) => string> = {
  ad_ids: (ad) => ad.adId,
  adgroup_ids: (ad) => ad.adgroupId,
  campaign_ids: (ad) => ad.campaignId,
};

function dateParam(q: Query, name: string): string {
  const value = q[name];
  if (!value) throw new SimError(40002, `${name}: Missing data for required field.`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new SimError(40002, `${name}: Not a valid date, expected YYYY-MM-DD.`);
  }
  return value;
}

function report(account: SampleAccount, q: Query, clock: Clock): unknown {
  const reportType = q.report_type;
  if (!reportType) throw new SimError(40002, 'report_type: Missing data for required field.');
  if (!REPORT_TYPES.has(reportType)) throw new SimError(40002, `report_type: invalid value "${reportType}".`);
  if (reportType !== 'BASIC') throw new SimError(40002, `report_type: the simulator only answers BASIC reports.`);
  const serviceType = q.service_type ?? 'AUCTION';
  if (serviceType !== 'AUCTION') throw new SimError(40002, `service_type: invalid value "${serviceType}".`);
  const dataLevel = q.data_level;
  if (!dataLevel) throw new SimError(40002, 'data_level: Missing data for required field (BASIC reports).');
  if (!DATA_LEVELS.has(dataLevel)) throw new SimError(40002, `data_level: invalid value "${dataLevel}".`);
  if (dataLevel !== 'AUCTION_AD') throw new SimError(40002, 'data_level: the simulator only answers AUCTION_AD.');

  const dimensions = stringList(jsonParam(q, 'dimensions', 'array', true), 'dimensions', DIMENSIONS, 'dimension');
  const daily = dimensions.includes('stat_time_day');
  if (!dimensions.includes('ad_id') || dimensions.some((d) => d !== 'ad_id' && d !== 'stat_time_day')) {
    throw new SimError(40002, 'dimensions: use ["ad_id"] or ["ad_id","stat_time_day"] with data_level AUCTION_AD.');
  }
  const metrics = stringList(
    jsonParam(q, 'metrics', 'array', false) ?? ['spend', 'impressions'],
    'metrics',
    METRICS,
    'metric',
  );

  let dates: string[];
  if (q.query_lifetime === 'true') {
    if (daily) throw new SimError(40002, 'query_lifetime: cannot be combined with time dimensions.');
    const first = account.ads.map((ad) => ad.createTime).sort()[0] ?? tiktokTime(clock.now());
    dates = datesBetween(first.slice(0, 10), tiktokTime(clock.now()).slice(0, 10));
  } else {
    const start = dateParam(q, 'start_date');
    const end = dateParam(q, 'end_date');
    if (start > end) throw new SimError(40002, 'start_date: must be on or before end_date.');
    dates = datesBetween(start, end);
    const maxDays = daily ? 30 : 365;
    if (dates.length > maxDays) {
      throw new SimError(40002, `The time range exceeds ${maxDays} days${daily ? ' (with stat_time_day)' : ''}.`);
    }
  }

  const filters: Array<(ad: SampleAd) => boolean> = [];
  const filtering = jsonParam(q, 'filtering', 'array', false) as unknown[] | undefined;
  for (const [i, f] of (filtering ?? []).entries()) {
    const { field_name, filter_type, filter_value } = (f ?? {}) as Record<string, unknown>;
    if (typeof field_name !== 'string' || typeof filter_type !== 'string' || typeof filter_value !== 'string') {
      throw new SimError(40002, `filtering[${i}]: field_name, filter_type and filter_value are required strings.`);
    }
    const pick = REPORT_FILTERS[field_name];
    if (!pick) throw new SimError(40002, `filtering[${i}].field_name: unknown field "${field_name}".`);
    if (filter_type !== 'IN') throw new SimError(40002, `filtering[${i}].filter_type: ${field_name} supports IN only.`);
    let values: unknown;
    try {
      values = JSON.parse(filter_value);
    } catch {
      throw new SimError(40002, `filtering[${i}].filter_value: must be a JSON array string such as "[\\"123\\"]".`);
    }
    const ids = idList(values, `filtering[${i}].filter_value`);
    if (ids.length < 1 || ids.length > 100) {
      throw new SimError(40002, `filtering[${i}].filter_value: ${field_name} takes 1 to 100 ids.`);
    }
    const set = new Set(ids);
    filters.push((ad) => set.has(pick(ad)));
  }

  const orderField = q.order_field;
  if (orderField !== undefined && (!METRICS.has(orderField) || ATTRIBUTE_METRICS.has(orderField))) {
    throw new SimError(40002, `order_field: "${orderField}" cannot be used for sorting.`);
  }
  const orderType = q.order_type ?? 'DESC';
  if (orderType !== 'ASC' && orderType !== 'DESC') throw new SimError(40002, 'order_type: must be ASC or DESC.');

  const ads = account.ads.filter((ad) => !ad.deleted && ad.daily !== null && filters.every((f) => f(ad)));
  const keys = daily
    ? ads.flatMap((ad) => dates.map((date) => ({ ad, dates: [date] })))
    : ads.map((ad) => ({ ad, dates }));
  const rowFor = (key: { ad: SampleAd; dates: string[] }) => {
    const all = sampleReportMetrics(account, key.ad, key.dates) ?? {};
    const picked: Record<string, ReportValue> = {};
    for (const m of metrics) if (m in all) picked[m] = all[m] as ReportValue;
    const dims: Record<string, string> = { ad_id: key.ad.adId };
    if (daily) dims.stat_time_day = `${key.dates[0]} 00:00:00`;
    return { dimensions: dims, metrics: picked, sortValue: orderField ? Number(all[orderField] ?? 0) : 0 };
  };
  if (orderField) {
    const rows = keys
      .map(rowFor)
      .sort((a, b) => (orderType === 'ASC' ? a.sortValue - b.sortValue : b.sortValue - a.sortValue));
    const { slice, page_info } = paged(rows, q);
    return { list: slice.map(({ dimensions: d, metrics: m }) => ({ dimensions: d, metrics: m })), page_info };
  }
  const { slice, page_info } = paged(keys, q);
  return {
    list: slice.map(rowFor).map(({ dimensions: d, metrics: m }) => ({ dimensions: d, metrics: m })),
    page_info,
  };
}

// --- advertiser/info --------------------------------------------------------------------------------------

const ADVERTISER_FIELD_NAMES = new Set([
  'telephone_number',
  'contacter',
  'currency',
  'cellphone_number',
  'timezone',
  'advertiser_id',
  'role',
  'company',
  'status',
  'description',
  'rejection_reason',
  'address',
  'name',
  'language',
  'industry',
  'license_no',
  'email',
  'license_url',
  'country',
  'balance',
  'create_time',
  'display_timezone',
  'owner_bc_id',
  'advertiser_account_type',
]);

function advertiserInfo(account: SampleAccount, advertiserId: string, q: Query): unknown {
  const ids = idList(jsonParam(q, 'advertiser_ids', 'array', true), 'advertiser_ids');
  if (ids.length < 1 || ids.length > 100)
    throw new SimError(40002, 'advertiser_ids: Length must be between 1 and 100.');
  const foreign = ids.find((id) => id !== advertiserId);
  if (foreign) throw new SimError(40300, `Advertiser ${foreign} does not exist or you have no access to it.`);
  const fields = stringList(jsonParam(q, 'fields', 'array', false), 'fields', ADVERTISER_FIELD_NAMES, 'field');
  const a = account.advertiser;
  const full: Record<string, unknown> = {
    advertiser_id: advertiserId,
    name: a.name,
    company: 'Glow Skincare Co.',
    currency: a.currency,
    timezone: a.timezone,
    display_timezone: a.displayTimezone,
    status: 'STATUS_ENABLE',
    role: 'ROLE_ADVERTISER',
    advertiser_account_type: 'AUCTION',
    country: 'US',
    language: 'en',
    balance: 1234.56,
    create_time: 1_704_067_200,
  };
  return { list: [fields.length === 0 ? full : Object.fromEntries(fields.map((f) => [f, full[f] ?? null]))] };
}
