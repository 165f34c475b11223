import { fmtMoney, fmtScore } from '../../scoring/format.js';

/**
 * Formatting the Slack builders need beyond the shared helpers in `scoring/format.ts` (fmtCount, fmtPct …, which they
 * import from there). Missing values show as '—', never as 0.
 */

/** Money in the account currency; the currency is an ISO code (USD when TikTok did not say). */
export function money(value: number | null | undefined, currency: string | null): string {
  return fmtMoney(value, currency ?? 'USD');
}

/** A score: whole numbers stay whole (hook 91 → "91"), others get one decimal (82.44 → "82.4"). */
export function score(value: number | null | undefined): string {
  if (typeof value === 'number' && Number.isInteger(value)) return fmtScore(value, 0);
  return fmtScore(value, 1);
}

/** A behavioural score, always one decimal as in the seed (71 → "71.0"). */
export function behavioural(value: number | null | undefined): string {
  return fmtScore(value, 1);
}

/** bytes → "3.2" (decimal megabytes, one decimal) */
export function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

/** 130000 → "2 min 10 s"; 5000 → "5 s"; 3_723_000 → "1 h 2 min" */
export function duration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}
