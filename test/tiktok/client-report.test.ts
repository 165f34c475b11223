import { afterEach, describe, expect, it } from 'vitest';
import { startTikTokSimulator, type TikTokSimulator } from '../../src/sandbox/tiktok.js';
import { createSampleAccount, updateSampleAd } from '../../src/sandbox/tiktok-data.js';
import { parseMetricValue, REPORT_METRIC_NAMES } from '../../src/tiktok/schemas.js';
import { clientFor, rejectionOf } from './fixtures.js';

let sim: TikTokSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const WEEK = { startDate: '2024-01-01', endDate: '2024-01-07' };

describe('parseMetricValue', () => {
  it('parses strings, numbers and percentages, and keeps missing values null', () => {
    expect(parseMetricValue('20.00')).toBe(20);
    expect(parseMetricValue('1.18')).toBe(1.18);
    expect(parseMetricValue('1.5%')).toBe(1.5);
    expect(parseMetricValue(5173)).toBe(5173);
    expect(parseMetricValue('0')).toBe(0);
    expect(parseMetricValue(0)).toBe(0);
    expect(parseMetricValue(null)).toBeNull();
    expect(parseMetricValue(undefined)).toBeNull();
    expect(parseMetricValue('')).toBeNull();
    expect(parseMetricValue('-')).toBeNull();
    expect(parseMetricValue(Number.NaN)).toBeNull();
  });
});

describe('TikTokClient report/integrated/get', () => {
  it('sends a BASIC AUCTION_AD report query with JSON-encoded dimensions and metrics', async () => {
    sim = await startTikTokSimulator();
    await clientFor(sim).getReport(WEEK);
    const [call] = sim.calls;
    expect(call?.path).toBe('/open_api/v1.3/report/integrated/get/');
    expect(call?.method).toBe('GET');
    expect(call?.query).toMatchObject({
      advertiser_id: sim.advertiserId,
      report_type: 'BASIC',
      service_type: 'AUCTION',
      data_level: 'AUCTION_AD',
      start_date: '2024-01-01',
      end_date: '2024-01-07',
      page: '1',
      page_size: '1000',
    });
    expect(JSON.parse(call?.query.dimensions ?? '')).toEqual(['ad_id']);
    expect(JSON.parse(call?.query.metrics ?? '')).toEqual(REPORT_METRIC_NAMES);
    expect(REPORT_METRIC_NAMES).toEqual(
      expect.arrayContaining(['ctr', 'cpc', 'cpm', 'video_views_p25', 'average_video_play', 'cost_per_conversion']),
    );
  });

  it('leaves out deleted ads and ads without delivery, and keeps missing metrics null', async () => {
    sim = await startTikTokSimulator();
    const { roles } = sim.account;
    const rows = await clientFor(sim).getReport(WEEK);
    const byId = new Map(rows.map((r) => [r.adId, r]));

    expect(byId.has(roles.deletedAdId!)).toBe(false);
    expect(byId.has(roles.noDeliveryAdId!)).toBe(false);
    expect(rows).toHaveLength(sim.account.ads.filter((a) => !a.deleted && a.daily).length);

    const partial = byId.get(roles.partialMetricsAdId!)?.metrics;
    expect(partial?.videoWatched6s).toBeNull();
    expect(partial?.videoViewsP75).toBeNull();
    expect(partial?.videoViewsP100).toBeNull();
    expect(partial?.averageVideoPlay).toBeNull();
    expect(partial?.videoWatched2s).toBeGreaterThan(0);

    // An image ad reports "0" video metrics: zero, not missing.
    const image = byId.get(roles.imageAdId!)?.metrics;
    expect(image?.videoPlayActions).toBe(0);
    expect(image?.videoWatched2s).toBe(0);

    const lucky = byId.get(roles.luckyAdId!);
    expect(lucky?.adName).toBe('Street interview');
    expect(lucky?.metrics.impressions).toBeGreaterThan(450);
    expect(lucky?.metrics.impressions).toBeLessThan(750);
    expect(lucky?.metrics.ctr).toBeGreaterThan(4);
  });

  it('parses string, number, percent, empty and null metric values', async () => {
    const account = createSampleAccount({ ads: 3 });
    const ad = account.ads[0]!;
    updateSampleAd(account, ad.adId, {
      metricOverrides: { ctr: '1.50%', impressions: 600, clicks: null, spend: '', conversion: '0', cpc: '0.25' },
    });
    sim = await startTikTokSimulator({ account });
    const rows = await clientFor(sim).getReport({ ...WEEK, adIds: [ad.adId] });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.metrics).toMatchObject({
      ctr: 1.5,
      impressions: 600,
      clicks: null,
      spend: null,
      conversion: 0,
      cpc: 0.25,
    });
  });

  it('matches TikTok’s CTR convention: ctr is already a percentage', async () => {
    sim = await startTikTokSimulator();
    const rows = await clientFor(sim).getReport(WEEK);
    for (const row of rows.slice(0, 10)) {
      const { clicks, impressions, ctr } = row.metrics;
      if (!impressions || clicks === null || ctr === null) continue;
      expect(ctr).toBeCloseTo((clicks / impressions) * 100, 1);
      expect(ctr).toBeLessThan(10);
    }
  });

  it('scales with the number of days asked for, deterministically', async () => {
    sim = await startTikTokSimulator();
    const client = clientFor(sim);
    const week = await client.getReport(WEEK);
    const fortnight = await client.getReport({ startDate: '2024-01-01', endDate: '2024-01-14' });
    const again = await client.getReport(WEEK);
    expect(again).toEqual(week);
    const w = week[0]?.metrics.impressions ?? 0;
    const f = fortnight.find((r) => r.adId === week[0]?.adId)?.metrics.impressions ?? 0;
    expect(f / w).toBeGreaterThan(1.6);
    expect(f / w).toBeLessThan(2.4);
  });

  it('filters by ad ids in batches of 100 through the report filtering parameter', async () => {
    sim = await startTikTokSimulator({ account: createSampleAccount({ ads: 300 }) });
    const ids = sim.account.ads.slice(0, 250).map((a) => a.adId);
    const rows = await clientFor(sim).getReport({ ...WEEK, adIds: ids });

    const calls = sim.calls.filter((c) => c.path.endsWith('/report/integrated/get/'));
    expect(calls).toHaveLength(3);
    const first = JSON.parse(calls[0]?.query.filtering ?? '') as Array<Record<string, string>>;
    expect(first).toEqual([
      { field_name: 'ad_ids', filter_type: 'IN', filter_value: JSON.stringify(ids.slice(0, 100)) },
    ]);
    expect(calls[0]?.query.filtering).toContain('"filter_value":"[\\"');
    const wanted = new Set(ids);
    expect(rows.every((r) => wanted.has(r.adId))).toBe(true);
    expect(rows.length).toBe(sim.account.ads.slice(0, 250).filter((a) => !a.deleted && a.daily).length);
  });

  it('reads two report pages for 1,200 ads', async () => {
    sim = await startTikTokSimulator({ account: createSampleAccount({ ads: 1200 }) });
    const rows = await clientFor(sim).getReport(WEEK);
    expect(sim.countCalls('/report/integrated/get/')).toBe(2);
    expect(rows).toHaveLength(sim.account.ads.filter((a) => !a.deleted && a.daily).length);
    expect(rows.length).toBeGreaterThan(1000);
  });

  it('rejects malformed dates before calling TikTok', async () => {
    sim = await startTikTokSimulator();
    const client = clientFor(sim);
    expect((await rejectionOf(client.getReport({ startDate: '2024-1-1', endDate: '2024-01-07' }))).code).toBe(
      'bad_input',
    );
    expect((await rejectionOf(client.getReport({ startDate: '2024-01-08', endDate: '2024-01-07' }))).code).toBe(
      'bad_input',
    );
    expect(sim.countCalls()).toBe(0);
  });
});
