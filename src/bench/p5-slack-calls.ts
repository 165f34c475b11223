import { startRig } from './bot.js';
import { diffCounts } from './sims.js';

/**
 * P5 runs at real time, not scaled: the bot's message throttling (first post after 0.8 s, then at most one
 * chat.update per 1.5 s) is wall-clock, so a scaled-down analysis would hide the progress edits a user sees.
 * Mavera's default poll schedule (3 s, ×1.5 per poll, up to 30 s) against a 12-second analysis.
 */
export const P5_ANALYSIS_MS = 12_000;
export const P5_POLL = { MAVERA_POLL_MIN_S: '3', MAVERA_POLL_MAX_S: '30' };

export interface CommandCalls {
  /** Slack Web API calls by method */
  calls: Record<string, number>;
  /** posts to the command's response_url */
  responseUrlPosts: number;
  /** ack → scorecard final */
  wallMs: number;
  analyses: number;
  polls: number;
}

export interface SlackCallsResult {
  fresh: CommandCalls;
  cached: CommandCalls;
}

/** P5: Slack Web API calls for one `/creative-score <ad_id>` — a fresh analysis, then the same ad from the cache. */
export async function benchSlackCalls(): Promise<SlackCallsResult> {
  const rig = await startRig('p5', { ads: 2, analysisDurationMs: P5_ANALYSIS_MS }, P5_POLL);
  const ad = rig.sims.info.ads[0];
  if (!ad) throw new Error('the sample account has no ad');
  const once = async (label: string): Promise<CommandCalls> => {
    const before = await rig.sims.counts();
    const started = Date.now();
    const res = await rig.send([ad.adId], label);
    if (res.statuses[0] !== 200 || res.ackTexts !== 1) throw new Error(`P5 ${label}: the command was not acked`);
    await rig.idle();
    const d = diffCounts(await rig.sims.counts(), before);
    return {
      calls: d.slack,
      responseUrlPosts: d.slackResponses,
      wallMs: Date.now() - started,
      analyses: d.mavera.analysesCreated,
      polls: d.mavera.polls,
    };
  };
  try {
    const fresh = await once('p5-fresh');
    const cached = await once('p5-cached');
    return { fresh, cached };
  } finally {
    await rig.close();
  }
}
