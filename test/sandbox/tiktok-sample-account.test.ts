import { describe, expect, it, vi } from 'vitest';
import {
  addSampleAd,
  createSampleAccount,
  datesBetween,
  sampleReportMetrics,
  updateSampleAd,
} from '../../src/sandbox/tiktok-data.js';

const WEEK = datesBetween('2024-01-01', '2024-01-07');

describe('createSampleAccount', () => {
  it('is deterministic for a seed and never calls Math.random', () => {
    const spy = vi.spyOn(Math, 'random');
    const a = createSampleAccount({ seed: 7 });
    const b = createSampleAccount({ seed: 7 });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = createSampleAccount({ seed: 8 });
    expect(c.ads[0]?.adId).not.toBe(a.ads[0]?.adId);
  });

  it('has 48 ads by default with unique 19-digit string ids', () => {
    const account = createSampleAccount();
    expect(account.ads).toHaveLength(48);
    const ids = account.ads.map((a) => a.adId);
    expect(new Set(ids).size).toBe(48);
    for (const id of [...ids, ...account.ads.map((a) => a.adgroupId), ...account.ads.map((a) => a.campaignId)]) {
      expect(id).toMatch(/^\d{19}$/);
    }
    expect(new Set(account.videos.map((v) => v.videoId)).size).toBe(account.videos.length);
  });

  it('holds the edge cases the bot must handle', () => {
    const account = createSampleAccount();
    const { roles } = account;
    const byId = new Map(account.ads.map((a) => [a.adId, a]));

    expect(roles.sharedVideoAdIds.length).toBeGreaterThanOrEqual(3);
    for (const id of roles.sharedVideoAdIds) expect(byId.get(id)?.videoId).toBe(roles.sharedVideoId);
    expect(byId.get(roles.sparkAdId!)).toMatchObject({ adFormat: 'SINGLE_VIDEO', videoId: null });
    expect(byId.get(roles.sparkAdId!)?.tiktokItemId).toMatch(/^\d{19}$/);
    expect(byId.get(roles.imageAdId!)).toMatchObject({ adFormat: 'SINGLE_IMAGE', videoId: null });
    expect(byId.get(roles.imageAdId!)?.imageIds.length).toBe(1);
    expect(byId.get(roles.noDeliveryAdId!)?.daily).toBeNull();
    expect(byId.get(roles.deletedAdId!)?.deleted).toBe(true);
    expect(byId.get(roles.pausedAdId!)?.operationStatus).toBe('DISABLE');

    const partial = sampleReportMetrics(account, byId.get(roles.partialMetricsAdId!)!, WEEK);
    expect(partial).not.toHaveProperty('video_watched_6s');
    expect(partial?.average_video_play).toBeNull();

    const lucky = sampleReportMetrics(account, byId.get(roles.luckyAdId!)!, WEEK);
    expect(Number(lucky?.impressions)).toBeGreaterThan(450);
    expect(Number(lucky?.impressions)).toBeLessThan(750);
    expect(Number(lucky?.ctr)).toBeGreaterThan(4);

    const names = account.ads.map((a) => a.adName);
    expect(names).toEqual(expect.arrayContaining(['UGC hook v3', 'Founder story', 'Logo intro']));
  });

  it('spreads CTRs between 0.3 % and 3 % and spends widely', () => {
    const account = createSampleAccount({ ads: 200 });
    const regular = account.ads.filter((a) => a.daily && a.adId !== account.roles.luckyAdId);
    const ctrs = regular.map((a) => a.daily!.ctr);
    expect(Math.min(...ctrs)).toBeGreaterThanOrEqual(0.3);
    expect(Math.max(...ctrs)).toBeLessThanOrEqual(3);
    expect(Math.max(...ctrs) - Math.min(...ctrs)).toBeGreaterThan(1.5);
    const spends = regular.map((a) => Number(sampleReportMetrics(account, a, WEEK)?.spend));
    expect(Math.max(...spends) / Math.min(...spends)).toBeGreaterThan(5);
  });

  it('builds 1,200 ads quickly', () => {
    const started = performance.now();
    const account = createSampleAccount({ ads: 1200 });
    expect(account.ads).toHaveLength(1200);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('adds and overrides ads for tests', () => {
    const account = createSampleAccount({ ads: 3, advertiserId: '7000000000000000042', timezone: 'Europe/Paris' });
    expect(account.advertiser).toMatchObject({ advertiserId: '7000000000000000042', displayTimezone: 'Europe/Paris' });
    const videos = account.videos.length;
    const evil = addSampleAd(account, { adName: '<!channel> *bold* <https://evil.example|click>' });
    expect(account.ads.at(-1)).toBe(evil);
    expect(account.videos.length).toBe(videos + 1);
    expect(evil.videoId).toBe(account.videos.at(-1)?.videoId);
    const image = addSampleAd(account, { adFormat: 'SINGLE_IMAGE' });
    expect(image.videoId).toBeNull();
    updateSampleAd(account, evil.adId, { daily: null });
    expect(sampleReportMetrics(account, evil, WEEK)).toBeNull();
    expect(() => updateSampleAd(account, '1', {})).toThrow();
  });
});
