import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildErrorMessage } from '../../blocks/errors.js';
import { escapeMrkdwn } from '../../blocks/escape.js';
import { buildHelpMessage } from '../../blocks/help.js';
import { parseCommandText } from '../../command-text.js';
import type { BotContext } from '../../context.js';
import { showDecisions } from './decisions.js';
import { postLeaderboardNow } from './leaderboard.js';
import { runScoreRequest } from './score-ad.js';
import { showUsage } from './usage.js';

type Args = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/**
 * `/creative-score …`: acks within the 3-second window (with an ephemeral "Scoring ad …" or the direct answer),
 * then runs the work detached with its own error handling.
 */
export function creativeScoreCommand(ctx: BotContext) {
  return async ({ ack: slackAck, command, client, respond }: Args): Promise<void> => {
    // Every command is acked exactly once, also when building its answer fails (Slack would show a time-out).
    let acked = false;
    const ack: Args['ack'] = (response) => {
      acked = true;
      return slackAck(response);
    };
    try {
      const request = parseCommandText(command.text ?? '');
      const base = {
        client,
        channel: command.channel_id,
        userId: command.user_id,
        responseUrl: command.response_url ?? null,
      };
      switch (request.kind) {
        case 'invalid':
          await ack({
            response_type: 'ephemeral',
            text: `:warning: ${escapeMrkdwn(request.message)}\n*What to do:* ${request.hint}`,
          });
          return;
        case 'help':
          await ack({
            response_type: 'ephemeral',
            ...buildHelpMessage({ creators: Boolean(ctx.services.config.tikomni.apiKey) }),
          });
          return;
        case 'score':
          await ack({
            response_type: 'ephemeral',
            text: `Scoring ad \`${request.adId}\`${request.refresh ? ' (fresh analysis)' : ''} … the scorecard will appear in this channel.`,
          });
          ctx.background.run(`score ${request.adId}`, () =>
            runScoreRequest(ctx, {
              ...base,
              subject: request.adId,
              score: (onProgress) => ctx.services.ads.scoreAd(request.adId, { refresh: request.refresh, onProgress }),
            }),
          );
          return;
        case 'decisions':
          await ack({ response_type: 'ephemeral', ...showDecisions(ctx, request.adId) });
          return;
        case 'usage':
          await ack({ response_type: 'ephemeral', ...showUsage(ctx) });
          return;
        case 'leaderboard':
          await ack({
            response_type: 'ephemeral',
            text: 'Building the leaderboard … it will be posted in this channel.',
          });
          ctx.background.run('leaderboard', () => postLeaderboardNow(ctx, { ...base, days: request.days, respond }));
          return;
        default: {
          const feature = ctx.features.commands?.[request.kind];
          if (feature) {
            await feature({ ack, command, client, respond, request, ctx });
            return;
          }
          // Named as the user typed it: a link or `creator …` means creator mode, never the internal kind.
          await ack({
            response_type: 'ephemeral',
            text:
              request.kind === 'organic' || request.kind === 'creator'
                ? ':information_source: Scoring TikTok links and Shop creators is not available on this bot. Creator mode (TikTok links, Shop creators) is off: whoever runs the bot can turn it on by setting TIKOMNI_API_KEY (and CREATOR_COOKIE_KEY for Shop creators).'
                : `:information_source: \`${request.kind}\` is not available on this bot.`,
          });
        }
      }
    } catch (error) {
      ctx.logger.error('/creative-score failed:', error);
      if (!acked)
        await slackAck({ response_type: 'ephemeral', ...buildErrorMessage(error) }).catch((e: unknown) =>
          ctx.logger.error('/creative-score could not be acknowledged:', e),
        );
    }
  };
}
