import type { VideoLocation } from '../analysis/download.js';
import { type AnalysisEngine, videoKeyOf } from '../analysis/engine.js';
import { summariseScore } from '../analysis/score.js';
import type { Config } from '../config.js';
import { describeError, isUserError } from '../errors.js';
import type { VideoAnalysis } from '../mavera/types.js';
import { type BetaPrior, fitBetaPrior, shrunkRatePct } from '../scoring/index.js';
import type { CreatorRow } from '../store/creators.js';
import type { Store } from '../store/index.js';
import { monthOf } from '../store/usage.js';
import type { Clock } from '../util/clock.js';
import { Semaphore } from '../util/limiter.js';
import type { Logger } from '../util/logger.js';
import { type CreatorVideoStats, monthToStartDate, type TikOmniClient } from './client.js';
import type {
  CreatorHealth,
  CreatorLeaderboardProgress,
  CreatorLeaderboardReport,
  CreatorLeaderboardRow,
  WeeklyCreatorSection,
} from './types.js';

export interface CreatorLeaderboardOptions {
  /** new Mavera analyses allowed in this run (default LEADERBOARD_MAX_NEW_ANALYSES) */
  maxNewAnalyses?: number;
  onProgress?: (p: CreatorLeaderboardProgress) => void;
}

/** What the leaderboard borrows from `CreatorService`, which keeps the registered creators and their cookies. */
export interface RegisteredCreators {
  /** the registered creator of that name; a creator_not_found UserError otherwise */
  requireCreator(name: string): CreatorRow;
  /** the creator's decrypted login (a config UserError without CREATOR_COOKIE_KEY) */
  login(creator: CreatorRow): { name: string; cookie: string };
  /** a fresh play URL for a video that came without one */
  locate(itemId: string): Promise<VideoLocation>;
}

export interface CreatorLeaderboardDeps {
  config: Pick<Config, 'scoring' | 'leaderboard' | 'mavera'>;
  store: Pick<Store, 'analyses' | 'usage'>;
  clock: Clock;
  logger: Logger;
  engine: Pick<AnalysisEngine, 'getAnalysis'>;
  client: Pick<TikOmniClient, 'getAllVideoListAnalytics' | 'getAccountHealth'>;
  creators: RegisteredCreators;
}

/** TikTok's violation score from which a creator is warned (12 suspends e-commerce features, 24 bans). */
export const HEALTH_WARNING_SCORE = 9;
export const NOT_ANALYSED_YET = 'not analysed yet — queued for a later run';

/**
 * A registered Shop creator's leaderboard: their videos of a month from the Shop back office, ranked by behavioural
 * score through the same engine and cache as ads, and the weekly post's creator sections built from it.
 */
export class CreatorLeaderboard {
  constructor(private readonly d: CreatorLeaderboardDeps) {}

  /**
   * A creator's videos of one month (every page of get_video_list_analytics), ranked by behavioural score beside
   * views, completion rate, CTR, GMV, items sold and new followers. Cached analyses are always used; at most
   * `maxNewAnalyses` new ones run (most viewed first), the rest wait for a later run.
   */
  async build(
    name: string,
    month: string | null,
    options: CreatorLeaderboardOptions = {},
  ): Promise<CreatorLeaderboardReport> {
    const { config, store, clock, logger } = this.d;
    const creator = this.d.creators.requireCreator(name);
    const m = month ?? monthOf(clock.now());
    monthToStartDate(m); // a plain error for a bad month before any paid call
    const login = this.d.creators.login(creator);
    const maxNew = Math.max(0, Math.floor(options.maxNewAnalyses ?? config.leaderboard.maxNewAnalyses));

    const videos = await this.d.client.getAllVideoListAnalytics(login, m);
    const health = await this.health(login);
    const prior = fitBetaPrior(
      videos
        .filter((v) => v.views !== null && v.views > 0 && v.completionRatePct !== null)
        .map((v) => ({
          successes: ((v.completionRatePct as number) / 100) * (v.views as number),
          trials: v.views as number,
        })),
    );

    const cached = store.analyses.getMany(videos.map((v) => videoKeyOf('organic', v.itemId)));
    const analyses = new Map<string, { analysis: VideoAnalysis } | { failure: string }>();
    for (const v of videos) {
      const hit = cached.get(videoKeyOf('organic', v.itemId));
      if (hit) analyses.set(v.itemId, { analysis: hit.analysis });
    }
    const uncached = videos.filter((v) => !analyses.has(v.itemId)).sort(byViews);
    const fresh = await this.analyseNew(uncached.slice(0, maxNew), options.onProgress);
    for (const [itemId, result] of fresh.results) analyses.set(itemId, result);
    const queued = new Set(uncached.slice(maxNew).map((v) => v.itemId));

    const rows = rankRows(
      videos.map((v) => {
        const pending = queued.has(v.itemId) ? NOT_ANALYSED_YET : 'not analysed — the analysis did not finish';
        return this.rowOf(v, prior, analyses.get(v.itemId) ?? { failure: pending });
      }),
    );
    const now = clock.now();
    const pendingAnalyses = rows.filter((r) => r.reason === NOT_ANALYSED_YET).length;
    logger.info(
      `creator leaderboard "${creator.name}" ${m}: ${videos.length} videos, ${fresh.newCount} new and ` +
        `${cached.size + fresh.cachedCount} cached analyses, ${pendingAnalyses} queued for a later run`,
    );
    return {
      creator: creator.name,
      tiktokUser: creator.tiktokUser,
      month: m,
      rows,
      health,
      newAnalyses: fresh.newCount,
      cachedAnalyses: cached.size + fresh.cachedCount,
      pendingAnalyses,
      creditsUsedThisMonth: store.usage.month(now).creditsUsed,
      generatedAt: now,
    };
  }

  /**
   * The creators' sections of the weekly post (LEADERBOARD_CREATORS): each creator's leaderboard for the month of
   * the last complete day, sharing one cap on new analyses. A creator that fails gets its error, never a throw.
   */
  async weeklySections(
    names: readonly string[],
    options: { maxNewAnalyses?: number } = {},
  ): Promise<WeeklyCreatorSection[]> {
    const month = monthOf(this.d.clock.now() - 86_400_000);
    let budget = Math.max(0, Math.floor(options.maxNewAnalyses ?? this.d.config.leaderboard.maxNewAnalyses));
    const out: WeeklyCreatorSection[] = [];
    for (const name of names) {
      try {
        const report = await this.build(name, month, { maxNewAnalyses: budget });
        budget = Math.max(0, budget - report.newAnalyses);
        out.push({ name, report });
      } catch (err) {
        const error = describeError(err);
        this.d.logger.warn(`weekly post: creator "${name}" left out: ${error.message}`);
        out.push({ name, error });
      }
    }
    return out;
  }

  // ------------------------------------------------------------ helpers

  private async health(login: { name: string; cookie: string }): Promise<CreatorHealth | null> {
    try {
      const h = await this.d.client.getAccountHealth(login);
      const warning =
        h.violationScore !== null && h.violationScore >= HEALTH_WARNING_SCORE
          ? `Account health warning: violation score ${h.violationScore}${h.riskLevelText ? ` (${h.riskLevelText})` : ''}. ` +
            'At 12 TikTok suspends the account’s e-commerce features, at 24 it bans them for good: ' +
            'the creator should check TikTok Shop’s account health page before posting more shoppable videos.'
          : null;
      return { violationScore: h.violationScore, riskLevelText: h.riskLevelText, warning };
    } catch (err) {
      this.d.logger.warn(`account health of creator "${login.name}" unavailable: ${describeError(err).message}`);
      return null;
    }
  }

  private async analyseNew(
    videos: CreatorVideoStats[],
    onProgress: CreatorLeaderboardOptions['onProgress'],
  ): Promise<{
    results: Map<string, { analysis: VideoAnalysis } | { failure: string }>;
    newCount: number;
    cachedCount: number;
  }> {
    const results = new Map<string, { analysis: VideoAnalysis } | { failure: string }>();
    let newCount = 0;
    let cachedCount = 0;
    if (videos.length === 0) return { results, newCount, cachedCount };
    const total = videos.length;
    let analysed = 0;
    const report = (p: CreatorLeaderboardProgress) => {
      try {
        onProgress?.(p);
      } catch (err) {
        this.d.logger.warn('creator leaderboard progress listener failed:', err);
      }
    };
    report({ analysed, total });
    const semaphore = new Semaphore(Math.max(1, this.d.config.mavera.concurrency));
    await Promise.all(
      videos.map((v) =>
        semaphore.run(async () => {
          const title = v.name?.trim() || `TikTok video ${v.itemId}`;
          report({ analysed, total, current: title });
          try {
            const location = v.playUrl
              ? { url: v.playUrl, sizeBytes: null, md5: null }
              : await this.d.creators.locate(v.itemId);
            const outcome = await this.d.engine.getAnalysis({
              source: 'organic',
              videoId: v.itemId,
              title,
              requestedBy: `video:${v.itemId}`,
              signature: null,
              durationS: v.durationS,
              sizeBytes: null,
              location,
            });
            results.set(v.itemId, { analysis: outcome.stored.analysis });
            if (outcome.cached) cachedCount++;
            else newCount++;
          } catch (err) {
            const { message } = describeError(err);
            if (isUserError(err)) this.d.logger.warn(`creator leaderboard: video ${v.itemId} not analysed: ${message}`);
            else this.d.logger.error(`creator leaderboard: analysis of video ${v.itemId} failed:`, err);
            results.set(v.itemId, { failure: `not analysed — ${message}` });
          }
          analysed++;
          report({ analysed, total });
        }),
      ),
    );
    return { results, newCount, cachedCount };
  }

  private rowOf(
    v: CreatorVideoStats,
    prior: BetaPrior | null,
    result: { analysis: VideoAnalysis } | { failure: string },
  ): CreatorLeaderboardRow {
    const completionShrunk =
      prior && v.views !== null && v.views > 0 && v.completionRatePct !== null
        ? shrunkRatePct((v.completionRatePct / 100) * v.views, v.views, prior)
        : null;
    const base = {
      rank: null,
      itemId: v.itemId,
      name: v.name?.trim() || `TikTok video ${v.itemId}`,
      publishTime: v.publishTime,
      views: v.views,
      completionRate: v.completionRatePct,
      completionShrunk,
      ctr: v.ctrPct,
      gmv: v.gmv,
      itemsSold: v.itemsSold,
      newFollowers: v.newFollowers,
    };
    if ('failure' in result)
      return {
        ...base,
        hookScore: null,
        behaviouralScore: null,
        verdict: null,
        reason: result.failure,
        analysed: false,
      };
    const summary = summariseScore(
      result.analysis,
      { rawPct: v.completionRatePct, shrunkPct: completionShrunk, trials: v.views },
      this.d.config.scoring,
      'creator',
    );
    return {
      ...base,
      hookScore: result.analysis.hookScore,
      behaviouralScore: summary.behavioural,
      verdict: summary.verdict,
      reason: summary.reason,
      analysed: true,
    };
  }
}

// ---------------------------------------------------------------- pure helpers

function byViews(a: CreatorVideoStats, b: CreatorVideoStats): number {
  return (b.views ?? 0) - (a.views ?? 0) || a.itemId.localeCompare(b.itemId);
}

/** Analysed rows by behavioural score (ranked 1…n), then the others by views. */
function rankRows(rows: CreatorLeaderboardRow[]): CreatorLeaderboardRow[] {
  const analysed = rows
    .filter((r) => r.analysed)
    .sort(
      (a, b) =>
        (b.behaviouralScore ?? 0) - (a.behaviouralScore ?? 0) ||
        (b.completionShrunk ?? b.completionRate ?? 0) - (a.completionShrunk ?? a.completionRate ?? 0) ||
        (b.views ?? 0) - (a.views ?? 0) ||
        a.itemId.localeCompare(b.itemId),
    )
    .map((r, i) => ({ ...r, rank: i + 1 }));
  const rest = rows
    .filter((r) => !r.analysed)
    .sort((a, b) => (b.views ?? 0) - (a.views ?? 0) || a.itemId.localeCompare(b.itemId));
  return [...analysed, ...rest];
}
