import { escapeMrkdwn } from '../../blocks/escape.js';
import type { Handler } from './types.js';

/** Text the bot could not read: what was wrong and what to type instead. */
export const invalidCommand: Handler<'invalid'> = async ({ ack, request }) => {
  await ack({
    response_type: 'ephemeral',
    text: `:warning: ${escapeMrkdwn(request.message)}\n*What to do:* ${request.hint}`,
  });
};
