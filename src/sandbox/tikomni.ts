import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson, startServer } from './server.js';
import {
  audiencePayload,
  awemePayload,
  buildSampleData,
  type CdnLinks,
  DAY_S,
  dailyStatsPayload,
  fillVideoBytes,
  GEARS,
  listEntryPayload,
  prng,
  type ShopStats,
  type SimCreatorInfo,
  SORT_KEYS,
  seedOf,
  urlList,
  type Video,
} from './tikomni-data.js';

export { SIM_CREATORS, type SimCreatorInfo, simulatedVideoContent } from './tikomni-data.js';

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
 */

export const SIM_TIKOMNI_API_KEY = 'sim-tikomni-key-4f2b9c7d1e83';

const ROUTE_PREFIX = '/api/u1/v1';
const APP_V3 = `${ROUTE_PREFIX}/tiktok/app/v3`;
const CREATOR = `${ROUTE_PREFIX}/tiktok/creator`;
const USER_INFO = `${ROUTE_PREFIX}/tikhub/user/get_user_info`;
/** How the simulator tells a client that TikTok refused a creator's cookie. */
export type ExpiredCookieShape =
  /** HTTP 200, envelope `code` 200, `data: { code: 10001, message: "Login required…", data: null }` (the default) */
  | 'inner_code'
  /** HTTP 200, envelope `code` 200, `data: { status_code: 8, status_msg: "User not logged in" }` (TikTok web style) */
  | 'status_code'
  /** HTTP 400 `{ detail: { code: 400, message: "Request failed. Upstream TikTok returned: login required…" } }` */
  | 'http_400';

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
  stats: { requests: number; charged: number; byPath: Record<string, number>; cdnRequests: number; cdnBytes: number };
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

  // ------------------------------------------------------------ envelope

  const nowParts = () => {
    const now = Date.now();
    return { time: new Date(now).toISOString().replace('T', ' ').slice(0, 19), time_stamp: Math.floor(now / 1000) };
  };
  const common = (path: string, params: Record<string, unknown>) => ({
    support: 'Discord: https://discord.gg/aMEAS8Xsvz',
    ...nowParts(),
    time_zone: 'America/Los_Angeles',
    docs: `https://api.tikomni.com/#/${path.split('/').slice(4, -1).join('-')}/${path.split('/').pop()}`,
    router: path.replace(ROUTE_PREFIX, '/api/v1'),
    params,
  });
  const envelope = (path: string, params: Record<string, unknown>, payload: unknown) => {
    const requestId = randomUUID();
    const cacheSign = createHash('sha256').update(`${requestId}:${cdnSecret}`).digest('hex').slice(0, 32);
    return {
      code: 200,
      request_id: requestId,
      message: 'Request successful. This request will incur a charge.',
      message_zh: '请求成功,本次请求将被计费。',
      ...common(path, params),
      cache_message:
        'This request will be cached. You can access the cached result directly using the URL below, valid for 24 hours. Accessing the cache will not incur any additional charges.',
      cache_message_zh:
        '本次请求将被缓存,你可以使用下面的 URL 直接访问缓存结果,有效期为 24 小时,访问缓存不会产生额外费用。',
      cache_url: `https://cache.tikomni.com/api/v1/cache/public/${requestId}?sign=${cacheSign}`,
      data: payload,
    };
  };
  const errorDetail = (status: number, message: string, path: string, params: Record<string, unknown>) => ({
    detail: { code: status, request_id: randomUUID(), message, message_zh: message, ...common(path, params) },
  });
  const ok = (res: ServerResponse, path: string, params: Record<string, unknown>, payload: unknown, billed = true) => {
    if (billed) stats.charged++;
    sendJson(res, 200, envelope(path, params, payload));
  };

  // ------------------------------------------------------------ CDN

  const sign = (path: string, expires: number) =>
    createHash('sha256').update(`${path}:${expires}:${cdnSecret}`).digest('hex').slice(0, 24);
  const cdnUrl = (path: string) => {
    const expires = Math.floor(Date.now() / 1000) + ttlS;
    return `${baseUrl}${path}?x-expires=${expires}&x-signature=${sign(path, expires)}`;
  };
  const playUrl = (itemId: string, gear: string) => cdnUrl(`/cdn/video/${itemId}/${gear}.mp4`);
  const coverUrl = (itemId: string) => cdnUrl(`/cdn/cover/${itemId}.jpeg`);
  const renditionSize = (itemId: string, factor: number) => Math.max(64, Math.floor(videoBytes(itemId))) * factor;
  const cdn: CdnLinks = { playUrl, coverUrl, size: renditionSize };

  async function serveCdn(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    stats.cdnRequests++;
    const expires = Number(url.searchParams.get('x-expires'));
    const signature = url.searchParams.get('x-signature');
    if (!Number.isFinite(expires) || signature !== sign(url.pathname, expires) || expires < Date.now() / 1000) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('Access Denied');
      return;
    }
    const video = /^\/cdn\/video\/(\d+)\/(\w+)\.mp4$/.exec(url.pathname);
    const cover = /^\/cdn\/cover\/(\d+)\.jpeg$/.exec(url.pathname);
    if (video && videos.has(video[1] as string)) {
      const itemId = video[1] as string;
      const gear = video[2] as string;
      const factor = GEARS.find((g) => g.gear === gear)?.sizeFactor ?? 2;
      const size = renditionSize(itemId, factor);
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(size), 'accept-ranges': 'bytes' });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const chunk = 64 * 1024;
      for (let offset = 0; offset < size; offset += chunk) {
        const buf = Buffer.alloc(Math.min(chunk, size - offset));
        fillVideoBytes(buf, offset, itemId, gear);
        stats.cdnBytes += buf.length;
        if (!res.write(buf)) await new Promise<void>((resolve) => res.once('drain', resolve));
        if (res.destroyed) return;
      }
      res.end();
      return;
    }
    if (cover && videos.has(cover[1] as string)) {
      const body = Buffer.concat([
        Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
        Buffer.from(`cover ${cover[1]}`),
        Buffer.from([0xff, 0xd9]),
      ]);
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(body.length) });
      res.end(req.method === 'HEAD' ? undefined : body);
      stats.cdnBytes += body.length;
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not Found');
  }

  // ------------------------------------------------------------ App-V3

  function resolveShareUrl(raw: string): Video | null {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return null;
    }
    const parts = url.pathname.split('/').filter(Boolean);
    if (url.hostname === 'vm.tiktok.com' || url.hostname === 'vt.tiktok.com') return byCode.get(parts[0] ?? '') ?? null;
    if (parts[0] === 't') return byCode.get(parts[1] ?? '') ?? null;
    const i = parts.indexOf('video');
    return i >= 0 ? (videos.get(parts[i + 1] ?? '') ?? null) : null;
  }

  function appV3(res: ServerResponse, path: string, url: URL) {
    const params = Object.fromEntries(url.searchParams);
    const detail = (v: Video) => ({
      status_code: 0,
      status_msg: '',
      aweme_detail: awemePayload(v, cdn),
      log_pb: { impr_id: randomUUID() },
    });
    if (path === `${APP_V3}/fetch_one_video`) {
      const id = url.searchParams.get('aweme_id');
      if (!id) return validationError(res, 'query', 'aweme_id');
      const v = videos.get(id);
      if (!v) {
        const filter = { aweme_id: id, filter_reason: 'item_not_found', detail_msg: 'Video currently unavailable' };
        return ok(res, path, params, { status_code: 0, status_msg: '', aweme_detail: null, filter_detail: filter });
      }
      return ok(res, path, params, detail(v));
    }
    const shareUrl = url.searchParams.get('share_url');
    if (!shareUrl) return validationError(res, 'query', 'share_url');
    const v = resolveShareUrl(shareUrl);
    if (!v) {
      const message = 'Request failed. Could not resolve the share URL; please check it and try again.';
      return sendJson(res, 400, errorDetail(400, message, path, params));
    }
    return ok(res, path, params, detail(v));
  }

  function validationError(res: ServerResponse, where: 'query' | 'body', field: string) {
    sendJson(res, 422, { detail: [{ loc: [where, field], msg: 'field required', type: 'value_error.missing' }] });
  }

  // ------------------------------------------------------------ TikTok-Creator

  /** `MM-DD-YYYY` → the calendar month (UTC) it falls in, as epoch seconds [start, end). */
  function monthOf(startDate: unknown): { start: number; end: number } | null {
    const m = /^(\d{2})-(\d{2})-(\d{4})$/.exec(typeof startDate === 'string' ? startDate : '04-01-2025');
    if (!m) return null;
    const year = Number(m[3]);
    const month = Number(m[1]) - 1;
    if (month < 0 || month > 11) return null;
    return { start: Date.UTC(year, month, 1) / 1000, end: Date.UTC(year, month + 1, 1) / 1000 };
  }

  function loginRefused(res: ServerResponse, path: string, params: Record<string, unknown>, cookie: unknown) {
    const shape = (typeof cookie === 'string' && expired.get(cookie)) || 'inner_code';
    if (shape === 'http_400') {
      const message =
        'Request failed. Upstream TikTok returned: login required (10001). Please check that your cookie is valid.';
      return sendJson(res, 400, errorDetail(400, message, path, params));
    }
    if (shape === 'status_code')
      return ok(res, path, params, { status_code: 8, status_msg: 'User not logged in' }, false);
    const payload = {
      code: 10001,
      message: 'Login required: the session cookie is invalid or has expired.',
      data: null,
    };
    return ok(res, path, params, payload, false);
  }

  const videoOf = (itemId: string) => videos.get(itemId) as Video;

  function creatorRoute(res: ServerResponse, path: string, body: Record<string, unknown>) {
    const params = body;
    const creator =
      typeof body.cookie === 'string' && !expired.has(body.cookie) ? byCookie.get(body.cookie) : undefined;
    if (!creator) return loginRefused(res, path, params, body.cookie);
    const route = path.slice(CREATOR.length + 1);
    const month = monthOf(body.start_date);
    const needsMonth = route.startsWith('get_video_');
    if (needsMonth && !month) {
      return sendJson(res, 400, errorDetail(400, 'Invalid start_date, expected MM-DD-YYYY.', path, params));
    }
    const itemId = typeof body.item_id === 'string' ? body.item_id : null;
    const timeSelector = month && {
      period: 'MONTH',
      granularity: 'DAY',
      start_timestamp: month.start,
      end_timestamp: month.end,
      timezone_offset: 0,
      locale: 'en',
    };
    switch (route) {
      case 'get_video_list_analytics': {
        const range = month as { start: number; end: number };
        const rules = typeof body.rules === 'string' && SORT_KEYS[body.rules] ? body.rules : 'VIDEO_LIST_PUBLISH_TIME';
        const key = SORT_KEYS[rules] as (v: Video, s: ShopStats) => number;
        const inMonth = creator.shop
          .filter((s) => videoOf(s.itemId).createTime >= range.start && videoOf(s.itemId).createTime < range.end)
          .sort((a, b) => key(videoOf(b.itemId), b) - key(videoOf(a.itemId), a));
        const page = Math.max(0, Math.floor(Number(body.page ?? 0)) || 0);
        const totalPage = Math.ceil(inMonth.length / pageSize);
        const rows = inMonth.slice(page * pageSize, (page + 1) * pageSize);
        const hasMore = (page + 1) * pageSize < inMonth.length;
        return ok(res, path, params, {
          segments: [
            {
              time_selector: timeSelector,
              filter: { creator_id: creator.userId },
              list_control: {
                rules: [{ field: rules, desc: true }],
                next_pagination: {
                  has_more: hasMore,
                  next_page: hasMore ? page + 1 : page,
                  page,
                  total_page: totalPage,
                  total: inMonth.length,
                },
              },
              timed_lists: rows.map((s) => listEntryPayload(creator, s, videoOf(s.itemId), cdn)),
            },
          ],
        });
      }
      case 'get_video_detailed_stats':
      case 'get_video_audience_stats': {
        if (!itemId) return validationError(res, 'body', 'item_id');
        const range = month as { start: number; end: number };
        const s = creator.shop.find((x) => x.itemId === itemId);
        const segment: Record<string, unknown> = {
          time_selector: timeSelector,
          filter: { creator_id: creator.userId, item_id: itemId },
        };
        if (route === 'get_video_detailed_stats')
          segment.timed_stats = s ? dailyStatsPayload(creator, s, videoOf(s.itemId), range, anchorS) : [];
        else segment.timed_profile = s ? [audiencePayload(s, range)] : [];
        // These routes nest the upstream answer once more: data.code 0 and data.data.
        return ok(res, path, params, { code: 0, message: 'success', data: { segments: [segment] } });
      }
      case 'get_account_health_status':
        return ok(res, path, params, {
          risk_info: {
            risk_level_text: creator.riskLevelText,
            light_color: creator.violationScore >= 9 ? 'rgba(255,171,0,1)' : 'rgba(0,184,122,1)',
            dark_color: creator.violationScore >= 9 ? 'rgba(255,193,61,1)' : 'rgba(30,200,140,1)',
            vio_score_rule_learn_url: 'https://seller-us.tiktok.com/university/essay?knowledge_id=sim',
          },
          is_show_score: true,
          violation_score: creator.violationScore,
          creator_status: creator.creatorStatus,
        });
      case 'get_creator_account_info':
        return ok(res, path, params, {
          code: 0,
          message: 'success',
          data: {
            user_id: creator.userId,
            user_type: 1,
            register_region_id: 'us',
            user_name: creator.userName,
            avatar: urlList(`${baseUrl}/cdn/avatar/${creator.userId}.jpeg`),
            permission_list: [1, 2, 5],
            partner_id: '',
            partner_name: '',
            shop_account_official: false,
            tt_uid: creator.userId,
            nick_name: creator.nickName,
          },
        });
      default:
        return sendJson(res, 404, { detail: 'Not Found' });
    }
  }

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
    if (path.startsWith('/cdn/')) return serveCdn(req, res, url);

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
    if (isAppV3) return appV3(res, path, url);
    if (isCreator) return creatorRoute(res, path, body);
    return ok(
      res,
      path,
      params,
      {
        user_data: {
          email: 'sim@example.com',
          balance: 42.5,
          free_credit: 1.25,
          account_disabled: false,
          is_verified: true,
        },
        api_key_data: {
          api_key_name: 'creative-score',
          api_key_status: 1,
          api_key_scopes: ['/api/v1/tiktok/'],
          expires_at: null,
        },
      },
      false,
    );
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
