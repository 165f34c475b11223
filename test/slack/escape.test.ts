import { describe, expect, it } from 'vitest';
import type { ScoreResult } from '../../src/analysis/types.js';
import { UserError } from '../../src/errors.js';
import type { LeaderboardReport } from '../../src/leaderboard/types.js';
import { buildDecisionsMessage } from '../../src/slack/blocks/decisions.js';
import { buildErrorMessage } from '../../src/slack/blocks/errors.js';
import { escapeMrkdwn, inline, mrkdwn, plain, userMention } from '../../src/slack/blocks/escape.js';
import { buildLeaderboardMessage } from '../../src/slack/blocks/leaderboard.js';
import { validateBlocks } from '../../src/slack/blocks/limits.js';
import { buildProgressMessage } from '../../src/slack/blocks/progress.js';
import { buildScorecardMessage } from '../../src/slack/blocks/scorecard.js';
import { blocksToText } from '../../src/slack/blocks/text.js';
import { leaderboardRow } from '../scoring/fixtures.js';

const EVIL = '<!channel> *bold* <https://evil.example|click>';
const EVIL_ESCAPED = '&lt;!channel&gt; *bold* &lt;https://evil.example|click&gt;';
const NOW = Date.UTC(2025, 0, 8, 9, 0, 0);

function evilResult(overrides: Partial<ScoreResult> = {}): ScoreResult {
  return {
    source: 'ad',
    adId: '1790000000000001',
    adName: EVIL,
    videoId: 'v10033g50000evil',
    coverUrl: 'https://p16.tiktokcdn.example/evil.jpg',
    durationS: 15,
    cached: true,
    analysedAt: NOW - 60_000,
    analysisId: 'an_evil',
    maveraShape: 'recipes',
    analysis: {
      hookScore: 55,
      hookAssessment: `Opens with ${EVIL}`,
      emotionalArc: { peakEmotion: EVIL, peakTimestampS: 2, intensityAvg: 5, series: [] },
      cognitiveLoad: { average: 5, series: [] },
      pacing: { score: 50, summary: EVIL, details: {} },
      visualComplexity: { score: 40, summary: EVIL, details: {} },
      adEffectiveness: null,
      transcript: EVIL,
      chunkDurationS: 5,
    },
    performance: null,
    publicStats: {
      plays: 10,
      likes: 1,
      comments: 0,
      shares: 0,
      saves: 0,
      engagementRate: 10,
      authorHandle: EVIL,
      createdAt: NOW - 86_400_000,
    },
    score: { behavioural: 45, verdict: 'HOLD', reason: `because ${EVIL}`, ctrRaw: null, ctrShrunk: null },
    credits: { estimated: 5, usedThisMonth: 10, budget: null },
    ...overrides,
  };
}

function evilReport(): LeaderboardReport {
  return {
    startDate: '2025-01-01',
    endDate: '2025-01-07',
    provisionalFrom: '2025-01-05',
    currency: 'USD',
    rows: [
      leaderboardRow({
        rank: 1,
        adId: '1',
        adName: EVIL,
        videoId: 'v1',
        behaviouralScore: 80,
        verdict: 'SCALE',
        spend: 10,
      }),
      leaderboardRow({
        rank: 2,
        adId: '2',
        adName: EVIL,
        videoId: 'v2',
        behaviouralScore: 20,
        verdict: 'KILL',
        spend: 900,
      }),
      leaderboardRow({ rank: null, adId: '3', adName: EVIL, analysed: false }),
    ],
    insights: [{ kind: 'kill_or_recut', adId: '2', text: `"${EVIL}" burns $900.\nRecommendation: ${EVIL}` }],
    excludedLowImpressions: 0,
    excludedNotVideo: 0,
    newAnalyses: 0,
    cachedAnalyses: 2,
    pendingAnalyses: 0,
    creditsUsedThisMonth: 10,
    generatedAt: NOW,
  };
}

/** Every string anywhere in a value (keys excluded). */
function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(allStrings);
  return [];
}

/** Every mrkdwn text object anywhere in a value. */
function mrkdwnObjects(value: unknown): { type: string; verbatim?: boolean; text: string }[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnObjects);
  if (typeof value !== 'object' || value === null) return [];
  const obj = value as Record<string, unknown>;
  const own = obj.type === 'mrkdwn' ? [obj as { type: string; verbatim?: boolean; text: string }] : [];
  return [...own, ...Object.values(obj).flatMap(mrkdwnObjects)];
}

function expectSafe(output: unknown): void {
  const json = JSON.stringify(output);
  expect(json).not.toContain('<!channel>');
  expect(json).not.toContain('<https://evil.example');
  expect(json).toContain('&lt;!channel&gt;');
  for (const s of allStrings(output)) {
    expect(s).not.toMatch(/<!channel|<https:\/\/evil/);
  }
  for (const m of mrkdwnObjects(output)) expect(m.verbatim).toBe(true);
}

describe('escapeMrkdwn', () => {
  it('escapes exactly &, < and >, & first', () => {
    expect(escapeMrkdwn(EVIL)).toBe(EVIL_ESCAPED);
    expect(escapeMrkdwn('a & b')).toBe('a &amp; b');
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
    expect(escapeMrkdwn('<>&')).toBe('&lt;&gt;&amp;');
    expect(escapeMrkdwn('*_~`"\'@here #general')).toBe('*_~`"\'@here #general');
    expect(escapeMrkdwn('')).toBe('');
  });

  it('plain escapes, clamps after escaping without cutting an entity, and is never empty', () => {
    expect(plain(EVIL)).toBe(EVIL_ESCAPED);
    expect(plain('   ')).toBe('—');
    const clamped = plain('ab<cd', 5);
    expect(clamped.length).toBeLessThanOrEqual(5);
    expect(clamped).toBe('ab…');
    expect(plain('a'.repeat(10), 5)).toBe('aaaa…');
  });

  it('inline folds whitespace and shows a missing value as —', () => {
    expect(inline('a\n\nb\tc')).toBe('a b c');
    expect(inline(null)).toBe('—');
    expect(inline(undefined)).toBe('—');
  });

  it('mrkdwn objects are verbatim', () => {
    expect(mrkdwn('x')).toEqual({ type: 'mrkdwn', text: 'x', verbatim: true });
  });

  it('mentions only well-formed user ids', () => {
    expect(userMention('U012ABCDEF')).toBe('<@U012ABCDEF>');
    expect(userMention('W012ABCDEF')).toBe('<@W012ABCDEF>');
    expect(userMention('<!channel>')).toBe('&lt;!channel&gt;');
    expect(userMention('U1> <!here')).toBe('U1&gt; &lt;!here');
  });
});

describe('untrusted names never reach Slack unescaped', () => {
  it('scorecard: ad, organic, cached, with a decision', () => {
    const variants = [
      buildScorecardMessage(evilResult(), { now: NOW }),
      buildScorecardMessage(evilResult({ source: 'organic', adId: 'video:7300000000000000001' }), { now: NOW }),
      buildScorecardMessage(evilResult(), { now: NOW, decision: { decision: 'SCALE', userId: EVIL, at: NOW } }),
    ];
    for (const msg of variants) {
      expectSafe(msg);
      expect(msg.text).toContain(EVIL_ESCAPED);
      expect(validateBlocks(msg.blocks)).toEqual([]);
    }
    expect(JSON.stringify(variants[0]?.blocks[0])).toContain(EVIL_ESCAPED);
  });

  it('the terminal rendering shows the name as typed', () => {
    expect(blocksToText(buildScorecardMessage(evilResult(), { now: NOW }).blocks).split('\n')[0]).toBe(
      '<!channel> bold <https://evil.example|click>',
    );
  });

  it('leaderboard, including its fallback blocks and buttons', () => {
    const msg = buildLeaderboardMessage(evilReport(), { now: NOW, title: EVIL });
    expectSafe(msg);
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(validateBlocks(msg.fallbackBlocks)).toEqual([]);
  });

  it('decisions, progress and errors', () => {
    expectSafe(
      buildDecisionsMessage(
        [{ adId: EVIL, adName: EVIL, decision: 'KILL', userId: EVIL, at: NOW, behavioural: 1, verdict: EVIL }],
        EVIL,
      ),
    );
    expectSafe(buildDecisionsMessage([], EVIL));
    expectSafe(
      buildProgressMessage({
        adId: EVIL,
        adName: EVIL,
        event: { stage: 'resolving', message: EVIL },
        startedAt: NOW,
        now: NOW,
      }),
    );
    expectSafe(
      buildErrorMessage(new UserError('mavera_failed', `Mavera said: ${EVIL}`, `Retry ${EVIL}`), { adId: EVIL }),
    );
  });
});
