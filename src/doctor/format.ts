import type { DoctorCheck, DoctorReport, DoctorService } from './types.js';

/** A doctor report for people: the terminal table (CLI), and the pieces the Slack message (slack/blocks/doctor.ts) shares. */

/** The order services are listed in. */
export const SERVICE_ORDER: readonly DoctorService[] = ['Settings', 'Slack', 'TikTok', 'Mavera', 'TikOmni'];
/** check names longer than this are cut in the table so the detail column stays readable */
const NAME_WIDTH_MAX = 26;

/** OK, FAIL (a required check failed) or WARN (an optional check failed: worth fixing, does not fail doctor). */
export function checkStatus(check: DoctorCheck): 'OK' | 'FAIL' | 'WARN' {
  if (check.ok) return 'OK';
  return check.required ? 'FAIL' : 'WARN';
}

/** One sentence on the whole report, e.g. "2 required checks failed (Slack auth.test, TikTok access token)." */
export function doctorSummary(report: DoctorReport): string {
  const failedRequired = report.checks.filter((c) => !c.ok && c.required);
  const warnings = report.checks.filter((c) => !c.ok && !c.required);
  const warned = warnings.length > 0 ? ` ${count(warnings.length, 'optional check')} failed.` : '';
  if (failedRequired.length === 0) return `All required checks passed.${warned}`;
  const names = failedRequired.map((c) => `${c.service} ${c.name}`).join(', ');
  return `${count(failedRequired.length, 'required check')} failed (${names}).${warned}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/**
 * The terminal table: one line per check (service, check, OK/FAIL/WARN, detail), an indented "→ fix" line under
 * each problem, and a summary line.
 */
export function formatDoctorTable(report: DoctorReport): string {
  const rows = report.checks.map((c) => ({
    service: c.service,
    name: cut(c.name, NAME_WIDTH_MAX),
    status: checkStatus(c),
    detail: oneLine(c.detail),
    fix: c.ok || c.fix === null ? null : oneLine(c.fix),
  }));
  const head = { service: 'Service', name: 'Check', status: 'Status', detail: 'Detail' };
  const w = {
    service: Math.max(head.service.length, ...rows.map((r) => r.service.length)),
    name: Math.max(head.name.length, ...rows.map((r) => r.name.length)),
    status: Math.max(head.status.length, ...rows.map((r) => r.status.length)),
  };
  const line = (r: { service: string; name: string; status: string; detail: string }) =>
    `${pad(r.service, w.service)}  ${pad(r.name, w.name)}  ${pad(r.status, w.status)}  ${r.detail}`.trimEnd();
  const indent = ' '.repeat(w.service + w.name + w.status + 6);
  const out = [
    line(head),
    line({ service: '-'.repeat(w.service), name: '-'.repeat(w.name), status: '-'.repeat(w.status), detail: '------' }),
  ];
  for (const r of rows) {
    out.push(line(r));
    if (r.fix) out.push(`${indent}→ ${r.fix}`);
  }
  out.push('', doctorSummary(report));
  return out.join('\n');
}

/** Whitespace folded to single spaces: every line of a report is one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
