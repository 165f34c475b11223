import type { AnalysisEngine } from '../analysis/engine.js';
import type { PerformanceService } from '../analysis/performance.js';
import { summariseScore } from '../analysis/score.js';
import type { Config } from '../config.js';
import { ctrOf, NO_RATE } from '../scoring/rate.js';
import type { DecisionSnapshot } from '../store/decisions.js';
import type { TikTokApi } from '../tiktok/types.js';
import type { Logger } from '../util/logger.js';

export interface SnapshotDeps {
  engine: Pick<AnalysisEngine, 'cached'>;
  performance: Pick<PerformanceService, 'lastDays'>;
  tiktok: Pick<TikTokApi, 'getAds'>;
  config: Pick<Config, 'scoring'>;
  logger: Logger;
}

/** Days of performance a snapshot records: the scorecard's window. */
const SNAPSHOT_DAYS = 7;

/**
 * Scores and metrics as they stood when the decision was taken: the cached analysis of the video and, for ads, the
 * ad's row of the account's last-7-days report (a shared cache: usually no extra TikTok call). Metrics that cannot be
 * fetched leave the snapshot without them; the decision is still recorded.
 */
export async function takeSnapshot(
  deps: SnapshotDeps,
  subject: string,
  videoId: string | null,
): Promise<DecisionSnapshot> {
  const { engine, performance, tiktok, config, logger } = deps;
  const organic = subject.startsWith('video:');
  const stored = organic
    ? engine.cached('organic', subject.slice('video:'.length))
    : videoId
      ? engine.cached('ad', videoId)
      : null;
  const a = stored?.analysis ?? null;
  const snapshot: DecisionSnapshot = {
    adName: subject,
    analysisId: stored?.analysisId ?? null,
    hookScore: a?.hookScore ?? null,
    emotionIntensityAvg: a?.emotionalArc.intensityAvg ?? null,
    cognitiveLoadAvg: a?.cognitiveLoad.average ?? null,
    behavioural: null,
    verdict: null,
    reason: null,
    window: null,
    metrics: null,
  };
  if (a && organic) {
    const score = summariseScore(a, NO_RATE, config.scoring, 'creator');
    Object.assign(snapshot, { behavioural: score.behavioural, verdict: score.verdict, reason: score.reason });
  }
  if (organic) return snapshot;
  try {
    const w = await performance.lastDays(SNAPSHOT_DAYS);
    const row = w.rows.get(subject) ?? null;
    snapshot.window = { startDate: w.startDate, endDate: w.endDate };
    snapshot.metrics = row ? { ...row.metrics } : null;
    snapshot.adName = row?.adName ?? (await tiktok.getAds([subject]))[0]?.adName ?? subject;
    if (a) {
      const score = summariseScore(a, ctrOf(row?.metrics, w.prior), config.scoring, 'ad');
      Object.assign(snapshot, { behavioural: score.behavioural, verdict: score.verdict, reason: score.reason });
    }
  } catch (err) {
    logger.warn(`decision snapshot for ad ${subject} has no metrics:`, err instanceof Error ? err.message : err);
  }
  return snapshot;
}
