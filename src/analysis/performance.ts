import { ctrPrior } from '../scoring/rate.js';
import type { BetaPrior } from '../scoring/shrinkage.js';
import type { AdReportRow, TikTokApi } from '../tiktok/types.js';
import type { Clock } from '../util/clock.js';
import { lastCompleteDays } from '../util/dates.js';
import type { AccountService } from './account.js';

export interface PerformanceWindow {
  startDate: string;
  endDate: string;
  rows: Map<string, AdReportRow>;
  /** beta prior of CTR fitted to every ad of the account in this window (null with too little data) */
  prior: BetaPrior | null;
  currency: string | null;
  timezone: string;
}

const TTL_MS = 15 * 60_000;

export interface PerformanceServiceDeps {
  tiktok: Pick<TikTokApi, 'getReport'>;
  account: Pick<AccountService, 'info'>;
  clock: Clock;
}

/**
 * The account's integrated report for the last N complete days (in the account's time zone), every page,
 * kept for a few minutes so scorecards and the leaderboard share one set of calls.
 */
export class PerformanceService {
  private readonly cache = new Map<string, { at: number; value: Promise<PerformanceWindow> }>();

  constructor(private readonly deps: PerformanceServiceDeps) {}

  async lastDays(days: number): Promise<PerformanceWindow> {
    const { account, clock, tiktok } = this.deps;
    const info = await account.info();
    const { startDate, endDate } = lastCompleteDays(clock.now(), info.timezone, days);
    const key = `${startDate}..${endDate}`;
    const hit = this.cache.get(key);
    if (hit && clock.now() - hit.at < TTL_MS) return hit.value;
    const value = tiktok.getReport({ startDate, endDate }).then((list) => {
      const rows = new Map(list.map((r) => [r.adId, r]));
      const prior = ctrPrior(list.map((r) => r.metrics));
      return { startDate, endDate, rows, prior, currency: info.currency, timezone: info.timezone };
    });
    value.catch(() => this.cache.delete(key));
    this.cache.set(key, { at: clock.now(), value });
    return value;
  }

  /** Forget cached reports (e.g. a leaderboard run wants fresh numbers). */
  clear(): void {
    this.cache.clear();
  }
}
