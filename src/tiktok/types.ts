/**
 * What the rest of the app sees of TikTok. Ids are always strings; a metric TikTok did not return is null
 * (never 0), so "missing" stays distinct from "zero".
 */

export interface TikTokAd {
  adId: string;
  adName: string;
  advertiserId: string | null;
  campaignId: string | null;
  adgroupId: string | null;
  /** SINGLE_VIDEO, SINGLE_IMAGE, CAROUSEL_ADS, … or null when not returned */
  adFormat: string | null;
  /** null for Spark Ads built from a TikTok post and for image ads */
  videoId: string | null;
  /** Spark Ads post id */
  tiktokItemId: string | null;
  imageIds: string[];
  operationStatus: string | null;
  secondaryStatus: string | null;
}

export interface TikTokVideoInfo {
  videoId: string;
  /** Temporary playable link (~6 h). The only downloadable URL TikTok gives. */
  previewUrl: string | null;
  /** ms since epoch, parsed from `preview_url_expire_time` (UTC) */
  previewUrlExpiresAt: number | null;
  coverUrl: string | null;
  durationS: number | null;
  width: number | null;
  height: number | null;
  sizeBytes: number | null;
  /** MD5 of the video file, hex */
  signature: string | null;
  format: string | null;
  fileName: string | null;
}

/** The report metrics the bot uses. Each is null when TikTok did not return it. `ctr` is a percentage (1.18 = 1.18 %). */
export interface ReportMetrics {
  spend: number | null;
  impressions: number | null;
  clicks: number | null;
  ctr: number | null;
  cpc: number | null;
  cpm: number | null;
  conversion: number | null;
  costPerConversion: number | null;
  videoPlayActions: number | null;
  videoWatched2s: number | null;
  videoWatched6s: number | null;
  videoViewsP25: number | null;
  videoViewsP50: number | null;
  videoViewsP75: number | null;
  videoViewsP100: number | null;
  averageVideoPlay: number | null;
  averageVideoPlayPerUser: number | null;
}

export interface AdReportRow {
  adId: string;
  adName: string | null;
  metrics: ReportMetrics;
}

export interface AdvertiserInfo {
  advertiserId: string;
  name: string | null;
  /** IANA zone (e.g. "America/Los_Angeles"); report dates are in this zone */
  timezone: string;
  currency: string | null;
}

export interface ReportQuery {
  /** YYYY-MM-DD, inclusive, in the advertiser's time zone */
  startDate: string;
  endDate: string;
  /** Limit to these ads (batched ≤100 per call through the report's filtering); all ads when absent */
  adIds?: string[];
}

export interface TikTokApi {
  /** ad/get filtered by ad_ids, batched ≤100 ids a call, every page. Unknown ids are simply absent. */
  getAds(adIds: string[]): Promise<TikTokAd[]>;
  /** ad/get by primary_status (default STATUS_NOT_DELETE), every page. */
  listAds(options?: { primaryStatus?: string }): Promise<TikTokAd[]>;
  /** file/video/ad/info, batched ≤60 ids a call. */
  getVideoInfo(videoIds: string[]): Promise<TikTokVideoInfo[]>;
  /** report/integrated/get: BASIC, AUCTION_AD, dimensions ["ad_id"], page_size 1000, every page. */
  getReport(query: ReportQuery): Promise<AdReportRow[]>;
  /** advertiser/info: name, time zone, currency. */
  getAdvertiserInfo(): Promise<AdvertiserInfo>;
}
