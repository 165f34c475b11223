import { buildErrorMessage } from '../../blocks/errors.js';
import { LeaderboardNotPostedError, postLeaderboard } from '../../publish-leaderboard.js';
import { respondProgress } from './respond-progress.js';
import type { Handler } from './types.js';

/** `/creative-score leaderboard [days]`: builds and posts a leaderboard in this channel now, with progress. */
export const leaderboardCommand: Handler<'leaderboard'> = async ({ ack, request, command, client, respond, ctx }) => {
  await ack({ response_type: 'ephemeral', text: 'Building the leaderboard … it will be posted in this channel.' });
  ctx.background.run('leaderboard', async () => {
    try {
      await postLeaderboard(ctx, client, command.channel_id, {
        days: request.days,
        onProgress: respondProgress(
          respond,
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
      await respond({ response_type: 'ephemeral', replace_original: true, ...answer }).catch((e: unknown) =>
        ctx.logger.warn('could not answer the leaderboard command:', e),
      );
    }
  });
};
