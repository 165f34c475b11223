import { buildDecisionsMessage } from '../../blocks/decisions.js';
import type { SlackMessage } from '../../blocks/scorecard.js';
import type { BotContext } from '../../context.js';

interface Snapshot {
  behavioural?: number | null;
  verdict?: string | null;
}

/** `/creative-score decisions [ad_id]`: the last 20 logged decisions. */
export function showDecisions(ctx: BotContext, adId: string | null): SlackMessage {
  const rows = ctx.services.store.decisions.recent(20, adId ?? undefined).map((d) => {
    const snap = (d.snapshot ?? {}) as Snapshot;
    return {
      adId: d.adId,
      adName: d.adName,
      decision: d.decision,
      userId: d.userId,
      at: d.createdAt,
      behavioural: typeof snap.behavioural === 'number' ? snap.behavioural : null,
      verdict: typeof snap.verdict === 'string' ? snap.verdict : null,
    };
  });
  return buildDecisionsMessage(rows, adId ?? undefined);
}
