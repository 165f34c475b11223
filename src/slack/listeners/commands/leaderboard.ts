import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { buildErrorMessage } from '../../blocks/errors.js';
import type { BotContext } from '../../context.js';
import { LeaderboardNotPostedError } from '../../publish-leaderboard.js';
import { respondProgress } from './respond-progress.js';

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
  try {
    await feature.postNow({
      channel: req.channel,
      days: req.days,
      onProgress: respondProgress(
        req.respond,
        (analysed, total) => `Building the leaderboard … ${analysed} of ${total} creatives analysed.`,
      ),
    });
  } catch (err) {
    // A channel the bot cannot post in (private, a DM) gets the leaderboard privately, as scorecards do.
    const answer =
      err instanceof LeaderboardNotPostedError
        ? { text: err.leaderboard.text, blocks: err.leaderboard.fallbackBlocks }
        : buildErrorMessage(err);
    if (!(err instanceof LeaderboardNotPostedError)) ctx.logger.warn('on-demand leaderboard failed:', err);
    await req
      .respond({ response_type: 'ephemeral', replace_original: true, ...answer })
      .catch((e: unknown) => ctx.logger.warn('could not answer the leaderboard command:', e));
  }
}
