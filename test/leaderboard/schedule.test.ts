import type { WebClient } from '@slack/web-api';
import cron from 'node-cron';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LeaderboardService } from '../../src/leaderboard/build.js';
import { LeaderboardScheduler, type LeaderboardSchedulerDeps } from '../../src/leaderboard/schedule.js';
import type { SlackSimulator } from '../../src/sandbox/slack.js';
import { createSampleAccount } from '../../src/sandbox/tiktok-data.js';
import type { Services } from '../../src/services.js';
import { publishLeaderboard } from '../../src/slack/publish-leaderboard.js';
import { Store } from '../../src/store/index.js';
import { type Clock, systemClock } from '../../src/util/clock.js';
import type { Harness } from '../support/harness.js';
import { memoryLogger } from '../support/logger.js';
import {
  leaderboardServices,
  prefillAnalyses,
  shiftedClock,
  slackClient,
  startLeaderboardHarness,
} from './fixtures.js';

const MONDAY_0900 = Date.parse('2026-11-30T09:00:00Z'); // ISO week 2026-W49

// Each test gets a fresh clock and fresh services (rate limiters must not see time run backwards between tests);
// the simulators follow whichever clock the current test uses.
let clock = shiftedClock(MONDAY_0900);
const simClock: Clock = { now: () => clock.now(), sleep: systemClock.sleep };
let h: Harness;
let slack: SlackSimulator;
let client: WebClient;
let services: Services;
let leaderboard: LeaderboardService;
let channelSerial = 0;
let channel = '';

beforeAll(async () => {
  const account = createSampleAccount({ ads: 12 });
  h = await startLeaderboardHarness(account, simClock, { slack: true });
  slack = h.slack as SlackSimulator;
  client = slackClient(slack);
  const store = Store.open(h.dbPath);
  prefillAnalyses(store, account, MONDAY_0900);
  store.close();
});

afterAll(async () => {
  await h.close();
});

beforeEach(() => {
  clock = shiftedClock(MONDAY_0900);
  services = leaderboardServices(h, clock);
  leaderboard = services.leaderboard;
  // each test posts to its own channel, so weeks claimed by one test do not affect another
  channel = `C0SCHED${++channelSerial}`;
  slack.reset();
});

afterEach(() => {
  services.close();
});

/** The real chain: build over the TikTok/Mavera simulators, post to the Slack simulator. */
const realPublish: LeaderboardSchedulerDeps['publish'] = async (channelId) => {
  const report = await leaderboard.build({ maxNewAnalyses: 0 });
  const { messageTs } = await publishLeaderboard(client, channelId, report, {
    now: clock.now(),
    logger: services.logger,
  });
  return { messageTs };
};

function scheduler(overrides: Partial<LeaderboardSchedulerDeps> = {}): LeaderboardScheduler {
  return new LeaderboardScheduler({
    store: services.store,
    clock,
    logger: memoryLogger(),
    cron: '0 9 * * 1',
    tz: 'UTC',
    channel,
    catchUp: true,
    publish: realPublish,
    ...overrides,
  });
}

const postsIn = (channelId: string) => slack.messages.filter((m) => m.channel === channelId && m.threadTs === null);

describe('LeaderboardScheduler', () => {
  it('posts once when the injected clock reaches the slot, and nothing more that ISO week', async () => {
    const s = scheduler();
    clock.set(MONDAY_0900 + 500);
    const first = await s.tick();
    expect(first.status).toBe('posted');
    expect(postsIn(channel).length).toBe(1);
    const run = services.store.leaderboardRuns.forWeek('2026-W49', channel);
    expect(run).toMatchObject({ state: 'posted', trigger: 'cron' });
    expect(run?.messageTs).toBe(postsIn(channel)[0]!.ts);
    // the chart went into the thread
    expect(slack.uploads.some((u) => u.channel === channel && u.threadTs === run?.messageTs)).toBe(true);

    clock.set(MONDAY_0900 + 3 * 3600_000);
    expect((await s.tick()).status).toBe('skipped');
    clock.set(Date.parse('2026-12-06T23:59:00Z')); // Sunday, still W49
    expect((await s.tick()).status).toBe('skipped');
    expect((await s.runScheduled('manual')).status).toBe('skipped');
    expect(postsIn(channel).length).toBe(1);

    clock.set(Date.parse('2026-12-07T09:00:01Z')); // next Monday: W50
    const next = await s.tick();
    expect(next).toMatchObject({ status: 'posted', run: { isoWeek: '2026-W50' } });
    expect(postsIn(channel).length).toBe(2);
  });

  it('posts at start-up when this week’s slot was missed while down, once', async () => {
    clock.set(Date.parse('2026-12-01T10:00:00Z')); // Tuesday of W49: Monday's slot passed while down
    const s = scheduler();
    const outcome = await s.start();
    await s.stop();
    expect(outcome).toMatchObject({ status: 'posted', run: { isoWeek: '2026-W49', trigger: 'catch-up' } });
    expect(postsIn(channel).length).toBe(1);

    // a restart later that week finds the week posted
    const again = scheduler();
    expect(await again.start()).toBeNull();
    await again.stop();
    expect(postsIn(channel).length).toBe(1);
  });

  it('catches up a Sunday-evening slot missed overnight, after the ISO week turned, in the schedule’s zone', async () => {
    // Sunday 18:00 in Berlin (17:00 UTC) is the last slot of ISO week 2026-W49; the bot is back Monday 07:00 Berlin
    clock.set(Date.parse('2026-12-07T06:00:00Z'));
    const s = scheduler({ cron: '0 18 * * 0', tz: 'Europe/Berlin' });
    const outcome = await s.start();
    await s.stop();
    expect(outcome).toMatchObject({ status: 'posted', run: { isoWeek: '2026-W49', trigger: 'catch-up' } });
    expect(postsIn(channel).length).toBe(1);

    // the slot then comes round as usual, once, for W50
    clock.set(Date.parse('2026-12-13T17:00:01Z'));
    expect(await s.tick()).toMatchObject({ status: 'posted', run: { isoWeek: '2026-W50' } });
    expect(postsIn(channel).length).toBe(2);
  });

  it('does not catch up when catch-up is off, or before this week’s slot', async () => {
    clock.set(Date.parse('2026-11-30T08:59:00Z')); // Monday before the slot; last week's slot is not this week
    const early = scheduler();
    expect(await early.start()).toBeNull();
    await early.stop();

    clock.set(Date.parse('2026-12-01T10:00:00Z'));
    const off = scheduler({ catchUp: false });
    expect(await off.start()).toBeNull();
    await off.stop();
    expect(postsIn(channel).length).toBe(0);
    expect(services.store.leaderboardRuns.forWeek('2026-W48', channel)).toBeNull();
  });

  it('posts once when triggers overlap, in one process or two', async () => {
    const slowPublish: LeaderboardSchedulerDeps['publish'] = async (channelId, trigger) => {
      await systemClock.sleep(100);
      return realPublish(channelId, trigger);
    };
    const s = scheduler({ publish: slowPublish });
    clock.set(MONDAY_0900 + 1000);
    const outcomes = await Promise.all([s.tick(), s.tick(), s.catchUpIfMissed(), s.runScheduled('manual')]);
    expect(outcomes.filter((o) => o?.status === 'posted').length).toBe(1);
    expect(postsIn(channel).length).toBe(1);

    // a second process on the same database file, same week, other channel: only one of the two posts
    channel = `${channel}X`;
    const otherStore = Store.open(h.dbPath);
    try {
      const a = scheduler({ publish: slowPublish });
      const b = scheduler({ publish: slowPublish, store: otherStore });
      const both = await Promise.all([a.tick(), b.tick()]);
      expect(both.filter((o) => o.status === 'posted').length).toBe(1);
      expect(postsIn(channel).length).toBe(1);
    } finally {
      otherStore.close();
    }
  });

  it('frees the week for a retry when a run fails, and clears runs a stopped process left running', async () => {
    const s = scheduler();
    clock.set(MONDAY_0900 + 1000);
    slack.failNext('chat.postMessage', 'channel_not_found');
    const failed = await s.tick();
    expect(failed.status).toBe('failed');
    expect(services.store.leaderboardRuns.forWeek('2026-W49', channel)).toBeNull();
    expect(services.store.leaderboardRuns.recent(1)[0]).toMatchObject({ state: 'failed', channelId: channel });
    expect((await s.tick()).status).toBe('posted');
    expect(postsIn(channel).length).toBe(1);

    // a run left 'running' by a dead process blocks the week until start-up clears it
    channel = `${channel}Y`;
    const stale = services.store.leaderboardRuns.claim(
      { isoWeek: '2026-W49', channelId: channel, trigger: 'cron', startDate: '2026-11-23', endDate: '2026-11-29' },
      MONDAY_0900,
    );
    expect(stale).not.toBeNull();
    clock.set(Date.parse('2026-12-02T08:00:00Z'));
    const restarted = scheduler();
    const outcome = await restarted.start();
    await restarted.stop();
    expect(outcome).toMatchObject({ status: 'posted', run: { trigger: 'catch-up' } });
    expect(services.store.leaderboardRuns.recent(5).find((r) => r.id === stale!.id)?.state).toBe('failed');
  });

  it('uses the schedule’s time zone for the slot and the ISO week', () => {
    const s = scheduler({ tz: 'America/Los_Angeles' });
    // Monday 09:00 in Los Angeles is 17:00 UTC
    expect(s.lastSlot(Date.parse('2026-11-30T17:00:01Z'))).toBe(Date.parse('2026-11-30T17:00:00Z'));
    expect(s.lastSlot(Date.parse('2026-11-30T16:59:00Z'))).toBe(Date.parse('2026-11-23T17:00:00Z'));
    // Monday 01:00 UTC is still Sunday in Los Angeles: the previous ISO week
    expect(s.weekOf(Date.parse('2026-11-30T01:00:00Z'))).toBe('2026-W48');
    expect(s.weekOf(Date.parse('2026-11-30T17:00:00Z'))).toBe('2026-W49');
  });

  it('registers one node-cron task and removes it on stop; without a channel it stays off', async () => {
    const s = scheduler({ catchUp: false });
    const before = cron.getTasks().size;
    await s.start();
    const task = [...cron.getTasks().values()].find((t) => t.name === 'weekly-leaderboard');
    expect(task).toBeDefined();
    expect(task?.getNextRun()?.getUTCDay()).toBe(1);
    await s.stop();
    expect(cron.getTasks().size).toBe(before);

    const logger = memoryLogger();
    const off = scheduler({ channel: null, logger });
    expect(off.enabled).toBe(false);
    expect(await off.start()).toBeNull();
    expect(await off.tick()).toMatchObject({ status: 'skipped' });
    expect(logger.lines.some((l) => l.startsWith('info') && l.includes('LEADERBOARD_CHANNEL'))).toBe(true);
    expect(cron.getTasks().size).toBe(before);
  });

  it('refuses a cron expression or time zone it cannot read, at once', () => {
    const before = cron.getTasks().size;
    expect(() => scheduler({ cron: 'every monday' }).start()).toThrow(/LEADERBOARD_CRON/);
    expect(() => scheduler({ tz: 'Mars/Olympus' }).start()).toThrow(/LEADERBOARD_TZ/);
    expect(cron.getTasks().size).toBe(before);
  });
});
