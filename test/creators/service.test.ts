import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { organicVideoLocator } from '../../src/creators/locate.js';
import { CreatorService, normaliseCookie } from '../../src/creators/service.js';
import { startTikOmniSimulator, type TikOmniSimulator } from '../../src/sandbox/tikomni.js';
import type { Services } from '../../src/services.js';
import { type Clock, systemClock } from '../../src/util/clock.js';
import { type Harness, startHarness } from '../support/harness.js';
import { NOW, rejection, simClient } from './fixtures.js';

const COOKIE_KEY = 'a1'.repeat(32);
const LIST_ROUTE = '/api/u1/v1/tiktok/creator/get_video_list_analytics';
const fixedClock: Clock = { now: () => NOW, sleep: systemClock.sleep };

let h: Harness;
let sim: TikOmniSimulator;
let services: Services;
let client: ReturnType<typeof simClient>;

beforeEach(async () => {
  h = await startHarness();
  sim = await startTikOmniSimulator({ now: NOW });
});
afterEach(async () => {
  await sim.close();
  await h.close();
});

function creatorService(env: Record<string, string> = {}): CreatorService {
  services = h.services({
    TIKOMNI_API_KEY: sim.apiKey,
    TIKOMNI_API_BASE_URL: sim.url,
    CREATOR_COOKIE_KEY: COOKIE_KEY,
    MAVERA_MAX_REQUESTS_PER_MINUTE: '10000',
    ...env,
  });
  // Back-off sleeps shortened so "TikOmni down" fails in milliseconds; `now` fixed in the sample data's month.
  client = simClient(sim, { logger: h.logger });
  return new CreatorService({ ...services, clock: fixedClock, client });
}

const brandVideo = () =>
  sim.videos().find((v) => v.itemId === '7400000000000000001') as { shareUrl: string; itemId: string };

describe('CreatorService', () => {
  it('is off without TIKOMNI_API_KEY', () => {
    expect(h.services().creators).toBeNull();
    expect(h.services({ TIKOMNI_API_KEY: sim.apiKey, TIKOMNI_API_BASE_URL: sim.url }).creators).toBeInstanceOf(
      CreatorService,
    );
  });

  it('scores a link through the engine with public stats, then answers the same video from the cache', async () => {
    const creators = creatorService();
    const video = brandVideo();
    const events: string[] = [];
    const first = await creators.scoreVideo(
      { kind: 'share_url', url: video.shareUrl },
      { onProgress: (e) => events.push(e.stage) },
    );
    expect(first).toMatchObject({
      source: 'organic',
      adId: `video:${video.itemId}`,
      videoId: video.itemId,
      cached: false,
    });
    expect(first.performance).toBeNull();
    expect(first.publicStats?.plays).toBe(152_340);
    expect(first.publicStats?.engagementRate).toBeGreaterThan(0);
    expect(first.publicStats?.authorHandle).toBe('brandhq');
    expect(first.adName).toContain('spring collection');
    expect(first.score.reason).toMatch(/completion missing/);
    expect(events[0]).toBe('resolving');
    expect(events).toContain('done');
    expect(h.mavera.stats.uploads).toBe(1);
    // The cache is keyed by the item id: the bare id form finds the same analysis.
    const again = await creators.scoreVideo({ kind: 'item_id', itemId: video.itemId });
    expect(again.cached).toBe(true);
    expect(again.analysisId).toBe(first.analysisId);
    expect(h.mavera.stats.uploads).toBe(1);
    expect(services.store.analyses.get(`organic:${video.itemId}`)).not.toBeNull();
    // A fresh play URL for resumed jobs.
    expect((await organicVideoLocator(client)(video.itemId)).url).toContain(`/cdn/video/${video.itemId}/540.mp4`);
  });

  it('refuses a photo post and stores nothing', async () => {
    const creators = creatorService();
    const e = await rejection(creators.scoreVideo({ kind: 'item_id', itemId: '7400000000000000003' }));
    expect(e.code).toBe('not_a_video');
    expect(h.mavera.stats.uploads).toBe(0);
    expect(services.store.analyses.get('organic:7400000000000000003')).toBeNull();
  });

  it('adds a creator only with CREATOR_COOKIE_KEY, checks the cookie, and stores it encrypted', async () => {
    const ava = sim.creator('ava');
    const noKey = creatorService({ CREATOR_COOKIE_KEY: '' });
    const missing = await rejection(noKey.addCreator('ava', ava.cookie, 'U1'));
    expect(missing.code).toBe('config');
    expect(missing.message).toMatch(/CREATOR_COOKIE_KEY is not set/);
    expect(() => noKey.assertCanStoreCookies()).toThrow(/CREATOR_COOKIE_KEY/);
    expect(services.store.creators.list()).toHaveLength(0);

    const creators = creatorService();
    // Pasted one pair per line, as some browsers copy it.
    const pasted = `Cookie: ${ava.cookie.split('; ').join(';\n')}\n`;
    const added = await creators.addCreator('Ava', pasted, 'U0APPROVE1');
    expect(added).toEqual({ name: 'ava', tiktokUser: 'ava.makes', addedBy: 'U0APPROVE1', addedAt: NOW });
    expect(Object.keys(added)).not.toContain('cookie');
    const row = services.store.creators.get('ava');
    expect(row?.cookieEnc).toMatch(/^v1:/);
    expect(row?.cookieEnc).not.toContain('sim-creator-ava');
    expect(creators.listCreators()).toEqual([added]);
    expect(JSON.stringify(creators.listCreators())).not.toContain('sessionid');
  });

  it('normalises pasted cookies', () => {
    expect(normaliseCookie('cookie: a=1;\n b=2 ;;\r\n\nc=3')).toBe('a=1; b=2; c=3');
    expect(normaliseCookie('a=1; b=2')).toBe('a=1; b=2');
  });

  it('refuses a cookie TikTok does not accept, or anything that is not a cookie, and stores nothing', async () => {
    const creators = creatorService();
    const ben = sim.creator('ben');
    sim.expireCookie(ben.cookie);
    const expired = await rejection(creators.addCreator('ben', ben.cookie, 'U1'));
    expect(expired.code).toBe('creator_cookie_expired');
    expect(expired.message).toMatch(/does not accept this cookie/);
    const garbage = await rejection(creators.addCreator('ben', 'hello world', 'U1'));
    expect(garbage.code).toBe('bad_input');
    expect(garbage.message).not.toContain('hello world');
    const badName = await rejection(creators.addCreator('<!channel>', sim.creator('ava').cookie, 'U1'));
    expect(badName.code).toBe('bad_input');
    expect(services.store.creators.list()).toHaveLength(0);
  });

  it('stores nothing when TikOmni is down', async () => {
    const creators = creatorService();
    sim.setDown(true);
    const down = await rejection(creators.addCreator('ava', sim.creator('ava').cookie, 'U1'));
    expect(down.code).toBe('tikomni_error');
    expect(down.message).toMatch(/TikOmni is not answering/);
    const link = await rejection(creators.scoreVideo({ kind: 'share_url', url: brandVideo().shareUrl }));
    expect(link.code).toBe('tikomni_error');
    expect(services.store.creators.list()).toHaveLength(0);
    expect(services.store.jobs.unfinished()).toHaveLength(0);
    expect(h.mavera.stats.requests).toBe(0);
  });

  it('ranks a creator’s month over two pages of video analytics, capping new analyses and reusing cached ones', async () => {
    const creators = creatorService({ MAVERA_CONCURRENCY: '4' });
    const ava = sim.creator('ava');
    await creators.addCreator('ava', ava.cookie, 'U1');
    const before = sim.stats.byPath[LIST_ROUTE] ?? 0;
    const progress: number[] = [];
    const first = await creators.creatorLeaderboard('ava', '2025-04', {
      maxNewAnalyses: 5,
      onProgress: (p) => progress.push(p.analysed),
    });
    expect((sim.stats.byPath[LIST_ROUTE] ?? 0) - before).toBe(2);
    expect(first.rows).toHaveLength(14);
    expect(first.month).toBe('2025-04');
    expect(first.tiktokUser).toBe('ava.makes');
    expect(first.newAnalyses).toBe(5);
    expect(first.pendingAnalyses).toBe(9);
    expect(first.health).toMatchObject({ violationScore: 2, warning: null });
    expect(progress.at(-1)).toBe(5);
    const ranked = first.rows.filter((r) => r.analysed);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i - 1]?.behaviouralScore ?? 0).toBeGreaterThanOrEqual(ranked[i]?.behaviouralScore ?? 0);
    for (const r of ranked) {
      expect(r.reason).toMatch(/completion/);
      expect(r.completionRate).toBeGreaterThan(0);
      expect(r.completionShrunk).toBeGreaterThan(0);
      expect(typeof r.gmv).toBe('number');
      expect(typeof r.itemsSold).toBe('number');
      expect(typeof r.newFollowers).toBe('number');
      expect(typeof r.ctr).toBe('number');
    }
    // The five most viewed videos were analysed first.
    const views = first.rows.map((r) => r.views ?? 0).sort((a, b) => b - a);
    expect(Math.min(...ranked.map((r) => r.views ?? 0))).toBe(views[4]);

    const second = await creators.creatorLeaderboard('ava', '2025-04', { maxNewAnalyses: 50 });
    expect(second.cachedAnalyses).toBe(5);
    expect(second.newAnalyses).toBe(9);
    expect(second.pendingAnalyses).toBe(0);
    expect(second.rows.every((r) => r.analysed && r.verdict !== null)).toBe(true);
    expect(h.mavera.stats.uploads).toBe(14);
  });

  it('adds a warning line for a violation score of 9 or more', async () => {
    const creators = creatorService();
    await creators.addCreator('ben', sim.creator('ben').cookie, 'U1');
    const report = await creators.creatorLeaderboard('ben', '2025-04', { maxNewAnalyses: 0 });
    expect(report.health?.violationScore).toBe(10);
    expect(report.health?.warning).toMatch(/violation score 10/);
    expect(report.rows.every((r) => !r.analysed)).toBe(true);
    expect(h.mavera.stats.uploads).toBe(0);
  });

  it('asks an approver for a new cookie when TikTok no longer accepts the saved one', async () => {
    const creators = creatorService();
    const ava = sim.creator('ava');
    await creators.addCreator('ava', ava.cookie, 'U1');
    sim.expireCookie(ava.cookie, 'http_400');
    const e = await rejection(creators.creatorLeaderboard('ava', '2025-04'));
    expect(e.code).toBe('creator_cookie_expired');
    expect(e.message).toMatch(/no longer accepts the saved login for creator "ava"/);
    expect(e.hint).toMatch(/approver should run `\/creative-score creator add ava`/);
    expect(`${e.message} ${e.hint}`).not.toContain('sim-creator-ava');
  });

  it('explains an unknown creator and a bad month', async () => {
    const creators = creatorService();
    expect((await rejection(creators.creatorLeaderboard('nobody', null))).code).toBe('creator_not_found');
    await creators.addCreator('ava', sim.creator('ava').cookie, 'U1');
    expect((await rejection(creators.creatorLeaderboard('ava', '2025-13'))).code).toBe('bad_input');
    expect(() => creators.removeCreator('nobody')).toThrow(/no registered creator "nobody"/);
    expect(creators.removeCreator('AVA').name).toBe('ava');
    expect(creators.listCreators()).toHaveLength(0);
  });

  it('uses a registered creator’s completion rate for the verdict of their video', async () => {
    const creators = creatorService();
    const ava = sim.creator('ava');
    await creators.addCreator('ava', ava.cookie, 'U1');
    const result = await creators.scoreVideo({ kind: 'item_id', itemId: ava.videoItemIds[0] as string });
    expect(result.score.ctrRaw).toBeGreaterThan(0);
    expect(result.score.reason).toMatch(/completion \d/);
    expect(result.score.reason).toMatch(/views/);
  });

  it('shows a creator video’s completion series and audience split, and refuses videos of unknown creators', async () => {
    const creators = creatorService();
    const ava = sim.creator('ava');
    await creators.addCreator('ava', ava.cookie, 'U1');
    const itemId = ava.videoItemIds[3] as string;
    const report = await creators.audience(itemId);
    expect(report).toMatchObject({ itemId, creator: 'ava', month: '2025-04' });
    expect(report.detailed.series.length).toBeGreaterThan(1);
    expect(report.detailed.totals.completionRatePct).toBeGreaterThan(0);
    expect(report.audience.genders.map((g) => g.key).sort()).toEqual(['female', 'male']);
    expect(report.audience.ages.length).toBe(5);
    expect(report.audience.regions[0]?.key).toBe('US');
    const e = await rejection(creators.audience(brandVideo().itemId));
    expect(e.code).toBe('creator_not_found');
    expect(e.message).toMatch(/@brandhq/);
  });

  it('builds the weekly creator sections with one shared cap, leaving out creators that fail', async () => {
    const creators = creatorService();
    await creators.addCreator('ava', sim.creator('ava').cookie, 'U1');
    await creators.addCreator('ben', sim.creator('ben').cookie, 'U1');
    const sections = await creators.weeklySections(['ava', 'ben', 'nobody'], { maxNewAnalyses: 3 });
    expect(sections.map((s) => s.name)).toEqual(['ava', 'ben', 'nobody']);
    const [ava, ben, nobody] = sections;
    if (!ava || !('report' in ava) || !ben || !('report' in ben)) throw new Error('expected two reports');
    expect(ava.report.month).toBe('2025-04');
    expect(ava.report.newAnalyses + ben.report.newAnalyses).toBe(3);
    expect(nobody && 'error' in nobody && nobody.error.code).toBe('creator_not_found');
  });
});
