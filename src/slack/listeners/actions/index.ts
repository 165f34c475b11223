import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../constants.js';
import type { BotContext } from '../../context.js';
import { audienceAction } from './audience.js';
import { decisionAction } from './decision.js';
import { reanalyseAction } from './reanalyse.js';

export function register(app: App, ctx: BotContext): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.scale, decisionAction(ctx, 'SCALE'));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.kill, decisionAction(ctx, 'KILL'));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.reanalyse, reanalyseAction(ctx));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.audience, audienceAction(ctx));
}
