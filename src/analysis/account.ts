import type { Store } from '../store/index.js';
import type { AdvertiserInfo, TikTokApi } from '../tiktok/types.js';
import type { Clock } from '../util/clock.js';

const TTL_MS = 24 * 3600_000;

/** The ad account's name, time zone and currency, remembered for a day so reports cost no extra call. */
export class AccountService {
  private pending: Promise<AdvertiserInfo> | null = null;

  private readonly key: string;

  /** `cacheScope` names the account and any time-zone override, so changing either is not served stale. */
  constructor(
    private readonly tiktok: TikTokApi,
    private readonly store: Store,
    private readonly clock: Clock,
    cacheScope = '',
  ) {
    this.key = `tiktok.advertiser_info:${cacheScope}`;
  }

  async info(): Promise<AdvertiserInfo> {
    const cached = this.store.settings.getJson<AdvertiserInfo>(this.key, TTL_MS, this.clock.now());
    if (cached) return cached;
    this.pending ??= this.tiktok.getAdvertiserInfo().then(
      (info) => {
        this.store.settings.setJson(this.key, info, this.clock.now());
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
