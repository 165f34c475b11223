import { type TikTokCdn, videoMd5 } from './tiktok-cdn.js';
import { type SampleAccount, type SampleAd, type SampleVideo, tiktokTime } from './tiktok-data.js';
import { idList, jsonParam, paged, type Query, SimError, stringList } from './tiktok-params.js';

/**
 * The simulated Marketing API's object endpoints — ad/get, file/video/ad/info and advertiser/info — each a function
 * from the query to the envelope's `data`, validating the way v1.3 does. report/integrated/get is in tiktok-report.ts.
 */

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

export function adGet(account: SampleAccount, q: Query): unknown {
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

// --- file/video/ad/info ----------------------------------------------------------------------------------

/** Video details with a signed preview and cover URL each; unknown ids are left out, as TikTok does. */
export function videoInfo(account: SampleAccount, cdn: TikTokCdn, signatureMaxBytes: number, q: Query): unknown {
  const ids = idList(jsonParam(q, 'video_ids', 'array', true), 'video_ids');
  if (ids.length === 0) throw new SimError(40002, 'video_ids: Length must be between 1 and 60.');
  if (ids.length > 60) throw new SimError(40011, `video_ids: Too many ids (${ids.length}); at most 60 per request.`);
  const list: unknown[] = [];
  for (const id of ids) {
    const video = account.videos.find((v) => v.videoId === id);
    if (!video) continue;
    list.push(videoObject(video, cdn, cdn.nextExpiry(id), signatureMaxBytes));
  }
  return { list };
}

function videoObject(
  video: SampleVideo,
  cdn: TikTokCdn,
  expires: number,
  signatureMaxBytes: number,
): Record<string, unknown> {
  return {
    video_id: video.videoId,
    preview_url: cdn.url('video', video.videoId, expires),
    preview_url_expire_time: tiktokTime(expires * 1000),
    video_cover_url: cdn.url('cover', video.videoId, expires),
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

export function advertiserInfo(account: SampleAccount, advertiserId: string, q: Query): unknown {
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
