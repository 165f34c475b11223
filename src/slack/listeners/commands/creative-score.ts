import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { buildErrorMessage } from '../../blocks/errors.js';
import { parseCommandText } from '../../command-text.js';
import type { BotContext } from '../../context.js';
import { creatorCommand } from './creator.js';
import { decisionsCommand } from './decisions.js';
import { doctorCommand } from './doctor.js';
import { helpCommand } from './help.js';
import { invalidCommand } from './invalid.js';
import { leaderboardCommand } from './leaderboard.js';
import { organicCommand } from './organic.js';
import { scoreCommand } from './score.js';
import type { CommandArgs, CommandKind, CommandTable } from './types.js';
import { usageCommand } from './usage.js';

type Args = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/** Every sub-command of `/creative-score` and its handler, one file each. */
export const COMMANDS: CommandTable = {
  score: scoreCommand,
  organic: organicCommand,
  leaderboard: leaderboardCommand,
  decisions: decisionsCommand,
  usage: usageCommand,
  doctor: doctorCommand,
  creator: creatorCommand,
  help: helpCommand,
  invalid: invalidCommand,
};

/** Runs the handler of the request's kind (the table's type ties each kind to its handler). */
function dispatch<K extends CommandKind>(table: CommandTable, kind: K, args: CommandArgs<K>): Promise<void> {
  return table[kind](args);
}

/**
 * `/creative-score …`: parses the text and hands it to its sub-command, which acks within the 3-second window (with
 * an ephemeral "Scoring ad …" or the direct answer) and runs the work detached with its own error handling.
 */
export function creativeScoreCommand(ctx: BotContext, table: CommandTable = COMMANDS) {
  return async ({ ack: slackAck, command, client, respond }: Args): Promise<void> => {
    // Every command is acked exactly once, also when building its answer fails (Slack would show a time-out).
    let acked = false;
    const ack: Args['ack'] = (response) => {
      acked = true;
      return slackAck(response);
    };
    try {
      const request = parseCommandText(command.text ?? '');
      await dispatch(table, request.kind, { request, command, ack, client, respond, ctx });
    } catch (error) {
      ctx.logger.error('/creative-score failed:', error);
      if (!acked)
        await slackAck({ response_type: 'ephemeral', ...buildErrorMessage(error) }).catch((e: unknown) =>
          ctx.logger.error('/creative-score could not be acknowledged:', e),
        );
    }
  };
}
