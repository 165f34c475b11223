import { createHash, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson } from './server.js';
import {
  audiencePayload,
  awemePayload,
  type CdnLinks,
  type Creator,
  dailyStatsPayload,
  listEntryPayload,
  type ShopStats,
  SORT_KEYS,
  urlList,
  type Video,
} from './tikomni-data.js';
import type { ExpiredCookieShape, TikOmniSimulatorStats } from './tikomni-types.js';

/**
 * The answers of the simulated TikOmni API: App-V3 video lookups, the TikTok-Creator routes (analytics for the
 * creator whose cookie is sent, or a login refusal in the configured shape) and the account's user info, all in
 * TikOmni's envelope — `params` echo with the cookie and a `cache_url` included — or FastAPI's `{ detail }`.
 */

const ROUTE_PREFIX = '/api/u1/v1';
export const APP_V3 = `${ROUTE_PREFIX}/tiktok/app/v3`;
export const CREATOR = `${ROUTE_PREFIX}/tiktok/creator`;
export const USER_INFO = `${ROUTE_PREFIX}/tikhub/user/get_user_info`;

// ---------------------------------------------------------------- envelope

const nowParts = () => {
  const now = Date.now();
  return { time: new Date(now).toISOString().replace('T', ' ').slice(0, 19), time_stamp: Math.floor(now / 1000) };
};
/** The fields every TikOmni answer carries, errors included: support links, times, the route and `params` echo. */
export const common = (path: string, params: Record<string, unknown>) => ({
  support: 'Discord: https://discord.gg/aMEAS8Xsvz',
  ...nowParts(),
  time_zone: 'America/Los_Angeles',
  docs: `https://api.tikomni.com/#/${path.split('/').slice(4, -1).join('-')}/${path.split('/').pop()}`,
  router: path.replace(ROUTE_PREFIX, '/api/v1'),
  params,
});
/** An error the FastAPI way, `{ detail: … }`. */
export const errorDetail = (status: number, message: string, path: string, params: Record<string, unknown>) => ({
  detail: { code: status, request_id: randomUUID(), message, message_zh: message, ...common(path, params) },
});

/** What the answers read from the simulator around them. */
export interface ApiContext {
  /** signs the envelope's `cache_url` */
  secret: string;
  stats: Pick<TikOmniSimulatorStats, 'charged'>;
  cdn: CdnLinks;
  videos: ReadonlyMap<string, Video>;
  /** videos by share-link short code */
  byCode: ReadonlyMap<string, Video>;
  byCookie: ReadonlyMap<string, Creator>;
  /** cookies TikTok refuses, with the shape of the refusal */
  expired: ReadonlyMap<string, ExpiredCookieShape>;
  /** videos per page of get_video_list_analytics */
  pageSize: number;
  /** the unix second the sample data is anchored to */
  anchorS: number;
  /** the simulator's origin, known once it listens */
  origin: () => string;
}

export function tikomniApi(context: ApiContext) {
  const { secret, stats, cdn, videos, byCode, byCookie, expired, pageSize, anchorS, origin } = context;

  const envelope = (path: string, params: Record<string, unknown>, payload: unknown) => {
    const requestId = randomUUID();
    const cacheSign = createHash('sha256').update(`${requestId}:${secret}`).digest('hex').slice(0, 32);
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
  const ok = (res: ServerResponse, path: string, params: Record<string, unknown>, payload: unknown, billed = true) => {
    if (billed) stats.charged++;
    sendJson(res, 200, envelope(path, params, payload));
  };

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
            avatar: urlList(`${origin()}/cdn/avatar/${creator.userId}.jpeg`),
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

  // ------------------------------------------------------------ user info

  function userInfo(res: ServerResponse, path: string, params: Record<string, unknown>) {
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

  return { appV3, creatorRoute, userInfo };
}
