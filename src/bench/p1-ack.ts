import { startRig } from './bot.js';
import { ANALYSIS_MS, CREATIVES } from './env.js';
import { diffCounts, sum } from './sims.js';
import { percentile } from './table.js';

export interface AckResult {
  commands: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** answers that were HTTP 200 with the "Scoring ad …" ack */
  acked: number;
  /** first send → last ack */
  burstSpanMs: number;
  /** first send → every scorecard posted (all detached work settled) */
  allScoredMs: number;
  scorecards: number;
  /** error answers the bot sent to response_url (0 when every command succeeded) */
  errorReplies: number;
  slackCalls: Record<string, number>;
  analyses: number;
  uploads: number;
}

const WARM_UP = 5;

/**
 * P1: `CREATIVES` signed `/creative-score <ad_id>` commands (one per ad, every one a fresh analysis) sent at once
 * by the Slack side to the real bot; latency = send → HTTP 200 ack. Afterwards it waits for every scorecard.
 */
export async function benchAck(): Promise<AckResult> {
  const rig = await startRig('p1', { ads: CREATIVES, analysisDurationMs: ANALYSIS_MS });
  try {
    // a few `help` commands first, so the figure is not the first request's JIT and connection set-up
    await rig.send(
      Array.from({ length: WARM_UP }, () => 'help'),
      'warm',
    );
    const before = await rig.sims.counts();
    const started = Date.now();
    const result = await rig.send(
      rig.sims.info.ads.map((a) => a.adId),
      'p1',
    );
    await rig.idle();
    const allScoredMs = Date.now() - started;
    const d = diffCounts(await rig.sims.counts(), before);
    const acked = result.statuses.filter((s) => s === 200).length;
    return {
      commands: result.latenciesMs.length,
      p50Ms: percentile(result.latenciesMs, 50),
      p99Ms: percentile(result.latenciesMs, 99),
      maxMs: Math.max(...result.latenciesMs),
      acked: Math.min(acked, result.ackTexts),
      burstSpanMs: result.spanMs,
      allScoredMs,
      scorecards: d.slackMessages,
      errorReplies: d.slackResponses,
      slackCalls: d.slack,
      analyses: d.mavera.analysesCreated,
      uploads: d.mavera.uploads,
    };
  } finally {
    await rig.close();
  }
}

export const slackCallsPerCommand = (r: AckResult): number => sum(r.slackCalls) / Math.max(1, r.commands);
