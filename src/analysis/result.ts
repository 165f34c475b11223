import type { Config } from '../config.js';
import type { Rate } from '../scoring/types.js';
import type { MonthUsage } from '../store/usage.js';
import type { AnalysisOutcome } from './engine.js';
import { summariseScore } from './score.js';
import type { Performance, PublicStats, ScoreResult } from './types.js';

/** What was scored, as the caller (an ad, an organic video) found it. */
export interface ScoredVideo {
  source: ScoreResult['source'];
  /** the ad id, or `video:<item_id>` */
  adId: string;
  adName: string;
  videoId: string;
  coverUrl: string | null;
  durationS: number | null;
}

/**
 * The answer to "score this ad / this video", assembled one way for both: the analysis (cached or new), the rate its
 * verdict rests on (CTR for ads, completion for creator videos), performance or public stats, and the credits.
 */
export function scoreResultOf(
  video: ScoredVideo,
  analysed: AnalysisOutcome,
  rate: Rate,
  context: {
    performance: Performance | null;
    publicStats: PublicStats | null;
    usage: MonthUsage;
    config: Pick<Config, 'scoring' | 'mavera'>;
  },
): ScoreResult {
  const { stored } = analysed;
  return {
    ...video,
    cached: analysed.cached,
    analysedAt: stored.analysedAt,
    analysisId: stored.analysisId,
    maveraShape: stored.maveraShape,
    analysis: stored.analysis,
    performance: context.performance,
    publicStats: context.publicStats,
    score: summariseScore(stored.analysis, rate, context.config.scoring, video.source === 'ad' ? 'ad' : 'creator'),
    credits: {
      estimated: stored.creditsEstimated,
      usedThisMonth: context.usage.creditsUsed,
      budget: context.config.mavera.monthlyCreditBudget,
    },
  };
}
