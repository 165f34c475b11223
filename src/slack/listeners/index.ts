import type { App } from '@slack/bolt';
import type { BotContext } from '../context.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as views from './views/index.js';

/**
 * Every entry point of the Slack door, in one place: the slash command, the buttons, the modals. All are registered
 * whatever is configured; a handler whose feature is off (creator mode) says so to the user.
 */
export function registerListeners(app: App, ctx: BotContext): void {
  commands.register(app, ctx);
  actions.register(app, ctx);
  views.register(app, ctx);
}
