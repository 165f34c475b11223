import { afterEach, describe, expect, it } from 'vitest';
import { startTikTokSimulator, type TikTokSimulator } from '../../src/sandbox/tiktok.js';
import { createSampleAccount } from '../../src/sandbox/tiktok-data.js';
import { clientFor, memoryLogger, rejectionOf } from './fixtures.js';

let sim: TikTokSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function simWith(timezone: string | null, displayTimezone: string | null): Promise<TikTokSimulator> {
  const account = createSampleAccount({ currency: 'EUR' });
  account.advertiser.timezone = timezone;
  account.advertiser.displayTimezone = displayTimezone;
  sim = await startTikTokSimulator({ account });
  return sim;
}

describe('TikTokClient advertiser/info', () => {
  it('asks for the account with JSON-encoded advertiser_ids and fields, and caches the answer', async () => {
    const s = await simWith('Etc/GMT+8', 'America/Los_Angeles');
    const client = clientFor(s);
    const info = await client.getAdvertiserInfo();
    expect(info).toEqual({
      advertiserId: s.advertiserId,
      name: s.account.advertiser.name,
      timezone: 'America/Los_Angeles',
      currency: 'EUR',
    });
    await client.getAdvertiserInfo();
    expect(s.countCalls('/advertiser/info/')).toBe(1);
    const query = s.calls[0]?.query ?? {};
    expect(JSON.parse(query.advertiser_ids ?? '')).toEqual([s.advertiserId]);
    expect(JSON.parse(query.fields ?? '')).toEqual([
      'advertiser_id',
      'name',
      'timezone',
      'display_timezone',
      'currency',
    ]);
  });

  it('falls back to `timezone` when `display_timezone` is missing, and understands UTC offsets', async () => {
    const s = await simWith('Europe/Berlin', null);
    expect((await clientFor(s).getAdvertiserInfo()).timezone).toBe('Europe/Berlin');
    s.account.advertiser.timezone = 'UTC+08:00';
    expect((await clientFor(s).getAdvertiserInfo()).timezone).toBe('Etc/GMT-8');
  });

  it('falls back to UTC with a warning when no zone is valid', async () => {
    const s = await simWith('GMT+25:30', 'Mars/Olympus_Mons');
    const logger = memoryLogger();
    expect((await clientFor(s, { logger }).getAdvertiserInfo()).timezone).toBe('UTC');
    expect(logger.lines.some((l) => l.startsWith('warn') && l.includes('UTC'))).toBe(true);
  });

  it('lets timezoneOverride win', async () => {
    const s = await simWith('Etc/GMT+8', 'America/Los_Angeles');
    const info = await clientFor(s, { timezoneOverride: 'America/New_York' }).getAdvertiserInfo();
    expect(info.timezone).toBe('America/New_York');
    expect(info.currency).toBe('EUR');
  });

  it('does not cache a failure', async () => {
    const s = await simWith('Etc/GMT+8', 'America/Los_Angeles');
    const client = clientFor(s);
    s.failNext('advertiser/info/', 40002);
    expect((await rejectionOf(client.getAdvertiserInfo())).code).toBe('tiktok_params');
    expect((await client.getAdvertiserInfo()).timezone).toBe('America/Los_Angeles');
    expect(s.countCalls('/advertiser/info/')).toBe(2);
  });

  it('maps a wrong advertiser id to tiktok_advertiser', async () => {
    const s = await simWith('Etc/GMT+8', 'America/Los_Angeles');
    const err = await rejectionOf(clientFor(s, { advertiserId: '7999999999999999999' }).getAdvertiserInfo());
    expect(err.code).toBe('tiktok_advertiser');
    expect(err.hint).toContain('TIKTOK_ADVERTISER_ID');
  });
});
