import { z } from 'zod';
import type { AdReportRow, ReportMetrics, TikTokAd, TikTokVideoInfo } from './types.js';

/**
 * The wire format: zod schemas of what the TikTok Marketing API (v1.3) sends back. They check shape only and stay lenient
 * where TikTok is known to vary: ids may be strings or numbers (always turned into strings), optional fields
 * may be missing or null, metrics may be strings, numbers or null.
 */

/** An id: TikTok sends strings, some older or report fields send bare numbers. Always a string afterwards. */
export const idSchema = z.union([z.string(), z.number()]).transform((v) => String(v));

const optionalId = idSchema.nullish().transform((v) => v ?? null);
const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const optionalNumber = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v) => parseMetricValue(v));

export const envelopeSchema = z.object({
  code: z.number(),
  message: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  request_id: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  data: z.unknown().optional(),
});

export const pageInfoSchema = z.object({
  page: z.number(),
  page_size: z.number(),
  total_number: z.number(),
  total_page: z.number(),
});

/** `list` is sometimes absent or null when nothing matched. */
function listOf<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);
}

export const adSchema = z.object({
  ad_id: idSchema,
  ad_name: optionalText,
  advertiser_id: optionalId,
  campaign_id: optionalId,
  adgroup_id: optionalId,
  ad_format: optionalText,
  video_id: optionalId,
  tiktok_item_id: optionalId,
  image_ids: z
    .array(idSchema)
    .nullish()
    .transform((v) => v ?? []),
  operation_status: optionalText,
  secondary_status: optionalText,
});
export type RawAd = z.infer<typeof adSchema>;

/** The ad fields the client asks ad/get for (everything `TikTokAd` needs). */
export const AD_FIELDS = [
  'advertiser_id',
  'campaign_id',
  'adgroup_id',
  'ad_id',
  'ad_name',
  'ad_format',
  'video_id',
  'tiktok_item_id',
  'image_ids',
  'operation_status',
  'secondary_status',
] as const;

export const adPageSchema = z.object({
  list: listOf(adSchema),
  page_info: pageInfoSchema,
});

export const videoInfoSchema = z.object({
  video_id: idSchema,
  preview_url: optionalText,
  /** "YYYY-MM-DD HH:MM:SS" in UTC */
  preview_url_expire_time: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => v ?? null),
  video_cover_url: optionalText,
  duration: optionalNumber,
  width: optionalNumber,
  height: optionalNumber,
  size: optionalNumber,
  signature: optionalText,
  format: optionalText,
  file_name: optionalText,
});
export type RawVideoInfo = z.infer<typeof videoInfoSchema>;

export const videoInfoDataSchema = z.object({
  list: listOf(videoInfoSchema),
});

const metricValue = z.union([z.string(), z.number(), z.null()]);

export const reportRowSchema = z.object({
  dimensions: z.object({ ad_id: idSchema }).loose(),
  metrics: z
    .record(z.string(), metricValue)
    .nullish()
    .transform((v) => v ?? {}),
});
export type RawReportRow = z.infer<typeof reportRowSchema>;

export const reportPageSchema = z.object({
  list: listOf(reportRowSchema),
  page_info: pageInfoSchema,
});

export const advertiserInfoSchema = z.object({
  advertiser_id: idSchema,
  name: optionalText,
  timezone: optionalText,
  display_timezone: optionalText,
  currency: optionalText,
});
export type RawAdvertiserInfo = z.infer<typeof advertiserInfoSchema>;

export const advertiserInfoDataSchema = z.object({
  list: listOf(advertiserInfoSchema),
});

/** The fields the client asks advertiser/info for. */
export const ADVERTISER_FIELDS = ['advertiser_id', 'name', 'timezone', 'display_timezone', 'currency'] as const;

/**
 * A report metric as TikTok sends it ("20.00", 5173, "1.18%", null, "", "-") → number, or null when TikTok
 * gave no usable value. Missing stays null; "0" is 0.
 */
export function parseMetricValue(value: string | number | null | undefined): number | null {
  if (value == null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = value.trim().replace(/%$/, '').trim();
  if (text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** A zod issue path as a readable field path: data.list[3].dimensions.ad_id */
export function formatIssuePath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(response body)' : out;
}

// --- wire → app types ----------------------------------------------------------------------------------

/** Report metrics the client requests, in TikTok's names, and where each lands in `ReportMetrics`. */
export const REPORT_METRICS: ReadonlyArray<readonly [keyof ReportMetrics, string]> = [
  ['spend', 'spend'],
  ['impressions', 'impressions'],
  ['clicks', 'clicks'],
  ['ctr', 'ctr'],
  ['cpc', 'cpc'],
  ['cpm', 'cpm'],
  ['conversion', 'conversion'],
  ['costPerConversion', 'cost_per_conversion'],
  ['videoPlayActions', 'video_play_actions'],
  ['videoWatched2s', 'video_watched_2s'],
  ['videoWatched6s', 'video_watched_6s'],
  ['videoViewsP25', 'video_views_p25'],
  ['videoViewsP50', 'video_views_p50'],
  ['videoViewsP75', 'video_views_p75'],
  ['videoViewsP100', 'video_views_p100'],
  ['averageVideoPlay', 'average_video_play'],
  ['averageVideoPlayPerUser', 'average_video_play_per_user'],
];
export const REPORT_METRIC_NAMES: readonly string[] = ['ad_name', ...REPORT_METRICS.map(([, name]) => name)];

/** "YYYY-MM-DD HH:MM:SS" (UTC), ISO text or a Unix time → ms since the epoch. */
export function parseTikTokTime(value: string | number | null): number | null {
  if (value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? (value < 1e12 ? value * 1000 : value) : null;
  const m = value.trim().match(/^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/);
  if (m) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed : null;
}

export function toAd(raw: RawAd): TikTokAd {
  return {
    adId: raw.ad_id,
    adName: raw.ad_name ?? '',
    advertiserId: raw.advertiser_id,
    campaignId: raw.campaign_id,
    adgroupId: raw.adgroup_id,
    adFormat: raw.ad_format,
    videoId: raw.video_id || null,
    tiktokItemId: raw.tiktok_item_id || null,
    imageIds: raw.image_ids,
    operationStatus: raw.operation_status,
    secondaryStatus: raw.secondary_status,
  };
}

export function toVideoInfo(raw: RawVideoInfo): TikTokVideoInfo {
  return {
    videoId: raw.video_id,
    previewUrl: raw.preview_url || null,
    previewUrlExpiresAt: parseTikTokTime(raw.preview_url_expire_time),
    coverUrl: raw.video_cover_url || null,
    durationS: raw.duration,
    width: raw.width,
    height: raw.height,
    sizeBytes: raw.size,
    signature: raw.signature || null,
    format: raw.format,
    fileName: raw.file_name,
  };
}

export function toReportRow(raw: RawReportRow): AdReportRow {
  const metrics = {} as ReportMetrics;
  for (const [key, name] of REPORT_METRICS) metrics[key] = parseMetricValue(raw.metrics[name]);
  const name = raw.metrics.ad_name;
  return {
    adId: raw.dimensions.ad_id,
    adName: name === null || name === undefined || name === '' ? null : String(name),
    metrics,
  };
}
