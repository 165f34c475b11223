import { createHash } from 'node:crypto';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startTikTokSimulator, type TikTokSimulator } from '../../src/sandbox/tiktok.js';
import { createSampleAccount } from '../../src/sandbox/tiktok-data.js';
import { fakeClock } from '../support/clock.js';
import { clientFor } from '../tiktok/fixtures.js';

let sim: TikTokSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

type Params = Record<string, string | number | readonly unknown[] | Record<string, unknown>>;

async function get(
  s: TikTokSimulator,
  path: string,
  params: Params = {},
  options: { method?: 'GET' | 'POST'; token?: string | null } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) query.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  const token = options.token === undefined ? s.accessToken : options.token;
  const res = await request(`${s.url}/${path}?${query}`, {
    method: options.method ?? 'GET',
    headers: token === null ? {} : { 'Access-Token': token },
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

const REPORT = {
  report_type: 'BASIC',
  data_level: 'AUCTION_AD',
  dimensions: ['ad_id'],
  metrics: ['spend', 'ctr'],
  start_date: '2024-01-01',
  end_date: '2024-01-07',
};

async function download(url: string, headers: Record<string, string> = {}) {
  const res = await request(url, { headers });
  const bytes = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers, bytes };
}

describe('TikTok simulator: strict like the real API', () => {
  it('answers an unknown path and the plural v1.2 report path with HTTP 404 route not found', async () => {
    sim = await startTikTokSimulator();
    for (const path of ['reports/integrated/get/', 'ad/list/', 'ad/get']) {
      const res = await get(sim, path, { advertiser_id: sim.advertiserId, ...REPORT });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ code: 40400, message: 'route not found' });
    }
  });

  it('rejects POST on a GET endpoint', async () => {
    sim = await startTikTokSimulator();
    const res = await get(
      sim,
      'report/integrated/get/',
      { advertiser_id: sim.advertiserId, ...REPORT },
      { method: 'POST' },
    );
    expect(res.status).toBe(405);
    expect(res.body.code).toBe(40400);
  });

  it('checks the Access-Token header and the advertiser', async () => {
    sim = await startTikTokSimulator();
    const q = { advertiser_id: sim.advertiserId };
    expect((await get(sim, 'ad/get/', q, { token: null })).body.code).toBe(40104);
    expect((await get(sim, 'ad/get/', q, { token: 'nope' })).body.code).toBe(40105);
    expect((await get(sim, 'ad/get/', { advertiser_id: '7000000000000000001' })).body.code).toBe(40300);
    expect((await get(sim, 'ad/get/', {})).body.code).toBe(40002);
    sim.setTokenState('expired');
    const expired = await get(sim, 'ad/get/', q);
    expect(expired.status).toBe(200);
    expect(expired.body.code).toBe(40102);
    expect(typeof expired.body.request_id).toBe('string');
  });

  it.each(['status', 'creative_type'])('rejects the filter key %s that v1.3 does not have', async (key) => {
    sim = await startTikTokSimulator();
    const res = await get(sim, 'ad/get/', { advertiser_id: sim.advertiserId, filtering: { [key]: 'X' } });
    expect(res.body.code).toBe(40002);
    expect(res.body.message).toContain(key);
  });

  it('enforces id limits, string ids, JSON parameters and page_size ≤ 1000', async () => {
    sim = await startTikTokSimulator();
    const adv = { advertiser_id: sim.advertiserId };
    const many = Array.from({ length: 101 }, (_, i) => String(i));
    expect((await get(sim, 'ad/get/', { ...adv, filtering: { ad_ids: many } })).body.code).toBe(40002);
    expect((await get(sim, 'ad/get/', { ...adv, filtering: { ad_ids: [178100000001] } })).body.code).toBe(40002);
    expect((await get(sim, 'file/video/ad/info/', { ...adv, video_ids: many.slice(0, 61) })).body.code).toBe(40011);
    expect((await get(sim, 'ad/get/', { ...adv, page_size: 1001 })).body.code).toBe(40002);
    const notJson = await get(sim, 'ad/get/', { ...adv, filtering: 'ad_ids=1' });
    expect(notJson.body.code).toBe(40002);
    expect(notJson.body.message).toContain('filtering');
  });

  it('pages like TikTok: default page_size 10 and page_info', async () => {
    sim = await startTikTokSimulator({ account: createSampleAccount({ ads: 25 }) });
    const res = await get(sim, 'ad/get/', { advertiser_id: sim.advertiserId, page: 3 });
    const data = res.body.data as { list: unknown[]; page_info: unknown };
    expect(data.page_info).toEqual({ page: 3, page_size: 10, total_number: 24, total_page: 3 });
    expect(data.list).toHaveLength(4);
  });

  it.each([
    ['report_type', 'report_type'],
    ['data_level', 'data_level'],
    ['start_date', 'start_date'],
    ['end_date', 'end_date'],
  ])('rejects a report without %s', async (param, word) => {
    sim = await startTikTokSimulator();
    const params: Params = { advertiser_id: sim.advertiserId, ...REPORT };
    delete params[param];
    const res = await get(sim, 'report/integrated/get/', params);
    expect(res.body.code).toBe(40002);
    expect(res.body.message).toContain(word);
  });

  it('sends report metrics as TikTok does: strings, some numbers, string ad ids', async () => {
    sim = await startTikTokSimulator();
    const res = await get(sim, 'report/integrated/get/', {
      advertiser_id: sim.advertiserId,
      ...REPORT,
      metrics: ['ad_name', 'spend', 'ctr', 'impressions', 'video_play_actions'],
      page_size: 1000,
    });
    const list = (
      res.body.data as { list: Array<{ dimensions: Record<string, unknown>; metrics: Record<string, unknown> }> }
    ).list;
    const row = list[0]!;
    expect(typeof row.dimensions.ad_id).toBe('string');
    expect(row.metrics.spend).toMatch(/^\d+\.\d{2}$/);
    expect(row.metrics.ctr).toMatch(/^\d+\.\d{2}$/);
    expect(typeof row.metrics.impressions).toBe('string');
    expect(typeof row.metrics.video_play_actions).toBe('number');
    expect(Object.keys(row.metrics).sort()).toEqual(['ad_name', 'ctr', 'impressions', 'spend', 'video_play_actions']);
  });

  it('answers 40100 above maxQps within one second', async () => {
    const clock = fakeClock();
    sim = await startTikTokSimulator({ clock, maxQps: 2 });
    const q = { advertiser_id: sim.advertiserId };
    expect((await get(sim, 'ad/get/', q)).body.code).toBe(0);
    expect((await get(sim, 'ad/get/', q)).body.code).toBe(0);
    const third = await get(sim, 'ad/get/', q);
    expect(third.body.code).toBe(40100);
    expect(third.body.message).toMatch(/^App \d+ reaches the QPS limit 2, current QPS is 3\.$/);
    clock.advance(1001);
    expect((await get(sim, 'ad/get/', q)).body.code).toBe(0);
  });

  it('replays scripted failures and records every call', async () => {
    sim = await startTikTokSimulator();
    sim.failNext('/open_api/v1.3/ad/get/', 51010, 2, 'busy');
    const q = { advertiser_id: sim.advertiserId };
    expect((await get(sim, 'ad/get/', q)).body).toMatchObject({ code: 51010, message: 'busy' });
    expect((await get(sim, 'ad/get/', q)).body.code).toBe(51010);
    expect((await get(sim, 'ad/get/', q)).body.code).toBe(0);
    expect(sim.countCalls('ad/get/')).toBe(3);
    expect(sim.calls.map((c) => c.code)).toEqual([51010, 51010, 0]);
    sim.resetCalls();
    expect(sim.countCalls()).toBe(0);
  });

  it('adds latency', async () => {
    sim = await startTikTokSimulator();
    sim.setLatency(60);
    const started = Date.now();
    await get(sim, 'ad/get/', { advertiser_id: sim.advertiserId });
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('TikTok simulator: video CDN', () => {
  it('serves bytes whose size and MD5 match the video info', async () => {
    sim = await startTikTokSimulator();
    const [info] = await clientFor(sim).getVideoInfo([sim.account.videos[2]!.videoId]);
    const { status, headers, bytes } = await download(info!.previewUrl!);
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('video/mp4');
    expect(Number(headers['content-length'])).toBe(info!.sizeBytes);
    expect(bytes.length).toBe(info!.sizeBytes);
    expect(createHash('md5').update(bytes).digest('hex')).toBe(info!.signature);
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    // The same video always has the same bytes; another video has others.
    const again = await download(info!.previewUrl!);
    expect(again.bytes.equals(bytes)).toBe(true);
    const [other] = await clientFor(sim).getVideoInfo([sim.account.videos[3]!.videoId]);
    expect(other!.signature).not.toBe(info!.signature);

    const range = await download(info!.previewUrl!, { range: 'bytes=70000-70099' });
    expect(range.status).toBe(206);
    expect(range.headers['content-range']).toBe(`bytes 70000-70099/${info!.sizeBytes}`);
    expect(range.bytes.equals(bytes.subarray(70000, 70100))).toBe(true);
  });

  it('serves a tiny PNG cover', async () => {
    sim = await startTikTokSimulator();
    const [info] = await clientFor(sim).getVideoInfo([sim.account.videos[0]!.videoId]);
    const cover = await download(info!.coverUrl!);
    expect(cover.status).toBe(200);
    expect(cover.headers['content-type']).toBe('image/png');
    expect(cover.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('answers 403 for tampered and expired URLs', async () => {
    const clock = fakeClock();
    sim = await startTikTokSimulator({ clock, previewUrlTtlMs: 60_000 });
    const [info] = await clientFor(sim, { clock }).getVideoInfo([sim.account.videos[0]!.videoId]);
    const url = new URL(info!.previewUrl!);
    url.searchParams.set('x-expires', String(Number(url.searchParams.get('x-expires')) + 3600));
    expect((await download(url.toString())).status).toBe(403);
    expect((await download(info!.previewUrl!)).status).toBe(200);
    clock.advance(61_000);
    expect((await download(info!.previewUrl!)).status).toBe(403);
    expect((await download(info!.coverUrl!)).status).toBe(403);
  });

  it('expireVideoUrls invalidates issued URLs and hands out an expired one once', async () => {
    const clock = fakeClock();
    sim = await startTikTokSimulator({ clock });
    const client = clientFor(sim, { clock });
    const id = sim.account.videos[0]!.videoId;
    const [before] = await client.getVideoInfo([id]);
    const [untouched] = await client.getVideoInfo([sim.account.videos[1]!.videoId]);
    sim.expireVideoUrls(id);
    expect((await download(before!.previewUrl!)).status).toBe(403);
    expect((await download(untouched!.previewUrl!)).status).toBe(200);

    const [stale] = await client.getVideoInfo([id]);
    expect(stale!.previewUrlExpiresAt).toBeLessThan(clock.now());
    expect((await download(stale!.previewUrl!)).status).toBe(403);
    const [fresh] = await client.getVideoInfo([id]);
    expect(fresh!.previewUrlExpiresAt).toBeGreaterThan(clock.now());
    expect((await download(fresh!.previewUrl!)).status).toBe(200);
  });

  it('streams a 1 GiB video without computing its MD5 and serves ranges at the end', async () => {
    sim = await startTikTokSimulator();
    const video = sim.account.videos[0]!;
    video.sizeBytes = 1024 ** 3;
    const started = Date.now();
    const [info] = await clientFor(sim).getVideoInfo([video.videoId]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(info!.sizeBytes).toBe(1024 ** 3);
    expect(info!.signature).toBeNull();
    const head = await request(info!.previewUrl!, { method: 'HEAD' });
    await head.body.dump();
    expect(head.headers['content-length']).toBe(String(1024 ** 3));
    const tail = await download(info!.previewUrl!, { range: 'bytes=-1000' });
    expect(tail.status).toBe(206);
    expect(tail.bytes.length).toBe(1000);
    // Reading a few MiB and hanging up must not upset the server.
    const res = await request(info!.previewUrl!);
    let read = 0;
    for await (const chunk of res.body) {
      read += (chunk as Buffer).length;
      if (read > 4 * 1024 * 1024) break;
    }
    expect(read).toBeGreaterThan(4 * 1024 * 1024);
    expect((await download(info!.coverUrl!)).status).toBe(200);
  });
});
