import { CronExpressionParser } from 'cron-parser';
import cron, { type ScheduledTask } from 'node-cron';
import { describeError, isUserError, UserError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { LeaderboardRun } from '../store/leaderboard-runs.js';
import type { Clock } from '../util/clock.js';
import { dateInZone, isoWeekOfDate, isValidTimeZone, lastCompleteDays } from '../util/dates.js';
import type { Logger } from '../util/logger.js';

export type LeaderboardTrigger = 'cron' | 'catch-up' | 'manual';

export interface LeaderboardSchedulerDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** LEADERBOARD_CRON, e.g. `0 9 * * 1` */
  cron: string;
  /** LEADERBOARD_TZ: the zone of the cron expression and of the ISO week */
  tz: string;
  /** LEADERBOARD_CHANNEL; null disables the scheduler */
  channel: string | null;
  /** LEADERBOARD_CATCH_UP: post at start-up when this week's slot passed while the bot was down */
  catchUp: boolean;
  /** days the report covers, recorded with the run (default 7) */
  days?: number;
  /** builds and posts the leaderboard; throws when nothing was posted */
  publish: (channelId: string, trigger: LeaderboardTrigger) => Promise<{ messageTs: string | null }>;
}

export type RunOutcome =
  | { status: 'posted'; run: LeaderboardRun; messageTs: string | null }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; run: LeaderboardRun | null; error: string };

/**
 * The Monday post: a node-cron task in LEADERBOARD_TZ, exactly once per ISO week and channel.
 *
 * Each run first claims its week in `leaderboard_runs` (a unique index allows one running-or-posted run per week and
 * channel, so a second trigger or a second process finds the week taken); a failed run frees the week for a retry.
 * An in-process flag keeps two triggers of this process from overlapping. At start-up, runs left 'running' by a
 * stopped process are failed, and when catch-up is on and the latest slot passed without a post, it posts now
 * (`catchUpIfMissed`).
 * All time comes from the injected clock, so tests fire `tick()` exactly as the cron task does.
 */
export class LeaderboardScheduler {
  private task: ScheduledTask | null = null;
  private current: Promise<RunOutcome> | null = null;

  constructor(private readonly deps: LeaderboardSchedulerDeps) {}

  get enabled(): boolean {
    return this.deps.channel != null && this.deps.channel !== '';
  }

  /**
   * Registers the weekly task and, with catch-up on, posts a missed slot of this week in the background.
   * Throws at once (a UserError) when LEADERBOARD_CRON or LEADERBOARD_TZ cannot be read. The returned promise is
   * the catch-up run (null when there was nothing to catch up); it never rejects, so callers need not await it.
   */
  start(): Promise<RunOutcome | null> {
    const { logger, store, clock } = this.deps;
    if (!this.enabled) {
      logger.info('weekly leaderboard off: LEADERBOARD_CHANNEL is not set');
      return Promise.resolve(null);
    }
    if (this.task) return Promise.resolve(null);
    this.validate();
    const interrupted = store.leaderboardRuns.failInterrupted(clock.now());
    if (interrupted > 0) logger.warn(`${interrupted} leaderboard run(s) interrupted by a stop were marked failed`);
    this.task = cron.schedule(this.deps.cron, (context) => this.tick(context.date?.getTime()), {
      timezone: this.deps.tz,
      name: 'weekly-leaderboard',
    });
    logger.info(
      `weekly leaderboard scheduled (${this.deps.cron}, ${this.deps.tz}) for channel ${this.deps.channel}; next at ${this.task.getNextRun()?.toISOString() ?? 'never'}`,
    );
    if (!this.deps.catchUp) return Promise.resolve(null);
    return this.catchUpIfMissed().catch((err: unknown): RunOutcome => {
      logger.error('leaderboard catch-up check failed:', err);
      return { status: 'failed', run: null, error: err instanceof Error ? err.message : String(err) };
    });
  }

  /** Stops the cron task. A run in progress finishes (or is marked failed by the next start if the process ends). */
  async stop(): Promise<void> {
    const task = this.task;
    this.task = null;
    if (task) await task.destroy();
  }

  /** Resolves when no run is in progress. */
  async idle(): Promise<void> {
    await this.current;
  }

  /** What the cron task calls at each slot. `scheduledAt` is the slot node-cron fired for, when it says. */
  tick(scheduledAt?: number): Promise<RunOutcome> {
    return this.runScheduled('cron', scheduledAt);
  }

  /** The latest slot at or before `at` (ms epoch). */
  lastSlot(at: number = this.deps.clock.now()): number {
    return CronExpressionParser.parse(this.deps.cron, { tz: this.deps.tz, currentDate: at + 1 })
      .prev()
      .getTime();
  }

  /** The first slot after `at` (ms epoch). */
  nextSlot(at: number = this.deps.clock.now()): number {
    return CronExpressionParser.parse(this.deps.cron, { tz: this.deps.tz, currentDate: at }).next().getTime();
  }

  /** The ISO week (e.g. `2026-W49`) of a moment, in the schedule's time zone. */
  weekOf(at: number): string {
    return isoWeekOfDate(dateInZone(at, this.deps.tz));
  }

  /**
   * Posts now when the latest slot's ISO week has no running or posted run: always when that slot is in this week, and
   * after a week boundary (a late-in-the-week slot such as Sunday evening, missed overnight) while the missed slot is
   * still nearer than the next one.
   */
  async catchUpIfMissed(): Promise<RunOutcome | null> {
    const { store, clock, logger } = this.deps;
    const channel = this.deps.channel;
    if (!channel) return null;
    const now = clock.now();
    const slot = this.lastSlot(now);
    const week = this.weekOf(slot);
    if (week !== this.weekOf(now) && this.nextSlot(now) - now < now - slot) {
      logger.debug(
        `leaderboard catch-up: the last slot (${new Date(slot).toISOString()}) is in an earlier week and the next is nearer`,
      );
      return null;
    }
    const existing = store.leaderboardRuns.forWeek(week, channel);
    if (existing) {
      logger.info(`leaderboard catch-up: ${week} already ${existing.state} in ${channel}`);
      return null;
    }
    logger.info(`leaderboard catch-up: the ${new Date(slot).toISOString()} post for ${week} was missed; posting now`);
    return this.runScheduled('catch-up');
  }

  /**
   * Claims the week of the latest slot (of now, for a manual run) for the channel, publishes, and records the outcome.
   * Never throws: a failure is logged, recorded and returned.
   */
  runScheduled(trigger: LeaderboardTrigger, at?: number): Promise<RunOutcome> {
    const { logger } = this.deps;
    const channel = this.deps.channel;
    if (!channel) return Promise.resolve({ status: 'skipped', reason: 'no leaderboard channel configured' });
    if (this.current) {
      logger.info(`leaderboard ${trigger} run skipped: another leaderboard run is in progress`);
      return Promise.resolve({ status: 'skipped', reason: 'another leaderboard run is in progress' });
    }
    const run = this.run(channel, trigger, at).finally(() => {
      this.current = null;
    });
    this.current = run;
    return run;
  }

  private async run(channel: string, trigger: LeaderboardTrigger, at?: number): Promise<RunOutcome> {
    const { store, clock, logger } = this.deps;
    let claimed: LeaderboardRun | null = null;
    try {
      const now = Math.max(clock.now(), at ?? 0);
      const slot = trigger === 'manual' ? now : this.lastSlot(now);
      const isoWeek = this.weekOf(slot);
      const window = lastCompleteDays(slot, this.deps.tz, this.deps.days ?? 7);
      claimed = store.leaderboardRuns.claim({ isoWeek, channelId: channel, trigger, ...window }, clock.now());
      if (!claimed) {
        const existing = store.leaderboardRuns.forWeek(isoWeek, channel);
        const reason = `${isoWeek} is already ${existing?.state ?? 'claimed'} in ${channel}`;
        logger.info(`leaderboard ${trigger} run: nothing to do, ${reason}`);
        return { status: 'skipped', reason };
      }
      logger.info(`leaderboard ${trigger} run ${claimed.id} for ${isoWeek} in ${channel} started`);
      const { messageTs } = await this.deps.publish(channel, trigger);
      store.leaderboardRuns.markPosted(claimed.id, messageTs, clock.now());
      logger.info(`leaderboard run ${claimed.id} for ${isoWeek} posted (ts ${messageTs ?? 'unknown'})`);
      return { status: 'posted', run: { ...claimed, state: 'posted', messageTs }, messageTs };
    } catch (err) {
      const error = isUserError(err) ? describeError(err).message : err instanceof Error ? err.message : String(err);
      logger.error(`leaderboard ${trigger} run failed:`, err);
      if (claimed) {
        try {
          store.leaderboardRuns.markFailed(claimed.id, error, clock.now());
        } catch (markErr) {
          logger.error(`could not record leaderboard run ${claimed.id} as failed:`, markErr);
        }
      }
      return { status: 'failed', run: claimed && { ...claimed, state: 'failed', errorMessage: error }, error };
    }
  }

  private validate(): void {
    if (!isValidTimeZone(this.deps.tz))
      throw new UserError(
        'config',
        `LEADERBOARD_TZ "${this.deps.tz}" is not a time zone.`,
        'Use an IANA name such as UTC or Europe/Berlin.',
      );
    try {
      CronExpressionParser.parse(this.deps.cron, { tz: this.deps.tz });
    } catch (err) {
      throw new UserError(
        'config',
        `LEADERBOARD_CRON "${this.deps.cron}" is not a cron expression (${err instanceof Error ? err.message : String(err)}).`,
        'Use five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1" for Mondays at 09:00.',
        { cause: err },
      );
    }
    if (!cron.validate(this.deps.cron))
      throw new UserError(
        'config',
        `LEADERBOARD_CRON "${this.deps.cron}" is not accepted by the scheduler.`,
        'Use five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1" for Mondays at 09:00.',
      );
  }
}
