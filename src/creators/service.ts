import type { VideoLocation } from '../analysis/download.js';
import { type AnalysisEngine, videoKeyOf } from '../analysis/engine.js';
import { summariseScore } from '../analysis/score.js';
import type { ProgressEvent, ScoreResult } from '../analysis/types.js';
import type { Config } from '../config.js';
import { describeError, isUserError, UserError } from '../errors.js';
import type { VideoAnalysis } from '../mavera/types.js';
import { type BetaPrior, fitBetaPrior, shrunkRatePct } from '../scoring/index.js';
import type { CreatorRow } from '../store/creators.js';
import type { Store } from '../store/index.js';
import type { Clock } from '../util/clock.js';
import { Semaphore } from '../util/limiter.js';
import { type Logger, registerSecret } from '../util/logger.js';
import { type CreatorVideoStats, monthToStartDate, type OrganicVideo, TikOmniClient } from './client.js';
import { decryptCookie, encryptCookie, parseCookieKey } from './cookies.js';
import type { VideoReference } from './links.js';
import type {
  CreatorAudienceReport,
  CreatorHealth,
  CreatorLeaderboardProgress,
  CreatorLeaderboardReport,
  CreatorLeaderboardRow,
  CreatorSummary,
  WeeklyCreatorSection,
} from './types.js';

/** The TikOmni calls creator mode makes (the client, or a stand-in in tests). */
export type TikOmniApi = Pick<
  TikOmniClient,
  | 'fetchVideoByShareUrl'
  | 'fetchVideo'
  | 'getAllVideoListAnalytics'
  | 'getVideoDetailedStats'
  | 'getVideoAudienceStats'
  | 'getAccountHealth'
  | 'getCreatorAccountInfo'
>;

/** What the service needs; a `Services` object fits, and so do the pieces `createServices` has built so far. */
export interface CreatorServiceDeps {
  config: Pick<Config, 'tikomni' | 'scoring' | 'leaderboard' | 'mavera'>;
  store: Store;
  clock: Clock;
  logger: Logger;
  engine: Pick<AnalysisEngine, 'getAnalysis'>;
  /** a ready TikOmni client; built from config.tikomni otherwise */
  client?: TikOmniApi;
  /** jitter source for the client's back-off (tests make it deterministic) */
  random?: () => number;
}

export interface ScoreVideoOptions {
  refresh?: boolean;
  onProgress?: (event: ProgressEvent) => void;
}

export interface CreatorLeaderboardOptions {
  /** new Mavera analyses allowed in this run (default LEADERBOARD_MAX_NEW_ANALYSES) */
  maxNewAnalyses?: number;
  onProgress?: (p: CreatorLeaderboardProgress) => void;
}

/** TikTok's violation score from which a creator is warned (12 suspends e-commerce features, 24 bans). */
export const HEALTH_WARNING_SCORE = 9;
export const NOT_ANALYSED_YET = 'not analysed yet — queued for a later run';
const CREATOR_NAME = /^[\w .@-]{1,64}$/u;
const MAX_COOKIE_CHARS = 16_384;

/**
 * Creator mode: any TikTok video scored through the same engine and cache as ads (TikOmni App-V3 for stats and a
 * play URL), and opted-in TikTok Shop creators whose session cookies are kept encrypted (AES-256-GCM) and sent to
 * TikOmni only. No method returns, logs or puts a cookie in an error message.
 */
export class CreatorService {
  private readonly client: TikOmniApi;

  constructor(private readonly d: CreatorServiceDeps & { client: TikOmniApi }) {
    this.client = d.client;
  }

  // ------------------------------------------------------------ organic videos

  /** Scores a TikTok video from a link or item id: fresh public stats, the cached or a new analysis, a verdict. */
  async scoreVideo(reference: VideoReference, options: ScoreVideoOptions = {}): Promise<ScoreResult> {
    options.onProgress?.({ stage: 'resolving', message: 'Looking up the video on TikTok' });
    const video =
      reference.kind === 'share_url'
        ? await this.client.fetchVideoByShareUrl(reference.url)
        : await this.client.fetchVideo(reference.itemId);
    const title = videoTitle(video);
    // The completion rate (registered creators only) is fetched while the video is analysed.
    const completion = this.completionOf(video);
    const outcome = await this.d.engine.getAnalysis(
      {
        source: 'organic',
        videoId: video.itemId,
        title,
        requestedBy: `video:${video.itemId}`,
        signature: null,
        durationS: video.durationS,
        sizeBytes: null,
        location: { url: video.playUrl, sizeBytes: null, md5: null },
      },
      options,
    );
    const { stored } = outcome;
    const usage = this.d.store.usage.month(this.d.clock.now());
    return {
      source: 'organic',
      adId: `video:${video.itemId}`,
      adName: title,
      videoId: video.itemId,
      coverUrl: video.coverUrl,
      durationS: video.durationS,
      cached: outcome.cached,
      analysedAt: stored.analysedAt,
      analysisId: stored.analysisId,
      maveraShape: stored.maveraShape,
      analysis: stored.analysis,
      performance: null,
      publicStats: video.stats,
      score: summariseScore(stored.analysis, await completion, this.d.config.scoring, 'creator'),
      credits: {
        estimated: stored.creditsEstimated,
        usedThisMonth: usage.creditsUsed,
        budget: this.d.config.mavera.monthlyCreditBudget,
      },
    };
  }

  /** A fresh play URL for an organic video (the engine's `locate.organic`: resumed jobs, expired links). */
  async locate(itemId: string): Promise<VideoLocation> {
    const video = await this.client.fetchVideo(itemId);
    return { url: video.playUrl, sizeBytes: null, md5: null };
  }

  /**
   * Completion rate of a registered creator's video (their Shop back office), for the verdict. Anything else, or
   * any failure, leaves it unknown: the verdict then rests on the behavioural score and says the rate is missing.
   */
  private async completionOf(
    video: OrganicVideo,
  ): Promise<{ rawPct: number | null; shrunkPct: number | null; trials: number | null }> {
    const none = { rawPct: null, shrunkPct: null, trials: video.stats.plays };
    const creator = this.creatorByHandle(video.authorHandle);
    if (!creator || !this.d.config.tikomni.cookieKey) return none;
    try {
      const month = monthOf(video.createdAt ?? this.d.clock.now());
      const stats = await this.client.getVideoDetailedStats(this.login(creator), video.itemId, month);
      const raw = stats.totals.completionRatePct;
      if (raw === null) return none;
      const views = video.stats.plays;
      // One video is too little to fit a prior: the weak prior on its own rate barely moves it (see fitBetaPrior).
      const prior =
        views !== null && views > 0 ? fitBetaPrior([{ successes: (raw / 100) * views, trials: views }]) : null;
      return {
        rawPct: raw,
        shrunkPct: prior && views ? shrunkRatePct((raw / 100) * views, views, prior) : null,
        trials: views,
      };
    } catch (err) {
      this.d.logger.warn(`completion rate of video ${video.itemId} unavailable: ${describeError(err).message}`);
      return none;
    }
  }

  // ------------------------------------------------------------ registered Shop creators

  /**
   * Registers (or replaces) a creator: the cookie is checked with TikTok first, then stored encrypted.
   * Throws a UserError the modal can show for a missing key, a bad name, or a cookie TikTok refuses.
   */
  async addCreator(name: string, cookie: string, addedBy: string): Promise<CreatorSummary> {
    const key = this.cookieKey('added');
    const creatorName = checkName(name);
    const clean = normaliseCookie(cookie);
    protectCookie(clean);
    checkCookieShape(clean);
    let info: Awaited<ReturnType<TikOmniApi['getCreatorAccountInfo']>>;
    try {
      info = await this.client.getCreatorAccountInfo(clean);
    } catch (err) {
      if (isUserError(err) && err.code === 'creator_cookie_expired')
        throw new UserError(
          'creator_cookie_expired',
          'TikTok does not accept this cookie: it has expired, or it is not from a logged-in TikTok session.',
          'Log in to TikTok as the creator in a browser, copy a fresh cookie and paste it again.',
        );
      throw err;
    }
    const row: CreatorRow = {
      name: creatorName,
      cookieEnc: encryptCookie(clean, key),
      tiktokUser: info.userName ?? info.nickName ?? info.userId,
      addedBy,
      addedAt: this.d.clock.now(),
    };
    this.d.store.creators.upsert(row);
    this.d.logger.info(`creator "${creatorName}" added by ${addedBy} (TikTok user ${row.tiktokUser})`);
    return summaryOf(row);
  }

  /** Throws the plain-language error `addCreator` would give when cookies cannot be stored (no CREATOR_COOKIE_KEY). */
  assertCanStoreCookies(): void {
    this.cookieKey('added');
  }

  listCreators(): CreatorSummary[] {
    return this.d.store.creators.list().map(summaryOf);
  }

  /** Forgets a creator and their encrypted cookie. */
  removeCreator(name: string): CreatorSummary {
    const creator = this.requireCreator(name);
    this.d.store.creators.remove(creator.name);
    this.d.logger.info(`creator "${creator.name}" removed`);
    return summaryOf(creator);
  }

  /**
   * A creator's videos of one month (every page of get_video_list_analytics), ranked by behavioural score beside
   * views, completion rate, CTR, GMV, items sold and new followers. Cached analyses are always used; at most
   * `maxNewAnalyses` new ones run (most viewed first), the rest wait for a later run.
   */
  async creatorLeaderboard(
    name: string,
    month: string | null,
    options: CreatorLeaderboardOptions = {},
  ): Promise<CreatorLeaderboardReport> {
    const { config, store, clock, logger } = this.d;
    const creator = this.requireCreator(name);
    const m = month ?? monthOf(clock.now());
    monthToStartDate(m); // a plain error for a bad month before any paid call
    const login = this.login(creator);
    const maxNew = Math.max(0, Math.floor(options.maxNewAnalyses ?? config.leaderboard.maxNewAnalyses));

    const videos = await this.client.getAllVideoListAnalytics(login, m);
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
        const report = await this.creatorLeaderboard(name, month, { maxNewAnalyses: budget });
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

  /**
   * The Audience button: one video's completion-rate series and its viewers' gender / age / region split, from the
   * back office of the creator who posted it (found by TikTok handle unless `creatorName` is given).
   */
  async audience(itemId: string, creatorName?: string): Promise<CreatorAudienceReport> {
    const video = await this.client.fetchVideo(itemId);
    const creator = creatorName ? this.requireCreator(creatorName) : this.creatorByHandle(video.authorHandle);
    if (!creator)
      throw new UserError(
        'creator_not_found',
        `Audience numbers come from a creator's TikTok Shop back office, and video ${video.itemId}${video.authorHandle ? ` (@${video.authorHandle})` : ''} is not from a registered creator.`,
        'An approver can register the creator with `/creative-score creator add <name>`; the public stats are on the scorecard.',
      );
    const login = this.login(creator);
    const month = monthOf(video.createdAt ?? this.d.clock.now());
    const [detailed, audience] = await Promise.all([
      this.client.getVideoDetailedStats(login, video.itemId, month),
      this.client.getVideoAudienceStats(login, video.itemId, month),
    ]);
    return { itemId: video.itemId, creator: creator.name, month, detailed, audience };
  }

  // ------------------------------------------------------------ helpers

  private requireCreator(name: string): CreatorRow {
    const wanted = name.trim().toLowerCase();
    const creator =
      this.d.store.creators.get(wanted) ?? this.d.store.creators.list().find((c) => c.name.toLowerCase() === wanted);
    if (!creator)
      throw new UserError(
        'creator_not_found',
        `There is no registered creator "${name.trim().slice(0, 64)}".`,
        '`/creative-score creator list` shows the registered creators; an approver adds one with `/creative-score creator add <name>`.',
      );
    return creator;
  }

  private creatorByHandle(handle: string | null): CreatorRow | null {
    if (!handle) return null;
    const wanted = handle.replace(/^@/, '').toLowerCase();
    return this.d.store.creators.list().find((c) => c.tiktokUser?.replace(/^@/, '').toLowerCase() === wanted) ?? null;
  }

  private cookieKey(action: 'added' | 'read'): string {
    const key = this.d.config.tikomni.cookieKey;
    if (!key)
      throw new UserError(
        'config',
        action === 'added'
          ? 'Shop creators cannot be added: CREATOR_COOKIE_KEY is not set, and creator cookies are only ever stored encrypted.'
          : 'Saved creator cookies cannot be read: CREATOR_COOKIE_KEY is not set.',
        action === 'added'
          ? 'Whoever runs the bot should set CREATOR_COOKIE_KEY (e.g. the output of `openssl rand -hex 32`) and restart it.'
          : 'Whoever runs the bot should set CREATOR_COOKIE_KEY to the key the cookies were saved with and restart it.',
      );
    parseCookieKey(key);
    return key;
  }

  /** The decrypted cookie with the creator's name (for messages); registered so no log line can carry it. */
  private login(creator: CreatorRow): { name: string; cookie: string } {
    const cookie = decryptCookie(creator.cookieEnc, this.cookieKey('read'));
    protectCookie(cookie);
    return { name: creator.name, cookie };
  }

  private async health(login: { name: string; cookie: string }): Promise<CreatorHealth | null> {
    try {
      const h = await this.client.getAccountHealth(login);
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
            const location = v.playUrl ? { url: v.playUrl, sizeBytes: null, md5: null } : await this.locate(v.itemId);
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

/** Creator mode is on when TIKOMNI_API_KEY is set; otherwise there is no service (null). */
export function createCreatorService(deps: CreatorServiceDeps): CreatorService | null {
  const { tikomni } = deps.config;
  if (!tikomni.apiKey) return null;
  const client =
    deps.client ??
    new TikOmniClient({
      baseUrl: tikomni.baseUrl,
      apiKey: tikomni.apiKey,
      clock: deps.clock,
      logger: deps.logger,
      random: deps.random,
    });
  return new CreatorService({ ...deps, client });
}

/** The creators' sections of the weekly post (LEADERBOARD_CREATORS); see `CreatorService.weeklySections`. */
export function creatorSectionsForWeeklyPost(
  creators: CreatorService,
  names: readonly string[],
  options: { maxNewAnalyses?: number } = {},
): Promise<WeeklyCreatorSection[]> {
  return creators.weeklySections(names, options);
}

// ---------------------------------------------------------------- pure helpers

/** `YYYY-MM` (UTC) of a ms epoch. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

function videoTitle(video: OrganicVideo): string {
  const caption = video.description?.split(/\r?\n/)[0]?.trim();
  if (caption) return caption.length > 100 ? `${caption.slice(0, 99)}…` : caption;
  return video.authorHandle ? `TikTok video by @${video.authorHandle}` : `TikTok video ${video.itemId}`;
}

function summaryOf(row: CreatorRow): CreatorSummary {
  return { name: row.name, tiktokUser: row.tiktokUser, addedBy: row.addedBy, addedAt: row.addedAt };
}

function checkName(name: string): string {
  const n = name.trim().toLowerCase();
  if (!CREATOR_NAME.test(n))
    throw new UserError(
      'bad_input',
      n ? `"${n.slice(0, 64)}" is not a valid creator name.` : 'The creator needs a name.',
      'Use up to 64 letters, digits, spaces, dots, dashes, underscores or @.',
    );
  return n;
}

/**
 * A cookie as pasted: a `Cookie:` prefix dropped, and one `name=value` per line (as some browsers copy it) joined
 * into one header value.
 */
export function normaliseCookie(raw: string): string {
  return raw
    .replace(/^\s*cookie\s*:\s*/i, '')
    .split(/[\r\n]+/)
    .map((line) => line.trim().replace(/;+$/, '').trim())
    .filter(Boolean)
    .join('; ');
}

/** Registers the cookie and each of its values as secrets, so no log line can carry even a part of it. */
function protectCookie(cookie: string): void {
  registerSecret(cookie);
  for (const pair of cookie.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) registerSecret(pair.slice(eq + 1).trim());
  }
}

/** A shape check only (TikTok decides whether it logs in); the message never repeats the input. */
function checkCookieShape(cookie: string): void {
  const hint = 'Copy the whole Cookie header of a logged-in TikTok session (it holds sessionid=…) and paste it again.';
  if (cookie.length === 0) throw new UserError('bad_input', 'The cookie is empty.', hint);
  if (cookie.length > MAX_COOKIE_CHARS)
    throw new UserError('bad_input', `That is too long for a cookie (over ${MAX_COOKIE_CHARS} characters).`, hint);
  const pairs = cookie.split(';').filter((p) => /^\s*[^=\s;]+=\S/.test(p));
  if (pairs.length === 0)
    throw new UserError(
      'bad_input',
      'That does not look like a cookie: it should be name=value pairs separated by ";".',
      hint,
    );
}

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
