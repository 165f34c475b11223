import type { types } from '@slack/bolt';
import type { AudienceShare } from '../../creators/shop.js';
import type {
  CreatorAudienceReport,
  CreatorLeaderboardReport,
  CreatorLeaderboardRow,
  CreatorSummary,
  WeeklyCreatorSection,
} from '../../creators/types.js';
import { rankedRows } from '../../leaderboard/rank.js';
import { type BehaviouralWeights, DEFAULT_WEIGHTS } from '../../scoring/behavioural.js';
import { fmtCount, fmtPct } from '../../scoring/format.js';
import { CALLBACK_IDS, COOKIE_INPUT, SLASH_COMMAND } from '../constants.js';
import { type CookieModalMetadata, encodeCookieModalMetadata } from '../payloads.js';
import { codeTableSection } from './code-table.js';
import { inline, mrkdwn, plain, plainText, slackDate, userMention } from './escape.js';
import { behavioural, money, score } from './format.js';
import { LIMITS } from './limits.js';
import type { LeaderboardMessage, SlackMessage } from './types.js';

const CREATOR_TABLE_ROWS = 20;
const TABLE_NAME_CHARS = 36;
const SERIES_BAR_CELLS = 20;
const MAX_SHARES = 6;

// ---------------------------------------------------------------- cookie modal

/** The consent and risk note shown before anyone pastes a cookie (also in the README). */
export const COOKIE_RISK_NOTE =
  'A TikTok cookie is the creator’s login: whoever holds it can act as them on TikTok. Add a creator only with their ' +
  'written consent. The bot sends the cookie to TikOmni, a third-party TikTok data service, to read the creator’s ' +
  'TikTok Shop analytics; this is not an official TikTok API, it is against TikTok’s terms, and it can affect the ' +
  'account’s health score. The cookie is stored encrypted and is never posted, echoed or logged. Cookies expire ' +
  'without warning: the bot then asks an approver for a new one.';

/** The "Add Shop creator" modal: who, the consent/risk note, and one input for the cookie. */
export function buildCreatorCookieModal(meta: CookieModalMetadata): types.ModalView {
  const name = inline(meta.name, 64);
  return {
    type: 'modal',
    callback_id: CALLBACK_IDS.creatorCookie,
    private_metadata: encodeCookieModalMetadata(meta),
    title: plainText('Add Shop creator', LIMITS.modalTitle),
    submit: plainText('Check and save', LIMITS.modalButton),
    close: plainText('Cancel', LIMITS.modalButton),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `*Creator:* ${name}\nPaste the cookie of a browser session in which *${name}* is logged in to TikTok. ` +
            'The bot checks it with TikTok before saving it.',
          LIMITS.sectionText,
        ),
      },
      {
        type: 'section',
        text: mrkdwn(`:warning: *Before you paste*\n${inline(COOKIE_RISK_NOTE, LIMITS.sectionText)}`),
      },
      {
        type: 'input',
        block_id: COOKIE_INPUT.blockId,
        label: plainText(`TikTok cookie of ${meta.name}`, 2000),
        hint: plainText(
          'Browser developer tools → Network → any tiktok.com request → copy the value of the Cookie request header ' +
            '(it contains sessionid=…). Name=value pairs on separate lines are fine.',
          2000,
        ),
        element: {
          type: 'plain_text_input',
          action_id: COOKIE_INPUT.actionId,
          multiline: true,
          placeholder: plainText('sessionid=…; tt_csrf_token=…; msToken=…', 150),
        },
      },
      {
        type: 'context',
        elements: [
          mrkdwn(
            `Remove the creator and their cookie any time with \`${SLASH_COMMAND} creator remove ${name}\`. ` +
              'Only approvers can add, list or remove creators.',
          ),
        ],
      },
    ],
  };
}

/** The confirmation after a cookie was checked and stored (ephemeral or DM; never the cookie). */
export function buildCreatorAddedMessage(creator: CreatorSummary): SlackMessage {
  const who = creator.tiktokUser ? ` (TikTok @${inline(creator.tiktokUser.replace(/^@/, ''), 100)})` : '';
  const text =
    `:white_check_mark: Creator *${inline(creator.name, 64)}*${who} added. Their cookie is stored encrypted and only ` +
    `ever sent to TikOmni. Try \`${SLASH_COMMAND} creator leaderboard ${inline(creator.name, 64)}\`.`;
  return { text: plain(text, LIMITS.messageText), blocks: [{ type: 'section', text: mrkdwn(text) }] };
}

// ---------------------------------------------------------------- creator list

export function buildCreatorListMessage(creators: readonly CreatorSummary[]): SlackMessage {
  if (creators.length === 0) {
    const text = `No Shop creators are registered yet. An approver adds one with \`${SLASH_COMMAND} creator add <name>\`.`;
    return { text: plain(text), blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const lines = creators.map((c) => {
    const who = c.tiktokUser ? ` · TikTok @${inline(c.tiktokUser.replace(/^@/, ''), 100)}` : '';
    return `• *${inline(c.name, 64)}*${who} · added by ${userMention(c.addedBy)} ${slackDate(c.addedAt, '{date_short_pretty}')}`;
  });
  const blocks: types.KnownBlock[] = [
    { type: 'section', text: mrkdwn(`*Shop creators (${fmtCount(creators.length)})*`) },
  ];
  // One section holds up to 3000 characters: split the list over as many sections as needed.
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) blocks.push({ type: 'section', text: mrkdwn(current.join('\n'), LIMITS.sectionText) });
    current = [];
  };
  for (const line of lines) {
    if ([...current, line].join('\n').length > LIMITS.sectionText) flush();
    current.push(line);
  }
  flush();
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(`Cookies are stored encrypted and never shown. \`${SLASH_COMMAND} creator remove <name>\` forgets one.`),
    ],
  });
  return {
    text: plain(`Shop creators: ${creators.map((c) => c.name).join(', ')}`, LIMITS.messageText),
    blocks: blocks.slice(0, LIMITS.blocks),
  };
}

// ---------------------------------------------------------------- creator leaderboard

const TABLE_HEADER = [
  'Rank',
  'Video',
  'Hook',
  'Behavioural',
  'Views',
  'Completion',
  'CTR',
  'GMV',
  'Sold',
  'Followers',
  'Verdict',
] as const;

const COLUMN_SETTINGS: NonNullable<types.TableBlock['column_settings']> = TABLE_HEADER.map((h) =>
  h === 'Video' ? { align: 'left' as const, is_wrapped: true } : { align: h === 'Verdict' ? 'left' : 'right' },
);

function rowName(row: CreatorLeaderboardRow): string {
  return row.name.trim() === '' ? row.itemId : row.name;
}

function tableCells(row: CreatorLeaderboardRow, index: number): string[] {
  return [
    String(row.rank ?? index + 1),
    plain(rowName(row), TABLE_NAME_CHARS),
    score(row.hookScore),
    behavioural(row.behaviouralScore),
    fmtCount(row.views),
    fmtPct(row.completionRate),
    fmtPct(row.ctr),
    money(row.gmv, null),
    fmtCount(row.itemsSold),
    fmtCount(row.newFollowers),
    row.verdict ?? '—',
  ];
}

function cell(text: string): types.RawTextElement {
  return { type: 'raw_text', text: text.length === 0 ? '—' : text };
}

function tableBlock(rows: string[][]): types.TableBlock {
  let chars = TABLE_HEADER.join('').length;
  const kept: string[][] = [];
  for (const r of rows.slice(0, LIMITS.tableRows - 1)) {
    const length = r.join('').length;
    if (chars + length > LIMITS.tableChars) break;
    chars += length;
    kept.push(r.slice(0, LIMITS.tableColumns));
  }
  return {
    type: 'table',
    column_settings: COLUMN_SETTINGS.slice(0, LIMITS.tableColumns),
    rows: [[...TABLE_HEADER], ...kept].map((r) => r.map(cell)),
  };
}

export interface CreatorLeaderboardMessageOptions {
  /** ms epoch; reserved for relative wording, kept so snapshots stay deterministic */
  now: number;
  /** the weights the scores were computed with, for the formula line */
  weights?: BehaviouralWeights;
  /** rows in the table (default 20) */
  maxTableRows?: number;
}

/** "April 2025" for "2025-04". */
function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/**
 * One creator's videos of a month, ranked by behavioural score beside views, completion, CTR, GMV, items sold and
 * new followers, with the account-health warning when TikTok gave one. Same shape as the ad leaderboard message.
 */
export function buildCreatorLeaderboardMessage(
  report: CreatorLeaderboardReport,
  options: CreatorLeaderboardMessageOptions,
): LeaderboardMessage {
  const ranked = rankedRows(report.rows);
  const maxRows = Math.max(1, Math.min(options.maxTableRows ?? CREATOR_TABLE_ROWS, LIMITS.tableRows - 1));
  const top = ranked.slice(0, maxRows);
  const cells = top.map((r, i) => tableCells(r, i));
  const who = report.tiktokUser ? ` (@${report.tiktokUser.replace(/^@/, '')})` : '';
  const title = `Shop creator ${report.creator}${who} · ${monthName(report.month)}`;

  const head: types.KnownBlock[] = [
    { type: 'header', text: plainText(title, LIMITS.headerText) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          `${fmtCount(report.rows.length)} videos published in ${inline(report.month, 10)} · ${fmtCount(ranked.length)} ranked by behavioural score` +
            `${ranked.length > top.length ? ` · top ${top.length} shown` : ''}`,
        ),
      ],
    },
  ];
  if (report.health?.warning) {
    head.push({ type: 'section', text: mrkdwn(`:warning: ${inline(report.health.warning, 1000)}`) });
  }
  const empty: types.SectionBlock = {
    type: 'section',
    text: mrkdwn(
      report.rows.length === 0
        ? `TikTok lists no videos of this creator published in ${inline(report.month, 10)}.`
        : 'No analysed videos yet.',
    ),
  };

  const w = options.weights ?? DEFAULT_WEIGHTS;
  const notAnalysed = report.rows.filter((r) => !r.analysed);
  const notes = [
    `Behavioural = ${w.hook} × hook + ${w.emotion} × 6 × emotion intensity + ${w.cognitive} × 10 × (10 − cognitive load)`,
    'Verdicts use the completion rate (pulled towards the creator’s average when a video has few views) where ads use CTR · CTR = product clicks ÷ views',
    'Views, completion, CTR, GMV, items sold and new followers: TikTok Shop back office for the month',
  ];
  if (notAnalysed.length > 0) {
    const later = report.pendingAnalyses > 0 ? ` (${fmtCount(report.pendingAnalyses)} queued for a later run)` : '';
    notes.push(`${fmtCount(notAnalysed.length)} not analysed yet${later}`);
  }
  notes.push(
    `${fmtCount(report.newAnalyses)} new analyses, ${fmtCount(report.cachedAnalyses)} cached · ${fmtCount(report.creditsUsedThisMonth)} credits used this month`,
  );
  const tail: types.KnownBlock[] = [
    { type: 'context', elements: notes.slice(0, LIMITS.contextElements).map((n) => mrkdwn(n)) },
  ];

  const blocks = [...head, cells.length > 0 ? tableBlock(cells) : empty, ...tail].slice(0, LIMITS.blocks);
  const fallbackBlocks = [...head, cells.length > 0 ? codeTableSection(TABLE_HEADER, cells) : empty, ...tail].slice(
    0,
    LIMITS.blocks,
  );
  const best = top[0];
  const summary = best
    ? `top: ${rowName(best)} (behavioural ${behavioural(best.behaviouralScore)}, ${best.verdict ?? '—'})`
    : 'no analysed videos yet';
  const warning = report.health?.warning ? ' · account health warning' : '';
  return { text: plain(`${title}: ${summary}${warning}`, LIMITS.messageText), blocks, fallbackBlocks };
}

/** The weekly post's note about creators that could not be included (expired cookie, TikOmni down …). */
export function buildWeeklyCreatorErrorsMessage(sections: readonly WeeklyCreatorSection[]): SlackMessage | null {
  const failed = sections.filter((s): s is Extract<WeeklyCreatorSection, { error: unknown }> => 'error' in s);
  if (failed.length === 0) return null;
  const lines = failed.map(
    (s) =>
      `• *${inline(s.name, 64)}*: ${inline(s.error.message, 400)}${s.error.hint ? ` — ${inline(s.error.hint, 300)}` : ''}`,
  );
  const text = `:warning: *Shop creators left out of this week’s post*\n${lines.join('\n')}`;
  return {
    text: plain(`Shop creators left out of this week’s post: ${failed.map((s) => s.name).join(', ')}`),
    blocks: [{ type: 'section', text: mrkdwn(text, LIMITS.sectionText) }],
  };
}

// ---------------------------------------------------------------- audience

function bar(fraction: number, cells: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(f * cells);
  return `${'█'.repeat(filled)}${'░'.repeat(cells - filled)}`;
}

function shareLines(shares: readonly AudienceShare[]): string {
  if (shares.length === 0) return '—';
  const shown = shares.slice(0, MAX_SHARES).map((s) => `${inline(s.key, 40)} ${fmtPct(s.share * 100, 0)}`);
  if (shares.length > MAX_SHARES) shown.push(`… ${shares.length - MAX_SHARES} more`);
  return shown.join('\n');
}

/** The Audience button's answer: completion rate over time, engagement totals, and who watched. */
export function buildAudienceMessage(report: CreatorAudienceReport): SlackMessage {
  const d = report.detailed;
  const heading = `*Audience of video \`${inline(report.itemId, 40)}\`* · creator ${inline(report.creator, 64)} · ${inline(monthName(report.month), 40)}`;
  const blocks: types.KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(heading),
      fields: [
        mrkdwn(`*Completion rate*\n${fmtPct(d.totals.completionRatePct)}`),
        mrkdwn(`*Likes*\n${fmtCount(d.totals.likes)}`),
        mrkdwn(`*Comments*\n${fmtCount(d.totals.comments)}`),
        mrkdwn(`*Shares*\n${fmtCount(d.totals.shares)}`),
        mrkdwn(`*New followers*\n${fmtCount(d.totals.newFollowers)}`),
        mrkdwn(`*Product views*\n${fmtCount(d.totals.productViews)}`),
      ],
    },
  ];
  const points = d.series.filter((p) => p.completionRatePct !== null);
  if (points.length > 0) {
    const max = Math.max(...points.map((p) => p.completionRatePct as number), 1);
    const lines = points.map(
      (p) =>
        `${inline(p.t, 10)}  ${bar((p.completionRatePct as number) / max, SERIES_BAR_CELLS)} ${fmtPct(p.completionRatePct)}`,
    );
    const granularity = d.granularity ? ` (${inline(d.granularity.toLowerCase(), 10)})` : '';
    const budget = LIMITS.sectionText - 60;
    const kept: string[] = [];
    for (const line of lines.slice().reverse()) {
      if ([...kept, line].join('\n').length > budget) break;
      kept.unshift(line);
    }
    blocks.push({
      type: 'section',
      text: mrkdwn(`*Completion rate over time*${granularity}\n\`\`\`\n${kept.join('\n')}\n\`\`\``, LIMITS.sectionText),
    });
  } else {
    blocks.push({
      type: 'section',
      text: mrkdwn('*Completion rate over time*\nTikTok has no daily numbers for this month yet.'),
    });
  }
  const a = report.audience;
  blocks.push({
    type: 'section',
    text: mrkdwn('*Who watched*'),
    fields: [
      mrkdwn(`*Gender*\n${shareLines(a.genders)}`, LIMITS.fieldText),
      mrkdwn(`*Age*\n${shareLines(a.ages)}`, LIMITS.fieldText),
      mrkdwn(`*Region*\n${shareLines(a.regions)}`, LIMITS.fieldText),
    ],
  });
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        'From the creator’s TikTok Shop back office through TikOmni · completion rate for the month is the mean of the daily rates · audience shares as TikTok reports them',
      ),
    ],
  });
  const text = `Audience of video ${report.itemId} (${report.creator}, ${report.month}): completion ${fmtPct(d.totals.completionRatePct)}`;
  return { text: plain(text, LIMITS.messageText), blocks };
}
