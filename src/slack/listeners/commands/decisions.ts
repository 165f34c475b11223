import { buildDecisionsMessage, DECISIONS_SHOWN } from '../../blocks/decisions.js';
import type { Handler } from './types.js';

/** `/creative-score decisions [ad_id]`: the last 20 logged decisions, with the score each was taken on. */
export const decisionsCommand: Handler<'decisions'> = async ({ ack, request, ctx }) => {
  const adId = request.adId ?? undefined;
  const rows = ctx.services.decisions.recent(DECISIONS_SHOWN, adId).map((d) => ({
    adId: d.adId,
    adName: d.adName,
    decision: d.decision,
    userId: d.userId,
    at: d.createdAt,
    behavioural: d.snapshot.behavioural,
    verdict: d.snapshot.verdict,
  }));
  await ack({ response_type: 'ephemeral', ...buildDecisionsMessage(rows, adId) });
};
