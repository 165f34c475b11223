import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { buildErrorMessage } from '../../blocks/errors.js';
import type { BotContext } from '../../context.js';

/** `/creative-score leaderboard [days]`: builds and posts a leaderboard in this channel now, with progress. */
export async function postLeaderboardNow(
  ctx: BotContext,
  req: { client: WebClient; channel: string; userId: string; days: number | null; respond: RespondFn },
): Promise<void> {
  const feature = ctx.features.leaderboard;
  if (!feature) {
    await req.respond({ response_type: 'ephemeral', text: 'The leaderboard is not available on this bot.' });
    return;
  }
  let lastReported = 0;
  try {
    await feature.postNow({
      channel: req.channel,
      days: req.days,
      onProgress: ({ analysed, total }) => {
        // response_url allows 5 uses: report at most three progress steps.
        if (total === 0 || analysed === total || analysed - lastReported < Math.max(1, Math.ceil(total / 3))) return;
        lastReported = analysed;
        req
          .respond({
            response_type: 'ephemeral',
            replace_original: true,
            text: `Building the leaderboard … ${analysed} of ${total} creatives analysed.`,
          })
          .catch(() => undefined);
      },
    });
  } catch (err) {
    await req.respond({ response_type: 'ephemeral', ...buildErrorMessage(err) }).catch(() => undefined);
  }
}
