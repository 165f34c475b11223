import { z } from 'zod';
import { UserError } from '../errors.js';

/**
 * Building blocks for reading TikOmni payloads (the envelope's `data`, already unwrapped): see aweme.ts and shop.ts.
 *
 * TikOmni documents these shapes only in prose, so the schemas are deliberately loose: unknown keys pass through,
 * optional fields accept numbers or numeric strings, and a few alternate locations are tried. Only the fields we
 * cannot work without are required; when one is missing we throw UserError('tikomni_error') naming its path.
 */

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A number from a number or a numeric string ("1,234", " 12.5 "); null otherwise. */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim().replace(/,/g, '');
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/**
 * A rate as a percentage. TikTok's creator back office sends rates as fractions from 0 to 1, as numbers or
 * strings ("0.2345" = 23.45 %); that is the assumption here. A value above 1 cannot be a fraction, so it is taken
 * as already being a percentage, and a string ending in "%" is read as a percentage. Clamped to 0–100.
 */
export function toPct(v: unknown): number | null {
  if (typeof v === 'string' && v.trim().endsWith('%')) {
    const n = toNumber(v.trim().slice(0, -1));
    return n === null ? null : clamp(n);
  }
  const n = toNumber(v);
  if (n === null) return null;
  return clamp(n <= 1 ? n * 100 : n);
}

const clamp = (n: number) => Math.min(100, Math.max(0, Math.round(n * 10_000) / 10_000));

export function toText(v: unknown): string | null {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s === '' ? null : s;
}

/** Seconds or milliseconds since the epoch → ms. */
export function toEpochMs(v: unknown): number | null {
  const n = toNumber(v);
  if (n === null || n <= 0) return null;
  return n > 1e12 ? Math.round(n) : Math.round(n * 1000);
}

/** An amount that is either a number/string or a money object `{ amount, amount_formatted, currency }`. */
export function toAmount(v: unknown): number | null {
  if (isRecord(v)) return toNumber(v.amount ?? v.value);
  return toNumber(v);
}

function isHttpUrl(v: unknown): v is string {
  return typeof v === 'string' && /^https?:\/\//i.test(v);
}

/** First usable URL from `{ url_list: [...] }`, a bare list or a string. */
export function firstUrl(v: unknown): string | null {
  if (isHttpUrl(v)) return v;
  if (Array.isArray(v)) return v.find(isHttpUrl) ?? null;
  if (isRecord(v)) return firstUrl(v.url_list) ?? (isHttpUrl(v.url) ? v.url : null);
  return null;
}

export function sumOrNull(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0);
}

// ---------------------------------------------------------------- schema helpers

export const optNum = z.unknown().optional().transform(toNumber);
export const optText = z.unknown().optional().transform(toText);
/** TikTok ids are 64-bit: real responses send strings; a JSON number may already have lost precision. */
export const idSchema = z.union([z.string().trim().min(1), z.number().int().nonnegative()]).transform(String);
export const looseRecord = z
  .unknown()
  .optional()
  .transform((v) => (isRecord(v) ? v : null));

function formatPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

/** Parses `value` (found at `base` in the response) or throws a tikomni_error naming the first bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, base: string, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw missingField(what, formatPath(base, issue?.path ?? []));
}

export function missingField(what: string, path: string): UserError {
  return new UserError(
    'tikomni_error',
    `TikOmni's answer for ${what} has no usable \`${path}\`.`,
    'TikOmni may have changed its response format. Try again later; if it keeps happening, tell whoever runs the bot.',
  );
}
