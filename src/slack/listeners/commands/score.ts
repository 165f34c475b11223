import { runScoreRequest } from '../../score-request.js';
import type { Handler } from './types.js';

/** `/creative-score <ad_id> [--refresh]`: acks at once, then scores the ad with a live progress message. */
export const scoreCommand: Handler<'score'> = async ({ ack, request, command, client, ctx }) => {
  await ack({
    response_type: 'ephemeral',
    text: `Scoring ad \`${request.adId}\`${request.refresh ? ' (fresh analysis)' : ''} … the scorecard will appear in this channel.`,
  });
  ctx.background.run(`score ${request.adId}`, () =>
    runScoreRequest(ctx, {
      client,
      channel: command.channel_id,
      userId: command.user_id,
      responseUrl: command.response_url ?? null,
      subject: request.adId,
      score: (onProgress) => ctx.services.ads.scoreAd(request.adId, { refresh: request.refresh, onProgress }),
    }),
  );
};
