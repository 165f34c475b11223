import type { App } from '@slack/bolt';
import { SLASH_COMMAND } from '../../constants.js';
import type { BotContext } from '../../context.js';
import { creativeScoreCommand } from './creative-score.js';

export function register(app: App, ctx: BotContext): void {
  app.command(SLASH_COMMAND, creativeScoreCommand(ctx));
}
