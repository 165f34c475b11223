/**
 * Empirical-Bayes (beta-binomial) shrinkage for rates such as CTR, hook rate or completion.
 *
 * A Beta(α, β) prior is fitted to the account's ads; an ad's shrunk rate is the posterior mean (α + s) / (α + β + n).
 * Ads with few trials are pulled toward the account mean, ads with many keep their own rate, so a lucky
 * 600-impression ad cannot outrank one with 80k impressions on noise alone.
 */

export interface BetaPrior {
  alpha: number;
  beta: number;
  /**
   * 'moments': fitted from the spread between ads. 'capped': the spread is within binomial noise, so the prior holds
   * MAX_PRIOR_STRENGTH trials. 'weak': too little to fit (see fitBetaPrior), a weak prior on the pooled mean.
   */
  method: 'moments' | 'capped' | 'weak';
}

export interface RateCounts {
  successes: number;
  trials: number;
}

/** α + β of the fallback prior: worth 10 trials, so it barely moves an ad with a few hundred. */
export const WEAK_PRIOR_STRENGTH = 10;

/**
 * Largest α + β the fit may return. When the ads differ by no more than binomial noise the moment estimate runs off
 * to infinity (everything shrunk onto the mean); the cap keeps an ad with 10k trials at least half its own rate.
 */
export const MAX_PRIOR_STRENGTH = 10_000;

function validCounts(ads: readonly RateCounts[]): { s: number; n: number }[] {
  const out: { s: number; n: number }[] = [];
  for (const ad of ads) {
    if (!Number.isFinite(ad.trials) || !Number.isFinite(ad.successes) || ad.trials <= 0) continue;
    out.push({ n: ad.trials, s: Math.min(Math.max(ad.successes, 0), ad.trials) });
  }
  return out;
}

function priorFrom(mean: number, strength: number, method: BetaPrior['method']): BetaPrior {
  return { alpha: mean * strength, beta: (1 - mean) * strength, method };
}

/**
 * Fits Beta(α, β) by the method of moments, weighting each ad by its trials (Kleinman's weighted estimator, the
 * binomial form of DerSimonian–Laird):
 *
 *   m  = Σs / Σn                                  pooled rate
 *   Q  = Σ n_i (p_i − m)²                         trial-weighted spread of the ads' rates
 *   τ² = (Q − (k − 1)·m(1 − m)) / (N − Σn_i²/N)   spread left after removing each rate's binomial noise
 *   α + β = m(1 − m)/τ² − 1
 *
 * Weighting by trials keeps a 600-impression outlier from dictating the spread; subtracting the binomial noise keeps
 * small ads from making the prior look weaker than it is.
 *
 * Degenerate cases fall back to a weak prior (α + β = WEAK_PRIOR_STRENGTH) centred on the pooled mean:
 * fewer than 2 ads with trials > 0, all rates identical (zero variance, e.g. no clicks anywhere), or τ² ≥ m(1 − m).
 * When the rates differ by no more than noise (τ² ≤ 0) the strength is capped at MAX_PRIOR_STRENGTH instead.
 * Returns null only when no ad has any trials.
 */
export function fitBetaPrior(ads: readonly RateCounts[]): BetaPrior | null {
  const data = validCounts(ads);
  if (data.length === 0) return null;
  const totalN = data.reduce((acc, d) => acc + d.n, 0);
  const totalS = data.reduce((acc, d) => acc + d.s, 0);
  // Half a success either way keeps the centre strictly inside (0, 1) so α and β stay positive.
  const smoothedMean = (totalS + 0.5) / (totalN + 1);
  const weak = priorFrom(smoothedMean, WEAK_PRIOR_STRENGTH, 'weak');
  if (data.length < 2) return weak;

  const m = totalS / totalN;
  const q = data.reduce((acc, d) => acc + d.n * (d.s / d.n - m) ** 2, 0);
  const noise = m * (1 - m);
  if (q <= 0 || noise <= 0) return weak;

  const k = data.length;
  const sumN2 = data.reduce((acc, d) => acc + d.n * d.n, 0);
  const effective = totalN - sumN2 / totalN;
  if (effective <= 0) return weak;
  const tau2 = (q - (k - 1) * noise) / effective;
  if (tau2 >= noise) return weak;
  if (tau2 <= 0) return priorFrom(m, MAX_PRIOR_STRENGTH, 'capped');
  const strength = noise / tau2 - 1;
  if (strength > MAX_PRIOR_STRENGTH) return priorFrom(m, MAX_PRIOR_STRENGTH, 'capped');
  return priorFrom(m, strength, 'moments');
}

/** The prior's mean rate, in %. */
export function priorMeanPct(prior: BetaPrior): number {
  return (prior.alpha / (prior.alpha + prior.beta)) * 100;
}

/**
 * Posterior mean (α + s) / (α + β + n), in %. No trials → the prior mean; many trials → the raw rate.
 * Successes are clamped to [0, trials]; non-finite or negative counts count as no data.
 */
export function shrunkRatePct(successes: number, trials: number, prior: BetaPrior): number {
  const n = Number.isFinite(trials) && trials > 0 ? trials : 0;
  const s = n > 0 && Number.isFinite(successes) ? Math.min(Math.max(successes, 0), n) : 0;
  return ((prior.alpha + s) / (prior.alpha + prior.beta + n)) * 100;
}
