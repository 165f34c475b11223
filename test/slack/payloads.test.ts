import { describe, expect, it } from 'vitest';
import {
  decodeActionValue,
  decodeCookieModalMetadata,
  encodeActionValue,
  encodeCookieModalMetadata,
  messageBlocksOf,
} from '../../src/slack/payloads.js';

describe('Slack payload values (read in one module, checked with zod)', () => {
  it('round-trips a button value and reads nothing else, malformed or oversized', () => {
    const value = encodeActionValue({ adId: '1780000000000000001', videoId: 'v10033g50000' });
    expect(decodeActionValue(value)).toEqual({ adId: '1780000000000000001', videoId: 'v10033g50000' });
    for (const raw of [
      42,
      {},
      ['{"a":"1"}'],
      '{"a":""}',
      '{"a":"1","v":null}',
      '{"a":"1"',
      `{"a":"${'1'.repeat(2000)}"}`,
    ]) {
      expect(decodeActionValue(raw), JSON.stringify(raw)).toBeNull();
    }
  });

  it('round-trips the cookie modal’s metadata and refuses what the bot did not write', () => {
    const meta = { name: 'ava', channelId: 'C0SIM0001' };
    expect(decodeCookieModalMetadata(encodeCookieModalMetadata(meta))).toEqual(meta);
    expect(decodeCookieModalMetadata(encodeCookieModalMetadata({ name: 'ava', channelId: null }))).toEqual({
      name: 'ava',
      channelId: null,
    });
    expect(decodeCookieModalMetadata('{"n":"ava","c":""}')).toEqual({ name: 'ava', channelId: null });
    for (const raw of [undefined, '', 'ava', '{"n":"  "}', '{"n":7}', '{"c":"C1"}', `{"n":"${'a'.repeat(3000)}"}`]) {
      expect(decodeCookieModalMetadata(raw), String(raw)).toBeNull();
    }
  });

  it('reads the blocks of the pressed message, or none', () => {
    const blocks = [{ type: 'section', block_id: 'b1', text: { type: 'mrkdwn', text: 'hi' } }, { type: 'divider' }];
    expect(messageBlocksOf({ blocks })).toEqual(blocks);
    expect(messageBlocksOf(undefined)).toEqual([]);
    expect(messageBlocksOf({})).toEqual([]);
    expect(messageBlocksOf({ blocks: 'nope' })).toEqual([]);
    expect(messageBlocksOf({ blocks: [{ text: 'no type' }] })).toEqual([]);
  });
});
