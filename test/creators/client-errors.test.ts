import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { stripEnvelope, TikOmniClient } from '../../src/creators/client.js';
import { sendJson, startServer } from '../../src/sandbox/server.js';
import { acceleratedClock } from '../../src/util/clock.js';
import { rejection, startTikOmniForFile } from './fixtures.js';

const LIST = '/api/u1/v1/tiktok/creator/get_video_list_analytics';
const ONE = '/api/u1/v1/tiktok/app/v3/fetch_one_video';
const ITEM = '7400000000000000001';
const { sim, client } = await startTikOmniForFile();

const callsTo = (path: string) => sim.calls.filter((c) => c.path === path).length;

/** A one-route server answering every request with `reply`. */
async function fakeTikOmni(reply: (res: ServerResponse) => void) {
  const server = await startServer((_req, res) => reply(res));
  const c = new TikOmniClient({ baseUrl: server.url, apiKey: 'fake-key-123456', clock: acceleratedClock(0.001) });
  return { server, client: c };
}

describe('TikOmniClient — failures and retries', () => {
  it('TikOmni down: retries 503 three times, then tikomni_error', async () => {
    sim.setDown(true);
    try {
      const before = callsTo(ONE);
      const err = await rejection(client().fetchVideo(ITEM));
      expect(err.code).toBe('tikomni_error');
      expect(err.message).toContain('HTTP 503');
      expect(err.hint).toMatch(/try again/i);
      expect(callsTo(ONE) - before).toBe(4);
    } finally {
      sim.setDown(false);
    }
  });

  it('retries 408, 429 and 5xx, then succeeds', async () => {
    const before = callsTo(LIST);
    sim.failNext('get_video_list_analytics', 429, 1);
    sim.failNext(LIST, 502, 1);
    sim.failNext(LIST, 408, 1);
    const page = await client().getVideoListAnalytics(sim.creator('ava').cookie, { startDate: '04-01-2025', page: 0 });
    expect(page.videos).toHaveLength(10);
    expect(callsTo(LIST) - before).toBe(4);
  });

  it('does not retry 400, 401, 404 or 422', async () => {
    for (const status of [400, 404, 422]) {
      const before = callsTo(ONE);
      sim.failNext(ONE, status, 1);
      const err = await rejection(client().fetchVideo(ITEM));
      expect(err.code).toBe('tikomni_error');
      expect(callsTo(ONE) - before, String(status)).toBe(1);
    }
    const before = callsTo(ONE);
    const err = await rejection(client({ apiKey: 'wrong-key-abcdef' }).fetchVideo(ITEM));
    expect(err.code).toBe('tikomni_error');
    expect(err.message).toContain('TikOmni rejected the API key');
    expect(err.hint).toContain('TIKOMNI_API_KEY');
    expect(`${err.message}${err.hint}`).not.toContain('wrong-key-abcdef');
    expect(callsTo(ONE) - before).toBe(1);
  });

  it('an unknown route is a 404 tikomni_error', async () => {
    const c = client({ baseUrl: `${sim.url}/nope` });
    const err = await rejection(c.getUserInfo());
    expect(err.code).toBe('tikomni_error');
    expect(err.message).toContain('HTTP 404');
  });

  it('retries a time-out, then gives up', async () => {
    sim.stallNext(ONE, 900, 1);
    const ok = await client({ timeoutMs: 300 }).fetchVideo(ITEM);
    expect(ok.itemId).toBe(ITEM);

    sim.stallNext(ONE, 900, 2);
    const before = callsTo(ONE);
    const err = await rejection(client({ timeoutMs: 300, maxRetries: 1 }).fetchVideo(ITEM));
    expect(err.code).toBe('tikomni_error');
    expect(err.message).toContain('did not answer');
    expect(callsTo(ONE) - before).toBe(2);
  });

  it('connection refused → tikomni_error', async () => {
    const server = await startServer((_req, res) => {
      res.end();
    });
    const url = server.url;
    await server.close();
    const c = new TikOmniClient({ baseUrl: url, apiKey: 'fake-key-123456', clock: acceleratedClock(0.001) });
    const err = await rejection(c.getUserInfo());
    expect(err.code).toBe('tikomni_error');
    expect(err.message).toContain('could not reach TikOmni');
  });

  it('an inner error code inside a 200 envelope is an error', async () => {
    const { server, client: c } = await fakeTikOmni((res) =>
      sendJson(res, 200, { code: 200, request_id: 'r1', data: { code: 50001, message: 'Upstream busy', data: null } }),
    );
    try {
      const err = await rejection(c.getAccountHealth('sessionid=some-cookie-value'));
      expect(err.code).toBe('tikomni_error');
      expect(err.message).toContain('50001');
      expect(err.message).toContain('Upstream busy');
    } finally {
      await server.close();
    }
  });

  it('an outer code other than 200 is an error, classified like the HTTP status', async () => {
    const { server, client: c } = await fakeTikOmni((res) =>
      sendJson(res, 200, { code: 401, message: 'Invalid token', data: null }),
    );
    try {
      const err = await rejection(c.getUserInfo());
      expect(err.message).toContain('TikOmni rejected the API key');
    } finally {
      await server.close();
    }
  });

  it('names the path of a missing required field', async () => {
    const aweme = { desc: 'no id here', video: { play_addr: { url_list: ['https://cdn.example/v.mp4'] } } };
    const { server, client: c } = await fakeTikOmni((res) =>
      sendJson(res, 200, { code: 200, data: { status_code: 0, aweme_detail: aweme } }),
    );
    try {
      const err = await rejection(c.fetchVideo(ITEM));
      expect(err.code).toBe('tikomni_error');
      expect(err.message).toContain('data.aweme_detail.aweme_id');
    } finally {
      await server.close();
    }
    const list = await fakeTikOmni((res) =>
      sendJson(res, 200, {
        code: 200,
        data: { segments: [{ timed_lists: [{ video_meta: { name: 'x' }, vv_cnt: 3 }] }] },
      }),
    );
    try {
      const err = await rejection(
        list.client.getVideoListAnalytics('sessionid=abcdefgh', { startDate: '04-01-2025', page: 0 }),
      );
      expect(err.message).toContain('data.segments[0].timed_lists[0].video_meta.item_id');
    } finally {
      await list.server.close();
    }
    const none = await fakeTikOmni((res) => sendJson(res, 200, { code: 200, data: { something: 'else' } }));
    try {
      const err = await rejection(none.client.getVideoDetailedStats('sessionid=abcdefgh', ITEM, '2025-04'));
      expect(err.message).toContain('data.segments');
    } finally {
      await none.server.close();
    }
  });

  it('tolerates alternate shapes: metrics under stats, percentages, video under aweme_list', async () => {
    const entry = {
      stats: {
        video: { item_id: ITEM, name: 'alt', publish_time: 1_745_000_000_000, duration: '21' },
        vv_cnt: '1,234',
        completion_rate: '23.5%',
        ctr: 0.0125,
        gmv: 99.5,
      },
    };
    const alt = await fakeTikOmni((res) =>
      sendJson(res, 200, {
        code: 200,
        data: {
          code: 0,
          data: { segments: [{ timed_lists: [entry], list_control: { next_pagination: { has_more: 1 } } }] },
        },
      }),
    );
    try {
      const page = await alt.client.getVideoListAnalytics('sessionid=abcdefgh', { startDate: '04-01-2025', page: 3 });
      expect(page.nextPage).toBe(4);
      expect(page.videos[0]).toMatchObject({
        itemId: ITEM,
        name: 'alt',
        publishTime: 1_745_000_000_000,
        durationS: 21,
        views: 1234,
        completionRatePct: 23.5,
        ctrPct: 1.25,
        gmv: 99.5,
        itemsSold: null,
      });
    } finally {
      await alt.server.close();
    }
  });

  it('falls back to play_addr, then download_addr, when there are no renditions', async () => {
    const video = (extra: Record<string, unknown>) => ({
      code: 200,
      data: {
        status_code: 0,
        aweme_detail: {
          aweme_id: ITEM,
          statistics: { play_count: '200', digg_count: 10 },
          video: { duration: 15, bit_rate: [], ...extra },
        },
      },
    });
    const play = await fakeTikOmni((res) =>
      sendJson(
        res,
        200,
        video({
          play_addr: { url_list: ['https://cdn.example/play.mp4'] },
          download_addr: { url_list: ['https://cdn.example/dl.mp4'] },
        }),
      ),
    );
    try {
      const v = await play.client.fetchVideo(ITEM);
      expect(v.playUrl).toBe('https://cdn.example/play.mp4');
      expect(v.durationS).toBe(15);
      expect(v.stats.engagementRate).toBe(5);
    } finally {
      await play.server.close();
    }
    const download = await fakeTikOmni((res) =>
      sendJson(res, 200, video({ download_addr: { url_list: ['https://cdn.example/dl.mp4'] } })),
    );
    try {
      expect((await download.client.fetchVideo(ITEM)).playUrl).toBe('https://cdn.example/dl.mp4');
    } finally {
      await download.server.close();
    }
    const nothing = await fakeTikOmni((res) => sendJson(res, 200, video({})));
    try {
      const err = await rejection(nothing.client.fetchVideo(ITEM));
      expect(err.message).toContain('data.aweme_detail.video.bit_rate[].play_addr.url_list');
    } finally {
      await nothing.server.close();
    }
  });

  it('stripEnvelope removes params, cache_url and cookies at every depth', async () => {
    const cookie = sim.creator('ava').cookie;
    const res = await fetch(`${sim.url}/api/u1/v1/tiktok/creator/get_account_health_status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ cookie }),
    });
    const raw = (await res.json()) as Record<string, unknown>;
    expect(JSON.stringify(raw)).toContain(cookie); // the simulator echoes it, like TikOmni
    expect(raw.cache_url).toBeTruthy();
    const stripped = stripEnvelope(raw, [cookie]);
    const text = JSON.stringify(stripped);
    expect(text).not.toContain(cookie);
    expect(text).not.toContain('cache_url');
    expect(text).not.toContain('"params"');
    expect(stripped).toMatchObject({ code: 200, data: { violation_score: 2 } });
    expect(stripEnvelope({ detail: { params: { cookie }, message: `bad ${cookie}` } }, [cookie])).toEqual({
      detail: { message: 'bad [redacted]' },
    });
  });
});
