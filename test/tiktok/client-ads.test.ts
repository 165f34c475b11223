import { afterEach, describe, expect, it } from 'vitest';
import { startTikTokSimulator, type TikTokSimulator } from '../../src/sandbox/tiktok.js';
import { addSampleAd, createSampleAccount } from '../../src/sandbox/tiktok-data.js';
import { fakeClock } from '../support/clock.js';
import { clientFor } from './fixtures.js';

let sim: TikTokSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('TikTokClient ad/get', () => {
  it('reads every page of listAds at page_size 1000 (2,500 ads → 3 pages)', async () => {
    sim = await startTikTokSimulator({ account: createSampleAccount({ ads: 2500 }) });
    const ads = await clientFor(sim).listAds();

    const notDeleted = sim.account.ads.filter((a) => !a.deleted);
    expect(ads).toHaveLength(notDeleted.length);
    expect(new Set(ads.map((a) => a.adId)).size).toBe(ads.length);
    const calls = sim.calls.filter((c) => c.path.endsWith('/ad/get/'));
    expect(calls.map((c) => c.query.page).sort()).toEqual(['1', '2', '3']);
    for (const call of calls) {
      expect(call.query.page_size).toBe('1000');
      expect(JSON.parse(call.query.filtering ?? '')).toEqual({ primary_status: 'STATUS_NOT_DELETE' });
      expect(call.query.advertiser_id).toBe(sim.advertiserId);
    }
  });

  it('filters listAds by primary_status', async () => {
    sim = await startTikTokSimulator();
    const paused = await clientFor(sim).listAds({ primaryStatus: 'STATUS_DISABLE' });
    expect(paused.map((a) => a.adId)).toEqual([sim.account.roles.pausedAdId]);
    const deleted = await clientFor(sim).listAds({ primaryStatus: 'STATUS_DELETE' });
    expect(deleted.map((a) => a.adId)).toEqual([sim.account.roles.deletedAdId]);
  });

  it('batches getAds at 100 ids a call, dedupes ids and sends JSON-encoded string ids', async () => {
    sim = await startTikTokSimulator({ account: createSampleAccount({ ads: 260 }) });
    const ids = sim.account.ads.slice(0, 250).map((a) => a.adId);
    const ads = await clientFor(sim).getAds([...ids, ...ids.slice(0, 30)]);

    const calls = sim.calls.filter((c) => c.path.endsWith('/ad/get/'));
    expect(calls).toHaveLength(3);
    const sent = calls.map((c) => JSON.parse(c.query.filtering ?? '') as { ad_ids: unknown[] });
    expect(sent.map((f) => f.ad_ids.length)).toEqual([100, 100, 50]);
    for (const f of sent) for (const id of f.ad_ids) expect(typeof id).toBe('string');
    expect(JSON.parse(calls[0]?.query.fields ?? '')).toEqual(
      expect.arrayContaining(['ad_id', 'ad_name', 'video_id', 'ad_format', 'tiktok_item_id', 'image_ids']),
    );
    // The deleted ad among the ids is simply absent.
    expect(ads).toHaveLength(ids.filter((id) => id !== sim?.account.roles.deletedAdId).length);
  });

  it('maps ad objects: Spark ads have no video id but a post id, image ads have image ids', async () => {
    sim = await startTikTokSimulator();
    const { roles } = sim.account;
    const ads = await clientFor(sim).getAds([roles.sparkAdId!, roles.imageAdId!, roles.sharedVideoAdIds[0]!]);
    const byId = new Map(ads.map((a) => [a.adId, a]));

    const spark = byId.get(roles.sparkAdId!);
    expect(spark).toMatchObject({ adFormat: 'SINGLE_VIDEO', videoId: null });
    expect(spark?.tiktokItemId).toMatch(/^\d{19}$/);
    expect(byId.get(roles.imageAdId!)).toMatchObject({ adFormat: 'SINGLE_IMAGE', videoId: null });
    expect(byId.get(roles.imageAdId!)?.imageIds).toHaveLength(1);
    expect(byId.get(roles.sharedVideoAdIds[0]!)).toMatchObject({
      adName: 'UGC hook v3',
      videoId: roles.sharedVideoId,
      advertiserId: sim.advertiserId,
      operationStatus: 'ENABLE',
      secondaryStatus: 'AD_STATUS_DELIVERY_OK',
    });
  });

  it('returns hostile ad names verbatim (escaping is the renderer’s job)', async () => {
    const account = createSampleAccount({ ads: 5 });
    const evil = addSampleAd(account, { adName: '<!channel> *bold* <https://evil.example|click>' });
    sim = await startTikTokSimulator({ account });
    const [ad] = await clientFor(sim).getAds([evil.adId]);
    expect(ad?.adName).toBe('<!channel> *bold* <https://evil.example|click>');
  });

  it('makes no call for an empty id list', async () => {
    sim = await startTikTokSimulator();
    const client = clientFor(sim, { clock: fakeClock() });
    expect(await client.getAds([])).toEqual([]);
    expect(await client.getVideoInfo([])).toEqual([]);
    expect(await client.getReport({ startDate: '2024-01-01', endDate: '2024-01-07', adIds: [] })).toEqual([]);
    expect(sim.countCalls()).toBe(0);
  });
});

describe('TikTokClient file/video/ad/info', () => {
  it('batches at 60 ids a call (130 ids → 3 calls) and parses the expiry as UTC', async () => {
    const clock = fakeClock();
    sim = await startTikTokSimulator({ account: createSampleAccount({ ads: 150 }), clock });
    const ids = sim.account.videos.slice(0, 130).map((v) => v.videoId);
    expect(ids).toHaveLength(130);
    const infos = await clientFor(sim, { clock }).getVideoInfo([...ids, ids[0]!]);

    const calls = sim.calls.filter((c) => c.path.endsWith('/file/video/ad/info/'));
    expect(calls.map((c) => (JSON.parse(c.query.video_ids ?? '') as string[]).length)).toEqual([60, 60, 10]);
    expect(infos).toHaveLength(130);
    const first = infos.find((v) => v.videoId === ids[0]);
    const video = sim.account.videos[0]!;
    expect(first).toMatchObject({
      sizeBytes: video.sizeBytes,
      width: 720,
      height: 1280,
      format: 'mp4',
      fileName: video.fileName,
      durationS: video.durationS,
    });
    expect(first?.signature).toMatch(/^[0-9a-f]{32}$/);
    expect(first?.previewUrl).toContain('/cdn/video/');
    expect(first?.coverUrl).toContain('/cdn/cover/');
    // 6 h ahead of the simulator's clock, to the second.
    expect(first?.previewUrlExpiresAt).toBe(Math.floor((clock.now() + 6 * 3600_000) / 1000) * 1000);
  });

  it('leaves unknown video ids out', async () => {
    sim = await startTikTokSimulator();
    const infos = await clientFor(sim).getVideoInfo(['v10033g50000doesnotexist', sim.account.videos[1]!.videoId]);
    expect(infos.map((v) => v.videoId)).toEqual([sim.account.videos[1]!.videoId]);
  });
});
