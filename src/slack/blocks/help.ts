import type { types } from '@slack/bolt';
import { SLASH_COMMAND } from '../constants.js';
import { escapeMrkdwn, mrkdwn, plainText } from './escape.js';
import { LIMITS } from './limits.js';
import type { SlackMessage } from './types.js';

export interface HelpEntry {
  /** what to type after the slash command, e.g. `<ad_id> --refresh` */
  usage: string;
  what: string;
}

/** Every sub-command, in the order the help shows them. */
export const AD_COMMANDS: readonly HelpEntry[] = [
  {
    usage: '<ad_id>',
    what: 'Score one TikTok ad: hook, emotion, cognitive load, last 7 days of performance, verdict.',
  },
  { usage: '<ad_id> --refresh', what: 'Score it again with a new analysis instead of the cached one (uses credits).' },
  { usage: 'decisions [ad_id]', what: 'The last 20 Scale / Kill decisions, for one ad or all.' },
  {
    usage: 'leaderboard [days]',
    what: 'Rank the ads that delivered in the last 7 days (or the given number of days).',
  },
  { usage: 'usage', what: 'Mavera credits used this month, and the budget.' },
  { usage: 'doctor', what: 'Check the TikTok, Mavera and Slack connections and settings.' },
  { usage: 'help', what: 'This list.' },
];

export const CREATOR_COMMANDS: readonly HelpEntry[] = [
  { usage: 'https://www.tiktok.com/@handle/video/…', what: "Score a creator's organic video from its link." },
  { usage: 'video:<item_id>', what: 'Score an organic video by its TikTok item id.' },
  { usage: 'creator add|list|remove <name>', what: 'Manage the creators the bot follows.' },
  {
    usage: 'creator leaderboard <name> [YYYY-MM]',
    what: "Rank a creator's videos for a month (this month by default).",
  },
];

function lines(entries: readonly HelpEntry[]): string {
  return entries.map((e) => `• \`${SLASH_COMMAND} ${escapeMrkdwn(e.usage)}\` — ${escapeMrkdwn(e.what)}`).join('\n');
}

/** The help message. `creators: false` leaves out the creator commands (creator mode off). */
export function buildHelpMessage(options: { creators?: boolean } = {}): SlackMessage {
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plainText('Creative Score — commands', LIMITS.headerText) },
    { type: 'section', text: mrkdwn(`*Ads*\n${lines(AD_COMMANDS)}`, LIMITS.sectionText) },
  ];
  if (options.creators !== false) {
    blocks.push({ type: 'section', text: mrkdwn(`*Creators*\n${lines(CREATOR_COMMANDS)}`, LIMITS.sectionText) });
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        'Scorecards have *Scale* and *Kill* buttons: pressing one logs the decision for the team (nothing changes in TikTok).',
      ),
    ],
  });
  return {
    text: escapeMrkdwn(`Creative Score commands: ${SLASH_COMMAND} <ad_id> scores an ad; see the list for the rest.`),
    blocks,
  };
}
