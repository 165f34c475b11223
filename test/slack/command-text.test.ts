import { describe, expect, it } from 'vitest';
import { parseCommandText } from '../../src/slack/command-text.js';

describe('parseCommandText', () => {
  it.each([
    ['1780000000000000001', { kind: 'score', adId: '1780000000000000001', refresh: false }],
    ['1780000000000000001 --refresh', { kind: 'score', adId: '1780000000000000001', refresh: true }],
    ['help', { kind: 'help' }],
    ['decisions', { kind: 'decisions', adId: null }],
    ['decisions 1780000000000000001', { kind: 'decisions', adId: '1780000000000000001' }],
    ['leaderboard', { kind: 'leaderboard', days: null }],
    ['leaderboard 14', { kind: 'leaderboard', days: 14 }],
    ['usage', { kind: 'usage' }],
    ['doctor', { kind: 'doctor' }],
    ['creator list', { kind: 'creator', action: 'list', name: null, month: null }],
    ['creator add ava', { kind: 'creator', action: 'add', name: 'ava', month: null }],
    ['creator leaderboard ava 2026-10', { kind: 'creator', action: 'leaderboard', name: 'ava', month: '2026-10' }],
  ])('%s', (text, expected) => {
    expect(parseCommandText(text)).toEqual(expected);
  });

  it('recognises TikTok links and video ids', () => {
    expect(parseCommandText('https://www.tiktok.com/@brand/video/7400000000000000001')).toMatchObject({
      kind: 'organic',
      reference: { kind: 'item_id', itemId: '7400000000000000001' },
    });
    expect(parseCommandText('video:7400000000000000001 --refresh')).toMatchObject({ kind: 'organic', refresh: true });
  });

  it.each([
    '',
    '   ',
    'banana',
    '12ab',
    'leaderboard 0',
    'leaderboard many',
    'decisions nope',
    'creator',
    'creator add',
  ])('explains what is wrong with "%s"', (text) => {
    const r = parseCommandText(text);
    expect(r.kind).toBe('invalid');
    if (r.kind === 'invalid') {
      expect(r.message.length).toBeGreaterThan(5);
      expect(r.hint).toMatch(/creative-score/);
    }
  });
});
