import type { types } from '@slack/bolt';
import { rankedRows } from '../../leaderboard/rank.js';
import type { LeaderboardReport, LeaderboardRow } from '../../leaderboard/types.js';
import { type BehaviouralWeights, DEFAULT_WEIGHTS } from '../../scoring/behavioural.js';
import { fmtCount, fmtPct } from '../../scoring/format.js';
import type { Decision } from '../../store/decisions.js';
import { BLOCK_IDS } from '../constants.js';
import { codeTableSection } from './code-table.js';
import { decisionButton } from './decision.js';
import { inline, mrkdwn, plain, plainText } from './escape.js';
import { behavioural, money, score } from './format.js';
import { clampText, LIMITS } from './limits.js';
import type { LeaderboardMessage } from './types.js';

export interface LeaderboardOptions {
  /** replaces "Creative leaderboard" in the header; the dates are always added */
  title?: string;
  /** ms epoch; reserved for relative wording, kept so snapshots stay deterministic */
  now: number;
  /** rows in the table (default 20, at most 99 so the header row fits the 100-row limit) */
  maxTableRows?: number;
  /** the weights the scores were computed with, for the formula line (default: the seed's 0.4 / 0.3 / 0.3) */
  weights?: BehaviouralWeights;
}

export const DEFAULT_TABLE_ROWS = 20;
/** at most this many Scale / Kill candidates get a button; the rest are counted */
export const MAX_DECISION_ROWS = 20;
/** characters of an ad name in a table cell */
const TABLE_NAME_CHARS = 40;
const MAX_INSIGHTS = 10;

const TABLE_HEADER = ['Rank', 'Ad', 'Hook', 'Behavioural', 'CTR (shrunk)', 'Spend', 'Verdict'] as const;
const COLUMN_SETTINGS: NonNullable<types.TableBlock['column_settings']> = [
  { align: 'right' },
  { align: 'left', is_wrapped: true },
  { align: 'right' },
  { align: 'right' },
  { align: 'right' },
  { align: 'right' },
  { align: 'left' },
];

function rowName(row: LeaderboardRow): string {
  return row.adName.trim() === '' ? row.adId : row.adName;
}

function tableCells(row: LeaderboardRow, index: number, currency: string | null): string[] {
  return [
    String(row.rank ?? index + 1),
    plain(rowName(row), TABLE_NAME_CHARS),
    score(row.hookScore),
    behavioural(row.behaviouralScore),
    fmtPct(row.ctrShrunk),
    money(row.spend, currency),
    row.verdict ?? '—',
  ];
}

function cell(text: string): types.RawTextElement {
  return { type: 'raw_text', text: text.length === 0 ? '—' : text };
}

/** The `table` block: header row + the top rows, within 100 rows, 20 columns and the cell-text budget. */
function tableBlock(rows: string[][]): types.TableBlock {
  const header = TABLE_HEADER.map((h) => h as string).slice(0, LIMITS.tableColumns);
  const body = rows.slice(0, LIMITS.tableRows - 1).map((r) => r.slice(0, LIMITS.tableColumns));
  let chars = header.join('').length;
  const kept: string[][] = [];
  for (const r of body) {
    const length = r.join('').length;
    if (chars + length > LIMITS.tableChars) break;
    chars += length;
    kept.push(r);
  }
  return {
    type: 'table',
    column_settings: COLUMN_SETTINGS.slice(0, LIMITS.tableColumns),
    rows: [header, ...kept].map((r) => r.map(cell)),
  };
}

function insightsSection(report: LeaderboardReport): types.SectionBlock | null {
  if (report.insights.length === 0) return null;
  const shown = report.insights.slice(0, MAX_INSIGHTS);
  const lines = shown.map(
    (i) =>
      `• ${i.text
        .trim()
        .split(/\r?\n/)
        .map((l) => inline(l, 400))
        .join('\n    ')}`,
  );
  if (report.insights.length > shown.length) lines.push(`_… and ${report.insights.length - shown.length} more_`);
  return { type: 'section', text: mrkdwn(`*Insights*\n${lines.join('\n')}`, LIMITS.sectionText) };
}

/** Formulas, provisional data, what was left out, credits. Each its own context element (≤ 10). */
function notesContext(report: LeaderboardReport, w: BehaviouralWeights): types.ContextBlock {
  const notAnalysed = report.rows.filter((r) => !r.analysed).length;
  const notes: string[] = [
    `Behavioural = ${w.hook} × hook + ${w.emotion} × 6 × emotion intensity + ${w.cognitive} × 10 × (10 − cognitive load)`,
    'CTR (shrunk) = clicks ÷ impressions, pulled towards the account average when an ad has few impressions',
  ];
  if (report.provisionalFrom) {
    notes.push(
      `Conversions for ${inline(report.provisionalFrom, 20)}–${inline(report.endDate, 20)} are provisional and may still change`,
    );
  }
  if (notAnalysed > 0) {
    const later = report.pendingAnalyses > 0 ? ` (${fmtCount(report.pendingAnalyses)} queued for a later run)` : '';
    notes.push(`${fmtCount(notAnalysed)} not analysed yet${later}`);
  }
  const left: string[] = [];
  if (report.excludedLowImpressions > 0)
    left.push(`${fmtCount(report.excludedLowImpressions)} below the impression threshold`);
  if (report.excludedNotVideo > 0) left.push(`${fmtCount(report.excludedNotVideo)} not single videos`);
  if (left.length > 0) notes.push(`Left out: ${left.join(', ')}`);
  notes.push(
    `${fmtCount(report.newAnalyses)} new analyses, ${fmtCount(report.cachedAnalyses)} cached · ${fmtCount(report.creditsUsedThisMonth)} credits used this month`,
  );
  return { type: 'context', elements: notes.slice(0, LIMITS.contextElements).map((n) => mrkdwn(n)) };
}

interface Candidate {
  row: LeaderboardRow;
  decision: Decision;
}

/** SCALE candidates best first, then KILL candidates biggest spend first. */
function candidates(ranked: LeaderboardRow[]): Candidate[] {
  const scale = ranked.filter((r) => r.verdict === 'SCALE').map((row) => ({ row, decision: 'SCALE' as const }));
  const kill = ranked
    .filter((r) => r.verdict === 'KILL')
    .sort((a, b) => (b.spend ?? 0) - (a.spend ?? 0))
    .map((row) => ({ row, decision: 'KILL' as const }));
  return [...scale, ...kill];
}

function candidateSection(c: Candidate, index: number, currency: string | null): types.SectionBlock | null {
  const button = decisionButton(c.decision, { adId: c.row.adId, adName: rowName(c.row), videoId: c.row.videoId });
  if (button === null) return null;
  const rank = c.row.rank === null ? '' : `#${c.row.rank} `;
  const text =
    `*${c.decision}* · ${rank}${inline(rowName(c.row), 200)}\n` +
    `behavioural ${behavioural(c.row.behaviouralScore)} · CTR (shrunk) ${fmtPct(c.row.ctrShrunk)} · spend ${money(c.row.spend, currency)}`;
  return {
    type: 'section',
    block_id: clampText(`${BLOCK_IDS.leaderboardDecision}${index}`, LIMITS.blockId),
    text: mrkdwn(text, LIMITS.sectionText),
    accessory: button,
  };
}

/**
 * The weekly leaderboard: header with the dates, the top rows as a `table` block, insights, notes, and a
 * Scale / Kill button for each candidate, all inside 50 blocks however many rows the report has.
 */
export function buildLeaderboardMessage(report: LeaderboardReport, options: LeaderboardOptions): LeaderboardMessage {
  const ranked = rankedRows(report.rows);
  const maxRows = Math.max(1, Math.min(options.maxTableRows ?? DEFAULT_TABLE_ROWS, LIMITS.tableRows - 1));
  const top = ranked.slice(0, maxRows);
  const cells = top.map((r, i) => tableCells(r, i, report.currency));
  const title = `${options.title ?? 'Creative leaderboard'} · ${report.startDate} – ${report.endDate}`;

  const head: types.KnownBlock[] = [
    { type: 'header', text: plainText(title, LIMITS.headerText) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          `${fmtCount(ranked.length)} creatives ranked by behavioural score${ranked.length > top.length ? ` · top ${top.length} shown` : ''}`,
        ),
      ],
    },
  ];
  const emptyNote: types.SectionBlock = {
    type: 'section',
    text: mrkdwn('No analysed creatives in this window yet.'),
  };
  const tablePart: types.KnownBlock = cells.length > 0 ? tableBlock(cells) : emptyNote;
  const fallbackPart: types.KnownBlock = cells.length > 0 ? codeTableSection(TABLE_HEADER, cells) : emptyNote;

  const tail: types.KnownBlock[] = [];
  const insights = insightsSection(report);
  if (insights) tail.push(insights);
  tail.push(notesContext(report, options.weights ?? DEFAULT_WEIGHTS));

  const all = candidates(ranked);
  const decisionBlocks: types.KnownBlock[] = [];
  // Blocks left for candidate sections: the limit minus everything else, minus a divider and a "more" line.
  const room = LIMITS.blocks - head.length - 1 - tail.length - 2;
  const wanted = all.slice(0, Math.max(0, Math.min(MAX_DECISION_ROWS, room)));
  wanted.forEach((c, i) => {
    const section = candidateSection(c, i, report.currency);
    if (section) decisionBlocks.push(section);
  });
  if (decisionBlocks.length > 0) {
    decisionBlocks.unshift({ type: 'divider' });
    if (all.length > wanted.length) {
      decisionBlocks.push({
        type: 'context',
        elements: [
          mrkdwn(`${fmtCount(all.length - wanted.length)} more Scale / Kill candidates: score them one by one.`),
        ],
      });
    }
  }

  const blocks = [...head, tablePart, ...tail, ...decisionBlocks].slice(0, LIMITS.blocks);
  const fallbackBlocks = [...head, fallbackPart, ...tail, ...decisionBlocks].slice(0, LIMITS.blocks);
  const best = top[0];
  const summary = best
    ? `top: ${rowName(best)} (behavioural ${behavioural(best.behaviouralScore)}, ${best.verdict ?? '—'})`
    : 'no analysed creatives yet';
  return { text: plain(`${title}: ${summary}`, LIMITS.messageText), blocks, fallbackBlocks };
}

// --- plain-text table (CLI, demo), the seed's layout

const TEXT_COLUMNS = [
  { title: 'Rank', width: 6 },
  { title: 'Ad Name', width: 30 },
  { title: 'Hook', width: 6 },
  { title: 'Behavioral', width: 12 },
  { title: 'CTR', width: 9 },
  { title: 'Spend', width: 10 },
  { title: 'Verdict', width: 0 },
] as const;
const TEXT_NAME_CHARS = 28;
const TEXT_RULE = 85;

function textRow(values: string[]): string {
  return TEXT_COLUMNS.map((c, i) => {
    const v = values[i] ?? '';
    return c.width === 0 ? v : `${v.padEnd(c.width - 1)} `;
  })
    .join('')
    .trimEnd();
}

function wholeMoney(value: number | null, currency: string | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const code = (currency ?? 'USD').toUpperCase();
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: code, maximumFractionDigits: 0 }).format(
      value,
    );
  } catch {
    return `${Math.round(value).toLocaleString('en-US')} ${code}`;
  }
}

/**
 * The leaderboard as the seed prints it:
 * `Rank  Ad Name  Hook  Behavioral  CTR  Spend  Verdict`, a dashed rule, one row per analysed creative, then
 * "Insights:". CTR here is the raw CTR, as in the seed. Plain text: nothing is escaped.
 */
export function buildLeaderboardText(report: LeaderboardReport): string {
  const ranked = rankedRows(report.rows);
  const lines = [textRow(TEXT_COLUMNS.map((c) => c.title)), '-'.repeat(TEXT_RULE)];
  ranked.forEach((r, i) => {
    lines.push(
      textRow([
        String(r.rank ?? i + 1),
        rowName(r).replace(/\s+/g, ' ').slice(0, TEXT_NAME_CHARS),
        score(r.hookScore),
        r.behaviouralScore === null ? '—' : r.behaviouralScore.toFixed(1),
        r.ctr === null ? '—' : `${r.ctr.toFixed(2)}%`,
        wholeMoney(r.spend, report.currency),
        r.verdict ?? '—',
      ]),
    );
  });
  const notAnalysed = report.rows.filter((r) => !r.analysed).length;
  if (ranked.length === 0) lines.push('(no analysed creatives in this window yet)');
  if (notAnalysed > 0) lines.push(`(${notAnalysed} not analysed yet)`);
  lines.push('', 'Insights:');
  if (report.insights.length === 0) lines.push('- none');
  for (const insight of report.insights) {
    const [first = '', ...rest] = insight.text.trim().split(/\r?\n/);
    lines.push(`- ${first}`, ...rest.map((l) => `  ${l.trim()}`));
  }
  return lines.join('\n');
}
