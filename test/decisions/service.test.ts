import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotApproverError } from '../../src/decisions/service.js';
import type { Services } from '../../src/services.js';
import { type Harness, plainVideoAd, startHarness } from '../support/harness.js';

const APPROVER = 'U0APPROVE1';
const OTHER = 'U0OTHER001';

let h: Harness;
let services: Services;
let ad: ReturnType<typeof plainVideoAd>;

beforeAll(async () => {
  h = await startHarness();
  services = h.services({ DECISION_APPROVERS: APPROVER });
  ad = plainVideoAd(h.tiktok.account);
  await services.ads.scoreAd(ad.adId);
});
afterAll(async () => {
  await h.close();
});

const press = (over: Partial<Parameters<Services['decisions']['record']>[0]> = {}) => ({
  adId: ad.adId,
  videoId: ad.videoId,
  decision: 'KILL' as const,
  userId: APPROVER,
  channelId: 'C0DECIDE01',
  messageTs: '1700000000.000100',
  actionTs: '1700000001.000200',
  ...over,
});

describe('DecisionService (Slack-free: the Kill button, the CLI or the web call the same thing)', () => {
  it('records an approver’s decision with a snapshot of the scores and metrics it was taken on', async () => {
    const { row, created } = await services.decisions.record(press());
    expect(created).toBe(true);
    expect(row).toMatchObject({ adId: ad.adId, adName: ad.adName, decision: 'KILL', userId: APPROVER });
    expect(row.snapshot).toMatchObject({
      adName: ad.adName,
      hookScore: expect.any(Number),
      behavioural: expect.any(Number),
      verdict: expect.stringMatching(/^(SCALE|TEST|HOLD|KILL)$/),
      reason: expect.stringContaining('behavioural'),
      window: { startDate: expect.any(String), endDate: expect.any(String) },
    });
    expect(row.snapshot.metrics?.impressions).toEqual(expect.any(Number));
    // read back from the store, typed by its schema
    const [latest] = services.decisions.recent(1, ad.adId);
    expect(latest?.snapshot).toEqual(row.snapshot);
  });

  it('records a repeated press of the same button on the same message once', async () => {
    const before = services.decisions.recent(50).length;
    const again = await services.decisions.record(press({ actionTs: '1700000002.000300' }));
    expect(again.created).toBe(false);
    expect(services.decisions.recent(50)).toHaveLength(before);
  });

  it('refuses anyone who is not an approver, recording nothing and fetching nothing', async () => {
    const before = services.decisions.recent(50).length;
    const calls = h.tiktok.calls.length;
    const err = await services.decisions.record(press({ userId: OTHER })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotApproverError);
    expect(err).toMatchObject({ code: 'not_allowed', approvers: [APPROVER] });
    expect(services.decisions.recent(50)).toHaveLength(before);
    expect(h.tiktok.calls.length).toBe(calls);
    expect(services.decisions.isApprover(APPROVER)).toBe(true);
    expect(services.decisions.isApprover(OTHER)).toBe(false);
  });

  it('lets everyone decide when no approvers are set', () => {
    const open = h.services();
    expect(open.decisions.approvers).toEqual([]);
    expect(open.decisions.isApprover(OTHER)).toBe(true);
  });

  it('refuses a subject that is neither an ad id nor video:<item_id>', async () => {
    await expect(services.decisions.record(press({ adId: 'DROP TABLE' }))).rejects.toMatchObject({
      code: 'bad_input',
    });
  });

  it('records a decision on an organic video from its cached analysis alone (no TikTok Marketing API call)', async () => {
    const calls = h.tiktok.calls.length;
    const { row } = await services.decisions.record(press({ adId: 'video:7400000000000000009', videoId: null }));
    expect(row.snapshot).toMatchObject({ adName: 'video:7400000000000000009', window: null, metrics: null });
    expect(h.tiktok.calls.length).toBe(calls);
  });
});
