import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/sandbox/server.js';
import { startTikTokSimulator, type TikTokSimulator } from '../../src/sandbox/tiktok.js';
import { TikTokError } from '../../src/tiktok/errors.js';
import { fakeClock } from '../support/clock.js';
import { clientFor, memoryLogger, rejectionOf } from './fixtures.js';

let sim: TikTokSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const TOKEN = 'tt-secret-token-5d41402abc4b2a76b9719d911017c592';

function expectNoToken(err: Error & Record<string, unknown>, lines: string[] = []): void {
  expect(err.message).not.toContain(TOKEN);
  expect(String(err.hint)).not.toContain(TOKEN);
  expect(JSON.stringify(err)).not.toContain(TOKEN);
  for (const line of lines) expect(line).not.toContain(TOKEN);
}

describe('TikTokClient errors', () => {
  it.each([
    ['expired', 40102, 'expired'],
    ['revoked', 40105, 'revoked'],
  ] as const)('maps a %s token (%i) to tiktok_auth without leaking the token', async (state, code, word) => {
    sim = await startTikTokSimulator({ accessToken: TOKEN });
    sim.setTokenState(state);
    const logger = memoryLogger();
    const err = await rejectionOf(clientFor(sim, { logger }).listAds());
    expect(err).toBeInstanceOf(TikTokError);
    expect(err.code).toBe('tiktok_auth');
    expect(err.tiktokCode).toBe(code);
    expect(err.message).toContain(word);
    expect(err.hint).toContain('TIKTOK_ACCESS_TOKEN');
    expect(err.retryable).toBe(false);
    expectNoToken(err, logger.lines);
    expect(sim.countCalls()).toBe(1);
  });

  it('maps a wrong token to 40105 and a missing one to 40104', async () => {
    sim = await startTikTokSimulator({ accessToken: TOKEN });
    const logger = memoryLogger();
    const wrong = await rejectionOf(clientFor(sim, { accessToken: `${TOKEN}x`, logger }).listAds());
    expect(wrong).toMatchObject({ code: 'tiktok_auth', tiktokCode: 40105 });
    expectNoToken(wrong, logger.lines);
    const missing = await rejectionOf(clientFor(sim, { accessToken: '' }).listAds());
    expect(missing).toMatchObject({ code: 'tiktok_auth', tiktokCode: 40104 });
    expect(sim.calls.map((c) => c.code)).toEqual([40105, 40104]);
  });

  it('logs one debug line per request with path, page and duration but never the token', async () => {
    sim = await startTikTokSimulator({ accessToken: TOKEN });
    const logger = memoryLogger();
    await clientFor(sim, { logger }).listAds();
    const debug = logger.lines.filter((l) => l.startsWith('debug'));
    expect(debug).toHaveLength(1);
    expect(debug[0]).toMatch(/ad\/get\/ page 1 → HTTP 200, code 0 in \d+ ms/);
    for (const line of logger.lines) expect(line).not.toContain(TOKEN);
  });

  it('maps 40001 to tiktok_permission with a re-authorise hint and keeps the request id', async () => {
    sim = await startTikTokSimulator();
    sim.failNext('ad/get/', 40001);
    const err = await rejectionOf(clientFor(sim).listAds());
    expect(err.code).toBe('tiktok_permission');
    expect(err.hint).toMatch(/re-authorise the app for this ad account with the Ads Management \+ Reporting scopes/i);
    expect(err.requestId).toMatch(/^\d{14}/);
  });

  it('maps 40002 to tiktok_params quoting TikTok’s message, without retrying', async () => {
    sim = await startTikTokSimulator();
    sim.failNext('report/integrated/get/', 40002, 1, 'end_date: The time range exceeds 365 days.');
    const clock = fakeClock();
    const err = await rejectionOf(
      clientFor(sim, { clock }).getReport({ startDate: '2024-01-01', endDate: '2024-01-07' }),
    );
    expect(err.code).toBe('tiktok_params');
    expect(err.message).toContain('end_date: The time range exceeds 365 days.');
    expect(sim.countCalls()).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('maps a wrong advertiser (40300) to tiktok_advertiser', async () => {
    sim = await startTikTokSimulator();
    const err = await rejectionOf(clientFor(sim, { advertiserId: '7000000000000000999' }).listAds());
    expect(err).toMatchObject({ code: 'tiktok_advertiser', tiktokCode: 40300 });
    expect(err.hint).toContain('TIKTOK_ADVERTISER_ID');
  });

  it('maps other codes to tiktok_error with the code and TikTok’s message', async () => {
    sim = await startTikTokSimulator();
    sim.failNext('ad/get/', 40003, 1, 'Forbidden for this app.');
    const err = await rejectionOf(clientFor(sim).listAds());
    expect(err.code).toBe('tiktok_error');
    expect(err.message).toContain('40003');
    expect(err.message).toContain('Forbidden for this app.');
  });

  it('explains a wrong base URL (HTTP 404, route not found)', async () => {
    sim = await startTikTokSimulator();
    const err = await rejectionOf(clientFor(sim, { baseUrl: `${sim.origin}/open_api/v1.2` }).listAds());
    expect(err.code).toBe('tiktok_error');
    expect(err.hint).toContain('TIKTOK_API_BASE_URL');
  });
});

describe('TikTokClient retries', () => {
  it.each([40100, 50002, 51010, 503])('retries %i with growing back-off, then succeeds', async (code) => {
    sim = await startTikTokSimulator();
    sim.failNext('ad/get/', code, 2);
    const clock = fakeClock();
    const ads = await clientFor(sim, { clock }).listAds();
    expect(ads.length).toBeGreaterThan(0);
    expect(sim.countCalls('/ad/get/')).toBe(3);
    // random() = 0.5 → ¾ of min(cap, 500·2ⁿ)
    expect(clock.sleeps).toEqual([375, 750]);
  });

  it('gives up after maxRetries with tiktok_rate_limited on 40100', async () => {
    sim = await startTikTokSimulator();
    sim.failNext('ad/get/', 40100, 10);
    const clock = fakeClock();
    const logger = memoryLogger();
    const err = await rejectionOf(clientFor(sim, { clock, maxRetries: 3, logger }).listAds());
    expect(err.code).toBe('tiktok_rate_limited');
    expect(err.retryable).toBe(true);
    expect(err.tiktokCode).toBe(40100);
    expect(sim.countCalls('/ad/get/')).toBe(4);
    expect(clock.sleeps).toHaveLength(3);
    expect(logger.lines.filter((l) => l.startsWith('warn'))).toHaveLength(3);
  });

  it('gives up with tiktok_unavailable on server errors, capping the back-off', async () => {
    sim = await startTikTokSimulator();
    sim.failNext('ad/get/', 50000, 20);
    const clock = fakeClock();
    const err = await rejectionOf(clientFor(sim, { clock, maxRetries: 8, random: () => 1 }).listAds());
    expect(err.code).toBe('tiktok_unavailable');
    expect(sim.countCalls('/ad/get/')).toBe(9);
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000, 8000, 16000, 20000, 20000]);
  });

  it('retries network failures and then reports TikTok as unavailable', async () => {
    const closed = await startServer(() => undefined);
    const url = `${closed.url}/open_api/v1.3`;
    await closed.close();
    const clock = fakeClock();
    const err = await rejectionOf(
      clientFor({ url, accessToken: TOKEN, advertiserId: '7012345678901234567' }, { clock, maxRetries: 2 }).listAds(),
    );
    expect(err.code).toBe('tiktok_unavailable');
    expect(err.message).toContain('network error');
    expectNoToken(err);
    expect(clock.sleeps).toHaveLength(2);
  });
});

describe('TikTokClient response validation', () => {
  it('names the field that did not match', async () => {
    sim = await startTikTokSimulator();
    sim.respondNext('ad/get/', {
      code: 0,
      message: 'OK',
      request_id: 'req-1',
      data: { list: [{ ad_id: '1', ad_name: 'ok' }, { ad_id: { nested: true } }], page_info: { page: 1 } },
    });
    const err = await rejectionOf(clientFor(sim).listAds());
    expect(err.code).toBe('tiktok_error');
    expect(err.message).toContain('data.list[1].ad_id');
    expect(err.requestId).toBe('req-1');
  });

  it('names a broken envelope field', async () => {
    sim = await startTikTokSimulator();
    sim.respondNext('ad/get/', { code: 'zero', message: 'OK' });
    const err = await rejectionOf(clientFor(sim).listAds());
    expect(err.code).toBe('tiktok_error');
    expect(err.message).toContain('"code"');
  });

  it('accepts numeric ids and turns them into strings', async () => {
    sim = await startTikTokSimulator();
    sim.respondNext('report/integrated/get/', {
      code: 0,
      message: 'OK',
      request_id: 'req-2',
      data: {
        list: [{ dimensions: { ad_id: 1781000000001 }, metrics: { ad_name: 'n', spend: 1.5 } }],
        page_info: { page: 1, page_size: 1000, total_number: 1, total_page: 1 },
      },
    });
    const rows = await clientFor(sim).getReport({ startDate: '2024-01-01', endDate: '2024-01-02' });
    expect(rows).toEqual([
      expect.objectContaining({ adId: '1781000000001', adName: 'n', metrics: expect.objectContaining({ spend: 1.5 }) }),
    ]);
  });

  it('keeps a 19-digit id sent as a bare JSON number exact', async () => {
    // 1780000000000000001 is past 2^53: JSON.parse alone would make it 1780000000000000000
    const text =
      '{"code":0,"message":"OK","request_id":"req-3","data":{"list":[{"dimensions":{"ad_id":1780000000000000001},' +
      '"metrics":{"ad_name":"UGC hook v3","spend":"20.00","impressions":5830}}],' +
      '"page_info":{"page":1,"page_size":1000,"total_number":1,"total_page":1}}}';
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(text);
    });
    try {
      const rows = await clientFor({
        url: `${server.url}/open_api/v1.3`,
        accessToken: TOKEN,
        advertiserId: '7',
      }).getReport({ startDate: '2024-01-01', endDate: '2024-01-02' });
      expect(rows.map((r) => [r.adId, r.metrics.impressions, r.metrics.spend])).toEqual([
        ['1780000000000000001', 5830, 20],
      ]);
    } finally {
      await server.close();
    }
  });
});
