/**
 * Renders Block Kit as readable terminal text: the demo and the CLI print scorecards this way, and tests read
 * it to check what a user would see. Accepts parsed JSON (e.g. what the Slack simulator recorded), so it
 * checks shapes at run time instead of trusting types.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** mrkdwn → what a reader sees: control sequences resolved to their labels, entities decoded, markers dropped. */
export function mrkdwnToText(text: string): string {
  return text
    .replace(/<!date\^\d+\^[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<#([A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => `#${name || id}`)
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, name?: string) => name || '@group')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/^```\n?|\n?```$/gm, '')
    .replace(/`([^`\n]*)`/g, '$1')
    .replace(/\*([^*\n]+)\*/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The visible text of a text object (plain_text or mrkdwn). */
function textOf(obj: unknown): string {
  if (!isObject(obj)) return '';
  return mrkdwnToText(str(obj.text));
}

function elementText(element: unknown): string {
  if (!isObject(element)) return '';
  switch (element.type) {
    case 'button':
      return `[ ${textOf(element.text)} ]`;
    case 'image':
      return `[image: ${mrkdwnToText(str(element.alt_text))}]`;
    case 'mrkdwn':
    case 'plain_text':
      return textOf(element);
    default:
      return `[${str(element.type) || 'element'}]`;
  }
}

function fieldsText(fields: unknown[]): string {
  const cells = fields.map((f) => {
    const [label = '', ...rest] = textOf(f).split('\n');
    return rest.length > 0 ? `${label}: ${rest.join(' ')}` : label;
  });
  const lines: string[] = [];
  for (let i = 0; i < cells.length; i += 2) {
    const left = cells[i] ?? '';
    const right = cells[i + 1];
    lines.push(right === undefined ? `  ${left}` : `  ${left.padEnd(30)}  ${right}`);
  }
  return lines.join('\n');
}

function richText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(richText).join('');
  if (!isObject(value)) return '';
  if (typeof value.text === 'string') return value.text;
  if (value.type === 'user') return `@${str(value.user_id)}`;
  if (value.type === 'link') return str(value.url);
  if (Array.isArray(value.elements)) {
    const inner = value.elements.map(richText).join('');
    return value.type === 'rich_text_section' || value.type === 'rich_text_preformatted' ? `${inner}\n` : inner;
  }
  return '';
}

function tableText(rows: unknown[]): string {
  const grid = rows.map((row) =>
    Array.isArray(row)
      ? row.map((c) => (isObject(c) && c.type === 'raw_number' ? String(c.value) : mrkdwnToText(richText(c).trim())))
      : [],
  );
  const columns = Math.max(0, ...grid.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(0, ...grid.map((r) => (r[i] ?? '').length)));
  const lines = grid.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  if (lines.length > 1) lines.splice(1, 0, '-'.repeat(Math.max(...lines.map((l) => l.length))));
  return lines.join('\n');
}

function blockText(block: unknown): string {
  if (!isObject(block)) return '';
  switch (block.type) {
    case 'header': {
      const t = textOf(block.text);
      return `${t}\n${'='.repeat(Math.min(t.length, 80))}`;
    }
    case 'section': {
      const parts: string[] = [];
      if (block.text) parts.push(textOf(block.text));
      if (Array.isArray(block.fields) && block.fields.length > 0) parts.push(fieldsText(block.fields));
      if (block.accessory) parts.push(`  ${elementText(block.accessory)}`);
      return parts.join('\n');
    }
    case 'context':
      return Array.isArray(block.elements) ? block.elements.map(elementText).join(' · ') : '';
    case 'divider':
      return '-'.repeat(40);
    case 'actions':
      return Array.isArray(block.elements) ? block.elements.map(elementText).join('  ') : '';
    case 'image':
      return `[image: ${mrkdwnToText(str(block.alt_text))}]`;
    case 'table':
      return Array.isArray(block.rows) ? tableText(block.rows) : '';
    case 'rich_text':
      return mrkdwnToText(richText(block.elements).trimEnd());
    default:
      return `[${str(block.type) || 'unknown'} block]`;
  }
}

/** A message's blocks as terminal text, one block after another. */
export function blocksToText(blocks: readonly unknown[]): string {
  return blocks
    .map(blockText)
    .filter((t) => t.length > 0)
    .join('\n');
}
