import { existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lenientConfig, runDoctorCli } from '../../src/cli/doctor.js';
import { runDoctor } from '../../src/doctor/checks.js';
import type { DoctorCheck, DoctorReport } from '../../src/doctor/types.js';
import { type SlackSimulator, startSlackSimulator } from '../../src/sandbox/slack.js';
import { startTikOmniSimulator, type TikOmniSimulator } from '../../src/sandbox/tikomni.js';
import { Store } from '../../src/store/index.js';
import { type Harness, SIGNING_SECRET, startHarness } from '../support/harness.js';

const ALL_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'files:write'];
const WRONG_SLACK_TOKEN = 'xoxb-wrong-token-5d1c9e7a';
const WRONG_MAVERA_KEY = 'mvra_live_wrong-key-8b3f1a0c';
const WRONG_TIKOMNI_KEY = 'wrong-tikomni-key-2e7d4b19';

let h: Harness;
let slack: SlackSimulator;
let tikomni: TikOmniSimulator;
let hanging: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  h = await startHarness({ mavera: { creditsRemaining: 10_000 } });
  slack = await startSlackSimulator({ scopes: ALL_SCOPES });
  tikomni = await startTikOmniSimulator();
  hanging = await startHangingServer();
});

afterAll(async () => {
  await Promise.all([h?.close(), slack?.close(), tikomni?.close(), hanging?.close()]);
});

/** Everything configured and pointing at the simulators. */
function fullEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...h.env,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url.replace(/\/$/, ''),
    TIKOMNI_API_KEY: tikomni.apiKey,
    TIKOMNI_API_BASE_URL: tikomni.url,
    ...extra,
  };
}

function secrets(): string[] {
  return [
    h.tiktok.accessToken,
    h.mavera.apiKey,
    slack.botToken,
    SIGNING_SECRET,
    tikomni.apiKey,
    WRONG_SLACK_TOKEN,
    WRONG_MAVERA_KEY,
    WRONG_TIKOMNI_KEY,
  ];
}

function expectNoSecrets(text: string): void {
  for (const secret of secrets()) expect(text).not.toContain(secret);
}

/** Runs the CLI door on `env`; returns its exit code and printed output (checked for secrets). */
async function cli(env: Record<string, string>, timeoutMs = 3000): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runDoctorCli(env, {
    timeoutMs,
    write: (text) => {
      out += text;
    },
  });
  expectNoSecrets(out);
  return { code, out };
}

async function report(env: Record<string, string>, extra: Partial<Parameters<typeof runDoctor>[0]> = {}) {
  const result = await runDoctor({ config: lenientConfig(env), env, timeoutMs: 3000, ...extra });
  expectNoSecrets(JSON.stringify(result));
  return result;
}

function find(r: DoctorReport, service: DoctorCheck['service'], name: string): DoctorCheck {
  const check = r.checks.find((c) => c.service === service && c.name === name);
  if (!check) throw new Error(`no ${service} "${name}" line in ${JSON.stringify(r.checks, null, 2)}`);
  return check;
}

function failing(r: DoctorReport): string[] {
  return r.checks.filter((c) => !c.ok).map((c) => `${c.service} ${c.name}`);
}

describe('doctor — everything configured', () => {
  it('passes every check and the CLI exits 0', async () => {
    const r = await report(fullEnv());
    expect(failing(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(find(r, 'Settings', 'environment').ok).toBe(true);
    expect(find(r, 'Slack', 'auth.test').detail).toContain('Simulated Team');
    expect(find(r, 'Slack', 'scopes').detail).toContain('chat:write.public');
    expect(find(r, 'Slack', 'mode').detail).toContain('HTTP mode');
    const account = find(r, 'TikTok', 'ad account').detail;
    expect(account).toContain(h.tiktok.advertiserId);
    expect(account).toMatch(/time zone [A-Za-z]+\/[A-Za-z_]+/);
    expect(account).toMatch(/currency [A-Z]{3}/);
    expect(find(r, 'Mavera', 'API shape').detail).toContain('reference');
    expect(find(r, 'Mavera', 'workspace').detail).toContain(h.mavera.workspaceId);
    expect(find(r, 'Mavera', 'credits').detail).toBe('10000 left');
    expect(find(r, 'Mavera', 'monthly budget').ok).toBe(true);
    expect(find(r, 'TikOmni', 'API key').detail).toContain('balance $42.50');
    expect(r.checks.find((c) => c.service === 'TikOmni')?.required).toBe(false);

    const { code, out } = await cli(fullEnv());
    expect(code).toBe(0);
    expect(out).toMatch(/^Slack\s+auth\.test\s+OK\s+team Simulated Team/m);
    expect(out).toContain('All required checks passed.');
    expect(out).not.toContain('FAIL');
  });

  it('spends no Mavera credits and creates no database', async () => {
    const before = JSON.stringify(h.mavera.stats);
    await report(fullEnv());
    const after = h.mavera.stats as unknown as Record<string, unknown>;
    const was = JSON.parse(before) as Record<string, unknown>;
    for (const key of Object.keys(after).filter((k) => /upload|analys|credit/i.test(k))) {
      expect(after[key], key).toEqual(was[key]);
    }
    expect(existsSync(h.dbPath)).toBe(false);
  });

  it('says creator mode is off when TikOmni is not configured (an OK line)', async () => {
    const r = await report(fullEnv({ TIKOMNI_API_KEY: '' }));
    expect(find(r, 'TikOmni', 'creator mode')).toMatchObject({
      ok: true,
      required: false,
      detail: 'not configured — creator mode off',
    });
    expect(r.ok).toBe(true);
  });

  it('reports Socket Mode when SLACK_APP_TOKEN is set', async () => {
    const r = await report(fullEnv({ SLACK_APP_TOKEN: 'xapp-1-A0SIM-123-abcdef', SLACK_SIGNING_SECRET: '' }));
    expect(find(r, 'Slack', 'mode')).toMatchObject({ ok: true, detail: 'Socket Mode (SLACK_APP_TOKEN is set)' });
    expect(JSON.stringify(r)).not.toContain('xapp-1-A0SIM-123-abcdef');
  });
});

describe('doctor — each failing check', () => {
  it('missing settings: one Settings line each, services not checked, exit 1', async () => {
    const env = { DATABASE_PATH: join(h.dir, 'none.db') };
    const r = await report(env);
    const settings = r.checks.filter((c) => c.service === 'Settings');
    expect(settings.map((c) => c.name).sort()).toEqual([
      'MAVERA_API_KEY',
      'SLACK_BOT_TOKEN',
      'TIKTOK_ACCESS_TOKEN',
      'TIKTOK_ADVERTISER_ID',
    ]);
    expect(settings.every((c) => !c.ok && c.required && c.fix?.startsWith(`Set ${c.name}`))).toBe(true);
    expect(find(r, 'Slack', 'auth.test').detail).toBe('not checked: SLACK_BOT_TOKEN is not set');
    expect(find(r, 'TikTok', 'ad account').detail).toContain('TIKTOK_ACCESS_TOKEN and TIKTOK_ADVERTISER_ID');
    expect(find(r, 'Mavera', 'API key').detail).toContain('MAVERA_API_KEY');
    expect(find(r, 'Slack', 'mode').ok).toBe(false);
    expect(r.ok).toBe(false);

    const { code, out } = await cli(env);
    expect(code).toBe(1);
    expect(out).toMatch(/^Settings\s+TIKTOK_ACCESS_TOKEN\s+FAIL\s+TIKTOK_ACCESS_TOKEN is missing/m);
    expect(out).toMatch(/^\s+→ Set TIKTOK_ACCESS_TOKEN: Long-lived TikTok Marketing API access token/m);
    expect(out).toMatch(/required checks failed/);
  });

  it('an invalid setting is reported (never echoing a secret) while the other services are still checked', async () => {
    const badCookieKey = 'not-a-valid-cookie-key-value';
    const r = await report(fullEnv({ TIKTOK_ADVERTISER_ID: 'abc', CREATOR_COOKIE_KEY: badCookieKey }));
    expect(find(r, 'Settings', 'TIKTOK_ADVERTISER_ID').detail).toContain('must be the numeric advertiser id');
    expect(find(r, 'Settings', 'CREATOR_COOKIE_KEY').ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain(badCookieKey);
    expect(find(r, 'Slack', 'auth.test').ok).toBe(true);
    expect(find(r, 'Mavera', 'API key').ok).toBe(true);
    expect(find(r, 'TikTok', 'ad account').detail).toContain('not checked');
  });

  it('Slack: a wrong bot token fails auth.test with invalid_auth', async () => {
    const env = fullEnv({ SLACK_BOT_TOKEN: WRONG_SLACK_TOKEN });
    const r = await report(env);
    expect(find(r, 'Slack', 'auth.test')).toMatchObject({
      ok: false,
      required: true,
      detail: 'Slack rejected SLACK_BOT_TOKEN (invalid_auth)',
    });
    expect(find(r, 'Slack', 'auth.test').fix).toContain('OAuth & Permissions');
    expect(failing(r)).toEqual(['Slack auth.test']);
    expect((await cli(env)).code).toBe(1);
  });

  it('Slack: a missing scope is a failing line naming it', async () => {
    const narrow = await startSlackSimulator({ scopes: ['commands', 'chat:write', 'files:write'] });
    try {
      const env = fullEnv({ SLACK_BOT_TOKEN: narrow.botToken, SLACK_API_URL: narrow.url.replace(/\/$/, '') });
      const r = await report(env);
      expect(failing(r)).toEqual(['Slack scope chat:write.public']);
      const line = find(r, 'Slack', 'scope chat:write.public');
      expect(line.required).toBe(true);
      expect(line.fix).toBe(
        'Add chat:write.public under OAuth & Permissions → Bot Token Scopes and reinstall the app.',
      );
      const { code, out } = await cli(env);
      expect(code).toBe(1);
      expect(out).toMatch(/scope chat:write\.public\s+FAIL/);
      expect(out).toContain('and reinstall the app');
    } finally {
      await narrow.close();
    }
  });

  it('Slack: HTTP mode without a signing secret fails the mode line (reported once)', async () => {
    const r = await report(fullEnv({ SLACK_SIGNING_SECRET: '' }));
    expect(failing(r)).toEqual(['Slack mode']);
    expect(find(r, 'Slack', 'mode').fix).toContain('SLACK_SIGNING_SECRET');
  });

  it('TikTok: an expired token fails the access token line with the client’s message and hint', async () => {
    h.tiktok.setTokenState('expired');
    try {
      const env = fullEnv();
      const r = await report(env);
      expect(failing(r)).toEqual(['TikTok access token']);
      expect(find(r, 'TikTok', 'access token')).toMatchObject({
        detail: 'The TikTok access token has expired.',
        fix: expect.stringContaining('TIKTOK_ACCESS_TOKEN'),
      });
      const { code, out } = await cli(env);
      expect(code).toBe(1);
      expect(out).toMatch(/^TikTok\s+access token\s+FAIL\s+The TikTok access token has expired\./m);
    } finally {
      h.tiktok.setTokenState('valid');
    }
  });

  it('TikTok: a wrong advertiser id fails the ad account line (the token itself is fine)', async () => {
    const env = fullEnv({ TIKTOK_ADVERTISER_ID: '7999999999999999999' });
    const r = await report(env);
    expect(find(r, 'TikTok', 'access token').ok).toBe(true);
    const line = find(r, 'TikTok', 'ad account');
    expect(line.ok).toBe(false);
    expect(line.detail).toContain('7999999999999999999');
    expect(line.fix).toContain('TIKTOK_ADVERTISER_ID');
    expect((await cli(env)).code).toBe(1);
  });

  it('Mavera: a wrong key (401) fails the API key line', async () => {
    const env = fullEnv({ MAVERA_API_KEY: WRONG_MAVERA_KEY });
    const r = await report(env);
    expect(failing(r)).toEqual(['Mavera API key']);
    expect(find(r, 'Mavera', 'API key').detail).toMatch(/^Mavera rejected the API key/);
    expect((await cli(env)).code).toBe(1);
  });

  it('Mavera: the reference shape without a workspace id fails the workspace line', async () => {
    for (const shape of ['auto', 'reference']) {
      const env = fullEnv({ MAVERA_WORKSPACE_ID: '', MAVERA_API_SHAPE: shape });
      const r = await report(env);
      expect(failing(r), shape).toEqual(['Mavera workspace']);
      expect(find(r, 'Mavera', 'workspace').fix).toContain('MAVERA_WORKSPACE_ID');
      expect((await cli(env)).code).toBe(1);
    }
  });

  it('Mavera: the recipes shape is named and needs no workspace', async () => {
    h.mavera.setShapes(['recipes']);
    try {
      const r = await report(fullEnv({ MAVERA_WORKSPACE_ID: '' }));
      expect(failing(r)).toEqual([]);
      expect(find(r, 'Mavera', 'API shape').detail).toContain('recipes (/assets + /video-analysis)');
    } finally {
      h.mavera.setShapes(['reference', 'recipes']);
    }
  });

  it('Mavera: too few credits left fails; a used-up monthly budget warns', async () => {
    const store = Store.open(join(h.dir, 'budget.db'));
    try {
      const now = Date.UTC(2025, 3, 15);
      store.usage.recordAnalysis('video-1', 400, now);
      store.usage.recordAnalysis('video-2', 500, now);
      const r = await report(fullEnv({ MAVERA_MONTHLY_CREDIT_BUDGET: '1000' }), {
        store,
        now,
        mavera: { checkAccess: async () => ({ shape: 'recipes', creditsRemaining: 20 }) },
      });
      expect(find(r, 'Mavera', 'credits')).toMatchObject({ ok: false, required: true });
      expect(find(r, 'Mavera', 'monthly budget')).toMatchObject({
        ok: false,
        required: false,
        detail: expect.stringContaining('≈ 900 credits estimated for 2 analyses in 2025-04 of a 1000-credit budget'),
      });
    } finally {
      store.close();
    }
  });

  it('TikOmni: a wrong key is an optional failure (exit code stays 0)', async () => {
    const env = fullEnv({ TIKOMNI_API_KEY: WRONG_TIKOMNI_KEY });
    const r = await report(env);
    expect(failing(r)).toEqual(['TikOmni API key']);
    expect(find(r, 'TikOmni', 'API key')).toMatchObject({
      required: false,
      detail: expect.stringContaining('API key'),
    });
    expect(r.ok).toBe(true);
    const { code, out } = await cli(env);
    expect(code).toBe(0);
    expect(out).toMatch(/^TikOmni\s+API key\s+WARN/m);
    expect(out).toContain('1 optional check failed');
  });

  it('TikOmni: registered creators without CREATOR_COOKIE_KEY fail the cookie key line', async () => {
    const store = Store.open(join(h.dir, 'creators.db'));
    try {
      store.creators.upsert({ name: 'ava', cookieEnc: 'x', tiktokUser: null, addedBy: 'U1', addedAt: 1 });
      const r = await report(fullEnv(), { store });
      expect(find(r, 'TikOmni', 'cookie key')).toMatchObject({
        ok: false,
        required: false,
        detail: expect.stringContaining('1 Shop creator is registered'),
      });
    } finally {
      store.close();
    }
  });

  it('a service that does not answer fails within the check time-out', async () => {
    const env = fullEnv({ TIKTOK_API_BASE_URL: hanging.url, MAVERA_API_BASE_URL: hanging.url });
    const started = Date.now();
    const { code, out } = await cli(env, 400);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(code).toBe(1);
    expect(out).toMatch(/^Mavera\s+API\s+FAIL\s+Mavera did not answer within 0\.4 s\./m);
    expect(out).toMatch(/^TikTok\s+ad account\s+FAIL/m);
  });
});

/** A TCP server that accepts connections and never answers. */
async function startHangingServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/api`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
