import type { AccountService } from '../analysis/account.js';
import { videoLocationOf } from '../analysis/ads.js';
import { type AnalysisResult, analyseBatch, type BatchProgress, NOT_ANALYSED_YET } from '../analysis/batch.js';
import type { AnalysisEngine, VideoRef } from '../analysis/engine.js';
import { summariseScore } from '../analysis/score.js';
import type { Config } from '../config.js';
import { UserError } from '../errors.js';
import { funnel } from '../scoring/funnel.js';
import { ctrOf, ctrPrior } from '../scoring/rate.js';
import type { BetaPrior } from '../scoring/shrinkage.js';
import type { Store } from '../store/index.js';
import type { AdReportRow, TikTokAd, TikTokApi, TikTokVideoInfo } from '../tiktok/types.js';
import type { Clock } from '../util/clock.js';
import { addDays, lastCompleteDays } from '../util/dates.js';
import type { Logger } from '../util/logger.js';
import { buildInsights } from './insights.js';
import { rankRows } from './rank.js';
import type { LeaderboardReport, LeaderboardRow } from './types.js';

export interface LeaderboardServiceDeps {
  tiktok: Pick<TikTokApi, 'getReport' | 'getAds' | 'getVideoInfo'>;
  engine: Pick<AnalysisEngine, 'getAnalysis'>;
  account: Pick<AccountService, 'info'>;
  store: Store;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, 'leaderboard' | 'mavera' | 'scoring'>;
}

export interface BuildOptions {
  /** complete days covered, ending yesterday in the ad account's time zone (default LEADERBOARD_DAYS) */
  days?: number;
  /** new Mavera analyses allowed in this run (default LEADERBOARD_MAX_NEW_ANALYSES) */
  maxNewAnalyses?: number;
  /** analyses run at once (default MAVERA_CONCURRENCY) */
  concurrency?: number;
  onProgress?: (p: BatchProgress) => void;
  /** key of the metric snapshot this run stores (default `<startDate>..<endDate>`) */
  runKey?: string;
}

/** Days at the end of the window whose conversions may still change (attribution lag). */
export const PROVISIONAL_DAYS = 3;

/** One eligible video ad and the numbers the leaderboard needs from the report. */
interface Candidate {
  report: AdReportRow;
  ad: TikTokAd;
  videoId: string;
}

/**
 * The weekly creative leaderboard: one fresh report for the window, ad → video through batched look-ups, cached
 * analyses reused, a capped number of new analyses (highest spend first) run through the engine, then every eligible
 * creative scored, ranked and stored as this run's metric snapshot.
 */
export class LeaderboardService {
  constructor(private readonly deps: LeaderboardServiceDeps) {}

  async build(options: BuildOptions = {}): Promise<LeaderboardReport> {
    const { config, store, clock } = this.deps;
    const days = options.days ?? config.leaderboard.days;
    if (!Number.isInteger(days) || days < 1 || days > 365)
      throw new UserError('bad_input', `A leaderboard covers 1 to 365 whole days, not "${days}".`, 'Try 7 or 28.');
    const maxNew = Math.max(0, Math.floor(options.maxNewAnalyses ?? config.leaderboard.maxNewAnalyses));
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? config.mavera.concurrency));

    const info = await this.deps.account.info();
    const { startDate, endDate } = lastCompleteDays(clock.now(), info.timezone, days);
    // Fresh numbers: the leaderboard never reuses the scorecards' short-lived report cache.
    const report = uniqueRows(await this.deps.tiktok.getReport({ startDate, endDate }));
    const prior = ctrPrior(report.map((r) => r.metrics));

    const eligible = report.filter((r) => (r.metrics.impressions ?? 0) >= config.leaderboard.minImpressions);
    const excludedLowImpressions = report.length - eligible.length;
    const ads = eligible.length > 0 ? await this.deps.tiktok.getAds(eligible.map((r) => r.adId)) : [];
    const adById = new Map(ads.map((ad) => [ad.adId, ad]));

    const candidates: Candidate[] = [];
    const unknownAds: AdReportRow[] = [];
    let excludedNotVideo = 0;
    for (const row of eligible) {
      const ad = adById.get(row.adId);
      if (!ad) unknownAds.push(row);
      else if (!ad.videoId) excludedNotVideo++;
      else candidates.push({ report: row, ad, videoId: ad.videoId });
    }

    // One analysis per video, however many ads share it; the highest-spending ad of each video leads it.
    const leads = [...groupByVideo(candidates).values()].map((ads) => ads[0]).filter((c) => c !== undefined);
    const batch = await analyseBatch(this.deps, {
      source: 'ad',
      items: leads.sort(compareBySpend),
      idOf: (lead) => lead.videoId,
      titleOf: (lead) => lead.ad.adName,
      maxNew,
      concurrency,
      prepare: (toAnalyse) => this.videoRefs(toAnalyse),
      onProgress: options.onProgress,
      label: 'leaderboard',
    });

    const rows = rankRows(
      [
        ...candidates.map((c) => this.rowOf(c.report, c.ad, c.videoId, prior, batch.resultOf(c.videoId))),
        ...unknownAds.map((r) =>
          this.rowOf(r, null, null, prior, {
            failure: 'not analysed — TikTok returned no details for this ad (it may have been deleted)',
          }),
        ),
      ],
      { rate: (r) => r.ctrShrunk ?? r.ctr, volume: (r) => r.spend, id: (r) => r.adId },
    );

    const now = clock.now();
    const metricsById = new Map(report.map((r) => [r.adId, r.metrics]));
    const runKey = options.runKey ?? `${startDate}..${endDate}`;
    store.metricSnapshots.recordRun(
      runKey,
      rows.map((r) => ({
        adId: r.adId,
        startDate,
        endDate,
        metrics: { ...metricsById.get(r.adId), ctrShrunk: r.ctrShrunk },
        behaviouralScore: r.behaviouralScore,
        verdict: r.verdict,
      })),
      now,
    );

    const pendingAnalyses = rows.filter((r) => r.reason === NOT_ANALYSED_YET).length;
    this.deps.logger.info(
      `leaderboard ${startDate}..${endDate}: ${report.length} ads in the report, ${rows.length} eligible, ` +
        `${batch.newAnalyses} new and ${batch.cachedAnalyses} cached analyses, ${pendingAnalyses} queued for a later run`,
    );
    return {
      startDate,
      endDate,
      provisionalFrom: provisionalFrom(startDate, endDate),
      currency: info.currency,
      rows,
      insights: buildInsights(rows, {
        scoreHigh: config.scoring.scoreHigh,
        scoreLow: config.scoring.scoreLow,
        currency: info.currency ?? undefined,
      }),
      excludedLowImpressions,
      excludedNotVideo,
      newAnalyses: batch.newAnalyses,
      cachedAnalyses: batch.cachedAnalyses,
      pendingAnalyses,
      creditsUsedThisMonth: store.usage.month(now).creditsUsed,
      generatedAt: now,
    };
  }

  /** The engine requests of the videos to analyse: their download links in one batched look-up. */
  private async videoRefs(leads: readonly Candidate[]): Promise<(lead: Candidate) => Promise<VideoRef>> {
    const infos = await this.deps.tiktok.getVideoInfo(leads.map((lead) => lead.videoId));
    const infoById = new Map(infos.map((v) => [v.videoId, v]));
    return async (lead) => videoRefOf(lead, infoById.get(lead.videoId));
  }

  private rowOf(
    report: AdReportRow,
    ad: TikTokAd | null,
    videoId: string | null,
    prior: BetaPrior | null,
    result: AnalysisResult,
  ): LeaderboardRow {
    const m = report.metrics;
    const f = funnel(m);
    const impressions = m.impressions ?? 0;
    const rate = ctrOf(m, prior);
    const ctrShrunk = rate.shrunkPct;
    const base = {
      rank: null,
      adId: report.adId,
      adName: report.adName ?? ad?.adName ?? report.adId,
      videoId,
      impressions,
      clicks: m.clicks,
      spend: m.spend,
      ctr: f.ctr,
      ctrShrunk,
      hookRate: f.hookRate,
      holdRate: f.holdRate,
      completionRate: f.completionRate,
      cvr: f.cvr,
      cpa: f.cpa,
    };
    if ('failure' in result)
      return {
        ...base,
        hookScore: null,
        emotionIntensityAvg: null,
        cognitiveLoadAvg: null,
        behaviouralScore: null,
        verdict: null,
        reason: result.failure,
        analysed: false,
      };
    const { analysis } = result;
    const summary = summariseScore(analysis, rate, this.deps.config.scoring, 'ad');
    return {
      ...base,
      hookScore: analysis.hookScore,
      emotionIntensityAvg: analysis.emotionalArc.intensityAvg,
      cognitiveLoadAvg: analysis.cognitiveLoad.average,
      behaviouralScore: summary.behavioural,
      verdict: summary.verdict,
      reason: summary.reason,
      analysed: true,
    };
  }
}

/** The report should hold one row per ad; if a page boundary repeats one, the first wins. */
function uniqueRows(rows: AdReportRow[]): AdReportRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.adId) && seen.add(r.adId));
}

/** Ads by video, each list highest spend first. */
function groupByVideo(candidates: Candidate[]): Map<string, Candidate[]> {
  const byVideo = new Map<string, Candidate[]>();
  for (const c of [...candidates].sort(compareBySpend)) {
    const list = byVideo.get(c.videoId);
    if (list) list.push(c);
    else byVideo.set(c.videoId, [c]);
  }
  return byVideo;
}

/** Highest spend first, then most impressions, then ad id (a stable order for equal numbers). */
function compareBySpend(a: Candidate, b: Candidate): number {
  return (
    (b.report.metrics.spend ?? 0) - (a.report.metrics.spend ?? 0) ||
    (b.report.metrics.impressions ?? 0) - (a.report.metrics.impressions ?? 0) ||
    a.report.adId.localeCompare(b.report.adId)
  );
}

/** The engine request for a lead ad's video (a deleted video fails its row). */
function videoRefOf(lead: Candidate, video: TikTokVideoInfo | undefined): VideoRef {
  if (!video)
    throw new UserError(
      'not_a_video',
      `TikTok returns no video information for video ${lead.videoId}.`,
      'The video may have been deleted from the ad account’s library.',
    );
  return {
    source: 'ad',
    videoId: video.videoId,
    title: lead.ad.adName,
    requestedBy: lead.ad.adId,
    signature: video.signature,
    durationS: video.durationS,
    sizeBytes: video.sizeBytes,
    location: videoLocationOf(video),
  };
}

function provisionalFrom(startDate: string, endDate: string): string {
  const from = addDays(endDate, -(PROVISIONAL_DAYS - 1));
  return from < startDate ? startDate : from;
}
