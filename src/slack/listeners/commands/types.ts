import type { AckFn, RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { CommandRequest } from '../../command-text.js';
import type { BotContext } from '../../context.js';

/** The sub-commands of `/creative-score`, by kind (`score`, `leaderboard`, `creator` …). */
export type CommandKind = CommandRequest['kind'];

/** What every sub-command handler gets: its parsed request, and Bolt's arguments. */
export interface CommandArgs<K extends CommandKind> {
  request: Extract<CommandRequest, { kind: K }>;
  command: SlashCommand;
  /** acks once within Slack's 3 seconds; the answer, when given, is the user's (ephemeral) reply */
  ack: AckFn<string | RespondArguments>;
  client: WebClient;
  respond: RespondFn;
  ctx: BotContext;
}

/** One sub-command: acks, then runs the work detached (`ctx.background`) or answers in the ack. */
export type Handler<K extends CommandKind> = (args: CommandArgs<K>) => Promise<void>;

/** Every sub-command's handler: the compiler proves each kind has one. */
export type CommandTable = { [K in CommandKind]: Handler<K> };
