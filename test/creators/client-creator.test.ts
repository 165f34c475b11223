import { describe, expect, it } from 'vitest';
import { startTikOmniSimulator } from '../../src/sandbox/tikomni.js';
import { linesLogger, NOW, rejection, simClient, startTikOmniForFile } from './fixtures.js';

const { sim, lines, client } = await startTikOmniForFile();

describe('TikOmniClient — TikTok Shop creators', () => {
  it('reads one page of video list analytics, converting fractions to percentages', async () => {
    const ava = sim.creator('ava');
    const page0 = await client().getVideoListAnalytics(ava.cookie, { startDate: '04-01-2025', page: 0 });
    expect(page0.videos).toHaveLength(10);
    expect(page0.nextPage).toBe(1);
    const v = page0.videos[0];
    if (!v) throw new Error('no video');
    expect(v.itemId).toBe(ava.videoItemIds[0]);
    expect(v.name).toBeTruthy();
    expect(v.publishTime).toBe(Math.floor(NOW / 1000) * 1000 - 3 * 3_600_000);
    expect(v.durationS).toBeGreaterThan(5);
    expect(v.views).toBeGreaterThan(0);
    expect(v.completionRatePct).toBeGreaterThan(5);
    expect(v.completionRatePct).toBeLessThanOrEqual(100);
    expect(v.ctrPct).toBeGreaterThan(0.3);
    expect(v.ctrPct).toBeLessThan(7);
    expect(typeof v.gmv).toBe('number');
    expect(typeof v.itemsSold).toBe('number');
    expect(typeof v.newFollowers).toBe('number');
    expect(v.playUrl).toContain('/cdn/video/');
    expect(v.coverUrl).toContain('/cdn/cover/');

    const page1 = await client().getVideoListAnalytics(ava.cookie, {
      startDate: '04-01-2025',
      page: 1,
      rules: 'VIDEO_LIST_PUBLISH_TIME',
    });
    expect(page1.videos).toHaveLength(4);
    expect(page1.nextPage).toBeNull();
  });

  it('getAllVideoListAnalytics follows every page', async () => {
    const before = sim.stats.byPath['/api/u1/v1/tiktok/creator/get_video_list_analytics'] ?? 0;
    const all = await client().getAllVideoListAnalytics({ name: 'ava', cookie: sim.creator('ava').cookie }, '2025-04');
    expect(all.map((v) => v.itemId)).toEqual(sim.creator('ava').videoItemIds);
    expect((sim.stats.byPath['/api/u1/v1/tiktok/creator/get_video_list_analytics'] ?? 0) - before).toBe(2);
    expect(await client().getAllVideoListAnalytics(sim.creator('ava').cookie, '2025-02')).toEqual([]);
    expect(await client().getAllVideoListAnalytics(sim.creator('cleo').cookie, '2025-04')).toEqual([]);
    await expect(client().getAllVideoListAnalytics(sim.creator('ava').cookie, '04-2025')).rejects.toThrow(
      /not a month/,
    );
  });

  it('parses detailed stats (nested data.data) into a completion-rate series with totals', async () => {
    const ava = sim.creator('ava');
    const itemId = ava.videoItemIds[5] as string; // published 10 days before the 29th
    const stats = await client().getVideoDetailedStats(ava.cookie, itemId, '2025-04');
    expect(stats.itemId).toBe(itemId);
    expect(stats.granularity).toBe('DAY');
    expect(stats.series.length).toBe(11);
    expect(stats.series[0]?.t).toBe('2025-04-19');
    expect(stats.series.at(-1)?.t).toBe('2025-04-29');
    for (const p of stats.series) {
      expect(p.completionRatePct).toBeGreaterThan(0);
      expect(p.completionRatePct).toBeLessThanOrEqual(100);
    }
    expect(stats.totals.completionRatePct).toBeGreaterThan(0);
    expect(stats.totals.likes).toBe(stats.series.reduce((a, p) => a + (p.likes ?? 0), 0));
    expect(stats.totals.shares).not.toBeNull(); // sent as strings
  });

  it('parses audience stats into sorted shares', async () => {
    const ava = sim.creator('ava');
    const audience = await client().getVideoAudienceStats(ava.cookie, ava.videoItemIds[0] as string, '2025-04');
    expect(audience.genders.map((g) => g.key).sort()).toEqual(['female', 'male']);
    expect(audience.genders[0]?.key).toBe('female');
    expect(audience.genders.reduce((a, g) => a + g.share, 0)).toBeCloseTo(1, 3);
    expect(audience.ages).toHaveLength(5);
    expect(audience.regions[0]).toMatchObject({ key: 'US' });
    for (const r of audience.regions) expect(r.share).toBeLessThanOrEqual(1);
  });

  it('reads account health and account info', async () => {
    expect(await client().getAccountHealth(sim.creator('ava').cookie)).toEqual({
      violationScore: 2,
      riskLevelText: 'Healthy',
      creatorStatus: 0,
    });
    const ben = await client().getAccountHealth(sim.creator('ben').cookie);
    expect(ben.violationScore).toBeGreaterThanOrEqual(9);
    expect(ben.riskLevelText).toBe('At risk');
    expect(await client().getCreatorAccountInfo(sim.creator('ben').cookie)).toEqual({
      userId: '7211000000000000202',
      userName: 'ben.reviews',
      nickName: 'Ben Reviews',
    });
  });

  it('reads the TikOmni balance', async () => {
    expect(await client().getUserInfo()).toEqual({ balance: 42.5, freeCredit: 1.25 });
  });

  it('turns every expired-cookie shape into creator_cookie_expired without leaking the cookie', async () => {
    lines.length = 0;
    const shapes = ['inner_code', 'status_code', 'http_400'] as const;
    for (const shape of shapes) {
      const other = await startTikOmniSimulator({ now: NOW });
      try {
        const cookie = other.creator('ben').cookie;
        other.expireCookie(cookie, shape);
        const c = simClient(other, { logger: linesLogger(lines) });
        const before = other.calls.length;
        const err = await rejection(c.getAccountHealth({ name: 'ben', cookie }));
        expect(err.code, shape).toBe('creator_cookie_expired');
        expect(err.message).toContain('TikTok no longer accepts the saved login for creator "ben"');
        expect(err.hint).toContain('/creative-score creator add ben');
        expect(`${err.message}${err.hint}`).not.toContain('sessionid');
        expect(other.calls.length - before).toBe(1);
      } finally {
        await other.close();
      }
    }
    const unknown = await rejection(
      client().getVideoListAnalytics('sessionid=garbage-cookie-123', { startDate: '04-01-2025', page: 0 }),
    );
    expect(unknown.code).toBe('creator_cookie_expired');
    expect(unknown.hint).toContain('<name>');
    const log = lines.join('\n');
    expect(log).not.toContain('sessionid=');
    expect(log).not.toContain('cache.tikomni.com');
    expect(log).not.toContain('"params"');
  });

  it('returns nothing that contains the cookie, params or cache_url', async () => {
    lines.length = 0;
    const ava = sim.creator('ava');
    const c = client();
    const results = [
      await c.getAllVideoListAnalytics(ava.cookie, '2025-04'),
      await c.getVideoDetailedStats(ava.cookie, ava.videoItemIds[1] as string, '2025-04'),
      await c.getVideoAudienceStats(ava.cookie, ava.videoItemIds[1] as string, '2025-04'),
      await c.getAccountHealth(ava.cookie),
      await c.getCreatorAccountInfo(ava.cookie),
    ];
    const out = JSON.stringify(results);
    expect(out).not.toContain(ava.cookie);
    expect(out).not.toContain('sessionid');
    expect(out).not.toContain('cache');
    expect(lines.length).toBeGreaterThan(0);
    const log = lines.join('\n');
    expect(log).not.toContain('sessionid');
    expect(log).not.toContain('"params"');
  });
});
