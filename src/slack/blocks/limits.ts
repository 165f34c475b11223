/**
 * Block Kit limits as data (docs.slack.dev block reference and @slack/types doc comments). Builders clamp to
 * these or fall back; `test/slack/limits.boundary.test.ts` drives each one at, below and above the limit.
 * Lengths are counted in UTF-16 code units, as Slack's validators and JavaScript's `length` do.
 */
export const LIMITS = {
  /** blocks in one message (modals and App Home allow 100) */
  blocks: 50,
  modalBlocks: 100,
  /** section `text` */
  sectionText: 3000,
  /** section `fields`: items, and characters per item */
  fields: 10,
  fieldText: 2000,
  /** any mrkdwn / plain_text text object not otherwise limited */
  textObject: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  /** elements in one actions block */
  actionsElements: 25,
  /** elements in one context block */
  contextElements: 10,
  /** table block: rows (header row included) and cells per row; one table per message */
  tableRows: 100,
  tableColumns: 20,
  /** total characters across a table's cells, to keep clear of `msg_blocks_too_long` (third-party figure) */
  tableChars: 10_000,
  /** top-level message `text` is truncated beyond this */
  messageText: 40_000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  imageAltText: 2000,
  imageUrl: 3000,
  modalTitle: 24,
  modalButton: 24,
  /** characters we allow a single untrusted value (an ad name, an assessment) to take inside a longer text */
  inlineValue: 500,
} as const;

const ELLIPSIS = '…';

/** True when `code` is the high half of a surrogate pair (cutting after it would leave a broken character). */
function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Cuts `text` to at most `max` code units, ending in '…' when cut, never splitting a surrogate pair. */
export function clampText(text: string, max: number): string {
  if (max <= 0) return '';
  if (text.length <= max) return text;
  if (max === 1) return ELLIPSIS;
  let end = max - ELLIPSIS.length;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}

/**
 * Like `clampText`, for mrkdwn that is already escaped: never ends inside an entity (`&amp;`) or inside a
 * control sequence the bot wrote itself (`<@U123>`, `<!date^…|…>`), and closes an open ``` code block.
 */
export function clampMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const fence = '```';
  const reserve = text.includes(fence) ? fence.length + 1 : 0;
  if (max <= ELLIPSIS.length + reserve) return clampText(text, max);
  let body = text.slice(0, max - ELLIPSIS.length - reserve);
  if (isHighSurrogate(body.charCodeAt(body.length - 1))) body = body.slice(0, -1);
  const openAngle = body.lastIndexOf('<');
  if (openAngle > body.lastIndexOf('>')) body = body.slice(0, openAngle);
  body = body.replace(/&[a-z]{0,4}$/, '');
  let out = `${body.trimEnd()}${ELLIPSIS}`;
  if (reserve > 0 && (out.split(fence).length - 1) % 2 === 1) out = `${out}\n${fence}`;
  return out;
}

/** Slack rejects empty text objects: returns `fallback` for an empty or blank string. */
export function nonEmpty(text: string, fallback = '—'): string {
  return text.trim().length === 0 ? fallback : text;
}

/** The first `max` items; `rest` counts what was left out. */
export function clampList<T>(items: readonly T[], max: number): { items: T[]; rest: number } {
  const kept = items.slice(0, Math.max(0, max));
  return { items: kept, rest: items.length - kept.length };
}

/** Splits `items` into chunks of at most `size` (e.g. elements of successive actions blocks). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------- what Slack rejects

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function textLength(obj: unknown): number {
  return isObj(obj) && typeof obj.text === 'string' ? obj.text.length : -1;
}

function checkText(errors: string[], obj: unknown, max: number, pointer: string): void {
  const len = textLength(obj);
  if (len < 0) errors.push(`must provide a text object [json-pointer:${pointer}]`);
  else if (len === 0) errors.push(`must be more than 0 characters [json-pointer:${pointer}/text]`);
  else if (len > max) errors.push(`must be less than ${max + 1} characters [json-pointer:${pointer}/text]`);
}

function checkLength(errors: string[], value: unknown, max: number, pointer: string): void {
  if (typeof value === 'string' && value.length > max)
    errors.push(`must be less than ${max + 1} characters [json-pointer:${pointer}]`);
}

function checkElement(errors: string[], el: unknown, pointer: string, actionIds: Set<string>): void {
  if (!isObj(el)) {
    errors.push(`must be an object [json-pointer:${pointer}]`);
    return;
  }
  if (typeof el.action_id === 'string') {
    checkLength(errors, el.action_id, LIMITS.actionId, `${pointer}/action_id`);
    if (actionIds.has(el.action_id)) errors.push(`action_id already exists [json-pointer:${pointer}/action_id]`);
    actionIds.add(el.action_id);
  }
  if (el.type === 'button') {
    checkText(errors, el.text, LIMITS.buttonText, `${pointer}/text`);
    checkLength(errors, el.value, LIMITS.buttonValue, `${pointer}/value`);
    checkLength(errors, el.url, LIMITS.buttonUrl, `${pointer}/url`);
    if (isObj(el.confirm)) {
      if (el.confirm.title !== undefined)
        checkText(errors, el.confirm.title, LIMITS.confirmTitle, `${pointer}/confirm/title`);
      checkText(errors, el.confirm.text, LIMITS.confirmText, `${pointer}/confirm/text`);
      if (el.confirm.confirm !== undefined)
        checkText(errors, el.confirm.confirm, LIMITS.confirmButton, `${pointer}/confirm/confirm`);
      if (el.confirm.deny !== undefined)
        checkText(errors, el.confirm.deny, LIMITS.confirmButton, `${pointer}/confirm/deny`);
    }
  } else if (el.type === 'image') {
    if (typeof el.alt_text !== 'string' || el.alt_text.length === 0)
      errors.push(`must provide alt_text [json-pointer:${pointer}/alt_text]`);
    checkLength(errors, el.alt_text, LIMITS.imageAltText, `${pointer}/alt_text`);
    checkLength(errors, el.image_url, LIMITS.imageUrl, `${pointer}/image_url`);
    // Slack fetches the image while it checks the message and refuses the message when it cannot. Offline, only a
    // public https link counts as fetchable (a loopback or plain-http link is what Slack fails to download).
    if (el.slack_file === undefined && !isFetchableImageUrl(el.image_url))
      errors.push(`downloading image failed [json-pointer:${pointer}/image_url]`);
  }
}

/** An image link Slack can fetch: https, with a host that is not the local machine. */
export function isFetchableImageUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length > LIMITS.imageUrl || !/^https:\/\/\S+$/i.test(url)) return false;
  try {
    const host = new URL(url).hostname;
    return host !== 'localhost' && !/^(127\.|\[::1\]$|0\.0\.0\.0$)/.test(host);
  } catch {
    return false;
  }
}

function checkBlock(errors: string[], block: Obj, p: string): void {
  const actionIds = new Set<string>();
  const elements = Array.isArray(block.elements) ? block.elements : [];
  switch (block.type) {
    case 'header':
      checkText(errors, block.text, LIMITS.headerText, `${p}/text`);
      break;
    case 'section':
      if (block.text === undefined && !Array.isArray(block.fields))
        errors.push(`must provide either text or fields [json-pointer:${p}]`);
      if (block.text !== undefined) checkText(errors, block.text, LIMITS.sectionText, `${p}/text`);
      if (Array.isArray(block.fields)) {
        if (block.fields.length > LIMITS.fields)
          errors.push(`no more than ${LIMITS.fields} items allowed [json-pointer:${p}/fields]`);
        block.fields.forEach((f, j) => {
          checkText(errors, f, LIMITS.fieldText, `${p}/fields/${j}`);
        });
      }
      if (block.accessory !== undefined) checkElement(errors, block.accessory, `${p}/accessory`, actionIds);
      break;
    case 'context':
      if (elements.length === 0 || elements.length > LIMITS.contextElements)
        errors.push(`must have 1 to ${LIMITS.contextElements} elements [json-pointer:${p}/elements]`);
      elements.forEach((el, j) => {
        if (isObj(el) && (el.type === 'mrkdwn' || el.type === 'plain_text'))
          checkText(errors, el, LIMITS.textObject, `${p}/elements/${j}`);
        else checkElement(errors, el, `${p}/elements/${j}`, actionIds);
      });
      break;
    case 'actions':
      if (elements.length === 0 || elements.length > LIMITS.actionsElements)
        errors.push(`must have 1 to ${LIMITS.actionsElements} elements [json-pointer:${p}/elements]`);
      elements.forEach((el, j) => {
        checkElement(errors, el, `${p}/elements/${j}`, actionIds);
      });
      break;
    case 'table': {
      const rows = Array.isArray(block.rows) ? block.rows : [];
      if (rows.length === 0 || rows.length > LIMITS.tableRows)
        errors.push(`must have 1 to ${LIMITS.tableRows} rows [json-pointer:${p}/rows]`);
      rows.forEach((row, j) => {
        if (!Array.isArray(row) || row.length === 0 || row.length > LIMITS.tableColumns) {
          errors.push(`must have 1 to ${LIMITS.tableColumns} cells [json-pointer:${p}/rows/${j}]`);
          return;
        }
        row.forEach((c, k) => {
          if (isObj(c) && c.type === 'raw_text' && (typeof c.text !== 'string' || c.text.length === 0))
            errors.push(`must be more than 0 characters [json-pointer:${p}/rows/${j}/${k}/text]`);
        });
      });
      break;
    }
    case 'image':
      checkElement(errors, block, p, actionIds);
      break;
    default:
      break;
  }
}

/**
 * Checks blocks against the limits above the way Slack does, returning Slack-style messages
 * (`must be less than 3001 characters [json-pointer:/blocks/2/text/text]`); empty when they would be accepted.
 * The simulator answers `invalid_blocks` with these; tests run builder output through it.
 */
export function validateBlocks(blocks: unknown, maxBlocks: number = LIMITS.blocks): string[] {
  if (!Array.isArray(blocks)) return ['must be an array [json-pointer:/blocks]'];
  const errors: string[] = [];
  if (blocks.length > maxBlocks) errors.push(`no more than ${maxBlocks} items allowed [json-pointer:/blocks]`);
  const blockIds = new Set<string>();
  let tables = 0;
  blocks.forEach((block, i) => {
    const p = `/blocks/${i}`;
    if (!isObj(block) || typeof block.type !== 'string') {
      errors.push(`must provide a block type [json-pointer:${p}]`);
      return;
    }
    if (typeof block.block_id === 'string') {
      checkLength(errors, block.block_id, LIMITS.blockId, `${p}/block_id`);
      if (blockIds.has(block.block_id)) errors.push(`block_id already exists [json-pointer:${p}/block_id]`);
      blockIds.add(block.block_id);
    }
    if (block.type === 'table' && ++tables > 1) errors.push(`only one table block per message [json-pointer:${p}]`);
    checkBlock(errors, block, p);
  });
  return errors;
}
