import type { ProgressEvent, ScoreResult } from '../analysis/types.js';
import { FORMULAS, fmtMoney, fmtPct } from '../scoring/index.js';

const RULE = '='.repeat(50);

const n1 = (x: number | null, digits = 1) => (x == null ? 'N/A' : Number(x.toFixed(digits)).toString());

/** The seed recipe's scorecard (Hook Score / Emotional Peak / Avg Cognitive Load) plus verdict and performance. */
export function formatScoreText(r: ScoreResult): string {
  const a = r.analysis;
  const lines = [
    RULE,
    `AD: ${r.adName} (${r.adId})`,
    `  Hook Score: ${n1(a.hookScore, 0)}/100 — ${a.hookAssessment ?? ''}`.trimEnd(),
    `  Emotional Peak: ${a.emotionalArc.peakEmotion ?? 'N/A'} at ${n1(a.emotionalArc.peakTimestampS)}s`,
    `  Avg Cognitive Load: ${n1(a.cognitiveLoad.average)}/10`,
  ];
  if (a.pacing?.score != null)
    lines.push(`  Pacing: ${n1(a.pacing.score, 0)}/100${a.pacing.summary ? ` — ${a.pacing.summary}` : ''}`);
  if (a.visualComplexity?.score != null)
    lines.push(
      `  Visual Complexity: ${n1(a.visualComplexity.score, 0)}/100${a.visualComplexity.summary ? ` — ${a.visualComplexity.summary}` : ''}`,
    );
  lines.push(`  Behavioural Score: ${r.score.behavioural.toFixed(1)} → ${r.score.verdict}`);
  lines.push(`  Why: ${r.score.reason}`);
  const p = r.performance;
  if (p) {
    const m = p.metrics;
    const f = p.funnel;
    lines.push(`  Last 7 days (${p.startDate} – ${p.endDate}):`);
    lines.push(
      `    Spend ${fmtMoney(m.spend, p.currency ?? 'USD')} · Impressions ${m.impressions ?? 'N/A'} · CTR ${fmtPct(f.ctr)} · CVR ${fmtPct(f.cvr)} · CPA ${fmtMoney(f.cpa, p.currency ?? 'USD')}`,
    );
    lines.push(
      `    Hook rate ${fmtPct(f.hookRate)} · Hold rate ${fmtPct(f.holdRate)} · Completion ${fmtPct(f.completionRate)}`,
    );
    lines.push(`    (${FORMULAS.hookRate}; ${FORMULAS.holdRate})`);
  } else if (r.source === 'ad') {
    lines.push('  Last 7 days: no delivery');
  }
  if (r.publicStats) {
    const s = r.publicStats;
    lines.push(
      `  Public stats: ${s.plays ?? 'N/A'} plays · ${s.likes ?? 'N/A'} likes · ${s.comments ?? 'N/A'} comments · ${s.shares ?? 'N/A'} shares · ${s.saves ?? 'N/A'} saves · engagement ${fmtPct(s.engagementRate)}`,
    );
  }
  lines.push(
    `  ${r.cached ? 'From cache' : 'New analysis'} ${r.analysisId} (${new Date(r.analysedAt).toISOString()}) · ≈${r.credits.estimated} credits · ${r.credits.usedThisMonth} used this month${r.credits.budget ? ` of ${r.credits.budget}` : ''}`,
  );
  lines.push(RULE);
  return lines.join('\n');
}

/** The `score --json` contract: snake_case fields other tools rely on, plus the rest of the result. */
export function scoreJson(r: ScoreResult): Record<string, unknown> {
  const a = r.analysis;
  return {
    ad_id: r.adId,
    ad_name: r.adName,
    video_id: r.videoId,
    source: r.source,
    cached: r.cached,
    analysis_id: r.analysisId,
    analysed_at: new Date(r.analysedAt).toISOString(),
    mavera_shape: r.maveraShape,
    hook_score: a.hookScore,
    hook_assessment: a.hookAssessment,
    peak_emotion: a.emotionalArc.peakEmotion,
    peak_timestamp: a.emotionalArc.peakTimestampS,
    emotion_intensity_avg: a.emotionalArc.intensityAvg,
    cognitive_load_avg: a.cognitiveLoad.average,
    pacing: a.pacing,
    visual_complexity: a.visualComplexity,
    ad_effectiveness: a.adEffectiveness,
    behavioral_score: r.score.behavioural,
    verdict: r.score.verdict,
    reason: r.score.reason,
    ctr: r.score.ctrRaw,
    ctr_shrunk: r.score.ctrShrunk,
    performance: r.performance,
    public_stats: r.publicStats,
    credits_estimated: r.credits.estimated,
    credits_used_this_month: r.credits.usedThisMonth,
  };
}

/** One stderr line per progress event. */
export function progressLine(event: ProgressEvent): string {
  switch (event.stage) {
    case 'resolving':
    case 'queued':
      return `… ${event.message}`;
    case 'downloading':
      return `… downloading video ${mb(event.bytes)}${event.totalBytes ? ` of ${mb(event.totalBytes)}` : ''}`;
    case 'uploading':
      return `… uploading to Mavera ${mb(event.bytes)}${event.totalBytes ? ` of ${mb(event.totalBytes)}` : ''}`;
    case 'analysing':
      return `… analysing${event.totalChunks ? ` ${event.processedChunks ?? 0}/${event.totalChunks} chunks` : ''} (${Math.round(event.elapsedMs / 1000)} s)`;
    case 'done':
      return '… analysis complete';
  }
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
