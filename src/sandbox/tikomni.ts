import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson, startServer } from './server.js';
import { APP_V3, CREATOR, common, errorDetail, tikomniApi, USER_INFO } from './tikomni-api.js';
import { createTikOmniCdn } from './tikomni-cdn.js';
import { buildSampleData, DAY_S, prng, type SimCreatorInfo, seedOf, type Video } from './tikomni-data.js';
import type { ExpiredCookieShape, TikOmniSimulatorStats } from './tikomni-types.js';

export { SIM_CREATORS, type SimCreatorInfo, simulatedVideoContent } from './tikomni-data.js';
export type { ExpiredCookieShape } from './tikomni-types.js';

/**
 * A loopback stand-in for TikOmni (api.tikomni.com) and TikTok's video CDN, for tests and the demo.
 *
 * - App-V3 `GET …/app/v3/fetch_one_video?aweme_id=` and `…/fetch_one_video_by_share_url?share_url=` return raw
 *   TikTok "aweme" objects (statistics, `video.duration` in ms, covers, several `bit_rate[]` renditions, play and
 *   download addresses). Play URLs point at this server's `/cdn/…` route, signed with `x-expires`.
 * - TikTok-Creator `POST …/tiktok/creator/<route>` with the creator's `cookie` in the JSON body: video list
 *   analytics (paginated), detailed and audience stats, account health and account info.
 * - `GET …/tikhub/user/get_user_info`: balance and free credit.
 *
 * Every answer uses TikOmni's envelope, including the `params` echo with the cookie and a `cache_url`, so that
 * clients prove they strip both. Errors follow FastAPI's `{ detail: … }` shape, as TikHub-style APIs do.
 *
 * This file is the server: API key, outages, stalls and injected failures, and the controls tests use. The
 * answers are in tikomni-api.ts, the CDN in tikomni-cdn.ts, the sample world in tikomni-data.ts.
 */

export const SIM_TIKOMNI_API_KEY = 'sim-tikomni-key-4f2b9c7d1e83';

export interface SimVideoInput {
  itemId?: string;
  handle?: string;
  desc?: string;
  /** seconds since the epoch */
  createTime?: number;
  durationMs?: number;
  plays?: number;
  likes?: number;
  comments?: number;
  shares?: number;
  saves?: number;
  /** a photo carousel instead of a video */
  photo?: boolean;
  /** also list the video in this sample creator's Shop analytics */
  creator?: string;
  /** Shop metrics when `creator` is set: fractions 0–1 */
  completionRate?: number;
  ctr?: number;
  gmv?: number;
  itemsSold?: number;
  newFollowers?: number;
}

export interface SimVideoInfo {
  itemId: string;
  handle: string;
  shortCode: string;
  /** `https://vm.tiktok.com/<code>/` — resolves to this video */
  shareUrl: string;
  /** `https://www.tiktok.com/@handle/video/<id>` */
  webUrl: string;
}

export interface TikOmniSimulator {
  url: string;
  apiKey: string;
  creators: readonly SimCreatorInfo[];
  /** every request, API and CDN, in arrival order */
  calls: { method: string; path: string; at: number }[];
  stats: TikOmniSimulatorStats;
  /** Organic sample videos (brand account and the creators' public videos). */
  videos(): SimVideoInfo[];
  creator(name: string): SimCreatorInfo;
  /** From now on TikTok refuses this cookie, answering in `shape`. */
  expireCookie(cookie: string, shape?: ExpiredCookieShape): void;
  /** While down, every API route answers 503 (HTML, as a load balancer would). The CDN stays up. */
  setDown(down: boolean): void;
  /** The next `times` requests to `path` (full path or its last segment) answer `status` with an error envelope. */
  failNext(path: string, status: number, times?: number): void;
  /** The next `times` requests to `path` wait `ms` before answering (for time-out tests). */
  stallNext(path: string, ms: number, times?: number): void;
  addVideo(video?: SimVideoInput): SimVideoInfo;
  close(): Promise<void>;
}

export interface TikOmniSimulatorOptions {
  apiKey?: string;
  /** size of the lowest rendition of a video; higher renditions are 2× and 4× */
  videoBytes?: (itemId: string) => number;
  /** ms epoch the sample data is anchored to (creator videos are published in the days before it); default now */
  now?: number;
  /** videos per page of get_video_list_analytics (default 10) */
  pageSize?: number;
  /** lifetime of signed CDN URLs in seconds (default 3600; negative issues already-expired URLs) */
  playUrlTtlS?: number;
}

// ---------------------------------------------------------------- server

export async function startTikOmniSimulator(options: TikOmniSimulatorOptions = {}): Promise<TikOmniSimulator> {
  const apiKey = options.apiKey ?? SIM_TIKOMNI_API_KEY;
  const pageSize = options.pageSize ?? 10;
  const ttlS = options.playUrlTtlS ?? 3600;
  const videoBytes = options.videoBytes ?? ((itemId: string) => 150_000 + (seedOf(itemId) % 100_000));
  const anchorS = Math.floor((options.now ?? Date.now()) / 1000);
  const cdnSecret = randomBytes(16).toString('hex');
  const data = buildSampleData(anchorS);
  const videos = new Map(data.videos.map((v) => [v.itemId, v]));
  const byCode = new Map(data.videos.map((v) => [v.shortCode, v]));
  const creators = new Map(data.creators.map((c) => [c.name, c]));
  const byCookie = new Map(data.creators.map((c) => [c.cookie, c]));
  const expired = new Map<string, ExpiredCookieShape>();
  const failures: { path: string; status: number; times: number }[] = [];
  const stalls: { path: string; ms: number; times: number }[] = [];
  const calls: TikOmniSimulator['calls'] = [];
  const stats: TikOmniSimulator['stats'] = { requests: 0, charged: 0, byPath: {}, cdnRequests: 0, cdnBytes: 0 };
  let down = false;
  let baseUrl = '';

  const matches = (rule: string, path: string) => rule === path || path.endsWith(`/${rule}`);
  const takeRule = <T extends { path: string; times: number }>(rules: T[], path: string): T | null => {
    const rule = rules.find((r) => r.times > 0 && matches(r.path, path));
    if (!rule) return null;
    rule.times--;
    return rule;
  };

  const cdn = createTikOmniCdn({ secret: cdnSecret, ttlS, videoBytes, origin: () => baseUrl, videos, stats });
  const api = tikomniApi({
    secret: cdnSecret,
    stats,
    cdn: cdn.links,
    videos,
    byCode,
    byCookie,
    expired,
    pageSize,
    anchorS,
    origin: () => baseUrl,
  });

  // ------------------------------------------------------------ dispatch

  const authorised = (req: IncomingMessage) => {
    const expected = `Bearer ${apiKey}`;
    if (req.headers.authorization === expected) return true;
    // The OpenAPI also accepts a cookie named Authorization.
    const cookie = req.headers.cookie ?? '';
    return cookie.split(';').some((c) => decodeURIComponent(c.trim()) === `Authorization=${expected}`);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    calls.push({ method, path, at: Date.now() });
    if (path.startsWith('/cdn/')) return cdn.serve(req, res, url);

    stats.requests++;
    stats.byPath[path] = (stats.byPath[path] ?? 0) + 1;
    const raw = method === 'POST' ? await readBody(req) : Buffer.alloc(0);
    if (down) {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>',
      );
      return;
    }
    const stall = takeRule(stalls, path);
    if (stall) await new Promise((resolve) => setTimeout(resolve, stall.ms));
    if (res.destroyed) return;

    let body: Record<string, unknown> = {};
    if (method === 'POST' && raw.length > 0) {
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'));
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
          body = parsed as Record<string, unknown>;
      } catch {
        return sendJson(res, 422, { detail: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }] });
      }
    }
    const params = method === 'POST' ? body : Object.fromEntries(url.searchParams);

    const fail = takeRule(failures, path);
    if (fail) {
      const headers: Record<string, string> = fail.status === 429 ? { 'retry-after': '1' } : {};
      const message =
        fail.status === 429 ? 'Too many requests, please slow down.' : `Simulated failure (HTTP ${fail.status}).`;
      const requestId = randomUUID();
      return sendJson(
        res,
        fail.status,
        {
          code: fail.status,
          request_id: requestId,
          message,
          ...common(path, params),
          cache_url: `https://cache.tikomni.com/api/v1/cache/public/${requestId}`,
          data: null,
        },
        headers,
      );
    }
    if (!authorised(req)) {
      const message =
        'Invalid API key or token. Check the Authorization header (Bearer <token>) and the key on the dashboard.';
      return sendJson(res, 401, errorDetail(401, message, path, params));
    }

    const isAppV3 = path === `${APP_V3}/fetch_one_video` || path === `${APP_V3}/fetch_one_video_by_share_url`;
    const isCreator = path.startsWith(`${CREATOR}/`) && /^[a-z_]+$/.test(path.slice(CREATOR.length + 1));
    if (!isAppV3 && !isCreator && path !== USER_INFO) return sendJson(res, 404, { detail: 'Not Found' });
    if ((isCreator ? 'POST' : 'GET') !== method) return sendJson(res, 405, { detail: 'Method Not Allowed' });
    if (isAppV3) return api.appV3(res, path, url);
    if (isCreator) return api.creatorRoute(res, path, body);
    return api.userInfo(res, path, params);
  }

  const server = await startServer(handle);
  baseUrl = server.url;

  const info = (v: Video): SimVideoInfo => ({
    itemId: v.itemId,
    handle: v.handle,
    shortCode: v.shortCode,
    shareUrl: `https://vm.tiktok.com/${v.shortCode}/`,
    webUrl: `https://www.tiktok.com/@${v.handle}/video/${v.itemId}`,
  });
  let added = 0;

  return {
    url: server.url,
    apiKey,
    creators: data.creators,
    calls,
    stats,
    videos: () => [...videos.values()].map(info),
    creator(name) {
      const c = creators.get(name);
      if (!c) throw new Error(`no sample creator "${name}"`);
      return c;
    },
    expireCookie(cookie, shape = 'inner_code') {
      expired.set(cookie, shape);
    },
    setDown(value) {
      down = value;
    },
    failNext(path, status, times = 1) {
      failures.push({ path, status, times });
    },
    stallNext(path, ms, times = 1) {
      stalls.push({ path, ms, times });
    },
    addVideo(input = {}) {
      added++;
      const creator = input.creator ? creators.get(input.creator) : undefined;
      if (input.creator && !creator) throw new Error(`no sample creator "${input.creator}"`);
      const itemId = input.itemId ?? `76${String(added).padStart(17, '0')}`;
      const r = prng(itemId);
      const plays = input.plays ?? 1_000 + Math.floor(r() * 50_000);
      const handle = input.handle ?? creator?.handle ?? 'sim.creator';
      const v: Video = {
        itemId,
        handle,
        nickname: creator?.nickName ?? handle,
        desc: input.desc ?? `Simulated video ${added}`,
        createTime: input.createTime ?? anchorS - DAY_S,
        durationMs: input.durationMs ?? 15_000,
        plays,
        likes: input.likes ?? Math.floor(plays * 0.06),
        comments: input.comments ?? Math.floor(plays * 0.004),
        shares: input.shares ?? Math.floor(plays * 0.003),
        saves: input.saves ?? Math.floor(plays * 0.005),
        photo: input.photo ?? false,
        shortCode: data.nextCode(),
      };
      videos.set(itemId, v);
      byCode.set(v.shortCode, v);
      if (creator) {
        const gmv = input.gmv ?? 0;
        creator.shop.push({
          itemId,
          completionRate: input.completionRate ?? 0.2,
          ctr: input.ctr ?? 0.02,
          gmv,
          directGmv: gmv,
          itemsSold: input.itemsSold ?? 0,
          newFollowers: input.newFollowers ?? 0,
        });
        creator.videoItemIds.push(itemId);
      }
      return info(v);
    },
    close: () => server.close(),
  };
}
