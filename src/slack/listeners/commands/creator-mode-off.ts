import type { RespondArguments } from '@slack/bolt';

/**
 * The answer to a creator-mode command (a TikTok link, `creator …`) on a bot without TIKOMNI_API_KEY, named as the
 * user typed it: a link or `creator …`, never the internal kind.
 */
export const CREATOR_MODE_OFF: RespondArguments = {
  response_type: 'ephemeral',
  text: ':information_source: Scoring TikTok links and Shop creators is not available on this bot. Creator mode (TikTok links, Shop creators) is off: whoever runs the bot can turn it on by setting TIKOMNI_API_KEY (and CREATOR_COOKIE_KEY for Shop creators).',
};
