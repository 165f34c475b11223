import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CdnLinks, fillVideoBytes, GEARS, type Video } from './tikomni-data.js';
import type { TikOmniSimulatorStats } from './tikomni-types.js';

/**
 * TikTok's video CDN as the TikOmni simulator serves it: play and cover URLs signed with `x-expires`, every
 * rendition's bytes streamed (never held whole), and a small JPEG per cover.
 */

export interface TikOmniCdn {
  /** the signed URLs and rendition sizes the API answers carry */
  links: CdnLinks;
  /** answers a `/cdn/…` request */
  serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export interface TikOmniCdnOptions {
  /** signs the URLs */
  secret: string;
  /** lifetime of signed URLs in seconds (negative issues already-expired URLs) */
  ttlS: number;
  /** size of the lowest rendition of a video */
  videoBytes: (itemId: string) => number;
  /** the simulator's origin, known once it listens */
  origin: () => string;
  videos: ReadonlyMap<string, Video>;
  stats: Pick<TikOmniSimulatorStats, 'cdnRequests' | 'cdnBytes'>;
}

export function createTikOmniCdn({ secret, ttlS, videoBytes, origin, videos, stats }: TikOmniCdnOptions): TikOmniCdn {
  const sign = (path: string, expires: number) =>
    createHash('sha256').update(`${path}:${expires}:${secret}`).digest('hex').slice(0, 24);
  const cdnUrl = (path: string) => {
    const expires = Math.floor(Date.now() / 1000) + ttlS;
    return `${origin()}${path}?x-expires=${expires}&x-signature=${sign(path, expires)}`;
  };
  const playUrl = (itemId: string, gear: string) => cdnUrl(`/cdn/video/${itemId}/${gear}.mp4`);
  const coverUrl = (itemId: string) => cdnUrl(`/cdn/cover/${itemId}.jpeg`);
  const renditionSize = (itemId: string, factor: number) => Math.max(64, Math.floor(videoBytes(itemId))) * factor;

  async function serveCdn(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    stats.cdnRequests++;
    const expires = Number(url.searchParams.get('x-expires'));
    const signature = url.searchParams.get('x-signature');
    if (!Number.isFinite(expires) || signature !== sign(url.pathname, expires) || expires < Date.now() / 1000) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('Access Denied');
      return;
    }
    const video = /^\/cdn\/video\/(\d+)\/(\w+)\.mp4$/.exec(url.pathname);
    const cover = /^\/cdn\/cover\/(\d+)\.jpeg$/.exec(url.pathname);
    if (video && videos.has(video[1] as string)) {
      const itemId = video[1] as string;
      const gear = video[2] as string;
      const factor = GEARS.find((g) => g.gear === gear)?.sizeFactor ?? 2;
      const size = renditionSize(itemId, factor);
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(size), 'accept-ranges': 'bytes' });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const chunk = 64 * 1024;
      for (let offset = 0; offset < size; offset += chunk) {
        const buf = Buffer.alloc(Math.min(chunk, size - offset));
        fillVideoBytes(buf, offset, itemId, gear);
        stats.cdnBytes += buf.length;
        if (!res.write(buf)) await new Promise<void>((resolve) => res.once('drain', resolve));
        if (res.destroyed) return;
      }
      res.end();
      return;
    }
    if (cover && videos.has(cover[1] as string)) {
      const body = Buffer.concat([
        Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
        Buffer.from(`cover ${cover[1]}`),
        Buffer.from([0xff, 0xd9]),
      ]);
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(body.length) });
      res.end(req.method === 'HEAD' ? undefined : body);
      stats.cdnBytes += body.length;
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not Found');
  }

  return { links: { playUrl, coverUrl, size: renditionSize }, serve: serveCdn };
}
