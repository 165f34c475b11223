import { z } from 'zod';
import type { PublicStats } from '../analysis/types.js';
import { UserError } from '../errors.js';
import {
  firstUrl,
  idSchema,
  isRecord,
  looseRecord,
  missingField,
  optNum,
  optText,
  parseOrThrow,
  sumOrNull,
  toEpochMs,
  toNumber,
  toText,
} from './parse.js';

/** App-V3 answers (raw TikTok app "aweme" objects) → OrganicVideo. */

export interface OrganicVideo {
  itemId: string;
  description: string | null;
  authorHandle: string | null;
  /** ms epoch */
  createdAt: number | null;
  durationS: number | null;
  coverUrl: string | null;
  /** lowest bit-rate rendition; signed with `x-expires`, so download it promptly and never cache it */
  playUrl: string;
  stats: PublicStats;
}

const awemeSchema = z.looseObject({
  aweme_id: idSchema,
  desc: optText,
  create_time: optNum,
  aweme_type: optNum,
  image_post_info: z.unknown().optional(),
  author: looseRecord,
  statistics: looseRecord,
  video: z.looseObject({
    duration: optNum,
    cover: z.unknown().optional(),
    origin_cover: z.unknown().optional(),
    dynamic_cover: z.unknown().optional(),
    play_addr: z.unknown().optional(),
    download_addr: z.unknown().optional(),
    bit_rate: z
      .unknown()
      .optional()
      .transform((v) => (Array.isArray(v) ? v.filter(isRecord) : [])),
  }),
});

/** `aweme_detail` (single-video routes), else the first of `aweme_details` / `aweme_list`, else `data` itself. */
function findAweme(data: Record<string, unknown>): { value: unknown; path: string } | null {
  if (isRecord(data.aweme_detail)) return { value: data.aweme_detail, path: 'data.aweme_detail' };
  for (const key of ['aweme_details', 'aweme_list'] as const) {
    const list = data[key];
    if (Array.isArray(list) && isRecord(list[0])) return { value: list[0], path: `data.${key}[0]` };
  }
  if ('aweme_id' in data) return { value: data, path: 'data' };
  return null;
}

/** The lowest bit-rate rendition of `video.bit_rate[]`, else `play_addr`, else the watermarked `download_addr`. */
function pickPlayUrl(video: z.output<typeof awemeSchema>['video']): string | null {
  let best: { rate: number; url: string } | null = null;
  for (const rendition of video.bit_rate) {
    const url = firstUrl(rendition.play_addr);
    if (!url) continue;
    const rate = toNumber(rendition.bit_rate) ?? Number.POSITIVE_INFINITY;
    if (!best || rate < best.rate) best = { rate, url };
  }
  return best?.url ?? firstUrl(video.play_addr) ?? firstUrl(video.download_addr);
}

/** Engagement rate, %: (likes + comments + shares + saves) / plays × 100; null without plays. */
export function engagementRate(s: Omit<PublicStats, 'engagementRate' | 'authorHandle' | 'createdAt'>): number | null {
  if (s.plays === null || s.plays <= 0) return null;
  const interactions = sumOrNull([s.likes, s.comments, s.shares, s.saves]);
  if (interactions === null) return null;
  return Math.round((interactions / s.plays) * 100 * 10_000) / 10_000;
}

/**
 * `video.duration` is documented in ms; some app versions send seconds. No TikTok video is shorter than 1 s or
 * longer than 1,000 s… except in ms, so values from 1,000 up are read as ms and smaller ones as seconds.
 */
function durationSeconds(v: number | null): number | null {
  if (v === null || v <= 0) return null;
  const s = v >= 1000 ? v / 1000 : v;
  return Math.round(s * 100) / 100;
}

export function parseOrganicVideo(data: unknown, what: string): OrganicVideo {
  if (!isRecord(data)) throw missingField(what, 'data');
  const found = findAweme(data);
  if (!found) {
    const filter = isRecord(data.filter_detail) ? data.filter_detail : null;
    if (filter) {
      const reason = toText(filter.detail_msg) ?? toText(filter.filter_reason) ?? 'unavailable';
      throw new UserError(
        'bad_input',
        `TikTok has no public video there (${reason}): it may be private, deleted or region-locked.`,
        'Open the link in a browser to check that it still plays.',
      );
    }
    throw missingField(what, 'data.aweme_detail');
  }
  const aweme = parseOrThrow(awemeSchema, found.value, found.path, what);
  if (aweme.image_post_info != null || aweme.aweme_type === 150) {
    throw new UserError(
      'not_a_video',
      'That TikTok post is a photo carousel, not a video, so it cannot be scored.',
      'Pick a video post.',
    );
  }
  const playUrl = pickPlayUrl(aweme.video);
  if (!playUrl) throw missingField(what, `${found.path}.video.bit_rate[].play_addr.url_list`);
  const st = aweme.statistics ?? {};
  const author = aweme.author ?? {};
  const counts = {
    plays: toNumber(st.play_count),
    likes: toNumber(st.digg_count),
    comments: toNumber(st.comment_count),
    shares: toNumber(st.share_count),
    saves: toNumber(st.collect_count),
  };
  const authorHandle = toText(author.unique_id);
  const createdAt = toEpochMs(aweme.create_time);
  return {
    itemId: aweme.aweme_id,
    description: aweme.desc ?? null,
    authorHandle,
    createdAt,
    durationS: durationSeconds(aweme.video.duration ?? toNumber(aweme.duration)),
    coverUrl: firstUrl(aweme.video.cover) ?? firstUrl(aweme.video.origin_cover) ?? firstUrl(aweme.video.dynamic_cover),
    playUrl,
    stats: { ...counts, engagementRate: engagementRate(counts), authorHandle, createdAt },
  };
}
