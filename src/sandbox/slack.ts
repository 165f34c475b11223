import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateBlocks } from '../slack/blocks/limits.js';
import { readBody, sendJson, startServer } from './server.js';
import { isMethod, messageKey, REQUIRED_SCOPE, slackMethods } from './slack-methods.js';
import { ApiError, bearer, bool, parseBody } from './slack-requests.js';
import { createSocketModeServer, type SocketModeSimulator } from './slack-socket.js';
import type { SimCall, SimEphemeral, SimMessage, SimResponse, SimUpload, SimView } from './slack-types.js';

export type { SimCall, SimEphemeral, SimMessage, SimResponse, SimUpload, SimView } from './slack-types.js';

/**
 * A Slack Web API simulator on a loopback port, for tests and the demo. Point Bolt (or a WebClient) at it with
 * `clientOptions: { slackApiUrl: sim.url }` and put `sim.responseUrl(id)` in signed slash-command payloads.
 * It answers the methods the bot uses the way Slack does (form-encoded bodies, Bearer token, `{ok:false,error}`
 * with HTTP 200, 429 + Retry-After), checks Block Kit limits the way Slack rejects them (`invalid_blocks`), and
 * records everything so tests assert on what Slack would have received.
 *
 * This file is the server: the Web API endpoint (token, injected rate limits and failures, call records), the
 * upload URLs and response URLs it hands out, and the controls tests use. The methods are in slack-methods.ts,
 * request parsing in slack-requests.ts, Socket Mode (`apps.connections.open` and the WebSocket) in slack-socket.ts.
 */

export interface SlackSimulatorOptions {
  botToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /** granted bot scopes; `chat.*` needs `chat:write`, `files.*` needs `files:write` */
  scopes?: string[];
  /** the app-level token (`xapp-…`) `apps.connections.open` accepts, for Socket Mode */
  appToken?: string;
  appId?: string;
}

export interface SlackSimulator {
  /** Web API base, ending in `/api/` (Bolt `clientOptions.slackApiUrl`) */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  botToken: string;
  teamId: string;
  botUserId: string;
  botId: string;
  /** the app-level token for Socket Mode (`SLACK_APP_TOKEN`) */
  appToken: string;
  /** Socket Mode: the open WebSocket connections, envelopes to push, and the acks received */
  socket: SocketModeSimulator;
  /** a URL on the simulator to use as a slash command's or action's `response_url` */
  responseUrl(id: string): string;
  readonly calls: SimCall[];
  callsTo(method: string): SimCall[];
  /** current state of every posted message, in posting order (chat.update edits in place) */
  readonly messages: SimMessage[];
  message(channel: string, ts: string): SimMessage | undefined;
  readonly ephemerals: SimEphemeral[];
  readonly responses: SimResponse[];
  responsesTo(id: string): SimResponse[];
  readonly uploads: SimUpload[];
  readonly views: SimView[];
  /** the next `times` calls to `method` get HTTP 429 with `Retry-After: retryAfterS` */
  rateLimitNext(method: string, retryAfterS: number, times?: number): void;
  /** the next `times` calls to `method` get `{ok:false, error}` */
  failNext(method: string, error: string, times?: number): void;
  /** channels are joined by default; a non-member channel answers `not_in_channel` unless `chat:write.public` applies */
  setChannelMembership(channelId: string, isMember: boolean): void;
  /** forgets every record and pending failure (membership and Socket Mode connections stay) */
  reset(): void;
  close(): Promise<void>;
}

/** Uses allowed per response_url (Slack: 5 within 30 minutes). */
export const RESPONSE_URL_USES = 5;

type Reply = { status?: number; body: Record<string, unknown>; headers?: Record<string, string> };

// ---------------------------------------------------------------- the simulator

export async function startSlackSimulator(options: SlackSimulatorOptions = {}): Promise<SlackSimulator> {
  const botToken = options.botToken ?? 'xoxb-simulated-token';
  const teamId = options.teamId ?? 'T0SIM0001';
  const botUserId = options.botUserId ?? 'U0SIMBOT1';
  const botId = options.botId ?? 'B0SIMBOT1';
  const scopes = options.scopes ?? ['commands', 'chat:write', 'files:write'];
  const socket = createSocketModeServer({
    appToken: options.appToken ?? 'xapp-1-A0SIMAPP1-1-simulated',
    appId: options.appId ?? 'A0SIMAPP1',
  });

  const calls: SimCall[] = [];
  const messages = new Map<string, SimMessage>();
  const ephemerals: SimEphemeral[] = [];
  const responses: SimResponse[] = [];
  const uploads = new Map<string, SimUpload>();
  const views: SimView[] = [];
  const membership = new Map<string, boolean>();
  const rateLimits = new Map<string, { retryAfterS: number; times: number }[]>();
  const failures = new Map<string, { error: string; times: number }[]>();
  let origin = '';

  const take = <T extends { times: number }>(queues: Map<string, T[]>, method: string): T | null => {
    const queue = queues.get(method);
    const head = queue?.[0];
    if (!queue || !head) return null;
    head.times -= 1;
    if (head.times <= 0) queue.shift();
    return head;
  };

  const handlers = slackMethods({
    teamId,
    botUserId,
    botId,
    scopes,
    origin: () => origin,
    messages,
    ephemerals,
    uploads,
    views,
    membership,
  });

  const reply = (res: ServerResponse, r: Reply) =>
    sendJson(res, r.status ?? 200, r.body, { 'x-oauth-scopes': scopes.join(','), ...(r.headers ?? {}) });

  /** A Web API method called with the bot token: the answer, or an `ApiError` thrown. */
  function botMethod(req: IncomingMessage, method: string, args: Record<string, unknown>): Reply {
    if (!isMethod(method)) throw new ApiError('unknown_method');
    if (bearer(req, args) !== botToken) throw new ApiError('invalid_auth');
    const limited = take(rateLimits, method);
    if (limited) {
      return {
        status: 429,
        body: { ok: false, error: 'ratelimited' },
        headers: { 'retry-after': String(limited.retryAfterS) },
      };
    }
    const failure = take(failures, method);
    if (failure) throw new ApiError(failure.error);
    const scope = REQUIRED_SCOPE[method];
    if (scope && !scopes.includes(scope)) {
      throw new ApiError('missing_scope', { needed: scope, provided: scopes.join(',') });
    }
    return { body: { ok: true, ...handlers[method](args) } };
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const raw = await readBody(req);
    let args: Record<string, unknown> = {};
    const record = (status: number, body: Record<string, unknown>) => {
      calls.push({
        method,
        args,
        at: Date.now(),
        status,
        ok: body.ok === true,
        error: typeof body.error === 'string' ? body.error : null,
      });
    };
    let result: Reply;
    try {
      const parsed = await parseBody(req, raw);
      args = parsed.fields;
      // Socket Mode's apps.connections.open takes the app-level token; every other method the bot token.
      result =
        method === 'apps.connections.open'
          ? { body: { ok: true, url: socket.openConnection(bearer(req, args), origin) } }
          : botMethod(req, method, args);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      result = { body: { ok: false, error: err.code, ...err.extra } };
    }
    record(result.status ?? 200, result.body);
    reply(res, result);
  }

  async function handleUpload(req: IncomingMessage, res: ServerResponse, fileId: string): Promise<void> {
    const raw = await readBody(req);
    const upload = uploads.get(fileId);
    if (!upload) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('file_not_found');
      return;
    }
    const type = req.headers['content-type'] ?? null;
    let bytes = raw;
    let contentType = type;
    if (type?.toLowerCase().startsWith('multipart/form-data')) {
      const { files } = await parseBody(req, raw);
      const file = files[0];
      if (file) {
        bytes = file.bytes;
        contentType = file.type || null;
      }
    }
    upload.bytes = bytes.length;
    upload.contentType = contentType;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
  }

  async function handleResponse(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const raw = await readBody(req);
    if (responses.filter((r) => r.id === id).length >= RESPONSE_URL_USES) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('used_url');
      return;
    }
    let body: Record<string, unknown>;
    try {
      const { fields } = await parseBody(req, raw);
      body = typeof fields.payload === 'string' ? (JSON.parse(fields.payload) as Record<string, unknown>) : fields;
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
      return;
    }
    const blocks = Array.isArray(body.blocks) ? body.blocks : null;
    if (blocks && validateBlocks(blocks).length > 0) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_blocks');
      return;
    }
    responses.push({
      id,
      body,
      text: typeof body.text === 'string' ? body.text : null,
      blocks,
      responseType: typeof body.response_type === 'string' ? body.response_type : null,
      replaceOriginal: bool(body.replace_original),
      deleteOriginal: bool(body.delete_original),
      at: Date.now(),
    });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }

  const server = await startServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    const [, section = '', rest = ''] = path.match(/^\/([^/]+)\/(.+)$/) ?? [];
    if (req.method !== 'POST') {
      res.writeHead(405, { 'content-type': 'text/plain' }).end('method_not_allowed');
      return;
    }
    if (section === 'api') return handleApi(req, res, decodeURIComponent(rest));
    if (section === 'upload') return handleUpload(req, res, decodeURIComponent(rest));
    if (section === 'response') return handleResponse(req, res, decodeURIComponent(rest));
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not_found');
  });
  origin = server.url;
  server.server.on('upgrade', socket.handleUpgrade);

  return {
    url: `${origin}/api/`,
    origin,
    botToken,
    teamId,
    botUserId,
    botId,
    appToken: socket.appToken,
    socket,
    responseUrl: (id) => `${origin}/response/${encodeURIComponent(id)}`,
    get calls() {
      return calls;
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    get messages() {
      return [...messages.values()];
    },
    message: (channel, ts) => messages.get(messageKey(channel, ts)),
    get ephemerals() {
      return ephemerals;
    },
    get responses() {
      return responses;
    },
    responsesTo: (id) => responses.filter((r) => r.id === id),
    get uploads() {
      return [...uploads.values()];
    },
    get views() {
      return views;
    },
    rateLimitNext(method, retryAfterS, times = 1) {
      const queue = rateLimits.get(method) ?? [];
      queue.push({ retryAfterS, times });
      rateLimits.set(method, queue);
    },
    failNext(method, error, times = 1) {
      const queue = failures.get(method) ?? [];
      queue.push({ error, times });
      failures.set(method, queue);
    },
    setChannelMembership(channelId, isMember) {
      membership.set(channelId, isMember);
    },
    reset() {
      calls.length = 0;
      messages.clear();
      ephemerals.length = 0;
      responses.length = 0;
      uploads.clear();
      views.length = 0;
      rateLimits.clear();
      failures.clear();
      socket.reset();
    },
    close: () => {
      socket.close();
      return server.close();
    },
  };
}
