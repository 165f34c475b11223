import { z } from 'zod';
import type { Store } from '../store/index.js';
import type { AdvertiserInfo, TikTokApi } from '../tiktok/types.js';
import type { Clock } from '../util/clock.js';

const TTL_MS = 24 * 3600_000;

/** The advertiser info as remembered in `settings`. */
const cachedInfoSchema: z.ZodType<AdvertiserInfo> = z.object({
  advertiserId: z.string(),
  name: z.string().nullable(),
  timezone: z.string(),
  currency: z.string().nullable(),
});

export interface AccountServiceDeps {
  tiktok: Pick<TikTokApi, 'getAdvertiserInfo'>;
  store: Store;
  clock: Clock;
  /** names the account and any time-zone override, so changing either is not served stale */
  cacheScope: string;
}

/** The ad account's name, time zone and currency, remembered for a day so reports cost no extra call. */
export class AccountService {
  private pending: Promise<AdvertiserInfo> | null = null;

  private readonly key: string;

  constructor(private readonly deps: AccountServiceDeps) {
    this.key = `tiktok.advertiser_info:${deps.cacheScope}`;
  }

  async info(): Promise<AdvertiserInfo> {
    const { store, clock, tiktok } = this.deps;
    const cached = store.settings.getJson(cachedInfoSchema, this.key, TTL_MS, clock.now());
    if (cached) return cached;
    this.pending ??= tiktok.getAdvertiserInfo().then(
      (info) => {
        store.settings.setJson(this.key, info, clock.now());
        this.pending = null;
        return info;
      },
      (err: unknown) => {
        this.pending = null;
        throw err;
      },
    );
    return this.pending;
  }
}
