import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from './slack-requests.js';

/**
 * Socket Mode for the Slack simulator: `apps.connections.open` (called with the app-level `xapp-…` token) hands
 * out a one-use `ws://` URL on the simulator's own loopback server; the WebSocket sends `{type:"hello"}`, then
 * the envelopes a test pushes (`slash_commands`, `interactive`, …), and records the acks the app sends back
 * (`{envelope_id, payload}`). The WebSocket side is a small RFC 6455 server (text, ping/pong, close, fragments;
 * no extensions), so the simulator needs no WebSocket package.
 */

export interface SocketAck {
  envelopeId: string;
  /** the ack's payload (e.g. a slash command's ephemeral answer); `{}` for a bare ack */
  payload: Record<string, unknown>;
  at: number;
}

export interface PushOptions {
  /** `accepts_response_payload` on the envelope; true by default for `slash_commands` */
  acceptsResponsePayload?: boolean;
  /** how long to wait for the ack; 5000 ms by default */
  timeoutMs?: number;
}

export interface SocketModeSimulator {
  /** the app-level token `apps.connections.open` accepts */
  appToken: string;
  /** WebSocket connections currently open */
  readonly connections: number;
  /** every ack received, in order */
  readonly acks: SocketAck[];
  /** the close code of every close frame the app sent (1000 = normal closure) */
  readonly closes: number[];
  /** sends an envelope on the newest connection and resolves with its ack */
  push(type: string, payload: Record<string, unknown>, options?: PushOptions): Promise<SocketAck>;
}

export interface SocketModeServer extends SocketModeSimulator {
  /** `apps.connections.open`: checks the token and returns a fresh `ws://` URL under `origin` */
  openConnection(token: string | null, origin: string): string;
  /** the HTTP server's `upgrade` listener */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  reset(): void;
  /** drops every connection */
  close(): void;
}

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP = { continuation: 0x0, text: 0x1, close: 0x8, ping: 0x9, pong: 0xa } as const;

interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
  size: number;
}

/** One frame at the start of `buf`, or null while it is incomplete. Client frames are masked. */
function decodeFrame(buf: Buffer): Frame | null {
  if (buf.length < 2) return null;
  const first = buf.readUInt8(0);
  const second = buf.readUInt8(1);
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buf.length < 4) return null;
    length = buf.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buf.length < 10) return null;
    length = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = (second & 0x80) !== 0;
  const maskAt = offset;
  if (masked) offset += 4;
  if (buf.length < offset + length) return null;
  const payload = Buffer.from(buf.subarray(offset, offset + length));
  if (masked)
    for (let i = 0; i < payload.length; i++)
      payload.writeUInt8(payload.readUInt8(i) ^ buf.readUInt8(maskAt + (i % 4)), i);
  return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload, size: offset + length };
}

/** An unmasked, unfragmented server frame. */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  let head: Buffer;
  if (length < 126) {
    head = Buffer.from([0x80 | opcode, length]);
  } else if (length < 0x10000) {
    head = Buffer.from([0x80 | opcode, 126, 0, 0]);
    head.writeUInt16BE(length, 2);
  } else {
    head = Buffer.alloc(10);
    head.writeUInt8(0x80 | opcode, 0);
    head.writeUInt8(127, 1);
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([head, payload]);
}

interface Connection {
  socket: Duplex;
  send(message: unknown): void;
}

export function createSocketModeServer(options: { appToken: string; appId: string }): SocketModeServer {
  const { appToken, appId } = options;
  const tickets = new Set<string>();
  const open: Connection[] = [];
  const acks: SocketAck[] = [];
  const closes: number[] = [];
  const waiting = new Map<string, { resolve: (ack: SocketAck) => void; reject: (err: Error) => void }>();

  function onMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { envelope_id: envelopeId, payload } = message as { envelope_id?: unknown; payload?: unknown };
    if (typeof envelopeId !== 'string') return;
    const ack: SocketAck = {
      envelopeId,
      payload: typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {},
      at: Date.now(),
    };
    acks.push(ack);
    waiting.get(envelopeId)?.resolve(ack);
  }

  function accept(socket: Duplex, head: Buffer): void {
    let buffer = head;
    let fragments: Buffer[] = [];
    let closed = false;
    const write = (opcode: number, payload: Buffer) => {
      if (!socket.destroyed && socket.writable) socket.write(encodeFrame(opcode, payload));
    };
    const connection: Connection = {
      socket,
      send: (message) => write(OP.text, Buffer.from(JSON.stringify(message))),
    };
    const onData = () => {
      if (closed) return;
      for (let frame = decodeFrame(buffer); frame; frame = decodeFrame(buffer)) {
        buffer = buffer.subarray(frame.size);
        if (frame.opcode === OP.ping) write(OP.pong, frame.payload);
        else if (frame.opcode === OP.close) {
          closes.push(frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005);
          // Answer the close handshake, then end the TCP connection as a server does.
          write(OP.close, frame.payload.subarray(0, 2));
          closed = true;
          socket.end();
          return;
        } else if (frame.opcode === OP.text || frame.opcode === OP.continuation) {
          fragments.push(frame.payload);
          if (frame.fin) {
            onMessage(Buffer.concat(fragments).toString('utf8'));
            fragments = [];
          }
        }
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      onData();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      const index = open.indexOf(connection);
      if (index >= 0) open.splice(index, 1);
    });
    open.push(connection);
    connection.send({
      type: 'hello',
      num_connections: open.length,
      debug_info: { host: 'applink-simulated', approximate_connection_time: 18060 },
      connection_info: { app_id: appId },
    });
    if (buffer.length > 0) onData();
  }

  return {
    appToken,
    get connections() {
      return open.length;
    },
    get acks() {
      return acks;
    },
    get closes() {
      return closes;
    },
    openConnection(token, origin) {
      if (token !== appToken)
        throw new ApiError(token?.startsWith('xapp-') ? 'invalid_auth' : 'not_allowed_token_type');
      const ticket = randomUUID();
      tickets.add(ticket);
      return `${origin.replace(/^http/, 'ws')}/link/?ticket=${ticket}`;
    },
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://simulator');
      const ticket = url.searchParams.get('ticket') ?? '';
      const key = req.headers['sec-websocket-key'];
      if (url.pathname !== '/link/' || !tickets.delete(ticket) || typeof key !== 'string') {
        socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      const acceptKey = createHash('sha1').update(`${key}${WS_GUID}`).digest('base64');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: ${acceptKey}\r\n\r\n`,
      );
      accept(socket, head);
    },
    push(type, payload, pushOptions = {}) {
      const connection = open.at(-1);
      if (!connection) return Promise.reject(new Error('no Socket Mode connection is open'));
      const envelopeId = randomUUID();
      const timeoutMs = pushOptions.timeoutMs ?? 5000;
      return new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(envelopeId);
          reject(new Error(`no ack for the ${type} envelope within ${timeoutMs} ms`));
        }, timeoutMs);
        const settle = () => {
          clearTimeout(timer);
          waiting.delete(envelopeId);
        };
        waiting.set(envelopeId, {
          resolve: (ack) => {
            settle();
            resolve(ack);
          },
          reject: (err) => {
            settle();
            reject(err);
          },
        });
        connection.send({
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: pushOptions.acceptsResponsePayload ?? type === 'slash_commands',
        });
      });
    },
    reset() {
      acks.length = 0;
      closes.length = 0;
    },
    close() {
      for (const pending of [...waiting.values()]) pending.reject(new Error('the Slack simulator closed'));
      for (const connection of [...open]) connection.socket.destroy();
      open.length = 0;
      tickets.clear();
    },
  };
}
