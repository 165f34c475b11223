import { existsSync } from 'node:fs';
import { Agent, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { type Config, ConfigError, loadConfig, SETTINGS } from '../config.js';
import { DEFAULT_CHECK_TIMEOUT_MS, runDoctor } from '../doctor/checks.js';
import { formatDoctorTable } from '../doctor/format.js';
import { Store } from '../store/index.js';

export interface DoctorCliOptions {
  /** where the table goes (default stdout) */
  write?: (text: string) => void;
  /** per check (default 10 s) */
  timeoutMs?: number;
}

/**
 * `creative-score doctor`: checks every configured service and prints the table. Needs no setting to be present —
 * missing and invalid settings are themselves reported. Returns the exit code: 0 when every required check passes.
 */
export async function runDoctorCli(
  env: Record<string, string | undefined> = process.env,
  options: DoctorCliOptions = {},
): Promise<number> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const config = lenientConfig(env);
  const store = openExistingStore(config.databasePath);
  // Every HTTP call of this run gets the check's time-out, and nothing left hanging keeps the process alive.
  const previous = getGlobalDispatcher();
  const agent = new Agent({ connectTimeout: timeoutMs, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  setGlobalDispatcher(agent);
  try {
    write('Checking Slack, TikTok, Mavera and TikOmni (read-only calls, no credits spent) …\n\n');
    const report = await runDoctor({ config, env, store, timeoutMs });
    write(`${formatDoctorTable(report)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    setGlobalDispatcher(previous);
    store?.close();
    await agent.destroy().catch(() => undefined);
  }
}

/**
 * The config to run the checks with, whatever the environment holds: settings that fail validation fall back to
 * their defaults (the Settings lines report them), so every service that *can* be checked still is.
 */
export function lenientConfig(env: Record<string, string | undefined>): Config {
  const usable: Record<string, string | undefined> = { ...env };
  for (let round = 0; round <= Object.keys(SETTINGS).length; round++) {
    try {
      return loadConfig(usable, []);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const named = err.problems.flatMap((p) =>
        Object.keys(SETTINGS).filter((name) => new RegExp(`\\b${name}\\b`).test(p)),
      );
      const dropped = named.filter((name) => usable[name] !== undefined);
      if (dropped.length === 0) break;
      for (const name of dropped) delete usable[name];
    }
  }
  return loadConfig({}, []);
}

/** The bot's database when it exists (for this month's credits and registered creators); doctor never creates it. */
function openExistingStore(path: string): Store | null {
  if (!existsSync(path)) return null;
  try {
    return Store.open(path);
  } catch {
    return null;
  }
}
