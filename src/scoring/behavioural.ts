/**
 * The behavioural score of the seed recipe (Cross-Creative Performance Leaderboard):
 *
 *   hook × w.hook + emotion × 6 × w.emotion + (10 − cognitive load) × 10 × w.cognitive
 *
 * with hook 0–100, emotional intensity 0–10 and cognitive load 0–10. With the default weights (0.4 / 0.3 / 0.3) the
 * range is 0–88 (emotion contributes at most 10 × 6 × 0.3 = 18), exactly as in the seed; it is not rescaled.
 * Missing inputs take the seed's defaults: hook 0, emotion 0, cognitive load 5. The seed's Python only replaces an
 * absent value (a real 0 stays 0), and so do we; its JavaScript `|| 5` would also turn a load of 0 into 5.
 */

export interface BehaviouralInput {
  /** Mavera hook score, 0–100 */
  hookScore: number | null;
  /** Mavera emotional arc, average intensity, 0–10 */
  emotionIntensityAvg: number | null;
  /** Mavera cognitive load, average, 0–10 (lower is easier to follow) */
  cognitiveLoadAvg: number | null;
}

export interface BehaviouralWeights {
  hook: number;
  emotion: number;
  cognitive: number;
}

export const DEFAULT_WEIGHTS: Readonly<BehaviouralWeights> = Object.freeze({ hook: 0.4, emotion: 0.3, cognitive: 0.3 });

/** What the seed uses when Mavera did not return a value. */
export const MISSING_INPUT_DEFAULTS: Readonly<Record<keyof BehaviouralInput, number>> = Object.freeze({
  hookScore: 0,
  emotionIntensityAvg: 0,
  cognitiveLoadAvg: 5,
});

function orDefault(x: number | null, fallback: number): number {
  return x !== null && Number.isFinite(x) ? x : fallback;
}

/** Unrounded, as the seed compares it against the verdict thresholds; round with `round1` for display. */
export function behaviouralScore(input: BehaviouralInput, weights: BehaviouralWeights = DEFAULT_WEIGHTS): number {
  const hook = orDefault(input.hookScore, MISSING_INPUT_DEFAULTS.hookScore);
  const emotion = orDefault(input.emotionIntensityAvg, MISSING_INPUT_DEFAULTS.emotionIntensityAvg);
  const cognitive = orDefault(input.cognitiveLoadAvg, MISSING_INPUT_DEFAULTS.cognitiveLoadAvg);
  return hook * weights.hook + emotion * 6 * weights.emotion + (10 - cognitive) * 10 * weights.cognitive;
}

/**
 * One decimal, half away from zero (68.25 → 68.3, −0.25 → −0.3). The tiny relative nudge keeps float noise such as
 * 68.24999999999999 from rounding down.
 */
export function round1(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(Math.abs(x) * 10 * (1 + Number.EPSILON * 4)) / 10;
  return x < 0 && r !== 0 ? -r : r;
}
