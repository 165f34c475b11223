import type { types } from '@slack/bolt';
import { checkStatus, doctorSummary, oneLine, SERVICE_ORDER } from '../../doctor/format.js';
import type { DoctorCheck, DoctorReport } from '../../doctor/types.js';
import { escapeMrkdwn, mrkdwn, plainText } from './escape.js';
import { LIMITS } from './limits.js';
import type { SlackMessage } from './types.js';

const ICON: Record<ReturnType<typeof checkStatus>, string> = {
  OK: ':white_check_mark:',
  FAIL: ':x:',
  WARN: ':warning:',
};

function checkLine(c: DoctorCheck): string {
  const head = `${ICON[checkStatus(c)]} *${escapeMrkdwn(oneLine(c.name))}* — ${escapeMrkdwn(oneLine(c.detail))}`;
  return c.ok || c.fix === null ? head : `${head}\n      → ${escapeMrkdwn(oneLine(c.fix))}`;
}

/** The ephemeral Slack answer to `/creative-score doctor`: a section per service, every text escaped and clamped. */
export function buildDoctorMessage(report: DoctorReport): SlackMessage {
  const summary = doctorSummary(report);
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plainText('Creative Score — doctor', LIMITS.headerText) },
    {
      type: 'section',
      text: mrkdwn(`${report.ok ? ':white_check_mark:' : ':x:'} ${escapeMrkdwn(summary)}`, LIMITS.sectionText),
    },
  ];
  const services = [...SERVICE_ORDER, ...report.checks.map((c) => c.service).filter((s) => !SERVICE_ORDER.includes(s))];
  for (const service of new Set(services)) {
    const checks = report.checks.filter((c) => c.service === service);
    if (checks.length === 0) continue;
    const text = `*${escapeMrkdwn(service)}*\n${checks.map(checkLine).join('\n')}`;
    blocks.push({ type: 'section', text: mrkdwn(text, LIMITS.sectionText) });
  }
  blocks.push({
    type: 'context',
    elements: [mrkdwn('Read-only checks: nothing was posted, uploaded or analysed, and no Mavera credits were spent.')],
  });
  return { text: escapeMrkdwn(`Creative Score doctor: ${summary}`), blocks: blocks.slice(0, LIMITS.blocks) };
}
