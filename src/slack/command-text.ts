import { parseVideoReference } from '../creators/links.js';

/** What the user asked for with `/creative-score <text>`. */
export type CommandRequest =
  | { kind: 'help' }
  | { kind: 'score'; adId: string; refresh: boolean }
  | { kind: 'organic'; reference: NonNullable<ReturnType<typeof parseVideoReference>>; refresh: boolean }
  | { kind: 'decisions'; adId: string | null }
  | { kind: 'leaderboard'; days: number | null }
  | { kind: 'usage' }
  | { kind: 'doctor' }
  | { kind: 'creator'; action: 'add' | 'list' | 'remove' | 'leaderboard'; name: string | null; month: string | null }
  | { kind: 'invalid'; message: string; hint: string };

const AD_ID = /^\d{5,25}$/;

/** Parses the slash command's text. Pure; every branch is unit-tested. */
export function parseCommandText(raw: string): CommandRequest {
  const words = raw.trim().split(/\s+/).filter(Boolean);
  const refresh = words.some((w) => w === '--refresh' || w === '-r');
  const args = words.filter((w) => w !== '--refresh' && w !== '-r');
  const [first, ...rest] = args;
  if (!first)
    return {
      kind: 'invalid',
      message: 'Which ad should I score?',
      hint: 'Type `/creative-score <ad_id>` with the ad id from TikTok Ads Manager, or `/creative-score help`.',
    };
  const word = first.toLowerCase();
  switch (word) {
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'decisions':
    case 'log': {
      const adId = rest[0] ?? null;
      if (adId !== null && !AD_ID.test(adId))
        return {
          kind: 'invalid',
          message: `"${adId.slice(0, 40)}" is not a TikTok ad id.`,
          hint: 'Use `/creative-score decisions [ad_id]`.',
        };
      return { kind: 'decisions', adId };
    }
    case 'leaderboard': {
      const d = rest[0];
      if (d === undefined) return { kind: 'leaderboard', days: null };
      const days = Number(d);
      if (!Number.isInteger(days) || days < 1 || days > 90)
        return {
          kind: 'invalid',
          message: `"${d.slice(0, 20)}" is not a number of days.`,
          hint: 'Use `/creative-score leaderboard [days]` with 1–90 days (default 7).',
        };
      return { kind: 'leaderboard', days };
    }
    case 'usage':
      return { kind: 'usage' };
    case 'doctor':
      return { kind: 'doctor' };
    case 'creator':
    case 'creators':
      return parseCreator(rest);
  }
  const video = parseVideoReference(first);
  if (video) return { kind: 'organic', reference: video, refresh };
  if (AD_ID.test(first)) return { kind: 'score', adId: first, refresh };
  return {
    kind: 'invalid',
    message: `"${first.slice(0, 60)}" is not an ad id or a command I know.`,
    hint: 'Ad ids are long numbers from the ID column in TikTok Ads Manager (e.g. `/creative-score 1780000000000000001`). `/creative-score help` lists every command.',
  };
}

function parseCreator(rest: string[]): CommandRequest {
  const [action, ...tail] = rest;
  const usage =
    'Use `/creative-score creator add <name>`, `creator list`, `creator remove <name>` or `creator leaderboard <name> [YYYY-MM]`.';
  const verb = action?.toLowerCase();
  switch (verb) {
    case 'list':
      return { kind: 'creator', action: 'list', name: null, month: null };
    case 'add':
    case 'remove':
    case 'leaderboard': {
      const last = tail.at(-1);
      const month = tail.length > 1 && last !== undefined && /^\d{4}-\d{2}$/.test(last) ? last : null;
      const name = (month ? tail.slice(0, -1) : tail).join(' ').trim();
      if (!name || !/^[\w .@-]{1,64}$/u.test(name))
        return {
          kind: 'invalid',
          message: name ? `"${name.slice(0, 64)}" is not a valid creator name.` : 'Which creator?',
          hint: usage,
        };
      return { kind: 'creator', action: verb, name, month };
    }
    default:
      return { kind: 'invalid', message: 'That creator command is not one I know.', hint: usage };
  }
}
