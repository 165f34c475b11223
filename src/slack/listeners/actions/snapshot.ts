import { summariseScore } from '../../../analysis/score.js';
import { ctrOf } from '../../../scoring/rate.js';
import type { BotContext } from '../../context.js';

export interface DecisionSnapshot {
  adName: string;
  analysisId: string | null;
  hookScore: number | null;
  emotionIntensityAvg: number | null;
  cognitiveLoadAvg: number | null;
  behavioural: number | null;
  verdict: string | null;
  reason: string | null;
  window: { startDate: string; endDate: string } | null;
  metrics: unknown;
}

/**
 * Scores and metrics as they stood when the decision was taken: the cached analysis of the video and, for ads,
 * the ad's row of the account's last-7-days report (a shared cache: usually no extra TikTok call).
 */
export async function decisionSnapshot(
  ctx: BotContext,
  adId: string,
  videoId: string | null,
): Promise<DecisionSnapshot> {
  const { engine, performance, tiktok, config, logger } = ctx.services;
  const organic = adId.startsWith('video:');
  const stored = organic
    ? engine.cached('organic', adId.slice('video:'.length))
    : videoId
      ? engine.cached('ad', videoId)
      : null;
  const a = stored?.analysis ?? null;
  const snapshot: DecisionSnapshot = {
    adName: adId,
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
    const score = summariseScore(a, { rawPct: null, shrunkPct: null, trials: null }, config.scoring, 'creator');
    Object.assign(snapshot, { behavioural: score.behavioural, verdict: score.verdict, reason: score.reason });
  }
  if (organic) return snapshot;
  try {
    const w = await performance.lastDays(7);
    const row = w.rows.get(adId) ?? null;
    snapshot.window = { startDate: w.startDate, endDate: w.endDate };
    snapshot.metrics = row?.metrics ?? null;
    snapshot.adName = row?.adName ?? (await tiktok.getAds([adId]))[0]?.adName ?? adId;
    if (a) {
      const score = summariseScore(a, ctrOf(row?.metrics, w.prior), config.scoring, 'ad');
      Object.assign(snapshot, { behavioural: score.behavioural, verdict: score.verdict, reason: score.reason });
    }
  } catch (err) {
    logger.warn(`decision snapshot for ad ${adId} has no metrics:`, err instanceof Error ? err.message : err);
  }
  return snapshot;
}
