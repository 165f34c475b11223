import type { App } from '@slack/bolt';
import type { BotContext } from '../context.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';

/** Every entry point of the Slack door, in one place. Optional features add theirs through `extra`. */
export function registerListeners(
  app: App,
  ctx: BotContext,
  extra: Array<(app: App, ctx: BotContext) => void> = [],
): void {
  commands.register(app, ctx);
  actions.register(app, ctx);
  for (const registerFeature of extra) registerFeature(app, ctx);
}
