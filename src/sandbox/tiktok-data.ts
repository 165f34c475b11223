import { hash32, mulberry32 } from './seeded.js';

/**
 * A deterministic sample TikTok ad account for the simulator: ads, campaigns, ad groups, videos and per-ad daily
 * base metrics. Everything comes from a seeded PRNG (never Math.random), so the same options give the same account.
 */

export interface SampleAdvertiser {
  advertiserId: string;
  name: string;
  /** what advertiser/info sends as `timezone` (may be an offset or junk in tests) */
  timezone: string | null;
  /** what advertiser/info sends as `display_timezone` */
  displayTimezone: string | null;
  currency: string;
}

export interface SampleCampaign {
  campaignId: string;
  campaignName: string;
}

export interface SampleAdgroup {
  adgroupId: string;
  adgroupName: string;
  campaignId: string;
}

export interface SampleVideo {
  videoId: string;
  fileName: string;
  materialId: string;
  durationS: number;
  width: number;
  height: number;
  /** bytes the CDN serves; override it in tests (e.g. 1 GiB) */
  sizeBytes: number;
  bitRate: number;
  format: string;
  createTime: string;
}

/** An ad's delivery on an average day; report totals scale with the number of days asked for. */
export interface DailyMetrics {
  impressions: number;
  /** clicks per impression, % */
  ctr: number;
  /** cost per 1000 impressions, account currency */
  cpm: number;
  /** conversions per click, % */
  cvr: number;
  /** the video rates below are fractions of impressions */
  playRate: number;
  watched2sRate: number;
  watched6sRate: number;
  p25Rate: number;
  p50Rate: number;
  p75Rate: number;
  p100Rate: number;
  averagePlayS: number;
}

export type ReportValue = string | number | null;

export interface SampleAd {
  adId: string;
  adName: string;
  campaignId: string;
  adgroupId: string;
  adFormat: string;
  /** null for Spark ads and image ads */
  videoId: string | null;
  tiktokItemId: string | null;
  imageIds: string[];
  operationStatus: 'ENABLE' | 'DISABLE';
  secondaryStatus: string;
  deleted: boolean;
  createTime: string;
  landingPageUrl: string;
  adText: string;
  callToAction: string;
  /** null: the ad never delivered and has no report row */
  daily: DailyMetrics | null;
  /** report metric names left out of this ad's report row */
  omitMetrics: string[];
  /** report metric names sent as null */
  nullMetrics: string[];
  /** report metric values sent verbatim (e.g. { ctr: '1.5%', impressions: 600 }) */
  metricOverrides: Record<string, ReportValue>;
}

/** Ids of the ads that exist to exercise edge cases; null when the account is too small to hold them. */
export interface SampleRoles {
  sharedVideoId: string | null;
  sharedVideoAdIds: string[];
  sparkAdId: string | null;
  imageAdId: string | null;
  noDeliveryAdId: string | null;
  partialMetricsAdId: string | null;
  luckyAdId: string | null;
  deletedAdId: string | null;
  pausedAdId: string | null;
}

/** The roles filled by exactly one ad each. */
type EdgeCaseRole = Exclude<keyof SampleRoles, 'sharedVideoId' | 'sharedVideoAdIds'>;

export interface SampleAccount {
  seed: number;
  advertiser: SampleAdvertiser;
  campaigns: SampleCampaign[];
  adgroups: SampleAdgroup[];
  ads: SampleAd[];
  videos: SampleVideo[];
  roles: SampleRoles;
  /** counters behind new ids; keeps `addSampleAd` deterministic */
  serials: { ad: number; video: number };
}

export interface SampleAccountOptions {
  /** number of ads, deleted ones included (default 48) */
  ads?: number;
  seed?: number;
  advertiserId?: string;
  timezone?: string;
  currency?: string;
}

const CONCEPTS = [
  'UGC hook v3',
  'Founder story',
  'Logo intro',
  'Unboxing ASMR',
  'Problem / solution',
  'Before & after',
  'Green screen reply',
  'Street interview',
  'Product demo 15s',
  'Day in the life',
  'POV: you found it',
  'Testimonial – Sarah',
  'Creator collab – Mia',
  'Tutorial in 3 steps',
  'Price drop promo',
  'Behind the scenes',
  'Comment reply',
  'Top 5 reasons',
  'Duet reaction',
  'Trend sound remix',
];
const VARIANTS = ['9:16 cut', 'captions', 'fast open', 'voice-over', 'broad', 'retarget', 'CTA end card', 'hook B'];
const CTAS = ['SHOP_NOW', 'LEARN_MORE', 'ORDER_NOW', 'SIGN_UP', 'DOWNLOAD'];

/** A sample ad account. `createSampleAccount({ ads: 1200 })` takes a few milliseconds. */
export function createSampleAccount(options: SampleAccountOptions = {}): SampleAccount {
  const seed = options.seed ?? 1;
  const total = Math.max(0, Math.floor(options.ads ?? 48));
  const timezone = options.timezone ?? 'America/Los_Angeles';
  const campaigns: SampleCampaign[] = ['Prospecting', 'Retargeting', 'Creative testing', 'Always on'].map(
    (name, i) => ({
      campaignId: makeId('3', i + 1, seed),
      campaignName: `${name} – ${2024 + (i % 2)}`,
    }),
  );
  const adgroups: SampleAdgroup[] = [];
  for (const [c, campaign] of campaigns.entries()) {
    for (const audience of ['US 18-34', 'US 25-44', 'Lookalike 1%']) {
      adgroups.push({
        adgroupId: makeId('2', adgroups.length + 1, seed),
        adgroupName: `${campaign.campaignName.split(' –')[0]} · ${audience}`,
        campaignId: campaigns[c]!.campaignId,
      });
    }
  }
  const account: SampleAccount = {
    seed,
    advertiser: {
      advertiserId: options.advertiserId ?? '7012345678901234567',
      name: 'Glow Skincare Co. (sample)',
      timezone,
      displayTimezone: timezone,
      currency: options.currency ?? 'USD',
    },
    campaigns,
    adgroups,
    ads: [],
    videos: [],
    roles: {
      sharedVideoId: null,
      sharedVideoAdIds: [],
      sparkAdId: null,
      imageAdId: null,
      noDeliveryAdId: null,
      partialMetricsAdId: null,
      luckyAdId: null,
      deletedAdId: null,
      pausedAdId: null,
    },
    serials: { ad: 0, video: 0 },
  };
  const roles = account.roles;
  /** An ad that fills one of the edge-case roles. */
  const edgeCaseAd = (role: EdgeCaseRole, overrides: Partial<SampleAd>): SampleAd => {
    const ad = addSampleAd(account, overrides);
    roles[role] = ad.adId;
    return ad;
  };
  /** One of the ads that share a video; the first of them creates it. */
  const sharedVideoAd = (adName: string): void => {
    roles.sharedVideoId ??= addSampleVideo(account, { fileName: 'ugc_hook_v3.mp4' }).videoId;
    roles.sharedVideoAdIds.push(addSampleAd(account, { adName, videoId: roles.sharedVideoId }).adId);
  };
  for (let i = 0; i < total; i++) {
    switch (i) {
      case 0:
        sharedVideoAd('UGC hook v3');
        break;
      case 3:
        sharedVideoAd('UGC hook v3 – broad audience');
        break;
      case 9:
        sharedVideoAd('UGC hook v3 – retarget');
        break;
      case 4:
        edgeCaseAd('sparkAdId', {
          adName: 'Spark – creator post @mia.glows',
          videoId: null,
          tiktokItemId: `73${String(hash32(`item:${seed}`)).padStart(10, '0')}${String(i).padStart(7, '0')}`,
        });
        break;
      case 5:
        edgeCaseAd('imageAdId', {
          adName: 'Static product shot',
          adFormat: 'SINGLE_IMAGE',
          videoId: null,
          imageIds: [`ad-site-i18n-sg/20240105${hex(hash32(`img:${seed}`), 8)}`],
        });
        break;
      case 6:
        edgeCaseAd('noDeliveryAdId', {
          adName: 'New concept – in review',
          secondaryStatus: 'AD_STATUS_AUDIT',
          daily: null,
        });
        break;
      case 7:
        edgeCaseAd('partialMetricsAdId', {
          adName: 'Unboxing ASMR',
          omitMetrics: ['video_watched_6s', 'video_views_p75', 'video_views_p100'],
          nullMetrics: ['average_video_play'],
        });
        break;
      case 8: {
        const ad = edgeCaseAd('luckyAdId', { adName: 'Street interview' });
        // ~600 impressions over a week with a CTR far above the rest: a small-sample outlier.
        ad.daily = { ...(ad.daily as DailyMetrics), impressions: 86, ctr: 5.2, cvr: 12 };
        break;
      }
      case 10:
        edgeCaseAd('deletedAdId', {
          adName: 'Black Friday promo (old)',
          deleted: true,
          secondaryStatus: 'AD_STATUS_DELETE',
        });
        break;
      case 11:
        edgeCaseAd('pausedAdId', {
          adName: 'Price drop promo',
          operationStatus: 'DISABLE',
          secondaryStatus: 'AD_STATUS_DISABLE',
        });
        break;
      default:
        addSampleAd(account, { adName: conceptName(i) });
    }
  }
  return account;
}

function conceptName(i: number): string {
  const concept = CONCEPTS[i % CONCEPTS.length]!;
  if (i < CONCEPTS.length) return concept;
  const round = Math.floor(i / CONCEPTS.length);
  return `${concept} – ${VARIANTS[round % VARIANTS.length]}${round >= VARIANTS.length ? ` ${Math.floor(round / VARIANTS.length) + 1}` : ''}`;
}

/**
 * Adds an ad (and, for a video ad without `videoId`, a fresh video). Anything in `overrides` wins, e.g.
 * `addSampleAd(account, { adName: '<!channel> *bold* <https://evil.example|click>' })`.
 */
export function addSampleAd(account: SampleAccount, overrides: Partial<SampleAd> = {}): SampleAd {
  const serial = ++account.serials.ad;
  const rng = mulberry32(hash32(`ad:${account.seed}:${serial}`));
  const adgroup = account.adgroups[(serial - 1) % Math.max(1, account.adgroups.length)];
  const adFormat = overrides.adFormat ?? 'SINGLE_VIDEO';
  let videoId = overrides.videoId;
  if (videoId === undefined) {
    videoId = adFormat === 'SINGLE_VIDEO' && !overrides.tiktokItemId ? addSampleVideo(account).videoId : null;
  }
  const adName = overrides.adName ?? conceptName(serial - 1);
  const ad: SampleAd = {
    adId: makeId('1', serial, account.seed),
    adName,
    campaignId: adgroup?.campaignId ?? makeId('3', 1, account.seed),
    adgroupId: adgroup?.adgroupId ?? makeId('2', 1, account.seed),
    adFormat,
    videoId,
    tiktokItemId: null,
    imageIds: adFormat === 'SINGLE_IMAGE' ? [`ad-site-i18n-sg/2024${hex(hash32(`img:${serial}`), 12)}`] : [],
    operationStatus: 'ENABLE',
    secondaryStatus: 'AD_STATUS_DELIVERY_OK',
    deleted: false,
    createTime: tiktokTime(Date.UTC(2024, 0, 2, 9) + serial * 3 * 3600_000),
    landingPageUrl: `https://shop.example.com/p/${serial}`,
    adText: `${adName.replace(/[^\w\s]/g, '').trim()} – tap to see why 10k people switched`,
    callToAction: CTAS[serial % CTAS.length]!,
    daily: randomDaily(rng, adFormat !== 'SINGLE_IMAGE'),
    omitMetrics: [],
    nullMetrics: [],
    metricOverrides: {},
    ...overrides,
  };
  account.ads.push(ad);
  return ad;
}

/** Adds a video (100–400 KB by default so tests download fast). */
export function addSampleVideo(account: SampleAccount, overrides: Partial<SampleVideo> = {}): SampleVideo {
  const serial = ++account.serials.video;
  const rng = mulberry32(hash32(`video:${account.seed}:${serial}`));
  const durationS = Math.round((9 + rng() * 51) * 1000) / 1000;
  const sizeBytes = overrides.sizeBytes ?? 100_000 + Math.floor(rng() * 300_000);
  let tail = '';
  while (tail.length < 20) tail += Math.floor(rng() * 2 ** 32).toString(32);
  const video: SampleVideo = {
    videoId: `v10033g50000${serial.toString(32).padStart(4, '0')}${tail.slice(0, 16)}`,
    fileName: `creative_${serial}.mp4`,
    materialId: makeId('4', serial, account.seed).replace(/^178/, '700'),
    durationS,
    width: 720,
    height: 1280,
    sizeBytes,
    bitRate: Math.round((sizeBytes * 8) / durationS),
    format: 'mp4',
    createTime: tiktokTime(Date.UTC(2024, 0, 1, 8) + serial * 3 * 3600_000),
    ...overrides,
  };
  account.videos.push(video);
  return video;
}

/** Changes an existing ad in place and returns it. */
export function updateSampleAd(account: SampleAccount, adId: string, patch: Partial<SampleAd>): SampleAd {
  const ad = account.ads.find((a) => a.adId === adId);
  if (!ad) throw new Error(`sample account has no ad ${adId}`);
  Object.assign(ad, patch);
  return ad;
}

function randomDaily(rng: () => number, video: boolean): DailyMetrics {
  const between = (lo: number, hi: number) => lo + rng() * (hi - lo);
  const impressions = Math.round(Math.exp(between(Math.log(1500), Math.log(30000))));
  const ctr = Math.round((0.3 + 2.7 * rng() ** 1.6) * 100) / 100;
  const watched2s = video ? between(0.25, 0.6) : 0;
  const p25 = watched2s * between(0.5, 0.8);
  const p50 = p25 * between(0.5, 0.75);
  const p75 = p50 * between(0.5, 0.8);
  return {
    impressions,
    ctr,
    cpm: between(4, 12),
    cvr: between(2, 12),
    playRate: video ? between(0.85, 0.97) : 0,
    watched2sRate: watched2s,
    watched6sRate: watched2s * between(0.3, 0.6),
    p25Rate: p25,
    p50Rate: p50,
    p75Rate: p75,
    p100Rate: p75 * between(0.5, 0.85),
    averagePlayS: video ? between(1.5, 7) : 0,
  };
}

// --- report rows ------------------------------------------------------------------------------------------

/** Report metrics that describe the ad rather than measure it (only valid at ad level, cannot be ordered by). */
export const SAMPLE_ATTRIBUTE_METRICS = [
  'ad_name',
  'ad_text',
  'campaign_name',
  'campaign_id',
  'adgroup_name',
  'adgroup_id',
  'currency',
] as const;

/** Every report metric the simulator can answer. */
export const SAMPLE_REPORT_METRICS = [
  ...SAMPLE_ATTRIBUTE_METRICS,
  'spend',
  'impressions',
  'reach',
  'frequency',
  'clicks',
  'ctr',
  'cpc',
  'cpm',
  'conversion',
  'cost_per_conversion',
  'conversion_rate',
  'conversion_rate_v2',
  'video_play_actions',
  'video_watched_2s',
  'video_watched_6s',
  'video_views_p25',
  'video_views_p50',
  'video_views_p75',
  'video_views_p100',
  'average_video_play',
  'average_video_play_per_user',
  'engaged_view',
  'engaged_view_15s',
] as const;

/** Inclusive list of YYYY-MM-DD dates. */
export function datesBetween(startDate: string, endDate: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${endDate}T00:00:00Z`);
  for (let t = Date.parse(`${startDate}T00:00:00Z`); t <= end; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/**
 * The ad's report metrics over the given dates, formatted the way TikTok sends them (mostly strings, some
 * numbers, `ctr` a percentage string), with the ad's omissions, nulls and overrides applied.
 * Null when the ad had no delivery.
 */
export function sampleReportMetrics(
  account: SampleAccount,
  ad: SampleAd,
  dates: readonly string[],
): Record<string, ReportValue> | null {
  const d = ad.daily;
  if (!d || dates.length === 0) return null;
  let impressions = 0;
  for (const date of dates) impressions += Math.round(d.impressions * (0.8 + 0.4 * unit(`${ad.adId}|${date}`)));
  const clicks = Math.round((impressions * d.ctr) / 100);
  const conversion = Math.round((clicks * d.cvr) / 100);
  const spend = Math.round(impressions * d.cpm) / 1000;
  const reach = Math.max(impressions > 0 ? 1 : 0, Math.round(impressions * 0.78));
  const watched6s = Math.round(impressions * d.watched6sRate);
  const ratio = (a: number, b: number, scale = 1) => (b > 0 ? ((a / b) * scale).toFixed(2) : '0.00');
  const campaign = account.campaigns.find((c) => c.campaignId === ad.campaignId);
  const adgroup = account.adgroups.find((g) => g.adgroupId === ad.adgroupId);
  const out: Record<string, ReportValue> = {
    ad_name: ad.adName,
    ad_text: ad.adText,
    campaign_name: campaign?.campaignName ?? null,
    campaign_id: ad.campaignId,
    adgroup_name: adgroup?.adgroupName ?? null,
    adgroup_id: ad.adgroupId,
    currency: account.advertiser.currency,
    spend: spend.toFixed(2),
    impressions: String(impressions),
    reach: String(reach),
    frequency: ratio(impressions, reach),
    clicks: String(clicks),
    ctr: ratio(clicks, impressions, 100),
    cpc: ratio(spend, clicks),
    cpm: ratio(spend, impressions, 1000),
    conversion: String(conversion),
    cost_per_conversion: ratio(spend, conversion),
    conversion_rate: ratio(conversion, clicks, 100),
    conversion_rate_v2: ratio(conversion, impressions, 100),
    // TikTok sends a few metrics as bare numbers; keep that mix.
    video_play_actions: Math.round(impressions * d.playRate),
    video_watched_2s: String(Math.round(impressions * d.watched2sRate)),
    video_watched_6s: String(watched6s),
    video_views_p25: String(Math.round(impressions * d.p25Rate)),
    video_views_p50: String(Math.round(impressions * d.p50Rate)),
    video_views_p75: String(Math.round(impressions * d.p75Rate)),
    video_views_p100: String(Math.round(impressions * d.p100Rate)),
    average_video_play: Math.round(d.averagePlayS * 100) / 100,
    average_video_play_per_user: (d.averagePlayS * 1.15).toFixed(2),
    engaged_view: String(Math.round(watched6s * 0.9)),
    engaged_view_15s: String(Math.round(watched6s * 0.35)),
  };
  for (const name of ad.omitMetrics) delete out[name];
  for (const name of ad.nullMetrics) out[name] = null;
  Object.assign(out, ad.metricOverrides);
  return out;
}

// --- small deterministic helpers --------------------------------------------------------------------------

function unit(text: string): number {
  return hash32(text) / 2 ** 32;
}

/** A 19-digit id: "178" + kind digit + 9-digit serial + 6 digits from the seed. Unique per kind and serial. */
function makeId(kind: string, serial: number, seed: number): string {
  const noise = hash32(`${kind}:${serial}:${seed}`) % 1_000_000;
  return `178${kind}${String(serial).padStart(9, '0')}${String(noise).padStart(6, '0')}`;
}

function hex(n: number, length: number): string {
  let out = '';
  let x = n || 1;
  while (out.length < length) {
    out += (x >>> 0).toString(16).padStart(8, '0');
    x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  }
  return out.slice(0, length);
}

/** "YYYY-MM-DD HH:MM:SS" in UTC, the way TikTok writes times. */
export function tiktokTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
