import type { types } from '@slack/bolt';
import { mrkdwn } from './escape.js';
import { LIMITS } from './limits.js';

/**
 * A table as aligned monospace text in a code block (the fallback where Slack rejects the `table` block), cut to
 * whole rows so it fits one section.
 */
export function codeTableSection(header: readonly string[], rows: string[][]): types.SectionBlock {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? c.length)))
      .join('  ')
      .trimEnd();
  const budget = LIMITS.sectionText - 8 - 40;
  const lines = [render(header), '-'.repeat(render(header).length)];
  let length = lines.join('\n').length;
  let shown = 0;
  for (const r of rows) {
    const l = render(r);
    if (length + 1 + l.length > budget) break;
    lines.push(l);
    length += 1 + l.length;
    shown += 1;
  }
  if (shown < rows.length) lines.push(`… ${rows.length - shown} more`);
  return { type: 'section', text: mrkdwn(`\`\`\`\n${lines.join('\n')}\n\`\`\``, LIMITS.sectionText) };
}
