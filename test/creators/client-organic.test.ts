import { describe, expect, it } from 'vitest';
import { parseVideoReference } from '../../src/creators/links.js';
import { NOW, rejection, startTikOmniForFile } from './fixtures.js';

const { sim, lines, client } = await startTikOmniForFile();

describe('TikOmniClient — organic videos (App-V3)', () => {
  it('resolves a short share link to the video with the lowest bit-rate play URL and public stats', async () => {
    const sample = sim.videos().find((v) => v.itemId === '7400000000000000001');
    if (!sample) throw new Error('sample video missing');
    const ref = parseVideoReference(`<${sample.shareUrl}>`);
    expect(ref).toEqual({ kind: 'share_url', url: sample.shareUrl });

    const video = await client().fetchVideoByShareUrl(sample.shareUrl);
    expect(video.itemId).toBe('7400000000000000001');
    expect(video.authorHandle).toBe('brandhq');
    expect(video.description).toContain('spring collection');
    expect(video.createdAt).toBe(Math.floor(NOW / 1000) * 1000 - 5 * 86_400_000);
    expect(video.durationS).toBeGreaterThanOrEqual(20);
    expect(video.durationS).toBeLessThan(60);
    expect(video.playUrl).toMatch(new RegExp(`^${sim.url}/cdn/video/7400000000000000001/540\\.mp4\\?x-expires=`));
    expect(video.coverUrl).toMatch(/\/cdn\/cover\/7400000000000000001\.jpeg/);
    const s = video.stats;
    expect(s.plays).toBe(152_340);
    expect(s.likes).toBeGreaterThan(0);
    const expected = (((s.likes ?? 0) + (s.comments ?? 0) + (s.shares ?? 0) + (s.saves ?? 0)) / 152_340) * 100;
    expect(s.engagementRate).toBeCloseTo(expected, 3);
    expect(s.authorHandle).toBe('brandhq');
    expect(s.createdAt).toBe(video.createdAt);

    // The play URL streams from the simulated CDN.
    const res = await fetch(video.playUrl);
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe((await res.arrayBuffer()).byteLength);
  });

  it('fetches by item id, with the id taken straight from a long URL', async () => {
    const ref = parseVideoReference('https://www.tiktok.com/@brandhq/video/7400000000000000002?lang=en');
    expect(ref).toEqual({ kind: 'item_id', itemId: '7400000000000000002' });
    const video = await client().fetchVideo('7400000000000000002');
    expect(video.itemId).toBe('7400000000000000002');
    expect(video.playUrl).toContain('/540.mp4');
  });

  it('reports no engagement rate for a video without plays', async () => {
    const { itemId } = sim.addVideo({ handle: 'someone', plays: 0 });
    const video = await client().fetchVideo(itemId);
    expect(video.stats.plays).toBe(0);
    expect(video.stats.engagementRate).toBeNull();
  });

  it('explains unavailable videos, photo posts and unresolvable links', async () => {
    const missing = await rejection(client().fetchVideo('7999999999999999999'));
    expect(missing.code).toBe('bad_input');
    expect(missing.message).toContain('Video currently unavailable');

    const photo = await rejection(client().fetchVideo('7400000000000000003'));
    expect(photo.code).toBe('not_a_video');

    const before = sim.calls.length;
    const bad = await rejection(client().fetchVideoByShareUrl('https://vm.tiktok.com/ZMnope123/'));
    expect(bad.code).toBe('tikomni_error');
    expect(bad.message).toContain('HTTP 400');
    expect(sim.calls.length - before).toBe(1); // 400 is not retried

    const notTikTok = await rejection(client().fetchVideoByShareUrl('https://example.com/x'));
    expect(notTikTok.code).toBe('bad_input');
    const badId = await rejection(client().fetchVideo('12ab'));
    expect(badId.code).toBe('bad_input');
  });

  it('never returns or logs params or cache_url', async () => {
    lines.length = 0;
    const video = await client().fetchVideo('7400000000000000001');
    const out = JSON.stringify(video);
    expect(out).not.toContain('cache');
    expect(out).not.toContain('params');
    await rejection(client().fetchVideoByShareUrl('https://vm.tiktok.com/ZMnope123/'));
    const log = lines.join('\n');
    expect(lines.some((l) => l.includes('fetch_one_video'))).toBe(true);
    expect(log).not.toContain('cache.tikomni.com');
    expect(log).not.toContain('"params"');
    expect(log).not.toContain(sim.apiKey);
  });
});
