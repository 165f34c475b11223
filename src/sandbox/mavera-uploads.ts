import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, hex } from './mavera-http.js';
import type { MaveraSimulatorStats } from './mavera-types.js';

/**
 * How videos reach the simulated Mavera, consumed as streams (counted and hashed, never buffered): the reference
 * shape's presigned PUT storage (signature, expiry, signed Content-Type, exact byte count) and the recipes
 * shape's multipart `/assets` upload.
 */

const UPLOAD_URL_TTL_S = 3600;
const MAX_VIDEO_BYTES = 2 * 1024 ** 3;
const MAX_OTHER_BYTES = 10 * 1024 ** 2;

/** Bytes that arrived at the storage, by public URL. */
export interface StoredObject {
  size: number;
  sha256: string;
  contentType: string;
  name: string;
}

interface PendingUpload {
  signature: string;
  expiresAt: number;
  contentType: string;
  size: number;
  name: string;
  publicUrl: string;
}

type UploadCounters = Pick<MaveraSimulatorStats, 'uploads' | 'uploadBytes'>;

export interface PresignedStorage {
  /** Signs an upload of `size` bytes and returns the `/files/upload-url` answer; 400 above the size limit. */
  presign(file: { name: string; type: string; size: number }): Record<string, unknown>;
  /** What was uploaded to a public URL, once its bytes arrived complete. */
  get(publicUrl: string): StoredObject | undefined;
  /** Answers a request to `/storage/<key>` the way S3 answers a presigned PUT. */
  handlePut(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export function createPresignedStorage(options: {
  workspaceId: string;
  /** the simulator's origin, known once it listens */
  origin: () => string;
  stats: UploadCounters;
}): PresignedStorage {
  const { workspaceId, origin, stats } = options;
  const pending = new Map<string, PendingUpload>();
  const stored = new Map<string, StoredObject>();

  function presign({ name, type, size }: { name: string; type: string; size: number }): Record<string, unknown> {
    const max = type.startsWith('video/') ? MAX_VIDEO_BYTES : MAX_OTHER_BYTES;
    if (size > max) throw new ApiError(400, 'invalid_field', `file_size above the ${max}-byte limit`, 'file_size');
    const key = `${workspaceId}/${hex(8)}/${encodeURIComponent(name.replace(/[/\\]/g, '_'))}`;
    const signature = hex(16);
    const publicUrl = `${origin()}/public/${key}`;
    pending.set(key, {
      signature,
      expiresAt: Date.now() + UPLOAD_URL_TTL_S * 1000,
      contentType: type,
      size,
      name,
      publicUrl,
    });
    const query = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=${UPLOAD_URL_TTL_S}&X-Amz-Signature=${signature}`;
    return {
      object: 'upload_url',
      upload_url: `${origin()}/storage/${key}?${query}`,
      public_url: publicUrl,
      key,
      expires_in: UPLOAD_URL_TTL_S,
      method: 'PUT',
      headers: { 'Content-Type': type },
      next_step: {
        description: 'Upload the file with PUT, then create the file record',
        endpoint: '/files',
        body: { name, type, url: publicUrl, workspace_id: workspaceId, file_size: size },
      },
    };
  }

  async function handlePut(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const key = url.pathname.slice('/storage/'.length);
    const upload = pending.get(key);
    if (req.method !== 'PUT') return storageError(res, 405, 'MethodNotAllowed', 'Use PUT');
    if (!upload) return storageError(res, 404, 'NoSuchUpload', 'Unknown upload key');
    if (req.headers.authorization) {
      return storageError(res, 400, 'InvalidArgument', 'Only one auth mechanism allowed');
    }
    if (url.searchParams.get('X-Amz-Signature') !== upload.signature) {
      return storageError(res, 403, 'SignatureDoesNotMatch', 'Bad signature');
    }
    if (Date.now() > upload.expiresAt) return storageError(res, 403, 'AccessDenied', 'Request has expired');
    if (req.headers['content-type'] !== upload.contentType) {
      return storageError(res, 403, 'SignatureDoesNotMatch', 'Content-Type differs from the signed one');
    }
    const declared = req.headers['content-length'];
    if (declared == null) return storageError(res, 411, 'MissingContentLength', 'Content-Length is required');
    if (Number(declared) !== upload.size) {
      return storageError(res, 400, 'IncompleteBody', `Expected ${upload.size} bytes, Content-Length says ${declared}`);
    }
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    }
    if (size !== upload.size) {
      return storageError(res, 400, 'IncompleteBody', `Expected ${upload.size} bytes, received ${size}`);
    }
    const sha256 = hash.digest('hex');
    stored.set(upload.publicUrl, { size, sha256, contentType: upload.contentType, name: upload.name });
    stats.uploads++;
    stats.uploadBytes += size;
    res.writeHead(200, { etag: `"${sha256.slice(0, 32)}"` });
    res.end();
  }

  return { presign, get: (publicUrl) => stored.get(publicUrl), handlePut };
}

/** S3-style failures are plain text here; the client only looks at the status. */
function storageError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

/** A recipes `/assets` upload: the `file` part of a multipart body, counted and hashed as it streams by. */
export async function receiveVideoPart(
  req: IncomingMessage,
): Promise<{ fileName: string; contentType: string; size: number; sha256: string }> {
  const boundary = /^multipart\/form-data;.*\bboundary="?([^";]+)"?/i.exec(req.headers['content-type'] ?? '')?.[1];
  if (!boundary) throw new ApiError(400, 'invalid_request', 'Expected a multipart/form-data body with a file field');
  if (req.headers['content-length'] == null) {
    throw new ApiError(411, 'length_required', 'Content-Length is required for uploads');
  }
  const hash = createHash('sha256');
  let size = 0;
  const file = await scanMultipart(req, boundary, (chunk) => {
    size += chunk.length;
    hash.update(chunk);
  });
  if (!file) throw new ApiError(400, 'missing_field', 'file is required', 'file');
  if (!file.contentType.startsWith('video/')) {
    throw new ApiError(400, 'invalid_field', 'file must be a video', 'file');
  }
  if (size === 0) throw new ApiError(400, 'invalid_field', 'file is empty', 'file');
  if (size > MAX_VIDEO_BYTES) throw new ApiError(400, 'invalid_field', 'file above 2 GB', 'file');
  return { ...file, size, sha256: hash.digest('hex') };
}

/** Streams a multipart/form-data body, handing the `file` part's bytes to `onFile` without buffering them. */
async function scanMultipart(
  req: IncomingMessage,
  boundary: string,
  onFile: (chunk: Buffer) => void,
): Promise<{ fileName: string; contentType: string } | null> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const malformed = () => new ApiError(400, 'invalid_request', 'Malformed multipart body');
  let buf: Buffer = Buffer.from('\r\n');
  let state: 'preamble' | 'headers' | 'body' | 'after' | 'done' = 'preamble';
  let part: { name: string; fileName: string; contentType: string } | null = null;
  let file: { fileName: string; contentType: string } | null = null;
  const emit = (data: Buffer) => {
    if (state === 'body' && part?.name === 'file' && data.length > 0) onFile(data);
  };
  for await (const chunk of req) {
    buf = buf.length === 0 ? (chunk as Buffer) : Buffer.concat([buf, chunk as Buffer]);
    for (;;) {
      if (state === 'preamble' || state === 'body') {
        const at = buf.indexOf(delimiter);
        if (at === -1) {
          const keep = delimiter.length - 1;
          if (buf.length > keep) {
            emit(buf.subarray(0, buf.length - keep));
            buf = buf.subarray(buf.length - keep);
          }
          break;
        }
        emit(buf.subarray(0, at));
        if (state === 'body' && part?.name === 'file')
          file = { fileName: part.fileName, contentType: part.contentType };
        buf = buf.subarray(at + delimiter.length);
        state = 'after';
      }
      if (state === 'after') {
        if (buf.length < 2) break;
        const next = buf.subarray(0, 2).toString('latin1');
        if (next === '--') {
          state = 'done';
        } else if (next === '\r\n') {
          buf = buf.subarray(2);
          state = 'headers';
        } else throw malformed();
      }
      if (state === 'headers') {
        const end = buf.indexOf('\r\n\r\n');
        if (end === -1) {
          if (buf.length > 16 * 1024) throw malformed();
          break;
        }
        const head = buf.subarray(0, end).toString('utf8');
        const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(head)?.[1] ?? '';
        part = {
          name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '',
          fileName: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? '',
          contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream',
        };
        buf = buf.subarray(end + 4);
        state = 'body';
        continue;
      }
      if (state === 'done') buf = Buffer.alloc(0);
      break;
    }
  }
  if (state !== 'done') throw malformed();
  return file;
}
