import { parseArgs } from 'node:util';
import { ConfigError, type Feature, loadConfig } from '../config.js';
import { describeError, isUserError } from '../errors.js';
import { leaderboardJson } from '../leaderboard/json.js';
import { createServices } from '../services.js';
import { buildLeaderboardText } from '../slack/blocks/leaderboard.js';
import { formatScoreText, progressLine, scoreJson } from './score-text.js';

const USAGE = `creative-score — score TikTok video ads with Mavera and post the verdicts to Slack

Usage:
  creative-score serve                                run the Slack bot (npm start)
  creative-score score <ad_id> [--refresh] [--json]   score one ad and print its scorecard
  creative-score leaderboard [--days N] [--json]      build the creative leaderboard and print it
  creative-score doctor                               check every configured service
  creative-score demo                                 run the whole flow offline on the built-in simulators

Settings come from environment variables; see README.md → Settings.`;

type Command = (args: string[]) => Promise<number>;

function servicesFor(require: Feature[]) {
  return createServices(loadConfig(process.env, require));
}

const commands: Record<string, Command> = {
  async score(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { refresh: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    });
    const adId = positionals[0];
    if (!adId) {
      process.stderr.write('Which ad? Usage: creative-score score <ad_id> [--refresh] [--json]\n');
      return 2;
    }
    const services = servicesFor(['tiktok', 'mavera']);
    try {
      const result = await services.ads.scoreAd(adId, {
        refresh: values.refresh,
        onProgress: (event) => process.stderr.write(`${progressLine(event)}\n`),
      });
      process.stdout.write(
        values.json ? `${JSON.stringify(scoreJson(result), null, 2)}\n` : `${formatScoreText(result)}\n`,
      );
      return 0;
    } finally {
      services.close();
    }
  },

  async leaderboard(args) {
    const { values } = parseArgs({
      args,
      options: { days: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const days = values.days === undefined ? undefined : Number(values.days);
    if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 365)) {
      process.stderr.write('--days must be a whole number of days from 1 to 365\n');
      return 2;
    }
    const services = servicesFor(['tiktok', 'mavera']);
    try {
      const report = await services.leaderboard.build({
        days,
        onProgress: ({ analysed, total, current }) =>
          process.stderr.write(`… ${analysed} of ${total} new analyses done${current ? ` (now: ${current})` : ''}\n`),
      });
      process.stdout.write(
        values.json ? `${JSON.stringify(leaderboardJson(report), null, 2)}\n` : `${buildLeaderboardText(report)}\n`,
      );
      return 0;
    } finally {
      services.close();
    }
  },

  async serve() {
    const { runServe } = await import('../serve.js');
    return runServe();
  },

  async doctor() {
    const { runDoctorCli } = await import('./doctor.js');
    return runDoctorCli();
  },

  async demo() {
    const { runDemo } = await import('../demo/run.js');
    return runDemo();
  },
};

/** Runs one command; resolves with the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    const { message, hint } = describeError(err);
    process.stderr.write(`Error: ${message}\n${hint ? `What to do: ${hint}\n` : ''}`);
    if (!isUserError(err)) process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
