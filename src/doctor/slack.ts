import { LogLevel, WebClient } from '@slack/web-api';
import type { Config } from '../config.js';
import { isUserError } from '../errors.js';
import { fail, failed, notChecked, pass } from './lines.js';
import { timedOut, within } from './timeout.js';
import type { DoctorCheck, DoctorInput, SlackAuthClient } from './types.js';

/** `doctor`'s Slack lines: the bot token (auth.test), its scopes, and how Slack reaches the bot (mode). */

/** Bot scopes the app needs, and what each is for. */
export const NEEDED_SLACK_SCOPES: readonly { scope: string; why: string }[] = [
  { scope: 'commands', why: 'the /creative-score command' },
  { scope: 'chat:write', why: 'posting scorecards and progress messages' },
  { scope: 'chat:write.public', why: 'posting in public channels the bot has not joined (the leaderboard)' },
  { scope: 'files:write', why: 'uploading the leaderboard chart' },
];

export async function slackChecks(input: DoctorInput, timeoutMs: number): Promise<DoctorCheck[]> {
  const { slack } = input.config;
  const mode = slackModeCheck(input.config);
  if (!input.slack && !slack.botToken) return [notChecked('Slack', 'auth.test', ['SLACK_BOT_TOKEN']), mode];
  const client =
    input.slack ??
    new WebClient(slack.botToken ?? '', {
      slackApiUrl: `${slack.apiUrl}/`,
      retryConfig: { retries: 0 },
      timeout: timeoutMs,
      logLevel: LogLevel.ERROR,
    });
  let auth: Awaited<ReturnType<SlackAuthClient['auth']['test']>>;
  try {
    auth = await within(timeoutMs, client.auth.test(), () => timedOut('Slack', timeoutMs, 'SLACK_API_URL'));
  } catch (err) {
    return [slackAuthFailure(err, slack.apiUrl), mode];
  }
  const lines: DoctorCheck[] = [];
  const who = `team ${auth.team ?? '?'} (${auth.team_id ?? '?'}) · bot @${auth.user ?? '?'} (${auth.user_id ?? '?'})`;
  if (auth.bot_id) lines.push(pass('Slack', 'auth.test', who));
  else
    lines.push(
      fail(
        'Slack',
        'auth.test',
        true,
        `the token works but is not a bot token (${who})`,
        'Use the Bot User OAuth Token (xoxb-…) from OAuth & Permissions as SLACK_BOT_TOKEN.',
      ),
    );
  const granted = auth.response_metadata?.scopes;
  if (!granted) {
    lines.push(
      fail(
        'Slack',
        'scopes',
        false,
        'Slack did not say which scopes the token has',
        `Check under OAuth & Permissions that the bot has ${NEEDED_SLACK_SCOPES.map((s) => s.scope).join(', ')}.`,
      ),
    );
  } else {
    const missing = NEEDED_SLACK_SCOPES.filter((s) => !granted.includes(s.scope));
    if (missing.length === 0) lines.push(pass('Slack', 'scopes', `granted: ${granted.join(', ')}`));
    for (const { scope, why } of missing) {
      lines.push(
        fail(
          'Slack',
          `scope ${scope}`,
          true,
          `missing — needed for ${why}`,
          `Add ${scope} under OAuth & Permissions → Bot Token Scopes and reinstall the app.`,
        ),
      );
    }
  }
  return [...lines, mode];
}

function slackModeCheck(config: Config): DoctorCheck {
  const { appToken, signingSecret, port } = config.slack;
  if (appToken) {
    return appToken.startsWith('xapp-')
      ? pass('Slack', 'mode', 'Socket Mode (SLACK_APP_TOKEN is set)')
      : fail(
          'Slack',
          'mode',
          true,
          'Socket Mode, but SLACK_APP_TOKEN is not an app-level token (xapp-…)',
          'Create an app-level token with the connections:write scope (Basic Information → App-Level Tokens) and set SLACK_APP_TOKEN.',
        );
  }
  return signingSecret
    ? pass(
        'Slack',
        'mode',
        `HTTP mode on port ${port} (requests to /slack/events are verified with the signing secret)`,
      )
    : fail(
        'Slack',
        'mode',
        true,
        'HTTP mode (no SLACK_APP_TOKEN), but SLACK_SIGNING_SECRET is not set, so requests cannot be verified',
        'Set SLACK_SIGNING_SECRET (Basic Information → App Credentials), or set SLACK_APP_TOKEN to use Socket Mode.',
      );
}

const SLACK_TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
]);

function slackAuthFailure(err: unknown, apiUrl: string): DoctorCheck {
  if (isUserError(err)) return failed('Slack', 'auth.test', true, err, null);
  const e = err as { code?: unknown; data?: { error?: unknown }; message?: unknown };
  const apiError = typeof e.data?.error === 'string' ? e.data.error : null;
  if (e.code === 'slack_webapi_platform_error' && apiError && SLACK_TOKEN_ERRORS.has(apiError)) {
    return fail(
      'Slack',
      'auth.test',
      true,
      `Slack rejected SLACK_BOT_TOKEN (${apiError})`,
      'Copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions into SLACK_BOT_TOKEN; reinstall the app first if it was removed.',
    );
  }
  if (apiError) {
    return fail('Slack', 'auth.test', true, `Slack answered auth.test with "${apiError}"`, 'Check SLACK_BOT_TOKEN.');
  }
  const reason = typeof e.message === 'string' ? e.message : String(err);
  return fail(
    'Slack',
    'auth.test',
    true,
    `could not reach Slack at ${apiUrl}: ${reason}`,
    'Check the network and SLACK_API_URL, then run doctor again.',
  );
}
