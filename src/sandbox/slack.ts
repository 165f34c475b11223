import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITS, validateBlocks } from '../slack/blocks/limits.js';
import { readBody, sendJson, startServer } from './server.js';

/**
 * A Slack Web API simulator on a loopback port, for tests and the demo. Point Bolt (or a WebClient) at it with
 * `clientOptions: { slackApiUrl: sim.url }` and put `sim.responseUrl(id)` in signed slash-command payloads.
 * It answers the methods the bot uses the way Slack does (form-encoded bodies, Bearer token, `{ok:false,error}`
 * with HTTP 200, 429 + Retry-After), checks Block Kit limits the way Slack rejects them (`invalid_blocks`), and
 * records everything so tests assert on what Slack would have received.
 */

export interface SlackSimulatorOptions {
  botToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /** granted bot scopes; `chat.*` needs `chat:write`, `files.*` needs `files:write` */
  scopes?: string[];
}

export interface SimCall {
  method: string;
  /** the arguments as sent, with JSON-valued fields (`blocks`, `attachments`, `view`, `files`, `metadata`) parsed */
  args: Record<string, unknown>;
  /** ms epoch */
  at: number;
  /** HTTP status of the reply (200, or 429 when rate limited) */
  status: number;
  ok: boolean;
  error: string | null;
}

export interface SimMessage {
  channel: string;
  ts: string;
  threadTs: string | null;
  text: string;
  blocks: unknown[] | null;
  /** how many times chat.update changed it */
  updates: number;
  postedAt: number;
}

export interface SimEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks: unknown[] | null;
  threadTs: string | null;
  messageTs: string;
}

export interface SimResponse {
  id: string;
  /** the JSON (or form) body as posted */
  body: Record<string, unknown>;
  text: string | null;
  blocks: unknown[] | null;
  responseType: string | null;
  replaceOriginal: boolean | null;
  deleteOriginal: boolean | null;
  at: number;
}

export interface SimUpload {
  fileId: string;
  filename: string;
  /** the length declared to files.getUploadURLExternal */
  declaredLength: number;
  /** bytes received at the upload URL; null until the bytes arrive */
  bytes: number | null;
  contentType: string | null;
  altText: string | null;
  /** set by files.completeUploadExternal */
  completed: boolean;
  channel: string | null;
  threadTs: string | null;
  initialComment: string | null;
  title: string | null;
}

export interface SimView {
  id: string;
  triggerId: string;
  view: Record<string, unknown>;
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
  /** forgets every record and pending failure (membership stays) */
  reset(): void;
  close(): Promise<void>;
}

/** Uses allowed per response_url (Slack: 5 within 30 minutes). */
export const RESPONSE_URL_USES = 5;

const JSON_FIELDS = ['blocks', 'attachments', 'view', 'files', 'metadata'] as const;

const KNOWN_METHODS = [
  'auth.test',
  'chat.postMessage',
  'chat.update',
  'chat.postEphemeral',
  'chat.getPermalink',
  'files.getUploadURLExternal',
  'files.completeUploadExternal',
  'conversations.info',
  'views.open',
  'users.info',
] as const;
type Method = (typeof KNOWN_METHODS)[number];

const REQUIRED_SCOPE: Partial<Record<Method, string>> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
};

type Reply = { status?: number; body: Record<string, unknown>; headers?: Record<string, string> };

class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

function isMethod(name: string): name is Method {
  return (KNOWN_METHODS as readonly string[]).includes(name);
}

// ---------------------------------------------------------------- request parsing

interface ParsedBody {
  fields: Record<string, unknown>;
  files: { field: string; filename: string; bytes: Buffer; type: string }[];
}

async function parseBody(req: IncomingMessage, raw: Buffer): Promise<ParsedBody> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const fields: Record<string, unknown> = {};
  const files: ParsedBody['files'] = [];
  if (raw.length === 0) return { fields, files };
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ApiError('invalid_json');
    }
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) Object.assign(fields, parsed);
  } else if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData().catch(() => {
      throw new ApiError('invalid_form_data');
    });
    for (const [key, value] of form) {
      if (typeof value === 'string') fields[key] = value;
      else
        files.push({
          field: key,
          filename: value.name,
          bytes: Buffer.from(await value.arrayBuffer()),
          type: value.type,
        });
    }
  } else {
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) fields[key] = value;
  }
  for (const key of JSON_FIELDS) {
    const value = fields[key];
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
      try {
        fields[key] = JSON.parse(value);
      } catch {
        throw new ApiError(key === 'blocks' ? 'invalid_blocks_format' : 'invalid_arguments');
      }
    }
  }
  return { fields, files };
}

function bearer(req: IncomingMessage, fields: Record<string, unknown>): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return typeof fields.token === 'string' ? fields.token : null;
}

function str(args: Record<string, unknown>, key: string): string | null {
  const v = args[key];
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function required(args: Record<string, unknown>, key: string, error: string): string {
  const v = str(args, key);
  if (v === null) throw new ApiError(error);
  return v;
}

function bool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

function blocksOrThrow(args: Record<string, unknown>, maxBlocks: number = LIMITS.blocks): unknown[] | null {
  if (args.blocks === undefined || args.blocks === '') return null;
  const errors = validateBlocks(args.blocks, maxBlocks);
  if (errors.length > 0) throw new ApiError('invalid_blocks', { errors, response_metadata: { messages: errors } });
  return args.blocks as unknown[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function textLength(obj: unknown): number {
  return isObj(obj) && typeof obj.text === 'string' ? obj.text.length : -1;
}

// ---------------------------------------------------------------- the simulator

export async function startSlackSimulator(options: SlackSimulatorOptions = {}): Promise<SlackSimulator> {
  const botToken = options.botToken ?? 'xoxb-simulated-token';
  const teamId = options.teamId ?? 'T0SIM0001';
  const botUserId = options.botUserId ?? 'U0SIMBOT1';
  const botId = options.botId ?? 'B0SIMBOT1';
  const scopes = options.scopes ?? ['commands', 'chat:write', 'files:write'];

  const calls: SimCall[] = [];
  const messages = new Map<string, SimMessage>();
  const ephemerals: SimEphemeral[] = [];
  const responses: SimResponse[] = [];
  const uploads = new Map<string, SimUpload>();
  const views: SimView[] = [];
  const membership = new Map<string, boolean>();
  const rateLimits = new Map<string, { retryAfterS: number; times: number }[]>();
  const failures = new Map<string, { error: string; times: number }[]>();
  let sequence = 0;
  let idSequence = 0;
  let origin = '';

  const nextTs = (): string => {
    sequence += 1;
    const micros = 1_700_000_000_000_000 + sequence * 100;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };
  const nextId = (prefix: string): string => {
    idSequence += 1;
    return `${prefix}0SIM${String(idSequence).padStart(6, '0')}`;
  };
  const key = (channel: string, ts: string) => `${channel}:${ts}`;

  const take = <T extends { times: number }>(queues: Map<string, T[]>, method: string): T | null => {
    const queue = queues.get(method);
    const head = queue?.[0];
    if (!queue || !head) return null;
    head.times -= 1;
    if (head.times <= 0) queue.shift();
    return head;
  };

  /** Channels (C…, G…) can be left; DMs and user ids are always reachable. */
  const assertCanPost = (channel: string): void => {
    if (!/^[CG]/.test(channel)) return;
    if (membership.get(channel) === false) {
      const publicChannel = channel.startsWith('C');
      if (!(publicChannel && scopes.includes('chat:write.public'))) throw new ApiError('not_in_channel');
    }
  };

  const handlers: Record<Method, (args: Record<string, unknown>) => Reply['body']> = {
    'auth.test': () => ({
      url: 'https://simulated.slack.com/',
      team: 'Simulated Team',
      user: 'creative-score',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }),

    'chat.postMessage': (args) => {
      const channel = required(args, 'channel', 'channel_not_found');
      const blocks = blocksOrThrow(args);
      const text = str(args, 'text') ?? '';
      if (text === '' && blocks === null && args.attachments === undefined) throw new ApiError('no_text');
      assertCanPost(channel);
      const ts = nextTs();
      const msg: SimMessage = {
        channel,
        ts,
        threadTs: str(args, 'thread_ts'),
        text,
        blocks,
        updates: 0,
        postedAt: Date.now(),
      };
      messages.set(key(channel, ts), msg);
      return {
        channel,
        ts,
        message: {
          type: 'message',
          text,
          user: botUserId,
          bot_id: botId,
          ts,
          ...(blocks ? { blocks } : {}),
          ...(msg.threadTs ? { thread_ts: msg.threadTs } : {}),
        },
      };
    },

    'chat.update': (args) => {
      const channel = required(args, 'channel', 'channel_not_found');
      const ts = required(args, 'ts', 'message_not_found');
      const msg = messages.get(key(channel, ts));
      if (!msg) throw new ApiError('message_not_found');
      const blocks = blocksOrThrow(args);
      const text = str(args, 'text');
      if (text === null && blocks === null) throw new ApiError('no_text');
      if (text !== null) msg.text = text;
      if (blocks !== null) msg.blocks = blocks;
      msg.updates += 1;
      return {
        channel,
        ts,
        text: msg.text,
        message: {
          type: 'message',
          text: msg.text,
          user: botUserId,
          bot_id: botId,
          ...(msg.blocks ? { blocks: msg.blocks } : {}),
        },
      };
    },

    'chat.postEphemeral': (args) => {
      const channel = required(args, 'channel', 'channel_not_found');
      const user = required(args, 'user', 'user_not_found');
      const blocks = blocksOrThrow(args);
      const text = str(args, 'text') ?? '';
      if (text === '' && blocks === null) throw new ApiError('no_text');
      assertCanPost(channel);
      const messageTs = nextTs();
      ephemerals.push({ channel, user, text, blocks, threadTs: str(args, 'thread_ts'), messageTs });
      return { message_ts: messageTs };
    },

    'chat.getPermalink': (args) => {
      const channel = required(args, 'channel', 'channel_not_found');
      const ts = required(args, 'message_ts', 'message_not_found');
      if (!messages.has(key(channel, ts))) throw new ApiError('message_not_found');
      return { channel, permalink: `https://simulated.slack.com/archives/${channel}/p${ts.replace('.', '')}` };
    },

    'files.getUploadURLExternal': (args) => {
      const filename = required(args, 'filename', 'invalid_arguments');
      const length = Number(required(args, 'length', 'invalid_arguments'));
      if (!Number.isInteger(length) || length < 0) throw new ApiError('invalid_arguments');
      const fileId = nextId('F');
      uploads.set(fileId, {
        fileId,
        filename,
        declaredLength: length,
        bytes: null,
        contentType: null,
        altText: str(args, 'alt_text') ?? str(args, 'alt_txt'),
        completed: false,
        channel: null,
        threadTs: null,
        initialComment: null,
        title: null,
      });
      return { upload_url: `${origin}/upload/${fileId}`, file_id: fileId };
    },

    'files.completeUploadExternal': (args) => {
      const list = args.files;
      if (!Array.isArray(list) || list.length === 0) throw new ApiError('invalid_arguments');
      const channel = str(args, 'channel_id') ?? str(args, 'channels')?.split(',')[0]?.trim() ?? null;
      if (channel !== null) assertCanPost(channel);
      const done = list.map((entry) => {
        const id = isObj(entry) && typeof entry.id === 'string' ? entry.id : '';
        const upload = uploads.get(id);
        if (!upload || upload.bytes === null) throw new ApiError('file_not_found');
        return { upload, title: isObj(entry) && typeof entry.title === 'string' ? entry.title : null };
      });
      return {
        files: done.map(({ upload, title }) => {
          upload.completed = true;
          upload.channel = channel;
          upload.threadTs = str(args, 'thread_ts');
          upload.initialComment = str(args, 'initial_comment');
          upload.title = title ?? upload.filename;
          return {
            id: upload.fileId,
            name: upload.filename,
            title: upload.title,
            size: upload.bytes,
            channels: channel ? [channel] : [],
            permalink: `https://simulated.slack.com/files/${botUserId}/${upload.fileId}/${encodeURIComponent(upload.filename)}`,
          };
        }),
      };
    },

    'conversations.info': (args) => {
      const channel = required(args, 'channel', 'channel_not_found');
      return {
        channel: {
          id: channel,
          name: channel.toLowerCase(),
          is_channel: channel.startsWith('C'),
          is_private: channel.startsWith('G'),
          is_im: channel.startsWith('D'),
          is_member: membership.get(channel) !== false,
        },
      };
    },

    'views.open': (args) => {
      const triggerId = required(args, 'trigger_id', 'invalid_trigger_id');
      const view = args.view;
      if (!isObj(view)) throw new ApiError('invalid_arguments');
      const errors = validateBlocks(view.blocks ?? [], LIMITS.modalBlocks);
      const titleLength = textLength(view.title);
      if (titleLength < 1 || titleLength > LIMITS.modalTitle)
        errors.push(`must be 1 to ${LIMITS.modalTitle} characters [json-pointer:/view/title/text]`);
      if (errors.length > 0) throw new ApiError('invalid_arguments', { response_metadata: { messages: errors } });
      const id = nextId('V');
      views.push({ id, triggerId, view });
      return { view: { id, team_id: teamId, state: { values: {} }, hash: `${id}.hash`, ...view } };
    },

    'users.info': (args) => {
      const user = required(args, 'user', 'user_not_found');
      return {
        user: {
          id: user,
          team_id: teamId,
          name: `user_${user.toLowerCase()}`,
          real_name: `User ${user}`,
          tz: 'UTC',
          tz_offset: 0,
          is_bot: user === botUserId,
          profile: { display_name: `user_${user.toLowerCase()}`, real_name: `User ${user}` },
        },
      };
    },
  };

  const reply = (res: ServerResponse, r: Reply) =>
    sendJson(res, r.status ?? 200, r.body, { 'x-oauth-scopes': scopes.join(','), ...(r.headers ?? {}) });

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
      if (!isMethod(method)) throw new ApiError('unknown_method');
      if (bearer(req, args) !== botToken) throw new ApiError('invalid_auth');
      const limited = take(rateLimits, method);
      if (limited) {
        result = {
          status: 429,
          body: { ok: false, error: 'ratelimited' },
          headers: { 'retry-after': String(limited.retryAfterS) },
        };
      } else {
        const failure = take(failures, method);
        if (failure) throw new ApiError(failure.error);
        const scope = REQUIRED_SCOPE[method];
        if (scope && !scopes.includes(scope)) {
          throw new ApiError('missing_scope', { needed: scope, provided: scopes.join(',') });
        }
        result = { body: { ok: true, ...handlers[method](args) } };
      }
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

  return {
    url: `${origin}/api/`,
    origin,
    botToken,
    teamId,
    botUserId,
    botId,
    responseUrl: (id) => `${origin}/response/${encodeURIComponent(id)}`,
    get calls() {
      return calls;
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    get messages() {
      return [...messages.values()];
    },
    message: (channel, ts) => messages.get(key(channel, ts)),
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
    },
    close: () => server.close(),
  };
}
