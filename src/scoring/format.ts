/**
 * Number formatting shared by the CLI and the Slack doors. Every helper prints '—' for a missing value
 * (null, undefined, NaN, ±Infinity), so "unknown" never looks like zero.
 */

export const MISSING = '—';

type Maybe = number | null | undefined;

function isNumber(x: Maybe): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

const UNITS = [
  { size: 1e12, suffix: 'T' },
  { size: 1e9, suffix: 'B' },
  { size: 1e6, suffix: 'M' },
  { size: 1e3, suffix: 'K' },
] as const;

/**
 * 1 800 → '1.8K', 12 345 → '12.3K', 123 456 → '123K', 999 960 → '1M'. Below 1 000 returns null (the caller decides).
 * One decimal below 100 units, none above; a trailing '.0' is dropped.
 */
function compact(abs: number): string | null {
  if (abs < 999.5) return null;
  for (let i = UNITS.length - 1; i >= 0; i--) {
    const unit = UNITS[i]!;
    const next = UNITS[i - 1];
    const v = abs / unit.size;
    const digits = v < 99.95 ? 1 : 0;
    const shown = Number(v.toFixed(digits));
    // 999.96K rounds to "1000K": move to the next unit instead.
    if (shown >= 1000 && next) continue;
    return `${shown}${unit.suffix}`;
  }
  return null;
}

/** A percentage that is already in % units: fmtPct(1.18) → '1.18 %'. */
export function fmtPct(x: Maybe, digits = 2): string {
  if (!isNumber(x)) return MISSING;
  return `${x.toFixed(digits)} %`;
}

/** The symbol for an ISO 4217 code ('USD' → '$', 'EUR' → '€', 'CAD' → 'CA$'), or null when Intl does not know it. */
function currencySymbol(code: string): string | null {
  try {
    const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency: code }).formatToParts(1);
    return parts.find((p) => p.type === 'currency')?.value ?? null;
  } catch {
    return null;
  }
}

/** What goes before an amount: 'USD' → '$', 'EUR' → '€', '£' → '£', 'XYZ' → 'XYZ ' (a code without a symbol). */
export function moneyPrefix(currency = 'USD'): string {
  const isCode = /^[A-Za-z]{3}$/.test(currency);
  const raw = isCode ? (currencySymbol(currency.toUpperCase()) ?? currency.toUpperCase()) : currency;
  return /^[A-Za-z]{2,}$/.test(raw) ? `${raw} ` : raw;
}

/**
 * Money, compact from 1 000 up: fmtMoney(8400) → '$8.4K', fmtMoney(800) → '$800', fmtMoney(12.5) → '$12.50'.
 * `currency` is an ISO code ('USD', 'EUR' → '€8.4K') or a literal symbol ('$', '£'). A code without a symbol prints
 * as a prefix with a space ('XYZ 800').
 */
export function fmtMoney(x: Maybe, currency = 'USD'): string {
  if (!isNumber(x)) return MISSING;
  const symbol = moneyPrefix(currency);
  const abs = Math.abs(x);
  const sign = x < 0 ? '-' : '';
  const big = compact(abs);
  if (big !== null) return `${sign}${symbol}${big}`;
  const whole = abs >= 100 || Number.isInteger(abs);
  const body = whole ? Math.round(abs).toLocaleString('en-US') : abs.toFixed(2);
  return `${sign}${symbol}${body}`;
}

/** Counts such as impressions or views: 950 → '950', 1 800 → '1.8k', 2 300 000 → '2.3M'. */
export function fmtCount(x: Maybe): string {
  if (!isNumber(x)) return MISSING;
  const abs = Math.abs(x);
  const sign = x < 0 ? '-' : '';
  const big = compact(abs);
  if (big !== null) return `${sign}${big.replace(/K$/, 'k')}`;
  return `${sign}${Math.round(abs)}`;
}

/** A behavioural score (or any 0–100 score): fmtScore(68.25) → '68.3'. */
export function fmtScore(x: Maybe, digits = 1): string {
  if (!isNumber(x)) return MISSING;
  return x.toFixed(digits);
}

/** A threshold as configured, without padding zeros: 60 → '60', 1.5 → '1.5', 0.125 → '0.125'. */
export function fmtThreshold(x: number): string {
  return String(Number(x.toFixed(4)));
}
