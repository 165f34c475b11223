import { createHmac } from 'node:crypto';

/**
 * Signed requests to a Bolt HTTP receiver, the way Slack sends them: `v0=` HMAC-SHA256 of `v0:{ts}:{body}` keyed
 * by the signing secret, and the content type exactly `application/x-www-form-urlencoded` (Bolt compares it
 * with `===`, so a `; charset=…` suffix would make it try JSON). Used by the tests, the demo and the benchmarks.
 */

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

export interface SignedRequestOptions {
  /** unix seconds; now by default */
  timestamp?: number;
  contentType?: string;
  /** send this signature instead of the correct one */
  signature?: string;
  /** leave out both signature headers */
  omitHeaders?: boolean;
  /** path on the receiver; `/slack/events` by default */
  path?: string;
}

export interface SignedResponse {
  status: number;
  headers: Headers;
  body: string;
  /** the body parsed as JSON, or null when it is not JSON */
  json: unknown;
}

/** The `x-slack-signature` value for a body at a timestamp. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The headers of one signed request (content type exactly form-encoded), stamped `timestamp` (default now). */
export function signedHeaders(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'content-type': FORM_CONTENT_TYPE,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, timestamp, body),
  };
}

export async function signedRequest(
  baseUrl: string,
  body: string,
  secret: string,
  options: SignedRequestOptions = {},
): Promise<SignedResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': options.contentType ?? FORM_CONTENT_TYPE };
  if (!options.omitHeaders) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = options.signature ?? slackSignature(secret, timestamp, body);
  }
  const url = `${baseUrl.replace(/\/+$/, '')}${options.path ?? '/slack/events'}`;
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, body: text, json };
}

/** Defaults for a slash-command payload; override any field. */
export const COMMAND_DEFAULTS: Readonly<Record<string, string>> = {
  token: 'verification-token-unused',
  command: '/creative-score',
  text: '',
  team_id: 'T0SIM0001',
  team_domain: 'simulated',
  channel_id: 'C0SIM0001',
  channel_name: 'creative-review',
  user_id: 'U0SIMUSR1',
  user_name: 'marketer',
  api_app_id: 'A0SIMAPP1',
  trigger_id: '1700000000.123456.abcdef',
  response_url: 'http://127.0.0.1:9/response/unused',
};

/** A slash-command body: form fields, no `payload=` wrapper. */
export function commandBody(fields: Record<string, string | undefined> = {}): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...COMMAND_DEFAULTS, ...fields })) {
    if (value !== undefined) form.set(key, value);
  }
  return form.toString();
}

/** An interactivity body: one form field, `payload=<JSON>`. */
export function actionBody(payload: unknown): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export interface ButtonPress {
  actionId: string;
  value: string;
  blockId?: string;
  userId?: string;
  channelId?: string;
  messageTs?: string;
  responseUrl?: string;
  /** the message the button sits on, as Slack echoes it back */
  message?: { text?: string; blocks?: unknown[] };
  actionTs?: string;
}

/** A `block_actions` payload for one button press, shaped like Slack's. */
export function buttonPayload(press: ButtonPress): Record<string, unknown> {
  const userId = press.userId ?? 'U0SIMUSR1';
  const channelId = press.channelId ?? 'C0SIM0001';
  const messageTs = press.messageTs ?? '1700000000.000100';
  return {
    type: 'block_actions',
    token: 'verification-token-unused',
    api_app_id: 'A0SIMAPP1',
    trigger_id: '1700000000.654321.fedcba',
    team: { id: 'T0SIM0001', domain: 'simulated' },
    user: { id: userId, username: 'marketer', name: 'marketer', team_id: 'T0SIM0001' },
    channel: { id: channelId, name: 'creative-review' },
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    message: { type: 'message', ts: messageTs, text: press.message?.text ?? '', blocks: press.message?.blocks ?? [] },
    response_url: press.responseUrl ?? 'http://127.0.0.1:9/response/unused',
    actions: [
      {
        type: 'button',
        action_id: press.actionId,
        block_id: press.blockId ?? 'scorecard_actions',
        value: press.value,
        text: { type: 'plain_text', text: 'button', emoji: true },
        action_ts: press.actionTs ?? '1700000001.000001',
      },
    ],
  };
}
