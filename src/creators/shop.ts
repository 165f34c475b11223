import { z } from 'zod';
import {
  firstUrl,
  idSchema,
  isRecord,
  missingField,
  optNum,
  optText,
  parseOrThrow,
  sumOrNull,
  toAmount,
  toEpochMs,
  toNumber,
  toPct,
  toText,
} from './parse.js';

/** TikTok-Creator (Shop back office) answers and TikOmni's own account info → our plain types. */

export interface CreatorVideoStats {
  itemId: string;
  name: string | null;
  /** ms epoch */
  publishTime: number | null;
  durationS: number | null;
  playUrl: string | null;
  coverUrl: string | null;
  views: number | null;
  /** % (0–100) */
  completionRatePct: number | null;
  /** product click-through rate, % (0–100) */
  ctrPct: number | null;
  /** in the shop's currency */
  gmv: number | null;
  itemsSold: number | null;
  newFollowers: number | null;
}

export interface VideoListPage {
  videos: CreatorVideoStats[];
  /** the `page` to ask for next, or null on the last page */
  nextPage: number | null;
}

export interface DetailedStatsPoint {
  /** bucket start as a calendar date, YYYY-MM-DD */
  t: string;
  /** bucket start, ms epoch */
  startMs: number;
  completionRatePct: number | null;
  likes: number | null;
  comments: number | null;
  shares: number | null;
  newFollowers: number | null;
  productViews: number | null;
}

export interface VideoDetailedStats {
  itemId: string;
  /** DAY, WEEK or MONTH as TikTok reports it, when given */
  granularity: string | null;
  series: DetailedStatsPoint[];
  /** sums over the buckets; completion rate is the unweighted mean (TikTok gives no per-bucket views to weight by) */
  totals: Omit<DetailedStatsPoint, 't' | 'startMs'>;
}

export interface AudienceShare {
  key: string;
  /** fraction of the audience, 0–1 */
  share: number;
}

export interface VideoAudienceStats {
  genders: AudienceShare[];
  ages: AudienceShare[];
  regions: AudienceShare[];
}

export interface AccountHealth {
  /** 9+ warning, 12+ e-commerce features suspended, 24+ permanent ban */
  violationScore: number | null;
  riskLevelText: string | null;
  /** 0 = normal */
  creatorStatus: number | null;
}

export interface CreatorAccountInfo {
  userId: string;
  userName: string | null;
  nickName: string | null;
}

export interface TikOmniUserInfo {
  /** USD */
  balance: number | null;
  freeCredit: number | null;
}

/** Creator routes put their payload in `segments[]`; each segment carries one time window. */
function segmentsOf(data: unknown, what: string): Record<string, unknown>[] {
  const parsed = parseOrThrow(z.looseObject({ segments: z.array(z.unknown()) }), data, 'data', what);
  return parsed.segments.map((s) => (isRecord(s) ? s : {}));
}

function listOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  return isRecord(v) ? [v] : [];
}

/** `video_play_info`: `post_url` is the cover, `video_infos.main_url` the video (inferred from sibling routes). */
function playInfo(v: unknown): { playUrl: string | null; coverUrl: string | null } {
  if (!isRecord(v)) return { playUrl: null, coverUrl: null };
  const infos = listOf(v.video_infos).filter(isRecord);
  let playUrl: string | null = null;
  let best = Number.POSITIVE_INFINITY;
  for (const info of infos) {
    const url = firstUrl(info.main_url) ?? firstUrl(info.backup_url) ?? firstUrl(info.url_list);
    const rate = toNumber(info.bitrate ?? info.bit_rate) ?? Number.POSITIVE_INFINITY;
    if (url && (playUrl === null || rate < best)) {
      playUrl = url;
      best = rate;
    }
  }
  return {
    playUrl: playUrl ?? firstUrl(v.play_url) ?? firstUrl(v.main_url),
    coverUrl: firstUrl(v.post_url) ?? firstUrl(v.cover_url) ?? firstUrl(v.cover),
  };
}

const listEntrySchema = z.preprocess(
  // Alternate layouts seen on sibling routes: metrics under `stats`, meta under `video`.
  (v) => {
    if (!isRecord(v)) return v;
    const merged = isRecord(v.stats) ? { ...v, ...v.stats } : v;
    if (!isRecord(merged.video_meta) && isRecord(merged.video)) return { ...merged, video_meta: merged.video };
    return merged;
  },
  z.looseObject({
    video_meta: z.looseObject({
      item_id: idSchema,
      name: optText,
      publish_time: z.unknown().optional(),
      duration: optNum,
      video_play_info: z.unknown().optional(),
    }),
    vv_cnt: optNum,
    completion_rate: z.unknown().optional(),
    ctr: z.unknown().optional(),
    gmv: z.unknown().optional(),
    item_sold_cnt: optNum,
    new_follower_cnt: optNum,
  }),
);

function truthy(v: unknown): boolean {
  return v === true || v === 1 || v === 'true' || v === '1';
}

export function parseVideoListPage(data: unknown, page: number, what: string): VideoListPage {
  const segments = segmentsOf(data, what);
  const videos: CreatorVideoStats[] = [];
  let nextPage: number | null = null;
  segments.forEach((segment, si) => {
    const rows = Array.isArray(segment.timed_lists) ? segment.timed_lists : [];
    rows.forEach((row, ri) => {
      const e = parseOrThrow(listEntrySchema, row, `data.segments[${si}].timed_lists[${ri}]`, what);
      const meta = e.video_meta;
      const media = playInfo(meta.video_play_info);
      videos.push({
        itemId: meta.item_id,
        name: meta.name ?? null,
        publishTime: toEpochMs(meta.publish_time),
        // The creator back office reports duration in seconds.
        durationS: meta.duration ?? null,
        playUrl: media.playUrl,
        coverUrl: media.coverUrl,
        views: e.vv_cnt ?? null,
        completionRatePct: toPct(e.completion_rate),
        ctrPct: toPct(e.ctr),
        gmv: toAmount(e.gmv),
        itemsSold: e.item_sold_cnt ?? null,
        newFollowers: e.new_follower_cnt ?? null,
      });
    });
    const control = isRecord(segment.list_control) ? segment.list_control : null;
    const pagination = control && isRecord(control.next_pagination) ? control.next_pagination : null;
    if (pagination && truthy(pagination.has_more)) nextPage = toNumber(pagination.next_page) ?? page + 1;
  });
  return { videos, nextPage };
}

/**
 * Bucket starts are local midnights in the creator's time zone. Shifting by 12 h before taking the UTC date gives
 * the local calendar date for any offset between −12 h and +12 h.
 */
function bucketDate(ms: number): string {
  return new Date(ms + 12 * 3_600_000).toISOString().slice(0, 10);
}

export function parseVideoDetailedStats(data: unknown, itemId: string, what: string): VideoDetailedStats {
  const segments = segmentsOf(data, what);
  const series: DetailedStatsPoint[] = [];
  let granularity: string | null = null;
  for (const segment of segments) {
    const selector = isRecord(segment.time_selector) ? segment.time_selector : {};
    granularity ??= toText(selector.granularity);
    for (const bucket of listOf(segment.timed_stats)) {
      if (!isRecord(bucket)) continue;
      const s = isRecord(bucket.stats) ? bucket.stats : bucket;
      const startMs = toEpochMs(bucket.start_timestamp ?? s.start_timestamp);
      if (startMs === null) continue;
      series.push({
        t: bucketDate(startMs),
        startMs,
        completionRatePct: toPct(s.video_completion_rate ?? s.completion_rate),
        likes: toNumber(s.like_cnt),
        comments: toNumber(s.comment_cnt),
        shares: toNumber(s.share_cnt),
        newFollowers: toNumber(s.new_follower_cnt),
        productViews: toNumber(s.product_view_cnt),
      });
    }
  }
  series.sort((a, b) => a.startMs - b.startMs);
  const rates = series.map((p) => p.completionRatePct).filter((v): v is number => v !== null);
  return {
    itemId,
    granularity,
    series,
    totals: {
      completionRatePct:
        rates.length === 0 ? null : Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 100) / 100,
      likes: sumOrNull(series.map((p) => p.likes)),
      comments: sumOrNull(series.map((p) => p.comments)),
      shares: sumOrNull(series.map((p) => p.shares)),
      newFollowers: sumOrNull(series.map((p) => p.newFollowers)),
      productViews: sumOrNull(series.map((p) => p.productViews)),
    },
  };
}

/** `[{ key, value }]` with value a 0–1 share (often a string) → sorted, largest first. */
function shares(v: unknown): AudienceShare[] {
  const out: AudienceShare[] = [];
  for (const entry of listOf(v)) {
    if (!isRecord(entry)) continue;
    const key = toText(entry.key);
    let share = toNumber(entry.value ?? entry.share);
    if (key === null || share === null) continue;
    if (share > 1) share /= 100; // a percentage slipped through
    out.push({ key, share: Math.min(1, Math.max(0, share)) });
  }
  return out.sort((a, b) => b.share - a.share);
}

export function parseVideoAudienceStats(data: unknown, what: string): VideoAudienceStats {
  const segments = segmentsOf(data, what);
  // The most recent profile with any data describes the audience for the month.
  let latest: { end: number; stats: Record<string, unknown> } | null = null;
  for (const segment of segments) {
    for (const profile of listOf(segment.timed_profile)) {
      if (!isRecord(profile)) continue;
      const stats = isRecord(profile.stats) ? profile.stats : profile;
      const hasData = ['follower_genders', 'follower_ages', 'follower_regions'].some(
        (k) => listOf(stats[k]).length > 0,
      );
      if (!hasData) continue;
      const end = toNumber(profile.end_timestamp) ?? 0;
      if (!latest || end >= latest.end) latest = { end, stats };
    }
  }
  const stats = latest?.stats ?? {};
  return {
    genders: shares(stats.follower_genders),
    ages: shares(stats.follower_ages),
    regions: shares(stats.follower_regions),
  };
}

export function parseAccountHealth(data: unknown, what: string): AccountHealth {
  if (!isRecord(data)) throw missingField(what, 'data');
  const risk = isRecord(data.risk_info) ? data.risk_info : {};
  return {
    violationScore: toNumber(data.violation_score ?? risk.violation_score),
    riskLevelText: toText(risk.risk_level_text ?? data.risk_level_text),
    creatorStatus: toNumber(data.creator_status ?? risk.creator_status),
  };
}

const accountInfoSchema = z.looseObject({ user_id: idSchema, user_name: optText, nick_name: optText });

export function parseCreatorAccountInfo(data: unknown, what: string): CreatorAccountInfo {
  if (!isRecord(data)) throw missingField(what, 'data');
  // Some deployments wrap the account under `creator_info` / `user_info`.
  const wrapper = ['creator_info', 'user_info', 'user'].find((k) => !('user_id' in data) && isRecord(data[k]));
  const info = parseOrThrow(
    accountInfoSchema,
    wrapper ? data[wrapper] : data,
    wrapper ? `data.${wrapper}` : 'data',
    what,
  );
  return { userId: info.user_id, userName: info.user_name ?? null, nickName: info.nick_name ?? null };
}

export function parseUserInfo(data: unknown, what: string): TikOmniUserInfo {
  if (!isRecord(data)) throw missingField(what, 'data');
  const user = isRecord(data.user_data) ? data.user_data : isRecord(data.user) ? data.user : data;
  return { balance: toNumber(user.balance), freeCredit: toNumber(user.free_credit ?? user.free_credits) };
}
