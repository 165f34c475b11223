import { type Config, ConfigError, loadConfig, SETTINGS, type SettingName } from '../config.js';
import { fail, pass } from './lines.js';
import type { DoctorCheck, DoctorInput } from './types.js';

/** `doctor`'s Settings lines: every setting valid and the required ones set, or one line per problem. */

export function settingsChecks(input: DoctorInput): DoctorCheck[] {
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
