import { describeError } from '../../errors.js';
import { inline, mrkdwn, plain, subjectLabel } from './escape.js';
import { LIMITS } from './limits.js';
import type { SlackMessage } from './types.js';

export interface ErrorContext {
  adId?: string;
}

/**
 * What a user sees when scoring fails: the plain-language message and what to do about it. Error texts can
 * carry TikTok / Mavera wording (untrusted), so every part is escaped; stack traces never reach Slack.
 */
export function buildErrorMessage(error: unknown, context: ErrorContext = {}): SlackMessage {
  const { message, hint, code } = describeError(error);
  const subject = context.adId ? `Couldn't score ${inline(subjectLabel(context.adId), 120)}` : "Couldn't finish that";
  const lines = [`:warning: *${subject}*`, inline(message, 1500)];
  if (hint) lines.push(`*What to do:* ${inline(hint, 1000)}`);
  const fallback = `${context.adId ? `Couldn't score ${subjectLabel(context.adId)}` : "Couldn't finish that"}: ${message}${hint ? ` What to do: ${hint}` : ''}`;
  return {
    text: plain(fallback, LIMITS.messageText),
    blocks: [
      { type: 'section', text: mrkdwn(lines.join('\n'), LIMITS.sectionText) },
      { type: 'context', elements: [mrkdwn(`Error code: \`${inline(code, 100)}\``)] },
    ],
  };
}
