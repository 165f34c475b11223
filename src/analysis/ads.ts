import type { Config } from '../config.js';
import { UserError } from '../errors.js';
import { funnel } from '../scoring/funnel.js';
import { ctrOf } from '../scoring/rate.js';
import type { Store } from '../store/index.js';
import type { TikTokAd, TikTokApi, TikTokVideoInfo } from '../tiktok/types.js';
import type { Clock } from '../util/clock.js';
import type { VideoLocation } from './download.js';
import type { AnalysisEngine, AnalysisOutcome, LocateVideo } from './engine.js';
import type { PerformanceService } from './performance.js';
import { scoreResultOf } from './result.js';
import type { AnalyseOptions, Performance, ScoreResult } from './types.js';

export interface AdServiceDeps {
  tiktok: Pick<TikTokApi, 'getAds' | 'getVideoInfo'>;
  engine: Pick<AnalysisEngine, 'getAnalysis'>;
  performance: Pick<PerformanceService, 'lastDays'>;
  store: Store;
  clock: Clock;
  config: Pick<Config, 'scoring' | 'mavera' | 'tiktok'>;
}

export interface AdAnalysis extends AnalysisOutcome {
  ad: TikTokAd;
  video: TikTokVideoInfo;
}

const AD_ID = /^\d{5,25}$/;
const PERFORMANCE_DAYS = 7;

export function videoLocationOf(video: TikTokVideoInfo): VideoLocation {
  if (!video.previewUrl)
    throw new UserError(
      'not_a_video',
      `TikTok gives no downloadable link for video ${video.videoId}.`,
      'The video may still be processing or was deleted; check it in TikTok Ads Manager.',
    );
  return { url: video.previewUrl, sizeBytes: video.sizeBytes, md5: video.signature };
}

/** Scoring TikTok ads: resolve ad → video, run the engine, join with the last 7 days' performance. */
export class AdService {
  constructor(private readonly deps: AdServiceDeps) {}

  /** Resolves the ad and its video and returns the (cached or new) analysis. */
  async analyseAd(adId: string, options: AnalyseOptions = {}): Promise<AdAnalysis> {
    const id = adId.trim();
    if (!AD_ID.test(id))
      throw new UserError(
        'bad_input',
        `"${id.slice(0, 40)}" is not a TikTok ad id.`,
        'Ad ids are long numbers (e.g. 1780000000000000001): copy one from the ID column of the Ads tab in TikTok Ads Manager.',
      );
    options.onProgress?.({ stage: 'resolving', message: 'Looking up the ad on TikTok' });
    const [ad] = await this.deps.tiktok.getAds([id]);
    if (!ad)
      throw new UserError(
        'ad_not_found',
        `There is no ad ${id} in ad account ${this.deps.config.tiktok.advertiserId ?? ''}.`,
        'Check the id in TikTok Ads Manager (Ads tab, ID column); deleted ads and ads from other accounts cannot be scored.',
      );
    if (!ad.videoId) {
      if (ad.tiktokItemId)
        throw new UserError(
          'not_a_video',
          `Ad ${id} is a Spark Ad built from a TikTok post, not a video we can analyse yet.`,
          `Score the post itself with /creative-score video:${ad.tiktokItemId} (creator mode), or pick a regular video ad.`,
        );
      throw new UserError(
        'not_a_video',
        `Ad ${id} is ${ad.adFormat === 'SINGLE_IMAGE' ? 'an image ad' : `a ${ad.adFormat ?? 'non-video'} ad`}, not a video we can analyse yet.`,
        'Only single-video ads can be scored.',
      );
    }
    const [video] = await this.deps.tiktok.getVideoInfo([ad.videoId]);
    if (!video)
      throw new UserError(
        'not_a_video',
        `TikTok returns no video information for video ${ad.videoId} of ad ${id}.`,
        'The video may have been deleted from the ad account’s library.',
      );
    const outcome = await this.deps.engine.getAnalysis(
      {
        source: 'ad',
        videoId: video.videoId,
        title: ad.adName,
        requestedBy: ad.adId,
        signature: video.signature,
        durationS: video.durationS,
        sizeBytes: video.sizeBytes,
        location: video.previewUrl ? videoLocationOf(video) : undefined,
      },
      options,
    );
    return { ...outcome, ad, video };
  }

  /** The full answer for `/creative-score <ad_id>` and `score <ad_id>`. */
  async scoreAd(adId: string, options: AnalyseOptions = {}): Promise<ScoreResult> {
    const analysed = await this.analyseAd(adId, options);
    const window = await this.deps.performance.lastDays(PERFORMANCE_DAYS);
    const row = window.rows.get(analysed.ad.adId) ?? null;
    const delivered = row !== null && (row.metrics.impressions ?? 0) > 0;
    const performance: Performance | null = delivered
      ? {
          startDate: window.startDate,
          endDate: window.endDate,
          metrics: row.metrics,
          funnel: funnel(row.metrics),
          currency: window.currency,
        }
      : null;
    const { ad, video } = analysed;
    return scoreResultOf(
      {
        source: 'ad',
        adId: ad.adId,
        adName: ad.adName,
        videoId: video.videoId,
        coverUrl: video.coverUrl,
        durationS: video.durationS,
      },
      analysed,
      ctrOf(row?.metrics, window.prior),
      {
        performance,
        publicStats: null,
        usage: this.deps.store.usage.month(this.deps.clock.now()),
        config: this.deps.config,
      },
    );
  }
}

/** The engine's `locate.ad`: a fresh download link for an ad video (a resumed job, an expired CDN link). */
export function adVideoLocator(tiktok: Pick<TikTokApi, 'getVideoInfo'>): LocateVideo {
  return async (videoId) => {
    const [video] = await tiktok.getVideoInfo([videoId]);
    if (!video)
      throw new UserError('not_a_video', `TikTok no longer returns video ${videoId}.`, 'It may have been deleted.');
    return videoLocationOf(video);
  };
}
