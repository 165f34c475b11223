import { createHash } from 'node:crypto';
import { mulberry32, hash32 as seedOf } from './seeded.js';

/**
 * The sample world of the TikOmni simulator (see tikomni.ts): brand and creator videos, TikTok Shop creators, the
 * bytes the CDN serves, and the payloads TikTok's APIs would send for them. Everything is deterministic.
 */

export const DAY_S = 86_400;
/** Renditions served for every video; the client should pick the lowest bit rate (540p). */
export const GEARS = [
  { gear: '720', name: 'normal_720_0', qualityType: 10, bitRate: 1_251_000, width: 720, height: 1280, sizeFactor: 2 },
  { gear: '540', name: 'lower_540_0', qualityType: 24, bitRate: 612_000, width: 540, height: 960, sizeFactor: 1 },
  { gear: '1080', name: 'normal_1080_0', qualityType: 2, bitRate: 2_480_000, width: 1080, height: 1920, sizeFactor: 4 },
] as const;

export interface SimCreatorInfo {
  name: string;
  /** a valid session cookie for this creator */
  cookie: string;
  userId: string;
  userName: string;
  nickName: string;
  violationScore: number;
  riskLevelText: string;
  videoItemIds: string[];
}

/** Where the simulator's CDN serves a video's renditions and cover (signed URLs). */
export interface CdnLinks {
  playUrl(itemId: string, gear: string): string;
  coverUrl(itemId: string): string;
  /** bytes of a rendition `factor` times the lowest one */
  size(itemId: string, factor: number): number;
}

/** A public TikTok post as the simulator knows it. */
export interface Video {
  itemId: string;
  handle: string;
  nickname: string;
  desc: string;
  /** seconds since the epoch */
  createTime: number;
  durationMs: number;
  plays: number;
  likes: number;
  comments: number;
  shares: number;
  saves: number;
  photo: boolean;
  shortCode: string;
}

/** Shop back-office metrics of one creator video; rates are fractions 0–1, money in USD. */
export interface ShopStats {
  itemId: string;
  completionRate: number;
  ctr: number;
  gmv: number;
  directGmv: number;
  itemsSold: number;
  newFollowers: number;
}

export interface Creator extends SimCreatorInfo {
  handle: string;
  creatorStatus: number;
  shop: ShopStats[];
}

// ---------------------------------------------------------------- deterministic data

export { seedOf };

/** Numbers in [0, 1) seeded by a string. */
export function prng(seed: string): () => number {
  return mulberry32(seedOf(seed));
}

/** The bytes the simulator's CDN serves for one rendition: an MP4-like header, then seeded noise. */
export function simulatedVideoContent(itemId: string, gear: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  fillVideoBytes(out, 0, itemId, gear);
  return out;
}

const VIDEO_HEADER = Buffer.from([0, 0, 0, 0x18, ...Buffer.from('ftypmp42'), 0, 0, 0, 0, ...Buffer.from('isommp42')]);
const NOISE_BLOCK = 4096;

/** Fills `buf` with the bytes at `offset…` of a rendition; each 4 KiB block has its own seed, so chunks are independent. */
export function fillVideoBytes(buf: Buffer, offset: number, itemId: string, gear: string): void {
  let i = 0;
  while (i < buf.length) {
    const pos = offset + i;
    const within = pos % NOISE_BLOCK;
    const next = prng(`${itemId}/${gear}/${Math.floor(pos / NOISE_BLOCK)}`);
    for (let k = 0; k < within; k++) next();
    const n = Math.min(NOISE_BLOCK - within, buf.length - i);
    for (let k = 0; k < n; k++) {
      const noise = Math.floor(next() * 256);
      buf[i + k] = pos + k < VIDEO_HEADER.length ? (VIDEO_HEADER[pos + k] as number) : noise;
    }
    i += n;
  }
}

const CAPTIONS = [
  'Day 1 of testing the glow serum ✨ #skincare',
  'My 3-step morning routine (no filter) #grwm',
  'Is this $12 serum a dupe? Honest review',
  'POV: you finally found a moisturizer that works',
  'Replying to @maya — yes it works on oily skin',
  'Before/after 14 days 👀 #tiktokmademebuyit',
  'Everything I use in one minute',
  'Unboxing the new spring set 🌸',
  'Three mistakes I made with retinol',
  'Rating every product in my bag 1–10',
  'Night routine for dry skin ❄️',
  'Storytime: the worst breakout of my life',
  'Which shade should I get? Comment below',
  'Last day of the sale — link in showcase',
];

/**
 * Sample TikTok Shop creators, each identified by its session cookie. ava has 14 videos (two pages of
 * get_video_list_analytics at 10 per page), ben 4 videos and a violation score of 10 (warning level), cleo none.
 */
export const SIM_CREATORS = [
  {
    name: 'ava',
    cookie: 'sessionid=sim-creator-ava-5d1e8f0a93b7c246; tt_csrf_token=simAvaCsrf01; msToken=simAvaMs0001',
    userId: '7211000000000000101',
    handle: 'ava.makes',
    nickName: 'Ava Makes',
    count: 14,
    base: '74964994847052465',
    violationScore: 2,
    riskLevelText: 'Healthy',
  },
  {
    name: 'ben',
    cookie: 'sessionid=sim-creator-ben-8c2f41d7e9a05b13; tt_csrf_token=simBenCsrf02; msToken=simBenMs0002',
    userId: '7211000000000000202',
    handle: 'ben.reviews',
    nickName: 'Ben Reviews',
    count: 4,
    base: '75011122233344455',
    violationScore: 10,
    riskLevelText: 'At risk',
  },
  {
    name: 'cleo',
    cookie: 'sessionid=sim-creator-cleo-2b7e9d4f1a6c8e30; tt_csrf_token=simCleoCsrf3; msToken=simCleoMs003',
    userId: '7211000000000000303',
    handle: 'cleo.shop',
    nickName: 'Cleo',
    count: 0,
    base: '75200000000000000',
    violationScore: 0,
    riskLevelText: 'Healthy',
  },
] as const;

export function buildSampleData(anchorS: number) {
  const videos: Video[] = [];
  const creators: Creator[] = [];
  let codeCounter = 0;
  const nextCode = () => `ZMsim${(++codeCounter).toString(36).padStart(4, '0')}`;

  const brand = [
    { itemId: '7400000000000000001', desc: 'Meet the spring collection 🌷 #brand', daysAgo: 5, plays: 152_340 },
    { itemId: '7400000000000000002', desc: 'How our serum is made (45 s)', daysAgo: 12, plays: 48_210 },
  ];
  for (const b of brand) {
    const r = prng(b.itemId);
    videos.push({
      itemId: b.itemId,
      handle: 'brandhq',
      nickname: 'Brand HQ',
      desc: b.desc,
      createTime: anchorS - b.daysAgo * DAY_S,
      durationMs: 20_000 + Math.floor(r() * 40_000),
      plays: b.plays,
      likes: Math.floor(b.plays * (0.04 + r() * 0.04)),
      comments: Math.floor(b.plays * (0.002 + r() * 0.004)),
      shares: Math.floor(b.plays * (0.002 + r() * 0.006)),
      saves: Math.floor(b.plays * (0.003 + r() * 0.006)),
      photo: false,
      shortCode: nextCode(),
    });
  }
  videos.push({
    itemId: '7400000000000000003',
    handle: 'brandhq',
    nickname: 'Brand HQ',
    desc: 'Swatches of every shade (photo post)',
    createTime: anchorS - 3 * DAY_S,
    durationMs: 0,
    plays: 9_120,
    likes: 640,
    comments: 31,
    shares: 12,
    saves: 88,
    photo: true,
    shortCode: nextCode(),
  });

  for (const spec of SIM_CREATORS) {
    const creator: Creator = {
      name: spec.name,
      cookie: spec.cookie,
      userId: spec.userId,
      userName: spec.handle,
      nickName: spec.nickName,
      violationScore: spec.violationScore,
      riskLevelText: spec.riskLevelText,
      creatorStatus: 0,
      handle: spec.handle,
      videoItemIds: [],
      shop: [],
    };
    for (let i = 0; i < spec.count; i++) {
      const itemId = `${spec.base}${String(i).padStart(2, '0')}`;
      const r = prng(itemId);
      const plays = 1_500 + Math.floor(r() * 90_000);
      videos.push({
        itemId,
        handle: spec.handle,
        nickname: spec.nickName,
        desc: CAPTIONS[i % CAPTIONS.length] as string,
        // One video every ~2 days, newest first, all before the anchor.
        createTime: anchorS - i * 2 * DAY_S - 3 * 3600,
        durationMs: 9_000 + Math.floor(r() * 50_000),
        plays,
        likes: Math.floor(plays * (0.03 + r() * 0.08)),
        comments: Math.floor(plays * (0.001 + r() * 0.006)),
        shares: Math.floor(plays * (0.001 + r() * 0.008)),
        saves: Math.floor(plays * (0.002 + r() * 0.01)),
        photo: false,
        shortCode: nextCode(),
      });
      const gmv = Math.round(r() * 250_000) / 100;
      creator.shop.push({
        itemId,
        completionRate: Math.round((0.06 + r() * 0.4) * 10_000) / 10_000,
        ctr: Math.round((0.004 + r() * 0.06) * 10_000) / 10_000,
        gmv,
        directGmv: Math.round(gmv * 0.7 * 100) / 100,
        itemsSold: Math.floor(gmv / 19),
        newFollowers: Math.floor(plays * (0.0005 + r() * 0.003)),
      });
      creator.videoItemIds.push(itemId);
    }
    creators.push(creator);
  }
  return { videos, creators, nextCode };
}

export const urlList = (url: string, extra: Record<string, unknown> = {}) => ({
  uri: `tos-useast5-v-0068/${createHash('md5')
    .update(url.split('?')[0] as string)
    .digest('hex')
    .slice(0, 24)}`,
  url_list: [url],
  ...extra,
});

/** The App-V3 `aweme_detail` TikTok's app API returns for a video. */
export function awemePayload(v: Video, cdn: CdnLinks): Record<string, unknown> {
  const cover = cdn.coverUrl(v.itemId);
  const author = {
    uid: String(6_800_000_000_000_000_000n + BigInt(seedOf(v.handle))),
    sec_uid: `MS4wLjABAAAA${createHash('sha256').update(v.handle).digest('base64url').slice(0, 40)}`,
    unique_id: v.handle,
    nickname: v.nickname,
    region: 'US',
  };
  const statistics = {
    aweme_id: v.itemId,
    play_count: v.plays,
    digg_count: v.likes,
    comment_count: v.comments,
    share_count: v.shares,
    collect_count: v.saves,
    download_count: 0,
    forward_count: 0,
    whatsapp_share_count: 0,
  };
  const base = {
    aweme_id: v.itemId,
    desc: v.desc,
    create_time: v.createTime,
    region: 'US',
    aweme_type: v.photo ? 150 : 0,
    author,
    statistics,
    share_url: `https://www.tiktok.com/@${v.handle}/video/${v.itemId}?_r=1&u_code=sim`,
    music: { id_str: '7000000000000000000', title: `original sound - ${v.handle}`, author: v.nickname },
  };
  if (v.photo) {
    return {
      ...base,
      image_post_info: { images: [{ display_image: urlList(cover, { width: 1080, height: 1440 }) }] },
      video: { duration: 0, cover: urlList(cover), play_addr: urlList(cover), bit_rate: [] },
    };
  }
  return {
    ...base,
    video: {
      duration: v.durationMs,
      ratio: '720p',
      width: 720,
      height: 1280,
      cover: urlList(cover, { width: 720, height: 720 }),
      origin_cover: urlList(cover, { width: 360, height: 640 }),
      dynamic_cover: urlList(cover, { width: 720, height: 720 }),
      play_addr: urlList(cdn.playUrl(v.itemId, '720'), {
        width: 720,
        height: 1280,
        data_size: cdn.size(v.itemId, 2),
        url_key: `v0f044gc0000_${v.itemId}_h264_720p_1251000`,
      }),
      download_addr: urlList(cdn.playUrl(v.itemId, 'watermark'), { data_size: cdn.size(v.itemId, 2) }),
      bit_rate: GEARS.map((g) => ({
        gear_name: g.name,
        quality_type: g.qualityType,
        bit_rate: g.bitRate,
        is_bytevc1: 0,
        is_h265: 0,
        play_addr: urlList(cdn.playUrl(v.itemId, g.gear), {
          width: g.width,
          height: g.height,
          data_size: cdn.size(v.itemId, g.sizeFactor),
          url_key: `v0f044gc0000_${v.itemId}_h264_${g.gear}p_${g.bitRate}`,
        }),
      })),
      has_watermark: true,
    },
  };
}

/** One `timed_lists[]` row of get_video_list_analytics. */
export function listEntryPayload(creator: Creator, s: ShopStats, v: Video, cdn: CdnLinks): Record<string, unknown> {
  return {
    video_meta: {
      item_id: s.itemId,
      video_id: `v0f044gc0000${s.itemId.slice(-10)}`,
      name: v.desc,
      publish_time: v.createTime,
      duration: Math.round(v.durationMs / 1000),
      video_play_info: {
        post_url: cdn.coverUrl(s.itemId),
        video_infos: {
          main_url: cdn.playUrl(s.itemId, '540'),
          backup_url: cdn.playUrl(s.itemId, '720'),
          bitrate: 612_000,
        },
      },
      creator_id: creator.userId,
    },
    // Mixed numbers and strings, as the back office sends them.
    vv_cnt: v.plays,
    like_cnt: String(v.likes),
    completion_rate: s.completionRate.toFixed(4),
    ctr: s.ctr,
    gmv: { amount: s.gmv.toFixed(2), amount_formatted: `$${s.gmv.toFixed(2)}`, currency_code: 'USD' },
    direct_gmv: {
      amount: s.directGmv.toFixed(2),
      amount_formatted: `$${s.directGmv.toFixed(2)}`,
      currency_code: 'USD',
    },
    item_sold_cnt: String(s.itemsSold),
    new_follower_cnt: s.newFollowers,
  };
}

export const SORT_KEYS: Record<string, (v: Video, s: ShopStats) => number> = {
  VIDEO_LIST_PUBLISH_TIME: (v) => v.createTime,
  VIDEO_LIST_GMV: (_v, s) => s.gmv,
  VIDEO_LIST_DIRECT_GMV: (_v, s) => s.directGmv,
  VIDEO_LIST_VV_CNT: (v) => v.plays,
  VIDEO_LIST_ITEM_SOLD_CNT: (_v, s) => s.itemsSold,
  VIDEO_LIST_CTR: (_v, s) => s.ctr,
  VIDEO_LIST_COMPLETION_RATE: (_v, s) => s.completionRate,
  VIDEO_LIST_LIKE_CNT: (v) => v.likes,
  VIDEO_LIST_NEW_FOLLOWER_CNT: (_v, s) => s.newFollowers,
};

/** Daily `timed_stats[]` of get_video_detailed_stats, from publication to the anchor day, within the month. */
export function dailyStatsPayload(
  creator: Creator,
  s: ShopStats,
  v: Video,
  range: { start: number; end: number },
  anchorS: number,
): unknown[] {
  const firstDay = Math.max(range.start, Math.floor(v.createTime / DAY_S) * DAY_S);
  const lastDay = Math.min(range.end, (Math.floor(anchorS / DAY_S) + 1) * DAY_S);
  const out: unknown[] = [];
  for (let day = firstDay; day < lastDay; day += DAY_S) {
    const r = prng(`${s.itemId}/${day}`);
    const age = (day - firstDay) / DAY_S;
    const decay = 1 / (1 + age);
    out.push({
      start_timestamp: day,
      end_timestamp: day + DAY_S,
      stats: {
        creator_id: creator.userId,
        item_id: s.itemId,
        new_follower_cnt: Math.floor(s.newFollowers * 0.4 * decay),
        share_cnt: String(Math.floor(v.shares * 0.4 * decay)),
        comment_cnt: Math.floor(v.comments * 0.4 * decay),
        like_cnt: Math.floor(v.likes * 0.4 * decay),
        product_view_cnt: Math.floor(v.plays * s.ctr * 3 * decay),
        video_completion_rate: Math.min(1, Math.max(0, s.completionRate + (r() - 0.5) * 0.06)).toFixed(4),
      },
    });
  }
  return out;
}

/** The `timed_profile[]` entry of get_video_audience_stats. */
export function audiencePayload(s: ShopStats, range: { start: number; end: number }): unknown {
  const r = prng(`${s.itemId}/audience`);
  const female = 0.5 + r() * 0.3;
  const ages = [0.12 + r() * 0.1, 0.3 + r() * 0.1, 0.2 + r() * 0.05, 0.08 + r() * 0.05];
  const agesTotal = ages.reduce((a, b) => a + b, 0) + 0.05;
  const us = 0.55 + r() * 0.2;
  return {
    start_timestamp: range.start,
    end_timestamp: range.end,
    profile_type: 2,
    stats: {
      follower_genders: [
        { key: 'female', value: female.toFixed(4) },
        { key: 'male', value: (1 - female).toFixed(4) },
      ],
      follower_ages: [
        ...['18-24', '25-34', '35-44', '45-54'].map((key, i) => ({
          key,
          value: ((ages[i] as number) / agesTotal).toFixed(4),
        })),
        { key: '55+', value: (0.05 / agesTotal).toFixed(4) },
      ],
      follower_regions: [
        { key: 'US', value: us.toFixed(4) },
        { key: 'CA', value: ((1 - us) * 0.45).toFixed(4) },
        { key: 'GB', value: ((1 - us) * 0.35).toFixed(4) },
        { key: 'AU', value: ((1 - us) * 0.2).toFixed(4) },
      ],
    },
  };
}
