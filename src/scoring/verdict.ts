import type { Config } from '../config.js';
import { fmtCount, fmtPct, fmtScore, fmtThreshold } from './format.js';
import type { Verdict } from './types.js';

/**
 * SCALE / TEST / HOLD / KILL, as the seed decides it:
 *
 *   SCALE if score > high and rate > scale;  TEST if score > high;  KILL if score < low and rate < kill;  else HOLD.
 *
 * 'raw' mode compares the raw rate (the seed exactly); 'shrunk' mode the empirical-Bayes rate, so a small lucky ad is
 * not scaled on noise. A missing rate cannot confirm SCALE or KILL: the ad is TEST or HOLD and the reason says why.
 */

export interface VerdictRules {
  /** behavioural score above which an ad is SCALE or TEST */
  scoreHigh: number;
  /** behavioural score below which an ad may be KILL */
  scoreLow: number;
  /** rate %, above which a high-scoring ad is SCALE */
  rateScale: number;
  /** rate %, below which a low-scoring ad is KILL */
  rateKill: number;
  mode: 'shrunk' | 'raw';
  /** 'CTR' (ads) or 'completion' (creator videos) */
  rateLabel: string;
  /** 'impr' (ads) or 'views' (creator videos) */
  trialsLabel: string;
}

export interface VerdictInput {
  /** unrounded behavioural score */
  score: number;
  rawRatePct: number | null;
  shrunkRatePct: number | null;
  /** denominator of the rate (impressions, views); shown in the reason */
  trials: number | null;
}

export interface VerdictDecision {
  verdict: Verdict;
  /** one line with the numbers, e.g. "behavioural 82.4 > 60, CTR 2.31 % > 1.5 % → SCALE" */
  reason: string;
  /** the rate the decision used (shrunk or raw, per mode), % */
  ratePct: number | null;
}

export const DEFAULT_RULES: Readonly<VerdictRules> = Object.freeze({
  scoreHigh: 60,
  scoreLow: 40,
  rateScale: 1.5,
  rateKill: 1.0,
  mode: 'shrunk',
  rateLabel: 'CTR',
  trialsLabel: 'impr',
});

/** Verdict rules from the scoring settings: CTR for ads, completion rate for creator videos. */
export function rulesFromConfig(scoring: Config['scoring'], kind: 'ad' | 'creator'): VerdictRules {
  const common = { scoreHigh: scoring.scoreHigh, scoreLow: scoring.scoreLow, mode: scoring.verdictCtr };
  return kind === 'ad'
    ? { ...common, rateScale: scoring.ctrScale, rateKill: scoring.ctrKill, rateLabel: 'CTR', trialsLabel: 'impr' }
    : {
        ...common,
        rateScale: scoring.completionScale,
        rateKill: scoring.completionKill,
        rateLabel: 'completion',
        trialsLabel: 'views',
      };
}

function isNumber(x: number | null): x is number {
  return x !== null && Number.isFinite(x);
}

/**
 * Shows `value` with `digits` decimals, adding decimals (up to 4 more) while it would print exactly like a threshold
 * it differs from — so the reason never reads "60.0 > 60" or "1.50 % ≤ 1.5 %" for 60.04 or 1.4996.
 */
function shown(
  value: number,
  thresholds: readonly number[],
  digits: number,
  format: (x: number, d: number) => string,
): string {
  const misleading = (d: number) => thresholds.some((t) => value !== t && Number(value.toFixed(d)) === t);
  let d = digits;
  while (d < digits + 4 && misleading(d)) d++;
  return format(value, d);
}

export function decideVerdict(input: VerdictInput, rules: VerdictRules = DEFAULT_RULES): VerdictDecision {
  const { score } = input;
  const ratePct = rules.mode === 'shrunk' ? input.shrunkRatePct : input.rawRatePct;
  const rate = isNumber(ratePct) ? ratePct : null;
  const high = fmtThreshold(rules.scoreHigh);
  const low = fmtThreshold(rules.scoreLow);

  const scoreText = `behavioural ${shown(score, [rules.scoreHigh, rules.scoreLow], 1, fmtScore)}`;

  const rateText = (threshold?: number): string => {
    if (rate === null) return `${rules.mode === 'shrunk' ? 'shrunk ' : ''}${rules.rateLabel} missing`;
    const value = shown(rate, threshold === undefined ? [] : [threshold], 2, fmtPct);
    if (rules.mode === 'raw') return `${rules.rateLabel} ${value}`;
    const details = [`raw ${fmtPct(input.rawRatePct)}`];
    if (isNumber(input.trials)) details.push(`${fmtCount(input.trials)} ${rules.trialsLabel}`);
    return `shrunk ${rules.rateLabel} ${value} (${details.join(', ')})`;
  };

  const compare = (threshold: number, op: string) => `${rateText(threshold)} ${op} ${fmtThreshold(threshold)} %`;

  if (!Number.isFinite(score)) {
    return { verdict: 'HOLD', reason: 'behavioural score missing → HOLD', ratePct: rate };
  }

  if (score > rules.scoreHigh) {
    const head = `${scoreText} > ${high}`;
    if (rate === null)
      return { verdict: 'TEST', reason: `${head}, ${rateText(rules.rateScale)} → TEST`, ratePct: rate };
    if (rate > rules.rateScale) {
      return { verdict: 'SCALE', reason: `${head}, ${compare(rules.rateScale, '>')} → SCALE`, ratePct: rate };
    }
    return { verdict: 'TEST', reason: `${head}, ${compare(rules.rateScale, '≤')} → TEST`, ratePct: rate };
  }

  if (score < rules.scoreLow) {
    const head = `${scoreText} < ${low}`;
    if (rate === null) return { verdict: 'HOLD', reason: `${head}, ${rateText(rules.rateKill)} → HOLD`, ratePct: rate };
    if (rate < rules.rateKill) {
      return { verdict: 'KILL', reason: `${head}, ${compare(rules.rateKill, '<')} → KILL`, ratePct: rate };
    }
    return { verdict: 'HOLD', reason: `${head}, ${compare(rules.rateKill, '≥')} → HOLD`, ratePct: rate };
  }

  // low ≤ score ≤ high: the rate cannot change the verdict; it is shown for context.
  return { verdict: 'HOLD', reason: `${scoreText} in ${low}–${high}, ${rateText()} → HOLD`, ratePct: rate };
}
