import type { Config } from '../config.js';
import type { VideoAnalysis } from '../mavera/types.js';
import { behaviouralScore, decideVerdict, round1, rulesFromConfig } from '../scoring/index.js';
import type { Rate } from '../scoring/types.js';
import type { ScoreSummary } from './types.js';

/** Behavioural score + verdict + reason for one analysed video, given its rate (CTR for ads, completion for creators). */
export function summariseScore(
  analysis: VideoAnalysis,
  rate: Rate,
  scoring: Config['scoring'],
  kind: 'ad' | 'creator',
): ScoreSummary {
  const score = behaviouralScore(
    {
      hookScore: analysis.hookScore,
      emotionIntensityAvg: analysis.emotionalArc.intensityAvg,
      cognitiveLoadAvg: analysis.cognitiveLoad.average,
    },
    scoring.weights,
  );
  const verdict = decideVerdict(
    { score, rawRatePct: rate.rawPct, shrunkRatePct: rate.shrunkPct, trials: rate.trials },
    rulesFromConfig(scoring, kind),
  );
  return {
    behavioural: round1(score),
    verdict: verdict.verdict,
    reason: verdict.reason,
    ctrRaw: rate.rawPct,
    ctrShrunk: rate.shrunkPct,
  };
}
