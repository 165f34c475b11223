import { behaviouralScore, round1 } from '../../../scoring/index.js';
import type { BotContext } from '../../context.js';

export interface DecisionSnapshot {
  adName: string;
  analysisId: string | null;
  hookScore: number | null;
  emotionIntensityAvg: number | null;
  cognitiveLoadAvg: number | null;
  behavioural: number | null;
  verdict: string | null;
  window: { startDate: string; endDate: string } | null;
  metrics: unknown;
}

/**
 * Scores and metrics as they stood when the decision was taken: the cached analysis of the video and the ad's
 * row of the account's last-7-days report (shared cache: usually no extra TikTok call).
 */
export async function decisionSnapshot(
  ctx: BotContext,
  adId: string,
  videoId: string | null,
): Promise<DecisionSnapshot> {
  const { engine, performance, tiktok, config, logger } = ctx.services;
  const stored = videoId ? engine.cached('ad', videoId) : null;
  const a = stored?.analysis ?? null;
  const score = a
    ? round1(
        behaviouralScore(
          {
            hookScore: a.hookScore,
            emotionIntensityAvg: a.emotionalArc.intensityAvg,
            cognitiveLoadAvg: a.cognitiveLoad.average,
          },
          config.scoring.weights,
        ),
      )
    : null;
  let window: DecisionSnapshot['window'] = null;
  let metrics: unknown = null;
  let adName = adId;
  try {
    const w = await performance.lastDays(7);
    window = { startDate: w.startDate, endDate: w.endDate };
    const row = w.rows.get(adId);
    metrics = row?.metrics ?? null;
    if (row?.adName) adName = row.adName;
    else adName = (await tiktok.getAds([adId]))[0]?.adName ?? adId;
  } catch (err) {
    logger.warn(`decision snapshot for ad ${adId} has no metrics:`, err instanceof Error ? err.message : err);
  }
  return {
    adName,
    analysisId: stored?.analysisId ?? null,
    hookScore: a?.hookScore ?? null,
    emotionIntensityAvg: a?.emotionalArc.intensityAvg ?? null,
    cognitiveLoadAvg: a?.cognitiveLoad.average ?? null,
    behavioural: score,
    verdict: null,
    window,
    metrics,
  };
}
