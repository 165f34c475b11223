import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Clock } from '../util/clock.js';
import { hash32 } from './seeded.js';
import type { SampleAccount, SampleVideo } from './tiktok-data.js';

/**
 * The CDN behind the simulated TikTok's preview and cover URLs: signed links that expire (or are revoked), byte
 * ranges and HEAD, and the video bytes themselves, generated on the fly so a 1 GB video never sits in memory.
 */

export type CdnKind = 'video' | 'cover';

export interface TikTokCdn {
  /** A signed preview (`video`) or cover URL, valid until `expires` (unix seconds). */
  url(kind: CdnKind, videoId: string, expires: number): string;
  /** When links handed out now for a video expire: after the TTL, or — once after `expire` — a minute ago. */
  nextExpiry(videoId: string): number;
  /** Invalidates every link issued so far for one video (or all), and makes their next `nextExpiry` a past one. */
  expire(videoId?: string): void;
  /** Answers a `/cdn/…` request, setting `call.status` before the answer is written. */
  serve(req: IncomingMessage, res: ServerResponse, url: URL, call: { status: number | null }): Promise<void>;
}

export interface TikTokCdnOptions {
  account: SampleAccount;
  clock: Clock;
  /** lifetime of preview and cover URLs */
  ttlMs: number;
  /** the simulator's origin, known once it listens */
  origin: () => string;
}

const URL_SECRET = 'creative-score-tiktok-simulator';

export function createTikTokCdn({ account, clock, ttlMs, origin }: TikTokCdnOptions): TikTokCdn {
  /** bumping a video's epoch invalidates every URL signed for it before */
  const epochs = new Map<string, number>();
  let globalEpoch = 0;
  /** videos whose next video-info answer hands out an already-expired URL */
  const expireOnce = new Set<string>();

  const epochOf = (videoId: string) => `${globalEpoch}.${epochs.get(videoId) ?? 0}`;
  const sign = (kind: string, videoId: string, expires: number) =>
    createHmac('sha256', URL_SECRET)
      .update(`${kind}:${videoId}:${expires}:${epochOf(videoId)}`)
      .digest('hex')
      .slice(0, 32);

  async function serve(req: IncomingMessage, res: ServerResponse, url: URL, call: { status: number | null }) {
    const deny = (status: number, text: string) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(405, 'method not allowed');
    const m = url.pathname.match(/^\/cdn\/(video|cover)\/([^/]+)\.(mp4|png)$/);
    const kind = m?.[1] as CdnKind | undefined;
    const video = m ? account.videos.find((v) => v.videoId === decodeURIComponent(m[2]!)) : undefined;
    if (!m || !kind || !video || (kind === 'video') !== (m[3] === 'mp4')) return deny(404, 'not found');
    const expires = Number(url.searchParams.get('x-expires'));
    const signature = url.searchParams.get('x-signature') ?? '';
    if (!Number.isInteger(expires) || signature !== sign(kind, video.videoId, expires)) {
      return deny(403, 'Access denied: the link signature is not valid.');
    }
    if (expires * 1000 <= clock.now()) return deny(403, 'Access denied: the link has expired.');

    if (kind === 'cover') {
      call.status = 200;
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(SAMPLE_COVER_PNG.length) });
      res.end(req.method === 'HEAD' ? undefined : SAMPLE_COVER_PNG);
      return;
    }
    const size = video.sizeBytes;
    let start = 0;
    let end = size - 1;
    let status = 200;
    const range = req.headers.range;
    if (range) {
      const r = range.match(/^bytes=(\d*)-(\d*)$/);
      if (r && (r[1] !== '' || r[2] !== '')) {
        if (r[1] === '') start = Math.max(0, size - Number(r[2]));
        else {
          start = Number(r[1]);
          end = r[2] === '' ? size - 1 : Math.min(size - 1, Number(r[2]));
        }
      }
      if (!r || start > end || start >= size) {
        call.status = 416;
        res.writeHead(416, { 'content-range': `bytes */${size}` });
        res.end();
        return;
      }
      status = 206;
    }
    call.status = status;
    res.writeHead(status, {
      'content-type': 'video/mp4',
      'content-length': String(end - start + 1),
      'accept-ranges': 'bytes',
      ...(status === 206 ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    try {
      await pipeline(Readable.from(videoChunks(video, start, end + 1)), res);
    } catch {
      // The client hung up mid-download; nothing to clean up.
    }
  }

  return {
    url: (kind, videoId, expires) =>
      `${origin()}/cdn/${kind}/${encodeURIComponent(videoId)}.${kind === 'video' ? 'mp4' : 'png'}?x-expires=${expires}&x-signature=${sign(kind, videoId, expires)}`,
    nextExpiry(videoId) {
      let expires = Math.floor((clock.now() + ttlMs) / 1000);
      if (expireOnce.delete(videoId)) expires = Math.floor(clock.now() / 1000) - 60;
      return expires;
    },
    expire(videoId) {
      if (videoId === undefined) {
        globalEpoch++;
        for (const v of account.videos) expireOnce.add(v.videoId);
      } else {
        epochs.set(videoId, (epochs.get(videoId) ?? 0) + 1);
        expireOnce.add(videoId);
      }
    },
    serve,
  };
}

// --- video bytes ------------------------------------------------------------------------------------------

const BLOCK_BYTES = 64 * 1024;
/** An ISO-BMFF `ftyp` box, so the bytes at least start like an MP4 file. */
const MP4_HEADER = Buffer.concat([
  Buffer.from([0, 0, 0, 32]),
  Buffer.from('ftypisom', 'latin1'),
  Buffer.from([0, 0, 2, 0]),
  Buffer.from('isomiso2avc1mp41', 'latin1'),
]);
const blockCache = new Map<string, Buffer>();
const md5Cache = new Map<string, string>();

function blockFor(videoId: string): Buffer {
  let block = blockCache.get(videoId);
  if (!block) {
    block = Buffer.allocUnsafe(BLOCK_BYTES);
    let x = hash32(`bytes:${videoId}`) || 1;
    for (let i = 0; i < BLOCK_BYTES; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      block.writeInt32LE(x | 0, i);
    }
    if (blockCache.size >= 16) blockCache.delete(blockCache.keys().next().value as string);
    blockCache.set(videoId, block);
  }
  return block;
}

/**
 * The video's bytes in [start, end) as a sequence of chunks (≤ 64 KiB each), generated on the fly from a block
 * seeded by the video id, so a 1 GB video never sits in memory.
 */
export function* videoChunks(
  video: Pick<SampleVideo, 'videoId' | 'sizeBytes'>,
  start = 0,
  end = video.sizeBytes,
): Generator<Buffer> {
  const block = blockFor(video.videoId);
  let pos = Math.max(0, start);
  const stop = Math.min(end, video.sizeBytes);
  while (pos < stop) {
    const offset = pos % BLOCK_BYTES;
    const length = Math.min(BLOCK_BYTES - offset, stop - pos);
    if (pos < MP4_HEADER.length) {
      const chunk = Buffer.from(block.subarray(offset, offset + length));
      MP4_HEADER.copy(chunk, 0, pos, Math.min(MP4_HEADER.length, pos + length));
      yield chunk;
    } else {
      yield block.subarray(offset, offset + length);
    }
    pos += length;
  }
}

/** MD5 (hex) of the bytes `videoChunks` serves; computed once per video id and size. */
export function videoMd5(video: Pick<SampleVideo, 'videoId' | 'sizeBytes'>): string {
  const key = `${video.videoId}:${video.sizeBytes}`;
  let md5 = md5Cache.get(key);
  if (!md5) {
    const h = createHash('md5');
    for (const chunk of videoChunks(video)) h.update(chunk);
    md5 = h.digest('hex');
    md5Cache.set(key, md5);
  }
  return md5;
}

/** A 1×1 PNG served as every cover image. */
export const SAMPLE_COVER_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
