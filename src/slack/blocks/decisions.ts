import type { types } from '@slack/bolt';
import type { Decision } from '../../store/decisions.js';
import { inline, mrkdwn, plain, plainText, slackDate, userMention } from './escape.js';
import { behavioural } from './format.js';
import { LIMITS } from './limits.js';
import type { SlackMessage } from './types.js';

export interface DecisionRow {
  adId: string;
  adName: string;
  decision: Decision;
  userId: string;
  /** ms epoch */
  at: number;
  /** the behavioural score and verdict shown when the button was pressed */
  behavioural: number | null;
  verdict: string | null;
}

/** How many decisions the message lists. */
export const DECISIONS_SHOWN = 20;

function line(row: DecisionRow): string {
  const parts = [
    `*${row.decision}*`,
    `${inline(row.adName.trim() || row.adId, 200)} (\`${inline(row.adId, 100)}\`)`,
    `by ${userMention(row.userId)}`,
    slackDate(row.at),
  ];
  if (row.behavioural !== null || row.verdict !== null) {
    const verdict = row.verdict ? ` → ${inline(row.verdict, 20)}` : '';
    parts.push(`behavioural ${behavioural(row.behavioural)}${verdict}`);
  }
  return `• ${parts.join(' · ')}`;
}

/** Packs lines into as few sections as fit the section limit. */
function sections(lines: string[]): types.SectionBlock[] {
  const out: types.SectionBlock[] = [];
  let current = '';
  for (const l of lines) {
    if (current && current.length + 1 + l.length > LIMITS.sectionText) {
      out.push({ type: 'section', text: mrkdwn(current, LIMITS.sectionText) });
      current = '';
    }
    current = current ? `${current}\n${l}` : l;
  }
  if (current) out.push({ type: 'section', text: mrkdwn(current, LIMITS.sectionText) });
  return out;
}

/** The last 20 Scale / Kill decisions, newest first, for one ad or for all. */
export function buildDecisionsMessage(rows: DecisionRow[], filterAdId?: string): SlackMessage {
  const matching = (filterAdId ? rows.filter((r) => r.adId === filterAdId) : rows).slice().sort((a, b) => b.at - a.at);
  const shown = matching.slice(0, DECISIONS_SHOWN);
  const title = filterAdId ? `Decisions for ad ${filterAdId}` : 'Recent decisions';
  const blocks: types.KnownBlock[] = [{ type: 'header', text: plainText(title, LIMITS.headerText) }];
  if (shown.length === 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        filterAdId
          ? `No Scale or Kill decision logged for ad \`${inline(filterAdId, 100)}\` yet.`
          : 'No Scale or Kill decision logged yet. Press *Scale* or *Kill* on a scorecard to log one.',
      ),
    });
  } else {
    blocks.push(...sections(shown.map(line)));
    if (matching.length > shown.length) {
      blocks.push({
        type: 'context',
        elements: [mrkdwn(`Showing the latest ${shown.length} of ${matching.length} decisions.`)],
      });
    }
  }
  const text = plain(
    shown.length === 0 ? `${title}: none yet` : `${title}: ${shown.length} shown, latest ${shown[0]?.decision ?? ''}`,
    LIMITS.messageText,
  );
  return { text, blocks: blocks.slice(0, LIMITS.blocks) };
}
