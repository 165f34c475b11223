/**
 * How the simulated Marketing API reads a query string, the same for every endpoint: list and object parameters
 * are JSON-encoded, ids are strings, pages are 1-based; a bad value answers error code 40002 (`SimError`).
 */

/** An answer with a TikTok error code (in an HTTP-200 envelope). */
export class SimError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export type Query = Record<string, string>;

const MAX_PAGE_SIZE = 1000;

export function jsonParam(q: Query, name: string, kind: 'array' | 'object', required: boolean): unknown {
  const raw = q[name];
  if (raw === undefined || raw === '') {
    if (required) throw new SimError(40002, `${name}: Missing data for required field.`);
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new SimError(40002, `${name}: Not a valid JSON ${kind}. Encode it as JSON in the query string.`);
  }
  const ok =
    kind === 'array' ? Array.isArray(value) : typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!ok) throw new SimError(40002, `${name}: Not a valid JSON ${kind}.`);
  return value;
}

export function idList(value: unknown, name: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SimError(40002, `${name}: Not a valid list.`);
  return value.map((v, i) => {
    if (typeof v !== 'string') throw new SimError(40002, `${name}[${i}]: Not a valid string (ids are strings).`);
    return v;
  });
}

export function stringList(value: unknown, name: string, allowed: ReadonlySet<string>, what: string): string[] {
  const list = idList(value, name);
  for (const item of list) if (!allowed.has(item)) throw new SimError(40002, `${name}: invalid ${what} "${item}".`);
  return list;
}

function intParam(q: Query, name: string, fallback: number, min: number, max: number): number {
  const raw = q[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new SimError(40002, `${name}: Not a valid integer.`);
  if (n < min || n > max) throw new SimError(40002, `${name}: Must be between ${min} and ${max}.`);
  return n;
}

export function paged<T>(items: T[], q: Query): { slice: T[]; page_info: Record<string, number> } {
  const page = intParam(q, 'page', 1, 1, 99_999);
  const pageSize = intParam(q, 'page_size', 10, 1, MAX_PAGE_SIZE);
  return {
    slice: items.slice((page - 1) * pageSize, page * pageSize),
    page_info: {
      page,
      page_size: pageSize,
      total_number: items.length,
      total_page: Math.ceil(items.length / pageSize),
    },
  };
}
