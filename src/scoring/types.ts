/** What scoring decides and derives, shared by the layers above (analysis, leaderboards, Slack). */

export type Verdict = 'SCALE' | 'TEST' | 'HOLD' | 'KILL';

/** Funnel rates derived from report metrics; each null when an input is missing (never 0 by default). */
export interface Funnel {
  /** clicks / impressions, % */
  ctr: number | null;
  /** video_watched_2s / impressions, % */
  hookRate: number | null;
  /** video_watched_6s / video_watched_2s, % */
  holdRate: number | null;
  /** video_views_p100 / video_play_actions, % */
  completionRate: number | null;
  /** conversion / clicks, % */
  cvr: number | null;
  /** spend / conversion, currency; null at 0 conversions */
  cpa: number | null;
}

/**
 * A rate a verdict rests on (CTR for ads, completion for creator videos), in %: as measured, shrunk towards the
 * account's (or creator's) mean, and its denominator (impressions, views). Each null when unknown.
 */
export interface Rate {
  rawPct: number | null;
  shrunkPct: number | null;
  trials: number | null;
}
