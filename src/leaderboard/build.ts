import type { AccountService } from '../analysis/account.js';
import { videoLocationOf } from '../analysis/ads.js';
import { type AnalysisEngine, videoKeyOf } from '../analysis/engine.js';
import { summariseScore } from '../analysis/score.js';
import type { Config } from '../config.js';
import { describeError, isUserError, UserError } from '../errors.js';
import type { VideoAnalysis } from '../mavera/types.js';
import { type BetaPrior, fitBetaPrior, funnel, shrunkRatePct } from '../scoring/index.js';
import type { Store } from '../store/index.js';
import type { AdReportRow, TikTokAd, TikTokApi, TikTokVideoInfo } from '../tiktok/types.js';
import type { Clock } from '../util/clock.js';
import { addDays, lastCompleteDays } from '../util/dates.js';
import { Semaphore } from '../util/limiter.js';
import type { Logger } from '../util/logger.js';
import { buildInsights } from './insights.js';
import type { LeaderboardReport, LeaderboardRow } from './types.js';

export interface LeaderboardServiceOptions {
  tiktok: TikTokApi;
  engine: Pick<AnalysisEngine, 'getAnalysis'>;
  account: Pick<AccountService, 'info'>;
  store: Store;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, 'leaderboard' | 'mavera' | 'scoring'>;
}

export interface BuildProgress {
  /** new analyses finished (successfully or not) */
  analysed: number;
  /** new analyses this run starts */
  total: number;
  /** name of the ad whose analysis just started */
  current?: string;
}

export interface BuildOptions {
  /** complete days covered, ending yesterday in the ad account's time zone (default LEADERBOARD_DAYS) */
  days?: number;
  /** new Mavera analyses allowed in this run (default LEADERBOARD_MAX_NEW_ANALYSES) */
  maxNewAnalyses?: number;
  /** analyses run at once (default MAVERA_CONCURRENCY) */
  concurrency?: number;
  onProgress?: (p: BuildProgress) => void;
  /** key of the metric snapshot this run stores (default `<startDate>..<endDate>`) */
  runKey?: string;
}

export const NOT_ANALYSED_YET = 'not analysed yet — queued for a later run';
/** Days at the end of the window whose conversions may still change (attribution lag). */
export const PROVISIONAL_DAYS = 3;

/** One eligible video ad and the numbers the leaderboard needs from the report. */
interface Candidate {
  report: AdReportRow;
  ad: TikTokAd;
  videoId: string;
}

type AnalysisResult = { analysis: VideoAnalysis } | { failure: string };

/**
 * The weekly creative leaderboard: one fresh report for the window, ad → video through batched look-ups, cached
 * analyses reused, a capped number of new analyses (highest spend first) run through the engine, then every eligible
 * creative scored, ranked and stored as this run's metric snapshot.
 */
export class LeaderboardService {
  constructor(private readonly o: LeaderboardServiceOptions) {}

  async build(options: BuildOptions = {}): Promise<LeaderboardReport> {
    const { config, store, clock } = this.o;
    const days = options.days ?? config.leaderboard.days;
    if (!Number.isInteger(days) || days < 1 || days > 365)
      throw new UserError('bad_input', `A leaderboard covers 1 to 365 whole days, not "${days}".`, 'Try 7 or 28.');
    const maxNew = Math.max(0, Math.floor(options.maxNewAnalyses ?? config.leaderboard.maxNewAnalyses));
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? config.mavera.concurrency));

    const info = await this.o.account.info();
    const { startDate, endDate } = lastCompleteDays(clock.now(), info.timezone, days);
    // Fresh numbers: the leaderboard never reuses the scorecards' short-lived report cache.
    const report = uniqueRows(await this.o.tiktok.getReport({ startDate, endDate }));
    const prior = ctrPrior(report);

    const eligible = report.filter((r) => (r.metrics.impressions ?? 0) >= config.leaderboard.minImpressions);
    const excludedLowImpressions = report.length - eligible.length;
    const ads = eligible.length > 0 ? await this.o.tiktok.getAds(eligible.map((r) => r.adId)) : [];
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

    // One analysis per video, however many ads share it.
    const byVideo = groupByVideo(candidates);
    const cached = store.analyses.getMany([...byVideo.keys()].map((v) => videoKeyOf('ad', v)));
    const analyses = new Map<string, AnalysisResult>();
    for (const [videoId] of byVideo) {
      const hit = cached.get(videoKeyOf('ad', videoId));
      if (hit) analyses.set(videoId, { analysis: hit.analysis });
    }
    const uncached = [...byVideo.entries()]
      .filter(([videoId]) => !analyses.has(videoId))
      .sort(([, a], [, b]) => compareBySpend(a[0] as Candidate, b[0] as Candidate));
    const toAnalyse = uncached.slice(0, maxNew);
    const queued = new Set(uncached.slice(maxNew).map(([videoId]) => videoId));

    const fresh = await this.analyseNew(toAnalyse, concurrency, options.onProgress);
    for (const [videoId, result] of fresh.results) analyses.set(videoId, result);

    const rows = rankRows([
      ...candidates.map((c) => {
        const result = analyses.get(c.videoId);
        const pending = queued.has(c.videoId) ? NOT_ANALYSED_YET : 'not analysed — the analysis did not finish';
        return this.rowOf(c.report, c.ad, c.videoId, prior, result ?? { failure: pending });
      }),
      ...unknownAds.map((r) =>
        this.rowOf(r, null, null, prior, {
          failure: 'not analysed — TikTok returned no details for this ad (it may have been deleted)',
        }),
      ),
    ]);

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
    this.o.logger.info(
      `leaderboard ${startDate}..${endDate}: ${report.length} ads in the report, ${rows.length} eligible, ` +
        `${fresh.newCount} new and ${cached.size} cached analyses, ${pendingAnalyses} queued for a later run`,
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
      newAnalyses: fresh.newCount,
      cachedAnalyses: cached.size + fresh.cachedCount,
      pendingAnalyses,
      creditsUsedThisMonth: store.usage.month(now).creditsUsed,
      generatedAt: now,
    };
  }

  /** Runs the new analyses concurrently; a failure is recorded for its row, never thrown. */
  private async analyseNew(
    videos: [string, Candidate[]][],
    concurrency: number,
    onProgress: BuildOptions['onProgress'],
  ): Promise<{ results: Map<string, AnalysisResult>; newCount: number; cachedCount: number }> {
    const results = new Map<string, AnalysisResult>();
    let newCount = 0;
    let cachedCount = 0;
    if (videos.length === 0) return { results, newCount, cachedCount };
    const total = videos.length;
    let analysed = 0;
    const report = (p: BuildProgress) => {
      try {
        onProgress?.(p);
      } catch (err) {
        this.o.logger.warn('leaderboard progress listener failed:', err);
      }
    };
    report({ analysed, total });

    const infos = await this.o.tiktok.getVideoInfo(videos.map(([videoId]) => videoId));
    const infoById = new Map(infos.map((v) => [v.videoId, v]));
    const semaphore = new Semaphore(concurrency);
    await Promise.all(
      videos.map(([videoId, ads]) =>
        semaphore.run(async () => {
          const lead = ads[0] as Candidate;
          report({ analysed, total, current: lead.ad.adName });
          try {
            const outcome = await this.analyse(lead, infoById.get(videoId));
            results.set(videoId, { analysis: outcome.analysis });
            if (outcome.cached) cachedCount++;
            else newCount++;
          } catch (err) {
            const { message } = describeError(err);
            if (!isUserError(err)) this.o.logger.error(`leaderboard: analysis of video ${videoId} failed:`, err);
            else this.o.logger.warn(`leaderboard: analysis of video ${videoId} failed: ${message}`);
            results.set(videoId, { failure: `not analysed — ${message}` });
          }
          analysed++;
          report({ analysed, total });
        }),
      ),
    );
    return { results, newCount, cachedCount };
  }

  private async analyse(
    lead: Candidate,
    video: TikTokVideoInfo | undefined,
  ): Promise<{ analysis: VideoAnalysis; cached: boolean }> {
    if (!video)
      throw new UserError(
        'not_a_video',
        `TikTok returns no video information for video ${lead.videoId}.`,
        'The video may have been deleted from the ad account’s library.',
      );
    const outcome = await this.o.engine.getAnalysis({
      source: 'ad',
      videoId: video.videoId,
      title: lead.ad.adName,
      requestedBy: lead.ad.adId,
      signature: video.signature,
      durationS: video.durationS,
      sizeBytes: video.sizeBytes,
      location: videoLocationOf(video),
    });
    return { analysis: outcome.stored.analysis, cached: outcome.cached };
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
    const ctrShrunk = prior && m.clicks != null && impressions > 0 ? shrunkRatePct(m.clicks, impressions, prior) : null;
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
    const summary = summariseScore(
      analysis,
      { rawPct: f.ctr, shrunkPct: ctrShrunk, trials: impressions },
      this.o.config.scoring,
      'ad',
    );
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

/** Beta prior of CTR fitted to every ad of the window with impressions (not just the eligible ones). */
function ctrPrior(rows: AdReportRow[]): BetaPrior | null {
  return fitBetaPrior(
    rows
      .filter((r) => r.metrics.impressions != null && r.metrics.impressions > 0 && r.metrics.clicks != null)
      .map((r) => ({ successes: r.metrics.clicks as number, trials: r.metrics.impressions as number })),
  );
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

/** Analysed rows by behavioural score (ranked 1…n), then the others by spend. */
function rankRows(rows: LeaderboardRow[]): LeaderboardRow[] {
  const analysed = rows
    .filter((r) => r.analysed)
    .sort(
      (a, b) =>
        (b.behaviouralScore ?? 0) - (a.behaviouralScore ?? 0) ||
        (b.ctrShrunk ?? b.ctr ?? 0) - (a.ctrShrunk ?? a.ctr ?? 0) ||
        (b.spend ?? 0) - (a.spend ?? 0) ||
        a.adId.localeCompare(b.adId),
    )
    .map((r, i) => ({ ...r, rank: i + 1 }));
  const rest = rows
    .filter((r) => !r.analysed)
    .sort((a, b) => (b.spend ?? 0) - (a.spend ?? 0) || a.adId.localeCompare(b.adId));
  return [...analysed, ...rest];
}

function provisionalFrom(startDate: string, endDate: string): string {
  const from = addDays(endDate, -(PROVISIONAL_DAYS - 1));
  return from < startDate ? startDate : from;
}
