import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Agent, interceptors, request } from 'undici';
import { UserError } from '../errors.js';

export interface VideoLocation {
  url: string;
  sizeBytes: number | null;
  /** MD5 hex of the file when the source gives it */
  md5: string | null;
}

export interface DownloadOptions {
  /** where the video is now */
  location: VideoLocation;
  /** asks the source for a fresh URL (used once after a 403/410 from the CDN) */
  refresh: () => Promise<VideoLocation>;
  dir: string;
  fileName: string;
  onProgress?: (bytes: number, totalBytes: number | null) => void;
  signal?: AbortSignal;
}

export interface DownloadedFile {
  path: string;
  sizeBytes: number;
  md5: string;
  /** removes the file; safe to call twice */
  remove(): Promise<void>;
}

const EXPIRED = new Set([401, 403, 404, 410]);

/** CDN links (TikOmni play URLs especially) may redirect. */
const cdnDispatcher = new Agent({ keepAliveTimeout: 4_000 }).compose(interceptors.redirect({ maxRedirections: 5 }));

/**
 * Streams a video from its CDN URL to a temp file (never whole in memory), hashing as it goes, and checks
 * size and MD5 when the source gave them. An expired URL (403/410) is refreshed once. On any failure the
 * partial file is removed.
 */
export async function downloadVideo(options: DownloadOptions): Promise<DownloadedFile> {
  const path = join(options.dir, options.fileName);
  const remove = () => rm(path, { force: true });
  let location = options.location;
  try {
    for (let attempt = 0; ; attempt++) {
      const res = await request(location.url, {
        method: 'GET',
        signal: options.signal,
        dispatcher: cdnDispatcher,
      }).catch((cause: unknown) => {
        throw new UserError(
          'video_download_failed',
          'The video could not be downloaded from TikTok’s CDN.',
          'Try again in a minute.',
          {
            cause,
            retryable: true,
          },
        );
      });
      if (EXPIRED.has(res.statusCode) && attempt === 0) {
        await res.body.dump();
        location = await options.refresh();
        continue;
      }
      if (res.statusCode !== 200) {
        await res.body.dump();
        throw new UserError(
          'video_download_failed',
          `TikTok’s CDN refused the video download (HTTP ${res.statusCode}${attempt > 0 ? ', even with a fresh link' : ''}).`,
          'The video may have been removed or is not downloadable; check it in TikTok Ads Manager.',
        );
      }
      const header = Number(res.headers['content-length']);
      const total = location.sizeBytes ?? (Number.isFinite(header) ? header : null);
      const hash = createHash('md5');
      let bytes = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          hash.update(chunk);
          options.onProgress?.(bytes, total);
          done(null, chunk);
        },
      });
      await pipeline(res.body, meter, createWriteStream(path), { signal: options.signal });
      const md5 = hash.digest('hex');
      if (location.sizeBytes != null && bytes !== location.sizeBytes)
        throw new UserError(
          'video_download_failed',
          `The downloaded video is incomplete (${bytes} of ${location.sizeBytes} bytes).`,
          'Try again; the connection to TikTok’s CDN was probably interrupted.',
          { retryable: true },
        );
      if (location.md5 && md5.toLowerCase() !== location.md5.toLowerCase())
        throw new UserError(
          'video_download_failed',
          'The downloaded video does not match the checksum TikTok reports for it.',
          'Try again; if it persists, re-upload the video in TikTok Ads Manager.',
          { retryable: true },
        );
      return { path, sizeBytes: bytes, md5, remove };
    }
  } catch (err) {
    await remove();
    throw err;
  }
}
