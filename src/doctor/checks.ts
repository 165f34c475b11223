import { configSecrets, SECRET_SETTINGS, type SettingName } from '../config.js';
import { createClients, memoryShapeStore } from '../services.js';
import { systemClock } from '../util/clock.js';
import { silentLogger } from '../util/logger.js';
import { failed } from './lines.js';
import { maveraChecks } from './mavera.js';
import { settingsChecks } from './settings.js';
import { slackChecks } from './slack.js';
import { tikomniChecks } from './tikomni.js';
import { tiktokChecks } from './tiktok.js';
import type { DoctorCheck, DoctorInput, DoctorReport, DoctorService } from './types.js';

/**
 * `doctor`: one cheap, read-only call per configured service, each under a short time-out, turned into lines a
 * person can act on (what is wrong, what to do). No Mavera credits are spent and no secret is ever printed.
 * Each service's lines are built in its own module (settings, slack, tiktok, mavera, tikomni); this one runs them
 * side by side, drops what another line already says, and redacts every secret from the result.
 */

export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;

/** Settings problems a dedicated line already reports (dropped from the Settings lines to avoid saying it twice). */
const COVERED_SETTINGS: Partial<Record<SettingName, { service: DoctorService; name: string }>> = {
  SLACK_SIGNING_SECRET: { service: 'Slack', name: 'mode' },
  MAVERA_WORKSPACE_ID: { service: 'Mavera', name: 'workspace' },
};

export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const timeoutMs = input.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  // The bot's own clients (services.ts), built for checking: no retries, the check's time-out, nothing remembered.
  const clients = createClients(input.config, {
    clock: systemClock,
    logger: silentLogger,
    shapeStore: memoryShapeStore(),
    maxRetries: 0,
    timeoutMs,
  });
  const services = await Promise.all([
    guard('Slack', true, () => slackChecks(input, timeoutMs)),
    guard('TikTok', true, () => tiktokChecks(input, clients, timeoutMs)),
    guard('Mavera', true, () => maveraChecks(input, clients, timeoutMs)),
    guard('TikOmni', false, () => tikomniChecks(input, clients, timeoutMs)),
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

/** Runs one service's checks; anything unexpected becomes a failing line instead of failing the whole report. */
async function guard(service: DoctorService, required: boolean, run: () => Promise<DoctorCheck[]>) {
  try {
    return await run();
  } catch (err) {
    return [failed(service, 'checks', required, err, 'Run doctor again; if it keeps failing, report it.')];
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
