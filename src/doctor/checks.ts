import { LogLevel, WebClient } from '@slack/web-api';
import {
  type Config,
  ConfigError,
  configSecrets,
  loadConfig,
  SECRET_SETTINGS,
  SETTINGS,
  type SettingName,
} from '../config.js';
import { TikOmniClient, type TikOmniUserInfo } from '../creators/client.js';
import { isUserError, UserError, type UserErrorCode } from '../errors.js';
import { MaveraClient } from '../mavera/client.js';
import { CREDIT_BANDS } from '../mavera/credits.js';
import type { MaveraAccess, MaveraShape } from '../mavera/types.js';
import type { Store } from '../store/index.js';
import { monthOf } from '../store/usage.js';
import { TikTokClient } from '../tiktok/client.js';
import type { AdvertiserInfo } from '../tiktok/types.js';
import { RateLimiter } from '../util/limiter.js';

/**
 * `doctor`: one cheap, read-only call per configured service, each under a short time-out, turned into lines a
 * person can act on (what is wrong, what to do). No Mavera credits are spent and no secret is ever printed.
 */

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

export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;

/** Bot scopes the app needs, and what each is for. */
export const NEEDED_SLACK_SCOPES: readonly { scope: string; why: string }[] = [
  { scope: 'commands', why: 'the /creative-score command' },
  { scope: 'chat:write', why: 'posting scorecards and progress messages' },
  { scope: 'chat:write.public', why: 'posting in public channels the bot has not joined (the leaderboard)' },
  { scope: 'files:write', why: 'uploading the leaderboard chart' },
];

const SHAPE_ROUTES: Record<MaveraShape, string> = {
  reference: '/files + /video-analyses',
  recipes: '/assets + /video-analysis',
};

/** Settings problems a dedicated line already reports (dropped from the Settings lines to avoid saying it twice). */
const COVERED_SETTINGS: Partial<Record<SettingName, { service: DoctorService; name: string }>> = {
  SLACK_SIGNING_SECRET: { service: 'Slack', name: 'mode' },
  MAVERA_WORKSPACE_ID: { service: 'Mavera', name: 'workspace' },
};

export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const timeoutMs = input.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const services = await Promise.all([
    guard('Slack', true, () => slackChecks(input, timeoutMs)),
    guard('TikTok', true, () => tiktokChecks(input, timeoutMs)),
    guard('Mavera', true, () => maveraChecks(input, timeoutMs)),
    guard('TikOmni', false, () => tikomniChecks(input, timeoutMs)),
  ]);
  const others = services.flat();
  const settings = settingsChecks(input).filter((check) => {
    const covered = COVERED_SETTINGS[check.name as SettingName];
    return (
      check.ok || !covered || !others.some((o) => !o.ok && o.service === covered.service && o.name === covered.name)
    );
  });
  const hide = redactor(input);
  const checks = [...settings, ...others].map((c) => ({ ...c, detail: hide(c.detail), fix: c.fix && hide(c.fix) }));
  return { checks, ok: checks.every((c) => c.ok || !c.required) };
}

// ---------------------------------------------------------------- Settings

function settingsChecks(input: DoctorInput): DoctorCheck[] {
  const problems = input.env ? envProblems(input.env) : configProblems(input.config);
  if (problems.length === 0) {
    return [pass('Settings', 'environment', 'every setting is valid and the required ones are set')];
  }
  return problems.map((problem) => {
    const name = /^[A-Z][A-Z0-9_]+/.exec(problem)?.[0];
    const setting = name && name in SETTINGS ? SETTINGS[name as SettingName] : null;
    const help = setting ? ` ${setting.help}.` : null;
    const detail = help && problem.endsWith(help) ? problem.slice(0, -help.length) : problem;
    const fix = setting
      ? `Set ${name}: ${setting.help}.`
      : 'Fix the settings named here (README.md → Settings lists every option).';
    return fail('Settings', name ?? 'environment', true, detail, fix);
  });
}

function envProblems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env, ['slack', 'tiktok', 'mavera']);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

/** Without the raw environment (the Slack door), the required settings are checked on the loaded config. */
function configProblems(config: Config): string[] {
  const missing = (name: SettingName, feature: string) =>
    `${name} is missing (needed for ${feature}). ${SETTINGS[name].help}.`;
  const problems: string[] = [];
  if (!config.tiktok.accessToken) problems.push(missing('TIKTOK_ACCESS_TOKEN', 'tiktok'));
  if (!config.tiktok.advertiserId) problems.push(missing('TIKTOK_ADVERTISER_ID', 'tiktok'));
  if (!config.mavera.apiKey) problems.push(missing('MAVERA_API_KEY', 'mavera'));
  if (!config.slack.botToken) problems.push(missing('SLACK_BOT_TOKEN', 'slack'));
  return problems;
}

// ---------------------------------------------------------------- Slack

async function slackChecks(input: DoctorInput, timeoutMs: number): Promise<DoctorCheck[]> {
  const { slack } = input.config;
  const mode = slackModeCheck(input.config);
  if (!input.slack && !slack.botToken) return [notChecked('Slack', 'auth.test', ['SLACK_BOT_TOKEN']), mode];
  const client =
    input.slack ??
    new WebClient(slack.botToken ?? '', {
      slackApiUrl: `${slack.apiUrl}/`,
      retryConfig: { retries: 0 },
      timeout: timeoutMs,
      logLevel: LogLevel.ERROR,
    });
  let auth: Awaited<ReturnType<SlackAuthClient['auth']['test']>>;
  try {
    auth = await within(timeoutMs, client.auth.test(), () => timedOut('Slack', timeoutMs, 'SLACK_API_URL'));
  } catch (err) {
    return [slackAuthFailure(err, slack.apiUrl), mode];
  }
  const lines: DoctorCheck[] = [];
  const who = `team ${auth.team ?? '?'} (${auth.team_id ?? '?'}) · bot @${auth.user ?? '?'} (${auth.user_id ?? '?'})`;
  if (auth.bot_id) lines.push(pass('Slack', 'auth.test', who));
  else
    lines.push(
      fail(
        'Slack',
        'auth.test',
        true,
        `the token works but is not a bot token (${who})`,
        'Use the Bot User OAuth Token (xoxb-…) from OAuth & Permissions as SLACK_BOT_TOKEN.',
      ),
    );
  const granted = auth.response_metadata?.scopes;
  if (!granted) {
    lines.push(
      fail(
        'Slack',
        'scopes',
        false,
        'Slack did not say which scopes the token has',
        `Check under OAuth & Permissions that the bot has ${NEEDED_SLACK_SCOPES.map((s) => s.scope).join(', ')}.`,
      ),
    );
  } else {
    const missing = NEEDED_SLACK_SCOPES.filter((s) => !granted.includes(s.scope));
    if (missing.length === 0) lines.push(pass('Slack', 'scopes', `granted: ${granted.join(', ')}`));
    for (const { scope, why } of missing) {
      lines.push(
        fail(
          'Slack',
          `scope ${scope}`,
          true,
          `missing — needed for ${why}`,
          `Add ${scope} under OAuth & Permissions → Bot Token Scopes and reinstall the app.`,
        ),
      );
    }
  }
  return [...lines, mode];
}

function slackModeCheck(config: Config): DoctorCheck {
  const { appToken, signingSecret, port } = config.slack;
  if (appToken) {
    return appToken.startsWith('xapp-')
      ? pass('Slack', 'mode', 'Socket Mode (SLACK_APP_TOKEN is set)')
      : fail(
          'Slack',
          'mode',
          true,
          'Socket Mode, but SLACK_APP_TOKEN is not an app-level token (xapp-…)',
          'Create an app-level token with the connections:write scope (Basic Information → App-Level Tokens) and set SLACK_APP_TOKEN.',
        );
  }
  return signingSecret
    ? pass(
        'Slack',
        'mode',
        `HTTP mode on port ${port} (requests to /slack/events are verified with the signing secret)`,
      )
    : fail(
        'Slack',
        'mode',
        true,
        'HTTP mode (no SLACK_APP_TOKEN), but SLACK_SIGNING_SECRET is not set, so requests cannot be verified',
        'Set SLACK_SIGNING_SECRET (Basic Information → App Credentials), or set SLACK_APP_TOKEN to use Socket Mode.',
      );
}

const SLACK_TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
]);

function slackAuthFailure(err: unknown, apiUrl: string): DoctorCheck {
  if (isUserError(err)) return failed('Slack', 'auth.test', true, err, null);
  const e = err as { code?: unknown; data?: { error?: unknown }; message?: unknown };
  const apiError = typeof e.data?.error === 'string' ? e.data.error : null;
  if (e.code === 'slack_webapi_platform_error' && apiError && SLACK_TOKEN_ERRORS.has(apiError)) {
    return fail(
      'Slack',
      'auth.test',
      true,
      `Slack rejected SLACK_BOT_TOKEN (${apiError})`,
      'Copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions into SLACK_BOT_TOKEN; reinstall the app first if it was removed.',
    );
  }
  if (apiError) {
    return fail('Slack', 'auth.test', true, `Slack answered auth.test with "${apiError}"`, 'Check SLACK_BOT_TOKEN.');
  }
  const reason = typeof e.message === 'string' ? e.message : String(err);
  return fail(
    'Slack',
    'auth.test',
    true,
    `could not reach Slack at ${apiUrl}: ${reason}`,
    'Check the network and SLACK_API_URL, then run doctor again.',
  );
}

// ---------------------------------------------------------------- TikTok

async function tiktokChecks(input: DoctorInput, timeoutMs: number): Promise<DoctorCheck[]> {
  const { tiktok } = input.config;
  if (!input.tiktok && (!tiktok.accessToken || !tiktok.advertiserId)) {
    const missing: SettingName[] = [];
    if (!tiktok.accessToken) missing.push('TIKTOK_ACCESS_TOKEN');
    if (!tiktok.advertiserId) missing.push('TIKTOK_ADVERTISER_ID');
    return [notChecked('TikTok', 'ad account', missing)];
  }
  const client =
    input.tiktok ??
    new TikTokClient({
      baseUrl: tiktok.baseUrl,
      accessToken: tiktok.accessToken ?? '',
      advertiserId: tiktok.advertiserId ?? '',
      limiter: new RateLimiter(tiktok.maxQps),
      maxRetries: 0,
      requestTimeoutMs: timeoutMs,
      timezoneOverride: tiktok.timezone,
    });
  const token = pass('TikTok', 'access token', 'accepted by TikTok');
  try {
    const info = await within(timeoutMs, client.getAdvertiserInfo(), () =>
      timedOut('TikTok', timeoutMs, 'TIKTOK_API_BASE_URL'),
    );
    const zone = `time zone ${info.timezone}${tiktok.timezone ? ' (TIKTOK_TIMEZONE)' : ''}`;
    return [
      token,
      pass(
        'TikTok',
        'ad account',
        `${info.name ?? 'unnamed'} (${info.advertiserId}) · ${zone} · currency ${info.currency ?? 'not given'}`,
      ),
    ];
  } catch (err) {
    const code = isUserError(err) ? err.code : null;
    if (code === 'tiktok_auth') return [failed('TikTok', 'access token', true, err, null)];
    const accountProblem = code === 'tiktok_advertiser' || code === 'tiktok_permission';
    return [...(accountProblem ? [token] : []), failed('TikTok', 'ad account', true, err, null)];
  }
}

// ---------------------------------------------------------------- Mavera

async function maveraChecks(input: DoctorInput, timeoutMs: number): Promise<DoctorCheck[]> {
  const { mavera } = input.config;
  const access =
    !input.mavera && !mavera.apiKey
      ? [notChecked('Mavera', 'API key', ['MAVERA_API_KEY'])]
      : await maveraAccessChecks(input, timeoutMs);
  return [...access, budgetCheck(input)];
}

async function maveraAccessChecks(input: DoctorInput, timeoutMs: number): Promise<DoctorCheck[]> {
  const m = input.config.mavera;
  const client = input.mavera ?? buildMaveraClient(input.config);
  const key = pass('Mavera', 'API key', 'accepted by Mavera');
  let access: MaveraAccess;
  try {
    access = await within(timeoutMs, client.checkAccess(), () => timedOut('Mavera', timeoutMs, 'MAVERA_API_BASE_URL'));
  } catch (err) {
    const code = isUserError(err) ? err.code : null;
    if (code === 'mavera_auth') return [failed('Mavera', 'API key', true, err, null)];
    if (code === 'config') return [key, failed('Mavera', 'workspace', true, err, null)];
    if (code === 'mavera_credits') return [key, failed('Mavera', 'credits', true, err, null)];
    return [failed('Mavera', 'API', true, err, 'Check MAVERA_API_BASE_URL and MAVERA_API_KEY, then run doctor again.')];
  }
  const how = m.shape === 'auto' ? 'detected with read-only calls' : 'set by MAVERA_API_SHAPE';
  const lines = [key, pass('Mavera', 'API shape', `${access.shape} (${SHAPE_ROUTES[access.shape]}), ${how}`)];
  if (access.shape === 'reference') lines.push(pass('Mavera', 'workspace', `${m.workspaceId ?? '?'} (its files list)`));
  else lines.push(pass('Mavera', 'workspace', m.workspaceId ?? 'not set (the recipes API does not need one)'));
  lines.push(creditsCheck(access.creditsRemaining));
  return lines;
}

function buildMaveraClient(config: Config): MaveraClient {
  let shape: MaveraShape | null = null;
  const m = config.mavera;
  return new MaveraClient({
    baseUrl: m.baseUrl,
    apiKey: m.apiKey ?? '',
    workspaceId: m.workspaceId,
    shape: m.shape,
    // detect afresh and remember only for this run: doctor reports what answers now and writes nothing
    shapeStore: { get: () => shape, set: (s) => (shape = s) },
    limiter: RateLimiter.perMinute(m.maxRequestsPerMinute),
    maxRetries: 0,
    analysisDefaults: { brand: m.brand, product: m.product, primaryIntent: m.primaryIntent, goal: m.goal },
  });
}

const CHEAPEST_ANALYSIS = CREDIT_BANDS[0]?.credits ?? 150;

function creditsCheck(remaining: number | null): DoctorCheck {
  if (remaining === null) {
    return pass('Mavera', 'credits', 'Mavera did not say how many are left (see app.mavera.io/settings/usage)');
  }
  if (remaining < CHEAPEST_ANALYSIS) {
    return fail(
      'Mavera',
      'credits',
      true,
      `${remaining} credits left — not enough for one video analysis (about 100–500 credits each)`,
      'Add credits or renew the subscription in Mavera (app.mavera.io/settings/usage).',
    );
  }
  return pass('Mavera', 'credits', `${remaining} left`);
}

function budgetCheck(input: DoctorInput): DoctorCheck {
  const now = input.now ?? Date.now();
  const usage = input.store?.usage.month(now) ?? null;
  const month = usage?.month ?? monthOf(now);
  const used = usage?.creditsUsed ?? 0;
  const analyses = usage?.analyses ?? 0;
  const budget = input.config.mavera.monthlyCreditBudget;
  const spent = `≈ ${used} credits estimated for ${analyses} ${analyses === 1 ? 'analysis' : 'analyses'} in ${month}`;
  if (budget === null) return pass('Mavera', 'monthly budget', `none set (MAVERA_MONTHLY_CREDIT_BUDGET) · ${spent}`);
  const left = Math.max(0, budget - used);
  const detail = `${spent} of a ${budget}-credit budget (${left} left)`;
  if (left >= CHEAPEST_ANALYSIS) return pass('Mavera', 'monthly budget', detail);
  return fail(
    'Mavera',
    'monthly budget',
    false,
    `${detail}: new analyses are refused until next month`,
    'Raise MAVERA_MONTHLY_CREDIT_BUDGET to allow more this month (usage restarts on the 1st, UTC).',
  );
}

// ---------------------------------------------------------------- TikOmni (optional)

async function tikomniChecks(input: DoctorInput, timeoutMs: number): Promise<DoctorCheck[]> {
  const t = input.config.tikomni;
  if (!input.tikomni && !t.apiKey) {
    return [pass('TikOmni', 'creator mode', 'not configured — creator mode off', false)];
  }
  const client =
    input.tikomni ?? new TikOmniClient({ baseUrl: t.baseUrl, apiKey: t.apiKey ?? '', maxRetries: 0, timeoutMs });
  const lines: DoctorCheck[] = [];
  try {
    const info = await within(timeoutMs, client.getUserInfo(), () =>
      timedOut('TikOmni', timeoutMs, 'TIKOMNI_API_BASE_URL'),
    );
    const money = (n: number | null) => (n === null ? 'not reported' : `$${n.toFixed(2)}`);
    const detail = `accepted · balance ${money(info.balance)} · free credit ${money(info.freeCredit)}`;
    const empty = info.balance !== null && info.balance <= 0 && (info.freeCredit ?? 0) <= 0;
    lines.push(
      empty
        ? fail('TikOmni', 'API key', false, `${detail}: calls will fail`, 'Top up the TikOmni account balance.')
        : pass('TikOmni', 'API key', detail, false),
    );
  } catch (err) {
    lines.push(failed('TikOmni', 'API key', false, err, 'Check TIKOMNI_API_KEY and TIKOMNI_API_BASE_URL.'));
  }
  const creators = input.store?.creators.list().length ?? 0;
  if (t.cookieKey) lines.push(pass('TikOmni', 'cookie key', 'CREATOR_COOKIE_KEY is set', false));
  else if (creators > 0)
    lines.push(
      fail(
        'TikOmni',
        'cookie key',
        false,
        `${creators} Shop ${creators === 1 ? 'creator is' : 'creators are'} registered but CREATOR_COOKIE_KEY is not set, so their cookies cannot be read`,
        'Set CREATOR_COOKIE_KEY to the key used when they were added (or set a new one from `openssl rand -hex 32` and add them again).',
      ),
    );
  else lines.push(pass('TikOmni', 'cookie key', 'not set (only needed for TikTok Shop creators)', false));
  return lines;
}

// ---------------------------------------------------------------- helpers

function pass(service: DoctorService, name: string, detail: string, required = true): DoctorCheck {
  return { service, name, ok: true, required, detail, fix: null };
}

function fail(service: DoctorService, name: string, required: boolean, detail: string, fix: string): DoctorCheck {
  return { service, name, ok: false, required, detail, fix };
}

/** A failing line from an error: a UserError's plain message and hint, or the error's own text. */
function failed(
  service: DoctorService,
  name: string,
  required: boolean,
  err: unknown,
  fallbackFix: string | null,
): DoctorCheck {
  if (isUserError(err)) {
    const fix = err.hint ?? fallbackFix ?? 'Run doctor again; if it keeps failing, check the service status page.';
    return fail(service, name, required, err.message, fix);
  }
  const reason = err instanceof Error ? err.message : String(err);
  return fail(service, name, required, `unexpected error: ${reason}`, fallbackFix ?? 'Run doctor again.');
}

function notChecked(service: DoctorService, name: string, missing: SettingName[]): DoctorCheck {
  const list = missing.join(' and ');
  return fail(
    service,
    name,
    true,
    `not checked: ${list} ${missing.length === 1 ? 'is' : 'are'} not set`,
    `Set ${list}.`,
  );
}

/** Runs one service's checks; anything unexpected becomes a failing line instead of failing the whole report. */
async function guard(service: DoctorService, required: boolean, run: () => Promise<DoctorCheck[]>) {
  try {
    return await run();
  } catch (err) {
    return [failed(service, 'checks', required, err, 'Run doctor again; if it keeps failing, report it.')];
  }
}

const TIMEOUT_CODES: Record<Exclude<DoctorService, 'Settings'>, UserErrorCode> = {
  Slack: 'config',
  TikTok: 'tiktok_unavailable',
  Mavera: 'mavera_unavailable',
  TikOmni: 'tikomni_error',
};

function timedOut(service: Exclude<DoctorService, 'Settings'>, ms: number, urlSetting: SettingName): UserError {
  return new UserError(
    TIMEOUT_CODES[service],
    `${service} did not answer within ${Math.round(ms / 100) / 10} s.`,
    `Check the network and ${urlSetting}, then run doctor again.`,
  );
}

/** `work`, or the time-out error once `ms` have passed (the late answer is ignored). */
async function within<T>(ms: number, work: Promise<T>, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Replaces every secret value the doctor knows about (from config and env) with `[redacted]`. */
function redactor(input: DoctorInput): (text: string) => string {
  const { config, env } = input;
  const values = [...configSecrets(config), ...SECRET_SETTINGS.map((name) => env?.[name]?.trim())];
  const secrets = [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length >= 6))];
  secrets.sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
