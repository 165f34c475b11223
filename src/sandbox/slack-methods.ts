import { LIMITS, validateBlocks } from '../slack/blocks/limits.js';
import { ApiError, blocksOrThrow, required, str } from './slack-requests.js';
import type { SimEphemeral, SimMessage, SimUpload, SimView } from './slack-types.js';

/**
 * The Web API methods the simulated Slack answers — chat.*, files.* (the external upload flow), views.open,
 * conversations.info, users.info, auth.test — each from its arguments to the fields of an `ok: true` answer,
 * refusing the way Slack does (`ApiError`).
 */

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
export type Method = (typeof KNOWN_METHODS)[number];

/** Scope a method needs beyond the token itself. */
export const REQUIRED_SCOPE: Partial<Record<Method, string>> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
};

export function isMethod(name: string): name is Method {
  return (KNOWN_METHODS as readonly string[]).includes(name);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function textLength(obj: unknown): number {
  return isObj(obj) && typeof obj.text === 'string' ? obj.text.length : -1;
}

/** A message's key in `MethodContext.messages`. */
export const messageKey = (channel: string, ts: string) => `${channel}:${ts}`;

/** The simulator's identity and the records the methods read and write. */
export interface MethodContext {
  teamId: string;
  botUserId: string;
  botId: string;
  scopes: readonly string[];
  /** the simulator's origin, known once it listens */
  origin: () => string;
  messages: Map<string, SimMessage>;
  ephemerals: SimEphemeral[];
  uploads: Map<string, SimUpload>;
  views: SimView[];
  /** channels the bot was removed from map to false */
  membership: ReadonlyMap<string, boolean>;
}

export function slackMethods(
  context: MethodContext,
): Record<Method, (args: Record<string, unknown>) => Record<string, unknown>> {
  const { teamId, botUserId, botId, scopes, origin, messages, ephemerals, uploads, views, membership } = context;
  let sequence = 0;
  let idSequence = 0;

  const nextTs = (): string => {
    sequence += 1;
    const micros = 1_700_000_000_000_000 + sequence * 100;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };
  const nextId = (prefix: string): string => {
    idSequence += 1;
    return `${prefix}0SIM${String(idSequence).padStart(6, '0')}`;
  };

  /** Channels (C…, G…) can be left; DMs and user ids are always reachable. */
  const assertCanPost = (channel: string): void => {
    if (!/^[CG]/.test(channel)) return;
    if (membership.get(channel) === false) {
      const publicChannel = channel.startsWith('C');
      if (!(publicChannel && scopes.includes('chat:write.public'))) throw new ApiError('not_in_channel');
    }
  };

  return {
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
      messages.set(messageKey(channel, ts), msg);
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
      const msg = messages.get(messageKey(channel, ts));
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
      if (!messages.has(messageKey(channel, ts))) throw new ApiError('message_not_found');
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
      return { upload_url: `${origin()}/upload/${fileId}`, file_id: fileId };
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
}
