import { fmtMoney, fmtPct, fmtScore } from '../scoring/format.js';
import { type DisagreementOptions, largestHookDisagreement } from './calibration.js';
import type { Insight, LeaderboardRow } from './types.js';

/**
 * The leaderboard's plain-text insights, as in the seed recipe:
 * - increase_budget: strong behavioural score (> scoreHigh) but spend below the median of the analysed rows;
 * - kill_or_recut: weak behavioural score (< scoreLow) with spend in the top quartile;
 * - hook_disagreement: the one row where Mavera's hook score and the real hook rate rank furthest apart.
 * Texts hold untrusted ad names: the doors escape them.
 */

export interface InsightOptions {
  scoreHigh?: number;
  scoreLow?: number;
  /** ISO code ('USD') or symbol ('$'); default '$' */
  currency?: string;
  /** at most this many insights of each spend kind, strongest first (default 3) */
  maxPerKind?: number;
  disagreement?: DisagreementOptions;
}

type Analysed = LeaderboardRow & { behaviouralScore: number };
type Spent = Analysed & { spend: number };

const MAX_NAME = 80;

/** Ad names go into one line of text: control characters and runs of spaces collapse, long names are clamped. */
function displayName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = name.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim() || '(unnamed ad)';
  const chars = Array.from(clean);
  return `"${chars.length > MAX_NAME ? `${chars.slice(0, MAX_NAME - 1).join('')}…` : clean}"`;
}

/** Linear-interpolation quantile (Excel PERCENTILE.INC, numpy's default) of a non-empty list. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function isAnalysed(r: LeaderboardRow): r is Analysed {
  return r.analysed && r.behaviouralScore !== null && Number.isFinite(r.behaviouralScore);
}

function hasSpend(r: Analysed): r is Spent {
  return r.spend !== null && Number.isFinite(r.spend) && r.spend >= 0;
}

export function buildInsights(rows: readonly LeaderboardRow[], options: InsightOptions = {}): Insight[] {
  const scoreHigh = options.scoreHigh ?? 60;
  const scoreLow = options.scoreLow ?? 40;
  const currency = options.currency ?? '$';
  const maxPerKind = options.maxPerKind ?? 3;
  const analysed = rows.filter(isAnalysed);
  const spent = analysed.filter(hasSpend);
  const insights: Insight[] = [];

  if (spent.length >= 2) {
    const spends = spent.map((r) => r.spend);
    const median = quantile(spends, 0.5);
    const q3 = quantile(spends, 0.75);

    // Ads already at SCALE are left out: the verdict says "scale" already; this is for the ones whose CTR has not
    // caught up yet (the seed's example names only its TEST row).
    const underFunded = spent
      .filter((r) => r.behaviouralScore > scoreHigh && r.spend < median && r.verdict !== 'SCALE')
      .sort((a, b) => b.behaviouralScore - a.behaviouralScore)
      .slice(0, maxPerKind);
    for (const r of underFunded) {
      insights.push({
        kind: 'increase_budget',
        adId: r.adId,
        text:
          `${displayName(r.adName)} has strong behavioural score (${fmtScore(r.behaviouralScore)}) but low spend ` +
          `(${fmtMoney(r.spend, currency)}). Increase budget — behavioural metrics predict CTR upside.`,
      });
    }

    const burning = spent
      .filter((r) => r.behaviouralScore < scoreLow && r.spend >= q3 && r.spend > 0)
      .sort((a, b) => b.spend - a.spend)
      .slice(0, maxPerKind);
    for (const r of burning) {
      const weakness =
        r.hookScore !== null && Number.isFinite(r.hookScore)
          ? `weak hook (${Math.round(r.hookScore)}/100)`
          : `weak behavioural score (${fmtScore(r.behaviouralScore)})`;
      insights.push({
        kind: 'kill_or_recut',
        adId: r.adId,
        text: `${displayName(r.adName)} burns ${fmtMoney(r.spend, currency)} with ${weakness}. Kill or re-cut with a UGC-style opening.`,
      });
    }
  }

  const disagreement = largestHookDisagreement(analysed, options.disagreement);
  if (disagreement) {
    insights.push({
      kind: 'hook_disagreement',
      adId: disagreement.row.adId,
      text:
        `Mavera rates the hook of ${displayName(disagreement.row.adName)} ${Math.round(disagreement.hookScore)}/100 ` +
        `(${disagreement.scoreStanding}) but its real hook rate is ${fmtPct(disagreement.hookRatePct, 1)} ` +
        `(${disagreement.rateStanding}).`,
    });
  }
  return insights;
}
