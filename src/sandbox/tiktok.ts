import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Clock, systemClock } from '../util/clock.js';
import { readBody, sendJson, startServer } from './server.js';
import { adGet, advertiserInfo, videoInfo } from './tiktok-api.js';
import { createTikTokCdn } from './tiktok-cdn.js';
import { createSampleAccount, type SampleAccount, tiktokTime } from './tiktok-data.js';
import { type Query, SimError } from './tiktok-params.js';
import { report } from './tiktok-report.js';

/**
 * A loopback stand-in for the TikTok Marketing API v1.3 (ad/get, file/video/ad/info, report/integrated/get,
 * advertiser/info) plus the CDN its preview URLs point at. It is as strict as the real service: HTTP-200
 * envelopes with error codes, JSON-encoded query parameters, paging, id limits and a per-second QPS limit.
 *
 * This file is the server: access token, QPS window, scripted answers and the controls tests use. The endpoints
 * are in tiktok-api.ts and tiktok-report.ts (query rules in tiktok-params.ts), the CDN in tiktok-cdn.ts.
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
  const cdn = createTikTokCdn({ account, clock, ttlMs, origin: () => origin });

  const requestId = () => {
    requestCounter++;
    return `${tiktokTime(clock.now()).replace(/\D/g, '')}0102${requestCounter.toString(16).toUpperCase().padStart(10, '0')}`;
  };
  const envelope = (code: number, message: string, id: string, data: unknown = {}): Answer => ({
    status: 200,
    code,
    body: { code, message, request_id: id, data },
  });

  // --- endpoints --------------------------------------------------------------------------------------------
  const routes = new Map<string, (q: Query) => unknown>([
    ['ad/get/', (q) => adGet(account, q)],
    ['file/video/ad/info/', (q) => videoInfo(account, cdn, signatureMaxBytes, q)],
    ['report/integrated/get/', (q) => report(account, q, clock)],
    ['advertiser/info/', (q) => advertiserInfo(account, advertiserId, q)],
  ]);

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
      await cdn.serve(req, res, url, call);
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
      cdn.expire(videoId);
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
