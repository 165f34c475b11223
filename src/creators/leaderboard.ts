import { type AnalysisResult, analyseBatch, type BatchProgress, NOT_ANALYSED_YET } from '../analysis/batch.js';
import type { VideoLocation } from '../analysis/download.js';
import type { AnalysisEngine, VideoRef } from '../analysis/engine.js';
import { summariseScore } from '../analysis/score.js';
import type { Config } from '../config.js';
import { describeError } from '../errors.js';
import { rankRows } from '../leaderboard/rank.js';
import { completionOf, completionPrior } from '../scoring/rate.js';
import type { BetaPrior } from '../scoring/shrinkage.js';
import type { CreatorRow } from '../store/creators.js';
import type { Store } from '../store/index.js';
import { monthOf } from '../store/usage.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { type CreatorVideoStats, monthToStartDate, type TikOmniClient } from './client.js';
import { organicVideoLocator } from './locate.js';
import type { CreatorHealth, CreatorLeaderboardReport, CreatorLeaderboardRow, WeeklyCreatorSection } from './types.js';

export interface CreatorLeaderboardOptions {
  /** new Mavera analyses allowed in this run (default LEADERBOARD_MAX_NEW_ANALYSES) */
  maxNewAnalyses?: number;
  onProgress?: (p: BatchProgress) => void;
}

/** What the leaderboard borrows from `CreatorService`, which keeps the registered creators and their cookies. */
export interface RegisteredCreators {
  /** the registered creator of that name; a creator_not_found UserError otherwise */
  requireCreator(name: string): CreatorRow;
  /** the creator's decrypted login (a config UserError without CREATOR_COOKIE_KEY) */
  login(creator: CreatorRow): { name: string; cookie: string };
}

export interface CreatorLeaderboardDeps {
  config: Pick<Config, 'scoring' | 'leaderboard' | 'mavera'>;
  store: Pick<Store, 'analyses' | 'usage'>;
  clock: Clock;
  logger: Logger;
  engine: Pick<AnalysisEngine, 'getAnalysis'>;
  client: Pick<TikOmniClient, 'getAllVideoListAnalytics' | 'getAccountHealth' | 'fetchVideo'>;
  creators: RegisteredCreators;
}

/** TikTok's violation score from which a creator is warned (12 suspends e-commerce features, 24 bans). */
export const HEALTH_WARNING_SCORE = 9;

/**
 * A registered Shop creator's leaderboard: their videos of a month from the Shop back office, ranked by behavioural
 * score through the same engine and cache as ads, and the weekly post's creator sections built from it.
 */
export class CreatorLeaderboard {
  private readonly locate: (itemId: string) => Promise<VideoLocation>;

  constructor(private readonly deps: CreatorLeaderboardDeps) {
    this.locate = organicVideoLocator(deps.client);
  }

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
    const { config, store, clock, logger } = this.deps;
    const creator = this.deps.creators.requireCreator(name);
    const m = month ?? monthOf(clock.now());
    monthToStartDate(m); // a plain error for a bad month before any paid call
    const login = this.deps.creators.login(creator);
    const maxNew = Math.max(0, Math.floor(options.maxNewAnalyses ?? config.leaderboard.maxNewAnalyses));

    const videos = await this.deps.client.getAllVideoListAnalytics(login, m);
    const health = await this.health(login);
    const prior = completionPrior(videos.map((v) => ({ completionPct: v.completionRatePct, views: v.views })));

    const batch = await analyseBatch(this.deps, {
      source: 'organic',
      items: [...videos].sort(byViews),
      idOf: (v) => v.itemId,
      titleOf: videoName,
      maxNew,
      concurrency: this.deps.config.mavera.concurrency,
      prepare: async () => (v) => this.videoRefOf(v),
      onProgress: options.onProgress,
      label: 'creator leaderboard',
    });

    const rows = rankRows(
      videos.map((v) => this.rowOf(v, prior, batch.resultOf(v.itemId))),
      { rate: (r) => r.completionShrunk ?? r.completionRate, volume: (r) => r.views, id: (r) => r.itemId },
    );
    const now = clock.now();
    const pendingAnalyses = rows.filter((r) => r.reason === NOT_ANALYSED_YET).length;
    logger.info(
      `creator leaderboard "${creator.name}" ${m}: ${videos.length} videos, ${batch.newAnalyses} new and ` +
        `${batch.cachedAnalyses} cached analyses, ${pendingAnalyses} queued for a later run`,
    );
    return {
      creator: creator.name,
      tiktokUser: creator.tiktokUser,
      month: m,
      rows,
      health,
      newAnalyses: batch.newAnalyses,
      cachedAnalyses: batch.cachedAnalyses,
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
    const month = monthOf(this.deps.clock.now() - 86_400_000);
    let budget = Math.max(0, Math.floor(options.maxNewAnalyses ?? this.deps.config.leaderboard.maxNewAnalyses));
    const out: WeeklyCreatorSection[] = [];
    for (const name of names) {
      try {
        const report = await this.build(name, month, { maxNewAnalyses: budget });
        budget = Math.max(0, budget - report.newAnalyses);
        out.push({ name, report });
      } catch (err) {
        const error = describeError(err);
        this.deps.logger.warn(`weekly post: creator "${name}" left out: ${error.message}`);
        out.push({ name, error });
      }
    }
    return out;
  }

  // ------------------------------------------------------------ helpers

  private async health(login: { name: string; cookie: string }): Promise<CreatorHealth | null> {
    try {
      const h = await this.deps.client.getAccountHealth(login);
      const warning =
        h.violationScore !== null && h.violationScore >= HEALTH_WARNING_SCORE
          ? `Account health warning: violation score ${h.violationScore}${h.riskLevelText ? ` (${h.riskLevelText})` : ''}. ` +
            'At 12 TikTok suspends the account’s e-commerce features, at 24 it bans them for good: ' +
            'the creator should check TikTok Shop’s account health page before posting more shoppable videos.'
          : null;
      return { violationScore: h.violationScore, riskLevelText: h.riskLevelText, warning };
    } catch (err) {
      this.deps.logger.warn(`account health of creator "${login.name}" unavailable: ${describeError(err).message}`);
      return null;
    }
  }

  /** The engine request for one video: its play URL from the list, or a fresh one when the list gave none. */
  private async videoRefOf(v: CreatorVideoStats): Promise<VideoRef> {
    const location = v.playUrl ? { url: v.playUrl, sizeBytes: null, md5: null } : await this.locate(v.itemId);
    return {
      source: 'organic',
      videoId: v.itemId,
      title: videoName(v),
      requestedBy: `video:${v.itemId}`,
      signature: null,
      durationS: v.durationS,
      sizeBytes: null,
      location,
    };
  }

  private rowOf(v: CreatorVideoStats, prior: BetaPrior | null, result: AnalysisResult): CreatorLeaderboardRow {
    const rate = completionOf(v.completionRatePct, v.views, prior);
    const completionShrunk = rate.shrunkPct;
    const base = {
      rank: null,
      itemId: v.itemId,
      name: videoName(v),
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
    const summary = summariseScore(result.analysis, rate, this.deps.config.scoring, 'creator');
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

function videoName(v: CreatorVideoStats): string {
  return v.name?.trim() || `TikTok video ${v.itemId}`;
}
