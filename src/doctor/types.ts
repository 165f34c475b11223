import type { Config } from '../config.js';
import type { TikOmniUserInfo } from '../creators/client.js';
import type { MaveraAccess } from '../mavera/types.js';
import type { Store } from '../store/index.js';
import type { AdvertiserInfo } from '../tiktok/types.js';

/** What `doctor` checks and reports, shared by the per-service check modules and the two renderings. */

export type DoctorService = 'Settings' | 'Slack' | 'TikTok' | 'Mavera' | 'TikOmni';

export interface DoctorCheck {
  service: DoctorService;
  name: string;
  ok: boolean;
  /** a failing required check makes the whole report fail (and `doctor` exit non-zero) */
  required: boolean;
  /** what was found when OK, the problem otherwise */
  detail: string;
  /** what to do; null when there is nothing to do */
  fix: string | null;
}

export interface DoctorReport {
  checks: DoctorCheck[];
  /** every required check passed */
  ok: boolean;
}

/** The part of a Slack WebClient `doctor` uses (a real `WebClient` fits). */
export interface SlackAuthClient {
  auth: {
    test(): Promise<{
      team?: string;
      team_id?: string;
      user?: string;
      user_id?: string;
      bot_id?: string;
      response_metadata?: { scopes?: string[] };
    }>;
  };
}

export interface DoctorInput {
  config: Config;
  /** the raw environment: when given, settings are validated from it (the CLI); otherwise from `config` */
  env?: Record<string, string | undefined>;
  /** clients to check; each is built from `config` (no retries, short time-outs) when left out */
  slack?: SlackAuthClient;
  tiktok?: { getAdvertiserInfo(): Promise<AdvertiserInfo> };
  mavera?: { checkAccess(): Promise<MaveraAccess> };
  tikomni?: { getUserInfo(): Promise<TikOmniUserInfo> };
  /** for this month's credit use and the registered creators; both read as empty without it */
  store?: Pick<Store, 'usage' | 'creators'> | null;
  /** ms epoch (default now) */
  now?: number;
  /** per check (default 10 s) */
  timeoutMs?: number;
}
