import { describe, expect, it } from 'vitest';
import type { ScoreResult } from '../../src/analysis/types.js';
import type { LeaderboardReport, LeaderboardRow } from '../../src/leaderboard/types.js';
import { decisionButton } from '../../src/slack/blocks/decision.js';
import { buildDecisionsMessage } from '../../src/slack/blocks/decisions.js';
import { plainText } from '../../src/slack/blocks/escape.js';
import { buildLeaderboardMessage } from '../../src/slack/blocks/leaderboard.js';
import { chunk, clampList, clampMrkdwn, clampText, LIMITS, validateBlocks } from '../../src/slack/blocks/limits.js';
import { buildScorecardMessage } from '../../src/slack/blocks/scorecard.js';
import { decodeActionValue, encodeActionValue } from '../../src/slack/payloads.js';
import { leaderboardRow } from '../scoring/fixtures.js';

const NOW = Date.UTC(2025, 0, 8, 9, 0, 0);

type AnyBlock = Record<string, unknown> & { type: string };

function result(overrides: Partial<ScoreResult> = {}): ScoreResult {
  return {
    source: 'ad',
    adId: '1790000000000001',
    adName: 'Ad',
    videoId: 'v1',
    coverUrl: null,
    durationS: 10,
    cached: false,
    analysedAt: NOW,
    analysisId: 'an',
    maveraShape: 'reference',
    analysis: {
      hookScore: 50,
      hookAssessment: 'ok',
      emotionalArc: { peakEmotion: 'joy', peakTimestampS: 1, intensityAvg: 5, series: [] },
      cognitiveLoad: { average: 5, series: [] },
      pacing: null,
      visualComplexity: null,
      adEffectiveness: null,
      transcript: null,
      chunkDurationS: 5,
    },
    performance: null,
    publicStats: null,
    score: { behavioural: 50, verdict: 'HOLD', reason: 'r', ctrRaw: null, ctrShrunk: null },
    credits: { estimated: 1, usedThisMonth: 1, budget: null },
    ...overrides,
  };
}

function report(rows: LeaderboardRow[], overrides: Partial<LeaderboardReport> = {}): LeaderboardReport {
  return {
    startDate: '2025-01-01',
    endDate: '2025-01-07',
    provisionalFrom: null,
    currency: 'USD',
    rows,
    insights: [],
    excludedLowImpressions: 0,
    excludedNotVideo: 0,
    newAnalyses: 0,
    cachedAnalyses: rows.length,
    pendingAnalyses: 0,
    creditsUsedThisMonth: 0,
    generatedAt: NOW,
    ...overrides,
  };
}

function manyRows(n: number, name = (i: number) => `Creative number ${i} with a fairly long descriptive name`) {
  return Array.from({ length: n }, (_, i) =>
    leaderboardRow({
      rank: i + 1,
      adId: String(1_000_000 + i),
      adName: name(i),
      videoId: `v${i}`,
      hookScore: 90 - (i % 90),
      behaviouralScore: 88 - (i * 88) / n,
      ctrShrunk: 1 + (i % 7) / 10,
      spend: 100 + i,
      verdict: i % 2 === 0 ? 'SCALE' : 'KILL',
    }),
  );
}

const blocksOf = (msg: { blocks: unknown[] }) => msg.blocks as AnyBlock[];
const textOf = (b: AnyBlock | undefined) => ((b?.text as { text?: string } | undefined)?.text ?? '') as string;

describe('clamp helpers', () => {
  it('clampText at, below and above the limit', () => {
    expect(clampText('a'.repeat(9), 10)).toBe('a'.repeat(9));
    expect(clampText('a'.repeat(10), 10)).toBe('a'.repeat(10));
    expect(clampText('a'.repeat(11), 10)).toBe(`${'a'.repeat(9)}…`);
    expect(clampText('a'.repeat(11), 10)).toHaveLength(10);
    expect(clampText('abc', 0)).toBe('');
    expect(clampText('abc', 1)).toBe('…');
  });

  it('clampText never splits a surrogate pair', () => {
    const out = clampText(`${'a'.repeat(8)}😀😀`, 10);
    expect(out).toBe(`${'a'.repeat(8)}…`);
  });

  it('clampMrkdwn keeps entities and control sequences whole, and closes a code block', () => {
    expect(clampMrkdwn('abc &amp; def', 8)).toBe('abc…');
    expect(clampMrkdwn('see <@U012ABCDEF> now', 10)).toBe('see…');
    const code = clampMrkdwn(`\`\`\`\n${'row\n'.repeat(100)}\`\`\``, 50);
    expect(code.length).toBeLessThanOrEqual(50);
    expect(code.endsWith('\n```')).toBe(true);
    expect(clampMrkdwn('short', 50)).toBe('short');
  });

  it('clampList and chunk', () => {
    expect(clampList([1, 2, 3], 2)).toEqual({ items: [1, 2], rest: 1 });
    expect(clampList([1, 2], 2)).toEqual({ items: [1, 2], rest: 0 });
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});

describe('validateBlocks (what Slack rejects)', () => {
  const divider = { type: 'divider' };
  it('50 blocks at, below and above', () => {
    expect(validateBlocks(Array(49).fill(divider))).toEqual([]);
    expect(validateBlocks(Array(50).fill(divider))).toEqual([]);
    expect(validateBlocks(Array(51).fill(divider))).toEqual(['no more than 50 items allowed [json-pointer:/blocks]']);
  });

  it('section text 3000 at, below and above', () => {
    const section = (n: number) => [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(n) } }];
    expect(validateBlocks(section(2999))).toEqual([]);
    expect(validateBlocks(section(3000))).toEqual([]);
    expect(validateBlocks(section(3001))).toEqual([
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });

  it('button text 75 and value 2000 at, below and above', () => {
    const button = (text: number, value: number) => [
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'a',
            text: { type: 'plain_text', text: 'b'.repeat(text) },
            value: 'v'.repeat(value),
          },
        ],
      },
    ];
    expect(validateBlocks(button(74, 1999))).toEqual([]);
    expect(validateBlocks(button(75, 2000))).toEqual([]);
    expect(validateBlocks(button(76, 2001))).toEqual([
      'must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
      'must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
    ]);
  });

  it('header 150 at, below and above', () => {
    const header = (n: number) => [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(n) } }];
    expect(validateBlocks(header(149))).toEqual([]);
    expect(validateBlocks(header(150))).toEqual([]);
    expect(validateBlocks(header(151))).toHaveLength(1);
  });

  it('duplicate action ids in one block, two tables, 101 table rows', () => {
    const button = { type: 'button', action_id: 'same', text: { type: 'plain_text', text: 'x' } };
    expect(validateBlocks([{ type: 'actions', elements: [button, button] }])).toHaveLength(1);
    const table = (rows: number) => ({ type: 'table', rows: Array(rows).fill([{ type: 'raw_text', text: 'x' }]) });
    expect(validateBlocks([table(100)])).toEqual([]);
    expect(validateBlocks([table(101)])).toHaveLength(1);
    expect(validateBlocks([table(1), table(1)])).toHaveLength(1);
  });

  it('an image Slack cannot fetch (plain http, loopback) fails the message; a public https one passes', () => {
    const section = (url: string) => [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'x' },
        accessory: { type: 'image', image_url: url, alt_text: 'a' },
      },
    ];
    expect(validateBlocks(section('https://p16.tiktokcdn.example/c.jpg'))).toEqual([]);
    for (const url of ['http://p16.tiktokcdn.example/c.jpg', 'https://127.0.0.1:8080/c.jpg', 'https://localhost/c.jpg'])
      expect(validateBlocks(section(url))).toEqual([
        'downloading image failed [json-pointer:/blocks/0/accessory/image_url]',
      ]);
  });
});

describe('builders stay inside the limits', () => {
  it('header: ad names of 149, 150 and 151 characters', () => {
    for (const n of [149, 150]) {
      const name = 'n'.repeat(n);
      expect(textOf(blocksOf(buildScorecardMessage(result({ adName: name }), { now: NOW }))[0])).toBe(name);
    }
    const long = textOf(blocksOf(buildScorecardMessage(result({ adName: 'n'.repeat(151) }), { now: NOW }))[0]);
    expect(long).toHaveLength(LIMITS.headerText);
    expect(long.endsWith('…')).toBe(true);
  });

  it('header: escaping counts against the limit', () => {
    const header = textOf(blocksOf(buildScorecardMessage(result({ adName: '<'.repeat(150) }), { now: NOW }))[0]);
    expect(header.length).toBeLessThanOrEqual(LIMITS.headerText);
    expect(header).toMatch(/^(&lt;)+…$/);
  });

  it('sections stay within 3000 characters whatever Mavera writes', () => {
    for (const n of [2999, 3000, 3001, 20_000]) {
      const base = result();
      const msg = buildScorecardMessage(
        result({
          adName: 'x'.repeat(n),
          analysis: {
            ...base.analysis,
            hookAssessment: '&'.repeat(n),
            pacing: { score: 1, summary: 'p'.repeat(n), details: {} },
            visualComplexity: { score: 1, summary: 'v'.repeat(n), details: {} },
          },
          score: { ...base.score, reason: '<'.repeat(n) },
        }),
        { now: NOW },
      );
      expect(validateBlocks(msg.blocks)).toEqual([]);
      expect(msg.text.length).toBeLessThanOrEqual(LIMITS.messageText);
    }
  });

  it('button text and confirm text hold with a 3000-character ad name', () => {
    const button = decisionButton('KILL', { adId: '1', adName: 'k'.repeat(3000), videoId: 'v' });
    expect(button).not.toBeNull();
    expect(validateBlocks([{ type: 'actions', elements: [button] }])).toEqual([]);
    expect(button?.confirm?.text.text.length).toBeLessThanOrEqual(LIMITS.confirmText);
    for (const n of [74, 75, 76]) expect(plainText('b'.repeat(n), LIMITS.buttonText).text.length).toBe(Math.min(n, 75));
  });

  it('button values: 1999, 2000 and 2001 characters', () => {
    // {"a":"…","v":"v"} is 17 characters of overhead around the ad id
    const overhead = JSON.stringify({ a: '', v: 'v' }).length;
    const at = (n: number) => encodeActionValue({ adId: 'a'.repeat(n - overhead), videoId: 'v' });
    expect(at(1999)).toHaveLength(1999);
    expect(at(2000)).toHaveLength(2000);
    const over = at(2001);
    expect(over).not.toBeNull();
    expect(over?.length).toBeLessThanOrEqual(2000);
    expect(decodeActionValue(over)).toEqual({ adId: 'a'.repeat(2001 - overhead), videoId: null });
    expect(encodeActionValue({ adId: 'a'.repeat(2000), videoId: null })).toBeNull();
    expect(decisionButton('SCALE', { adId: 'a'.repeat(2000), adName: 'x', videoId: null })).toBeNull();
    const msg = buildScorecardMessage(result({ adId: 'a'.repeat(2000) }), { now: NOW });
    expect(blocksOf(msg).some((b) => b.type === 'actions')).toBe(false);
    expect(validateBlocks(msg.blocks)).toEqual([]);
  });

  it('decodeActionValue rejects anything else', () => {
    for (const raw of [undefined, null, '', 'x', '[]', '{"v":"1"}', '{"a":1}', '{"a":"1","v":2}', 'v'.repeat(2001)]) {
      expect(decodeActionValue(raw as string | undefined)).toBeNull();
    }
    expect(decodeActionValue('{"a":"1"}')).toEqual({ adId: '1', videoId: null });
  });

  it('a leaderboard of 500 rows stays within 50 blocks and 100 table rows', () => {
    const rows = manyRows(500);
    for (const maxTableRows of [undefined, 99, 100, 500]) {
      const msg = buildLeaderboardMessage(report(rows), { now: NOW, maxTableRows });
      for (const blocks of [msg.blocks, msg.fallbackBlocks]) {
        expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
        expect(validateBlocks(blocks)).toEqual([]);
      }
      const table = blocksOf(msg).find((b) => b.type === 'table') as unknown as { rows: unknown[][] };
      expect(table.rows.length).toBeLessThanOrEqual(LIMITS.tableRows);
      expect(table.rows.length).toBe(Math.min((maxTableRows ?? 20) + 1, LIMITS.tableRows, 100));
      expect(table.rows.every((r) => r.length === 7)).toBe(true);
      const chars = JSON.stringify(table.rows).length;
      expect(chars).toBeGreaterThan(0);
      const fallback = blocksOf({ blocks: msg.fallbackBlocks }).find((b) => textOf(b).startsWith('```'));
      expect(textOf(fallback).length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect(textOf(fallback).endsWith('```')).toBe(true);
    }
  });

  it('500 candidates: at most 20 buttons, one per block, and a count of the rest', () => {
    const msg = buildLeaderboardMessage(report(manyRows(500)), { now: NOW });
    const withButtons = blocksOf(msg).filter((b) => b.type === 'section' && b.accessory);
    expect(withButtons).toHaveLength(20);
    expect(new Set(withButtons.map((b) => b.block_id)).size).toBe(20);
    expect(blocksOf(msg).filter((b) => b.type === 'actions')).toHaveLength(0);
    expect(JSON.stringify(msg.blocks)).toContain('480 more Scale / Kill candidates');
  });

  it('long names and many insights still fit', () => {
    const rows = manyRows(120, (i) => `${'<&>'.repeat(400)} ${i}`);
    const insights = Array.from({ length: 40 }, (_, i) => ({
      kind: 'hook_disagreement' as const,
      adId: String(i),
      text: `${'<'.repeat(2000)}\n${'&'.repeat(2000)}`,
    }));
    const msg = buildLeaderboardMessage(report(rows, { insights, provisionalFrom: '2025-01-05' }), {
      now: NOW,
      maxTableRows: 99,
      title: 'T'.repeat(500),
    });
    for (const blocks of [msg.blocks, msg.fallbackBlocks]) expect(validateBlocks(blocks)).toEqual([]);
    const table = blocksOf(msg).find((b) => b.type === 'table') as unknown as { rows: { text: string }[][] };
    const cellChars = table.rows.flat().reduce((n, c) => n + c.text.length, 0);
    expect(cellChars).toBeLessThanOrEqual(LIMITS.tableChars);
  });

  it('decisions: 500 rows show 20 and fit', () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({
      adId: String(i),
      adName: 'd'.repeat(3000),
      decision: 'KILL' as const,
      userId: 'U012ABCDEF',
      at: NOW + i,
      behavioural: 1,
      verdict: 'KILL',
    }));
    const msg = buildDecisionsMessage(rows);
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain('Showing the latest 20 of 500 decisions.');
  });
});
