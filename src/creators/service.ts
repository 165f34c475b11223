import type { AnalysisEngine } from '../analysis/engine.js';
import { scoreResultOf } from '../analysis/result.js';
import type { AnalyseOptions, ScoreResult } from '../analysis/types.js';
import type { Config } from '../config.js';
import { describeError, isUserError, UserError } from '../errors.js';
import { completionOf, completionPrior } from '../scoring/rate.js';
import type { Rate } from '../scoring/types.js';
import type { CreatorRow } from '../store/creators.js';
import type { Store } from '../store/index.js';
import { monthOf } from '../store/usage.js';
import type { Clock } from '../util/clock.js';
import { type Logger, registerSecret } from '../util/logger.js';
import type { OrganicVideo, TikOmniClient } from './client.js';
import { decryptCookie, encryptCookie, parseCookieKey } from './cookies.js';
import { CreatorLeaderboard, type CreatorLeaderboardOptions } from './leaderboard.js';
import type { VideoReference } from './links.js';
import type { CreatorAudienceReport, CreatorLeaderboardReport, CreatorSummary, WeeklyCreatorSection } from './types.js';

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

export interface CreatorServiceDeps {
  config: Pick<Config, 'tikomni' | 'scoring' | 'leaderboard' | 'mavera'>;
  store: Store;
  clock: Clock;
  logger: Logger;
  engine: Pick<AnalysisEngine, 'getAnalysis'>;
  /** the TikOmni client (services.ts builds it when TIKOMNI_API_KEY is set; creator mode is off otherwise) */
  client: TikOmniApi;
}

const CREATOR_NAME = /^[\w .@-]{1,64}$/u;
const MAX_COOKIE_CHARS = 16_384;

/**
 * Creator mode: any TikTok video scored through the same engine and cache as ads (TikOmni App-V3 for stats and a
 * play URL), and opted-in TikTok Shop creators whose session cookies are kept encrypted (AES-256-GCM) and sent to
 * TikOmni only. No method returns, logs or puts a cookie in an error message.
 */
export class CreatorService {
  private readonly client: TikOmniApi;
  private readonly leaderboard: CreatorLeaderboard;

  constructor(private readonly deps: CreatorServiceDeps) {
    this.client = deps.client;
    this.leaderboard = new CreatorLeaderboard({
      ...deps,
      creators: {
        requireCreator: (name) => this.requireCreator(name),
        login: (creator) => this.login(creator),
      },
    });
  }

  // ------------------------------------------------------------ organic videos

  /** Scores a TikTok video from a link or item id: fresh public stats, the cached or a new analysis, a verdict. */
  async scoreVideo(reference: VideoReference, options: AnalyseOptions = {}): Promise<ScoreResult> {
    options.onProgress?.({ stage: 'resolving', message: 'Looking up the video on TikTok' });
    const video =
      reference.kind === 'share_url'
        ? await this.client.fetchVideoByShareUrl(reference.url)
        : await this.client.fetchVideo(reference.itemId);
    const title = videoTitle(video);
    // The completion rate (registered creators only) is fetched while the video is analysed.
    const completion = this.completionOf(video);
    const outcome = await this.deps.engine.getAnalysis(
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
    return scoreResultOf(
      {
        source: 'organic',
        adId: `video:${video.itemId}`,
        adName: title,
        videoId: video.itemId,
        coverUrl: video.coverUrl,
        durationS: video.durationS,
      },
      outcome,
      await completion,
      {
        performance: null,
        publicStats: video.stats,
        usage: this.deps.store.usage.month(this.deps.clock.now()),
        config: this.deps.config,
      },
    );
  }

  /**
   * Completion rate of a registered creator's video (their Shop back office), for the verdict. Anything else, or
   * any failure, leaves it unknown: the verdict then rests on the behavioural score and says the rate is missing.
   */
  private async completionOf(video: OrganicVideo): Promise<Rate> {
    const views = video.stats.plays;
    const none = completionOf(null, views, null);
    const creator = this.creatorByHandle(video.authorHandle);
    if (!creator || !this.deps.config.tikomni.cookieKey) return none;
    try {
      const month = monthOf(video.createdAt ?? this.deps.clock.now());
      const stats = await this.client.getVideoDetailedStats(this.login(creator), video.itemId, month);
      const raw = stats.totals.completionRatePct;
      // One video is too little to fit a prior: the weak prior on its own rate barely moves it (see fitBetaPrior).
      return completionOf(raw, views, completionPrior([{ completionPct: raw, views }]));
    } catch (err) {
      this.deps.logger.warn(`completion rate of video ${video.itemId} unavailable: ${describeError(err).message}`);
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
      addedAt: this.deps.clock.now(),
    };
    this.deps.store.creators.upsert(row);
    this.deps.logger.info(`creator "${creatorName}" added by ${addedBy} (TikTok user ${row.tiktokUser})`);
    return summaryOf(row);
  }

  /** Throws the plain-language error `addCreator` would give when cookies cannot be stored (no CREATOR_COOKIE_KEY). */
  assertCanStoreCookies(): void {
    this.cookieKey('added');
  }

  listCreators(): CreatorSummary[] {
    return this.deps.store.creators.list().map(summaryOf);
  }

  /** Forgets a creator and their encrypted cookie. */
  removeCreator(name: string): CreatorSummary {
    const creator = this.requireCreator(name);
    this.deps.store.creators.remove(creator.name);
    this.deps.logger.info(`creator "${creator.name}" removed`);
    return summaryOf(creator);
  }

  /** A creator's videos of one month ranked by behavioural score (see `CreatorLeaderboard.build`). */
  creatorLeaderboard(
    name: string,
    month: string | null,
    options: CreatorLeaderboardOptions = {},
  ): Promise<CreatorLeaderboardReport> {
    return this.leaderboard.build(name, month, options);
  }

  /** The creators' sections of the weekly post (see `CreatorLeaderboard.weeklySections`). */
  weeklySections(names: readonly string[], options: { maxNewAnalyses?: number } = {}): Promise<WeeklyCreatorSection[]> {
    return this.leaderboard.weeklySections(names, options);
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
    const month = monthOf(video.createdAt ?? this.deps.clock.now());
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
      this.deps.store.creators.get(wanted) ??
      this.deps.store.creators.list().find((c) => c.name.toLowerCase() === wanted);
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
    return (
      this.deps.store.creators.list().find((c) => c.tiktokUser?.replace(/^@/, '').toLowerCase() === wanted) ?? null
    );
  }

  private cookieKey(action: 'added' | 'read'): string {
    const key = this.deps.config.tikomni.cookieKey;
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
}

// ---------------------------------------------------------------- pure helpers

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
