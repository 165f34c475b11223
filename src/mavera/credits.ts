/**
 * Estimated Mavera credits for one Video Analysis, from the video's length.
 *
 * Mavera's feature guide publishes a range per length band; we take the upper end of each band so that budget
 * checks err on the side of caution. Mavera reports the real cost only after the fact (`usage.credits_used`).
 */
export interface CreditBand {
  /** how the band is written in docs and Slack messages */
  label: string;
  /** the range Mavera documents for the band */
  documented: string;
  /** the band covers durations up to this many seconds (Infinity for the last band) */
  upToS: number;
  /** whether a video exactly `upToS` seconds long still falls in this band */
  inclusive: boolean;
  /** the estimate we use: the upper end of the documented range */
  credits: number;
}

export const CREDIT_BANDS: readonly CreditBand[] = [
  { label: 'under 30 s', documented: '100–150', upToS: 30, inclusive: false, credits: 150 },
  { label: '30 s – 1 min', documented: '150–250', upToS: 60, inclusive: true, credits: 250 },
  { label: '1–3 min', documented: '250–400', upToS: 180, inclusive: true, credits: 400 },
  { label: '3 min and longer', documented: '400+', upToS: Number.POSITIVE_INFINITY, inclusive: true, credits: 500 },
];

/** Used when the video's length is unknown: the 30 s – 1 min band, the usual length of a TikTok ad. */
export const UNKNOWN_DURATION_CREDITS = 250;

export function estimateCredits(durationS: number | null): number {
  if (durationS == null || !Number.isFinite(durationS) || durationS < 0) return UNKNOWN_DURATION_CREDITS;
  for (const band of CREDIT_BANDS) {
    if (durationS < band.upToS || (band.inclusive && durationS === band.upToS)) return band.credits;
  }
  return CREDIT_BANDS[CREDIT_BANDS.length - 1]?.credits ?? UNKNOWN_DURATION_CREDITS;
}
