import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { CreatorService } from '../../creators/service.js';
import type { Logger } from '../../util/logger.js';
import { buildCreatorLeaderboardMessage, buildWeeklyCreatorErrorsMessage } from '../blocks/creator.js';
import { ACTION_IDS, CALLBACK_IDS } from '../constants.js';
import type { BotContext, BotFeatures } from '../context.js';
import { audienceAction } from './actions/audience.js';
import { creatorCommand, postLeaderboardMessage } from './commands/creator.js';
import { organicCommand } from './commands/organic.js';
import { creatorCookieView } from './views/creator-cookie.js';

/** Creator mode's entry points besides the sub-commands: the cookie modal's submission and the Audience button. */
export function registerCreatorListeners(app: App, ctx: BotContext, creators: CreatorService): void {
  app.view(CALLBACK_IDS.creatorCookie, creatorCookieView(ctx, creators));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.audience, audienceAction(ctx, creators));
}

/** Creator mode's sub-commands (`<TikTok link>`, `video:<id>`, `creator …`) and the organic re-analyse hook. */
export function creatorFeatures(creators: CreatorService): Partial<BotFeatures> {
  return {
    commands: { organic: organicCommand(creators), creator: creatorCommand(creators) },
    scoreOrganic: (video, options) => creators.scoreVideo(video, options),
  };
}

/**
 * The Shop creators' part of the weekly post (LEADERBOARD_CREATORS): one message per creator after the ad
 * leaderboard, then one note naming any creator left out (expired cookie, TikOmni down). Never throws for one
 * creator's failure; returns the timestamps of what was posted.
 */
export async function postWeeklyCreatorSections(
  client: WebClient,
  channel: string,
  creators: CreatorService,
  names: readonly string[],
  options: { now: number; logger: Logger; maxNewAnalyses?: number },
): Promise<{ messageTs: string[] }> {
  const messageTs: string[] = [];
  if (names.length === 0) return { messageTs };
  const sections = await creators.weeklySections(names, { maxNewAnalyses: options.maxNewAnalyses });
  for (const section of sections) {
    if (!('report' in section)) continue;
    const message = buildCreatorLeaderboardMessage(section.report, { now: options.now });
    try {
      const ts = await postLeaderboardMessage(client, channel, message, options);
      if (ts) messageTs.push(ts);
      else options.logger.warn(`weekly post: the bot cannot post in ${channel}; creator "${section.name}" not posted`);
    } catch (err) {
      options.logger.error(`weekly post: creator "${section.name}" could not be posted:`, err);
    }
  }
  const errors = buildWeeklyCreatorErrorsMessage(sections);
  if (errors) {
    const res = await client.chat
      .postMessage({ channel, text: errors.text, blocks: errors.blocks })
      .catch((err: unknown) => options.logger.error('weekly post: the creators note could not be posted:', err));
    if (res?.ts) messageTs.push(res.ts);
  }
  return { messageTs };
}
