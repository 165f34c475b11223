import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TikOmniClient } from '../../src/creators/client.js';
import {
  SIM_CREATORS,
  simulatedVideoContent,
  startTikOmniSimulator,
  type TikOmniSimulator,
} from '../../src/sandbox/tikomni.js';
import { acceleratedClock } from '../../src/util/clock.js';
import { RateLimiter } from '../../src/util/limiter.js';

const NOW = Date.UTC(2025, 3, 29, 12);
let sim: TikOmniSimulator;
const auth = () => ({ authorization: `Bearer ${sim.apiKey}` });

beforeAll(async () => {
  sim = await startTikOmniSimulator({ now: NOW, videoBytes: () => 100_000 });
});
afterAll(() => sim.close());

describe('TikOmni simulator', () => {
  it('has sample creators identified by cookies', () => {
    expect(sim.creators.map((c) => c.name)).toEqual(['ava', 'ben', 'cleo']);
    expect(SIM_CREATORS[0].cookie).toMatch(/^sessionid=sim-creator-ava-/);
    expect(sim.creator('ava').videoItemIds).toHaveLength(14);
    expect(sim.creator('ben').violationScore).toBeGreaterThanOrEqual(9);
  });

  it('is strict about the key, routes and methods', async () => {
    const path = '/api/u1/v1/tiktok/app/v3/fetch_one_video?aweme_id=7400000000000000001';
    const missing = await fetch(`${sim.url}${path}`);
    expect(missing.status).toBe(401);
    const body = (await missing.json()) as { detail: { code: number; message: string; router: string } };
    expect(body.detail.code).toBe(401);
    expect(body.detail.router).toBe('/api/v1/tiktok/app/v3/fetch_one_video');
    expect((await fetch(`${sim.url}${path}`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect(
      (await fetch(`${sim.url}${path}`, { headers: { cookie: `Authorization=Bearer ${sim.apiKey}` } })).status,
    ).toBe(200);
    expect((await fetch(`${sim.url}/api/u1/v1/tiktok/app/v3/unknown`, { headers: auth() })).status).toBe(404);
    expect((await fetch(`${sim.url}${path}`, { method: 'POST', headers: auth() })).status).toBe(405);
    expect((await fetch(`${sim.url}/api/u1/v1/tiktok/app/v3/fetch_one_video`, { headers: auth() })).status).toBe(422);
  });

  it('answers with the full envelope, echoing params (cookie included) and a cache_url', async () => {
    const cookie = sim.creator('ava').cookie;
    const res = await fetch(`${sim.url}/api/u1/v1/tiktok/creator/get_video_list_analytics`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ cookie, start_date: '04-01-2025', page: 1 }),
    });
    const env = (await res.json()) as Record<string, unknown>;
    expect(env).toMatchObject({
      code: 200,
      message: expect.stringContaining('charge'),
      time_zone: 'America/Los_Angeles',
      router: '/api/v1/tiktok/creator/get_video_list_analytics',
      params: { cookie, start_date: '04-01-2025', page: 1 },
    });
    expect(env.request_id).toEqual(expect.any(String));
    expect(env.cache_url).toEqual(expect.stringContaining('https://'));
    const data = env.data as { segments: { list_control: { next_pagination: unknown }; timed_lists: unknown[] }[] };
    expect(data.segments[0]?.timed_lists).toHaveLength(4);
    expect(data.segments[0]?.list_control.next_pagination).toMatchObject({
      has_more: false,
      page: 1,
      total_page: 2,
      total: 14,
    });
  });

  it('resolves every short-link form and serves signed, deterministic CDN bytes', async () => {
    const v = sim.videos().find((x) => x.itemId === '7400000000000000002');
    if (!v) throw new Error('missing');
    const c = new TikOmniClient({ baseUrl: sim.url, apiKey: sim.apiKey, clock: acceleratedClock(0.001) });
    for (const link of [
      v.shareUrl,
      `https://vt.tiktok.com/${v.shortCode}/`,
      `https://www.tiktok.com/t/${v.shortCode}/`,
      v.webUrl,
    ]) {
      expect((await c.fetchVideoByShareUrl(link)).itemId).toBe(v.itemId);
    }
    const video = await c.fetchVideo(v.itemId);
    const res = await fetch(video.playUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('100000');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(4, 12).toString()).toBe('ftypmp42');
    const expected = simulatedVideoContent(v.itemId, '540', 100_000);
    expect(createHash('md5').update(bytes).digest('hex')).toBe(createHash('md5').update(expected).digest('hex'));
    expect(sim.stats.cdnBytes).toBeGreaterThanOrEqual(100_000);

    const tampered = video.playUrl.replace(/x-expires=\d+/, 'x-expires=9999999999');
    expect((await fetch(tampered)).status).toBe(403);
    expect((await fetch(video.playUrl.split('?')[0] as string)).status).toBe(403);
  });

  it('issues expired URLs when asked, so downloaders can test refreshing', async () => {
    const stale = await startTikOmniSimulator({ now: NOW, playUrlTtlS: -10 });
    try {
      const c = new TikOmniClient({ baseUrl: stale.url, apiKey: stale.apiKey, clock: acceleratedClock(0.001) });
      const video = await c.fetchVideo('7400000000000000001');
      expect((await fetch(video.playUrl)).status).toBe(403);
    } finally {
      await stale.close();
    }
  });

  it('adds videos, also to a creator’s Shop list', async () => {
    const added = sim.addVideo({ creator: 'cleo', desc: 'new drop', completionRate: 0.5, ctr: 0.1, gmv: 10 });
    const c = new TikOmniClient({ baseUrl: sim.url, apiKey: sim.apiKey, clock: acceleratedClock(0.001) });
    expect((await c.fetchVideoByShareUrl(added.shareUrl)).description).toBe('new drop');
    const list = await c.getAllVideoListAnalytics(sim.creator('cleo').cookie, '2025-04');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ itemId: added.itemId, completionRatePct: 50, ctrPct: 10, gmv: 10 });
  });

  it('records calls and every request goes through the limiter', async () => {
    class CountingLimiter extends RateLimiter {
      taken = 0;
      override take(): Promise<void> {
        this.taken++;
        return super.take();
      }
    }
    const clock = acceleratedClock(0.001);
    const limiter = new CountingLimiter(5, 5, clock);
    const c = new TikOmniClient({ baseUrl: sim.url, apiKey: sim.apiKey, clock, limiter, random: () => 0.5 });
    const before = sim.stats.requests;
    sim.failNext('get_account_health_status', 503, 1);
    await Promise.all(Array.from({ length: 6 }, () => c.getAccountHealth(sim.creator('ava').cookie)));
    expect(limiter.taken).toBe(7);
    expect(sim.stats.requests - before).toBe(7);
    expect(sim.calls.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/u1/v1/tiktok/creator/get_account_health_status',
    });
  });
});
