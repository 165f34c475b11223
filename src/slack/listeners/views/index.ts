import type { App } from '@slack/bolt';
import { CALLBACK_IDS } from '../../constants.js';
import type { BotContext } from '../../context.js';
import { creatorCookieView } from './creator-cookie.js';

export function register(app: App, ctx: BotContext): void {
  app.view(CALLBACK_IDS.creatorCookie, creatorCookieView(ctx));
}
