import { z } from 'zod';

/**
 * Every setting the bot reads, in one place. Nothing else reads process.env.
 * Each entry: env name, zod schema (with default), which feature needs it, and what it is for.
 * `loadConfig` validates them all at once and reports every problem in one message; secrets are never echoed.
 */

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().min(min).max(max);
const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(v), 'expected true or false')
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const url = z.url({ protocol: /^https?$/ }).transform((v) => v.replace(/\/+$/, ''));
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : v))
  .nullable();
const idList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'each entry must be a Slack user id such as U012ABCDEF')));
const nameList = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

export type Feature = 'tiktok' | 'mavera' | 'slack' | 'leaderboard' | 'creators';

interface Setting {
  schema: z.ZodType;
  default?: string;
  /** a feature that cannot run without this setting */
  requiredFor?: Feature[];
  secret?: boolean;
  help: string;
}

export const SETTINGS = {
  // --- TikTok Marketing API
  TIKTOK_ACCESS_TOKEN: {
    schema: optionalText,
    requiredFor: ['tiktok'],
    secret: true,
    help: 'Long-lived TikTok Marketing API access token (TikTok for Business developer portal)',
  },
  TIKTOK_ADVERTISER_ID: {
    schema: z
      .string()
      .trim()
      .regex(/^(\d{5,25})?$/, 'must be the numeric advertiser id')
      .transform((v) => (v === '' ? null : v))
      .nullable(),
    requiredFor: ['tiktok'],
    help: 'The ad account (advertiser) id whose ads are scored',
  },
  TIKTOK_API_BASE_URL: {
    schema: url,
    default: 'https://business-api.tiktok.com/open_api/v1.3',
    help: 'TikTok Marketing API base (use https://sandbox-ads.tiktok.com/open_api/v1.3 for the sandbox)',
  },
  TIKTOK_MAX_QPS: {
    schema: num(0.1, 100),
    default: '8',
    help: 'Requests per second to TikTok, shared by every caller',
  },
  TIKTOK_TIMEZONE: {
    schema: optionalText,
    default: '',
    help: "Ad account time zone (IANA, e.g. America/New_York); read from TikTok's advertiser info when empty",
  },
  // --- Mavera
  MAVERA_API_KEY: {
    schema: optionalText,
    requiredFor: ['mavera'],
    secret: true,
    help: 'Mavera API key (Settings → Developer → API Keys, mvra_live_…)',
  },
  MAVERA_API_BASE_URL: { schema: url, default: 'https://app.mavera.io/api/v1', help: 'Mavera API base URL' },
  MAVERA_WORKSPACE_ID: {
    schema: optionalText,
    default: '',
    help: 'Mavera workspace id (ws_…, from the dashboard URL); needed by the reference API shape for uploads',
  },
  MAVERA_API_SHAPE: {
    schema: z.enum(['auto', 'reference', 'recipes']),
    default: 'auto',
    help: 'Which Mavera API to call: reference (/files + /video-analyses), recipes (/assets + /video-analysis), or auto (detected once with a read-only call, remembered)',
  },
  MAVERA_MAX_REQUESTS_PER_MINUTE: {
    schema: int(1, 10_000),
    default: '60',
    help: 'Requests per minute to Mavera (your plan: Starter 60, Basic 120, Professional 240)',
  },
  MAVERA_ANALYSIS_TIMEOUT_S: {
    schema: int(10, 86_400),
    default: '1200',
    help: 'Give up waiting for one analysis after this many seconds',
  },
  MAVERA_POLL_MIN_S: { schema: num(0.01, 600), default: '3', help: 'First poll interval for a running analysis' },
  MAVERA_POLL_MAX_S: { schema: num(0.01, 600), default: '30', help: 'Longest poll interval (polling backs off to it)' },
  MAVERA_CONCURRENCY: {
    schema: int(1, 64),
    default: '4',
    help: 'Analyses a leaderboard run starts at once, and videos downloaded/uploaded at once',
  },
  MAVERA_MONTHLY_CREDIT_BUDGET: {
    schema: z.union([z.literal('').transform(() => null), int(1)]).nullable(),
    default: '',
    help: 'Optional: refuse a new analysis that would take this month’s estimated Mavera credits above this number',
  },
  MAVERA_BRAND: {
    schema: z.string().trim().min(2).max(100),
    default: 'Our brand',
    help: 'Brand name sent with each analysis',
  },
  MAVERA_PRODUCT: {
    schema: z.string().trim().min(2).max(100),
    default: 'Advertised product',
    help: 'Product name sent with each analysis',
  },
  MAVERA_PRIMARY_INTENT: {
    schema: z.enum([
      'Informative',
      'Persuasive',
      'Directive',
      'Expressive',
      'Transactional',
      'Appreciative',
      'Inspirational',
      'Entertainment',
    ]),
    default: 'Persuasive',
    help: 'Primary intent of the ads (Mavera enum)',
  },
  MAVERA_GOAL: {
    schema: z.string().trim().min(10).max(500),
    default: 'Stop the scroll in the first 3 seconds and drive clicks from TikTok viewers',
    help: 'Campaign goal sent with each analysis (10–500 characters)',
  },
  // --- Storage and logs
  DATABASE_PATH: {
    schema: z.string().trim().min(1),
    default: './data/creative-score.db',
    help: 'SQLite file (created with its folder)',
  },
  LOG_LEVEL: { schema: z.enum(['debug', 'info', 'warn', 'error']), default: 'info', help: 'Log verbosity' },
  // --- Slack
  SLACK_BOT_TOKEN: {
    schema: optionalText,
    requiredFor: ['slack'],
    secret: true,
    help: 'Bot token (xoxb-…) from OAuth & Permissions after installing the app',
  },
  SLACK_SIGNING_SECRET: {
    schema: optionalText,
    default: '',
    secret: true,
    help: 'Signing secret (Basic Information → App Credentials); required in HTTP mode',
  },
  SLACK_APP_TOKEN: {
    schema: optionalText,
    default: '',
    secret: true,
    help: 'App-level token (xapp-…, scope connections:write); when set the bot runs in Socket Mode',
  },
  SLACK_API_URL: {
    schema: url,
    default: 'https://slack.com/api',
    help: 'Slack Web API base (tests point it at the simulator)',
  },
  PORT: { schema: int(0, 65_535), default: '3000', help: 'HTTP port for /slack/events and /healthz' },
  DECISION_APPROVERS: {
    schema: idList,
    default: '',
    help: 'Comma-separated Slack user ids allowed to press Kill/Scale and run admin commands; empty = everyone',
  },
  // --- Leaderboard
  LEADERBOARD_CHANNEL: {
    schema: optionalText,
    default: '',
    help: 'Channel id (C…) for the weekly leaderboard; no weekly post when empty',
  },
  LEADERBOARD_CRON: {
    schema: z.string().trim().min(9),
    default: '0 9 * * 1',
    help: 'When the weekly leaderboard is posted (cron, in LEADERBOARD_TZ)',
  },
  LEADERBOARD_TZ: { schema: z.string().trim().min(1), default: 'UTC', help: 'Time zone of LEADERBOARD_CRON' },
  LEADERBOARD_DAYS: { schema: int(1, 365), default: '7', help: 'Days covered by the weekly leaderboard' },
  LEADERBOARD_MIN_IMPRESSIONS: {
    schema: int(0),
    default: '500',
    help: 'Creatives with fewer impressions are left out',
  },
  LEADERBOARD_MAX_NEW_ANALYSES: {
    schema: int(0, 10_000),
    default: '15',
    help: 'New Mavera analyses per run (highest spend first); the rest wait for later runs',
  },
  LEADERBOARD_CATCH_UP: { schema: bool, default: 'true', help: 'Post a missed weekly leaderboard at start-up' },
  LEADERBOARD_CREATORS: {
    schema: nameList,
    default: '',
    help: 'Registered creator names whose videos get a second section in the weekly post',
  },
  // --- Scoring
  SCORE_WEIGHT_HOOK: { schema: num(0, 10), default: '0.4', help: 'Behavioural score weight of the hook score' },
  SCORE_WEIGHT_EMOTION: { schema: num(0, 10), default: '0.3', help: 'Weight of emotional intensity (avg ×6)' },
  SCORE_WEIGHT_COGNITIVE: { schema: num(0, 10), default: '0.3', help: 'Weight of (10 − cognitive load) ×10' },
  VERDICT_SCORE_HIGH: {
    schema: num(0, 100),
    default: '60',
    help: 'Behavioural score above which an ad is SCALE or TEST',
  },
  VERDICT_SCORE_LOW: { schema: num(0, 100), default: '40', help: 'Behavioural score below which an ad may be KILL' },
  VERDICT_CTR_SCALE: { schema: num(0, 100), default: '1.5', help: 'CTR % above which a high-scoring ad is SCALE' },
  VERDICT_CTR_KILL: { schema: num(0, 100), default: '1.0', help: 'CTR % below which a low-scoring ad is KILL' },
  VERDICT_CTR: {
    schema: z.enum(['shrunk', 'raw']),
    default: 'shrunk',
    help: 'CTR used by verdicts: shrunk (empirical Bayes, fair to small ads) or raw (the seed recipe exactly)',
  },
  VERDICT_COMPLETION_SCALE: {
    schema: num(0, 100),
    default: '30',
    help: 'Creator videos: completion % above which a high-scoring video is SCALE',
  },
  VERDICT_COMPLETION_KILL: {
    schema: num(0, 100),
    default: '10',
    help: 'Creator videos: completion % below which a low-scoring video is KILL',
  },
  // --- TikOmni creator mode
  TIKOMNI_API_KEY: {
    schema: optionalText,
    default: '',
    secret: true,
    help: 'TikOmni API key; creator mode (TikTok links, Shop creators) is off without it',
  },
  TIKOMNI_API_BASE_URL: { schema: url, default: 'https://api.tikomni.com', help: 'TikOmni API base URL' },
  CREATOR_COOKIE_KEY: {
    schema: z
      .string()
      .trim()
      .refine((v) => v === '' || /^[0-9a-fA-F]{64}$/.test(v) || Buffer.from(v, 'base64').length === 32, {
        message: 'must be 32 random bytes as 64 hex characters or base64 (openssl rand -hex 32)',
      })
      .transform((v) => (v === '' ? null : v))
      .nullable(),
    default: '',
    secret: true,
    help: 'Key that encrypts stored creator cookies (AES-256-GCM); generate with `openssl rand -hex 32`',
  },
} satisfies Record<string, Setting>;

export type SettingName = keyof typeof SETTINGS;

type Raw = { [K in SettingName]: z.output<(typeof SETTINGS)[K]['schema']> };

export interface Config {
  tiktok: {
    accessToken: string | null;
    advertiserId: string | null;
    baseUrl: string;
    maxQps: number;
    timezone: string | null;
  };
  mavera: {
    apiKey: string | null;
    baseUrl: string;
    workspaceId: string | null;
    shape: 'auto' | 'reference' | 'recipes';
    maxRequestsPerMinute: number;
    analysisTimeoutS: number;
    pollMinS: number;
    pollMaxS: number;
    concurrency: number;
    monthlyCreditBudget: number | null;
    brand: string;
    product: string;
    primaryIntent: string;
    goal: string;
  };
  databasePath: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  slack: {
    botToken: string | null;
    signingSecret: string | null;
    appToken: string | null;
    apiUrl: string;
    port: number;
    decisionApprovers: string[];
  };
  leaderboard: {
    channel: string | null;
    cron: string;
    tz: string;
    days: number;
    minImpressions: number;
    maxNewAnalyses: number;
    catchUp: boolean;
    creators: string[];
  };
  scoring: {
    weights: { hook: number; emotion: number; cognitive: number };
    scoreHigh: number;
    scoreLow: number;
    ctrScale: number;
    ctrKill: number;
    verdictCtr: 'shrunk' | 'raw';
    completionScale: number;
    completionKill: number;
  };
  tikomni: { apiKey: string | null; baseUrl: string; cookieKey: string | null };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(
      `creative-score cannot start — fix these settings (environment variables):\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee README.md → Settings for every option.`,
    );
  }
}

/**
 * Validates every setting and, for each feature in `require`, that its required settings are present.
 * Throws one ConfigError listing all problems. Values of secret settings never appear in messages.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, require: Feature[] = []): Config {
  const problems: string[] = [];
  const raw: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(SETTINGS) as [SettingName, Setting][]) {
    const given = env[name];
    const value = given === undefined || given === '' ? (setting.default ?? '') : given;
    const parsed = setting.schema.safeParse(value);
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => i.message).join('; ');
      const shown = setting.secret ? '' : ` (got "${String(value).slice(0, 60)}")`;
      problems.push(`${name} is invalid: ${why}${shown}. ${setting.help}.`);
      continue;
    }
    raw[name] = parsed.data;
    const missing = parsed.data === null || parsed.data === '';
    const needed = setting.requiredFor?.filter((f) => require.includes(f)) ?? [];
    if (missing && needed.length > 0)
      problems.push(`${name} is missing (needed for ${needed.join(', ')}). ${setting.help}.`);
  }
  const r = raw as Raw;
  if (problems.length === 0) {
    if (require.includes('slack') && !r.SLACK_APP_TOKEN && !r.SLACK_SIGNING_SECRET)
      problems.push(
        'SLACK_SIGNING_SECRET is missing: HTTP mode needs it to verify requests (or set SLACK_APP_TOKEN for Socket Mode).',
      );
    if (require.includes('creators') && !r.TIKOMNI_API_KEY)
      problems.push(`TIKOMNI_API_KEY is missing (needed for creators). ${SETTINGS.TIKOMNI_API_KEY.help}.`);
    if (r.MAVERA_POLL_MAX_S < r.MAVERA_POLL_MIN_S) problems.push('MAVERA_POLL_MAX_S must be ≥ MAVERA_POLL_MIN_S.');
    if (r.VERDICT_SCORE_LOW > r.VERDICT_SCORE_HIGH) problems.push('VERDICT_SCORE_LOW must be ≤ VERDICT_SCORE_HIGH.');
    if (r.MAVERA_API_SHAPE === 'reference' && require.includes('mavera') && !r.MAVERA_WORKSPACE_ID)
      problems.push(
        `MAVERA_WORKSPACE_ID is missing (needed by the reference API shape). ${SETTINGS.MAVERA_WORKSPACE_ID.help}.`,
      );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    tiktok: {
      accessToken: r.TIKTOK_ACCESS_TOKEN,
      advertiserId: r.TIKTOK_ADVERTISER_ID,
      baseUrl: r.TIKTOK_API_BASE_URL,
      maxQps: r.TIKTOK_MAX_QPS,
      timezone: r.TIKTOK_TIMEZONE,
    },
    mavera: {
      apiKey: r.MAVERA_API_KEY,
      baseUrl: r.MAVERA_API_BASE_URL,
      workspaceId: r.MAVERA_WORKSPACE_ID,
      shape: r.MAVERA_API_SHAPE,
      maxRequestsPerMinute: r.MAVERA_MAX_REQUESTS_PER_MINUTE,
      analysisTimeoutS: r.MAVERA_ANALYSIS_TIMEOUT_S,
      pollMinS: r.MAVERA_POLL_MIN_S,
      pollMaxS: r.MAVERA_POLL_MAX_S,
      concurrency: r.MAVERA_CONCURRENCY,
      monthlyCreditBudget: r.MAVERA_MONTHLY_CREDIT_BUDGET,
      brand: r.MAVERA_BRAND,
      product: r.MAVERA_PRODUCT,
      primaryIntent: r.MAVERA_PRIMARY_INTENT,
      goal: r.MAVERA_GOAL,
    },
    databasePath: r.DATABASE_PATH,
    logLevel: r.LOG_LEVEL,
    slack: {
      botToken: r.SLACK_BOT_TOKEN,
      signingSecret: r.SLACK_SIGNING_SECRET,
      appToken: r.SLACK_APP_TOKEN,
      apiUrl: r.SLACK_API_URL,
      port: r.PORT,
      decisionApprovers: r.DECISION_APPROVERS,
    },
    leaderboard: {
      channel: r.LEADERBOARD_CHANNEL,
      cron: r.LEADERBOARD_CRON,
      tz: r.LEADERBOARD_TZ,
      days: r.LEADERBOARD_DAYS,
      minImpressions: r.LEADERBOARD_MIN_IMPRESSIONS,
      maxNewAnalyses: r.LEADERBOARD_MAX_NEW_ANALYSES,
      catchUp: r.LEADERBOARD_CATCH_UP,
      creators: r.LEADERBOARD_CREATORS,
    },
    scoring: {
      weights: { hook: r.SCORE_WEIGHT_HOOK, emotion: r.SCORE_WEIGHT_EMOTION, cognitive: r.SCORE_WEIGHT_COGNITIVE },
      scoreHigh: r.VERDICT_SCORE_HIGH,
      scoreLow: r.VERDICT_SCORE_LOW,
      ctrScale: r.VERDICT_CTR_SCALE,
      ctrKill: r.VERDICT_CTR_KILL,
      verdictCtr: r.VERDICT_CTR,
      completionScale: r.VERDICT_COMPLETION_SCALE,
      completionKill: r.VERDICT_COMPLETION_KILL,
    },
    tikomni: { apiKey: r.TIKOMNI_API_KEY, baseUrl: r.TIKOMNI_API_BASE_URL, cookieKey: r.CREATOR_COOKIE_KEY },
  };
}

/** Names of the secret settings (for redaction and docs). */
export const SECRET_SETTINGS = (Object.entries(SETTINGS) as [SettingName, Setting][])
  .filter(([, s]) => s.secret)
  .map(([n]) => n);

/** The secret values in a loaded config (for log redaction); empty ones left out. */
export function configSecrets(config: Config): string[] {
  return [
    config.tiktok.accessToken,
    config.mavera.apiKey,
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    config.tikomni.apiKey,
    config.tikomni.cookieKey,
  ].filter((v): v is string => typeof v === 'string' && v.length > 0);
}
