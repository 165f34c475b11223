import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { ScoreResult } from '../../src/analysis/types.js';
import { UserError } from '../../src/errors.js';
import type { LeaderboardReport } from '../../src/leaderboard/types.js';
import { decisionLine, replaceDecisionBlock } from '../../src/slack/blocks/decision.js';
import { buildDecisionsMessage, type DecisionRow } from '../../src/slack/blocks/decisions.js';
import { buildErrorMessage } from '../../src/slack/blocks/errors.js';
import { AD_COMMANDS, buildHelpMessage, CREATOR_COMMANDS } from '../../src/slack/blocks/help.js';
import { buildLeaderboardMessage, buildLeaderboardText } from '../../src/slack/blocks/leaderboard.js';
import { validateBlocks } from '../../src/slack/blocks/limits.js';
import { buildProgressMessage, progressBar } from '../../src/slack/blocks/progress.js';
import { buildScorecardMessage } from '../../src/slack/blocks/scorecard.js';
import { blocksToText, mrkdwnToText } from '../../src/slack/blocks/text.js';
import { ACTION_IDS, BLOCK_IDS } from '../../src/slack/constants.js';
import { decodeActionValue } from '../../src/slack/payloads.js';
import { leaderboardRow, reportMetrics } from '../scoring/fixtures.js';

const NOW = Date.UTC(2025, 0, 8, 9, 0, 0);

function adResult(overrides: Partial<ScoreResult> = {}): ScoreResult {
  return {
    source: 'ad',
    adId: '1790000000000001',
    adName: 'UGC Creator — Summer Haul',
    videoId: 'v10033g50000cover01',
    coverUrl: 'https://p16.tiktokcdn.example/cover01.jpg',
    durationS: 21.4,
    cached: false,
    analysedAt: Date.UTC(2025, 0, 8, 8, 58, 0),
    analysisId: 'an_0001',
    maveraShape: 'reference',
    analysis: {
      hookScore: 91,
      hookAssessment: 'Strong opening: text overlay + face close-up in first 0.8s',
      emotionalArc: { peakEmotion: 'excitement', peakTimestampS: 4.2, intensityAvg: 7.1, series: [] },
      cognitiveLoad: { average: 3.8, series: [] },
      pacing: { score: 72, summary: 'Cuts every 1.5 s keep attention', details: {} },
      visualComplexity: { score: null, summary: 'Busy background in the middle third', details: {} },
      adEffectiveness: null,
      transcript: null,
      chunkDurationS: 5,
    },
    performance: {
      startDate: '2025-01-01',
      endDate: '2025-01-07',
      currency: 'USD',
      metrics: reportMetrics({ spend: 4200, impressions: 182_000, clicks: 4204, conversion: 120 }),
      funnel: { ctr: 2.31, hookRate: 38.46, holdRate: 44.29, completionRate: 12.5, cvr: 2.85, cpa: 35 },
    },
    publicStats: null,
    score: {
      behavioural: 82.4,
      verdict: 'SCALE',
      reason: 'behavioural 82.4 > 60 and shrunk CTR 2.27 % > 1.5 % → SCALE',
      ctrRaw: 2.31,
      ctrShrunk: 2.27,
    },
    credits: { estimated: 12, usedThisMonth: 340, budget: 1000 },
    ...overrides,
  };
}

function organicResult(overrides: Partial<ScoreResult> = {}): ScoreResult {
  return adResult({
    source: 'organic',
    adId: 'video:7301234567890123456',
    adName: 'Morning routine in 20 seconds',
    videoId: '7301234567890123456',
    performance: null,
    publicStats: {
      plays: 1_250_000,
      likes: 98_000,
      comments: 1_200,
      shares: 4_300,
      saves: 7_900,
      engagementRate: 8.91,
      authorHandle: 'glowdaily',
      createdAt: Date.UTC(2024, 11, 30, 18, 0, 0),
    },
    score: {
      behavioural: 64.1,
      verdict: 'TEST',
      reason: 'behavioural 64.1 > 60, no CTR → TEST',
      ctrRaw: null,
      ctrShrunk: null,
    },
    credits: { estimated: 10, usedThisMonth: 350, budget: null },
    ...overrides,
  });
}

/** The seed's example leaderboard, plus one creative not analysed yet. */
function seedReport(overrides: Partial<LeaderboardReport> = {}): LeaderboardReport {
  const row = leaderboardRow;
  return {
    startDate: '2025-01-01',
    endDate: '2025-01-07',
    provisionalFrom: '2025-01-05',
    currency: 'USD',
    rows: [
      row({
        rank: 1,
        adId: '101',
        adName: 'UGC Creator — Summer Haul',
        videoId: 'v101',
        hookScore: 91,
        behaviouralScore: 82.4,
        ctr: 2.31,
        ctrShrunk: 2.27,
        spend: 4200,
        verdict: 'SCALE',
      }),
      row({
        rank: 2,
        adId: '102',
        adName: 'Founder Story — Behind Scenes',
        videoId: 'v102',
        hookScore: 78,
        behaviouralScore: 71,
        ctr: 1.82,
        ctrShrunk: 1.79,
        spend: 2100,
        verdict: 'SCALE',
      }),
      row({
        rank: 3,
        adId: '103',
        adName: 'Product Demo — Cinematic',
        videoId: 'v103',
        hookScore: 85,
        behaviouralScore: 68.3,
        ctr: 0.94,
        ctrShrunk: 1.02,
        spend: 800,
        verdict: 'TEST',
      }),
      row({
        rank: 4,
        adId: '104',
        adName: 'Transition Edit — Before/After',
        videoId: 'v104',
        hookScore: 62,
        behaviouralScore: 55.1,
        ctr: 1.45,
        ctrShrunk: 1.44,
        spend: 3600,
        verdict: 'HOLD',
      }),
      row({
        rank: 5,
        adId: '105',
        adName: 'Logo Intro — Brand Awareness',
        videoId: 'v105',
        hookScore: 28,
        behaviouralScore: 31.7,
        ctr: 0.52,
        ctrShrunk: 0.55,
        spend: 8400,
        verdict: 'KILL',
      }),
      row({ rank: null, adId: '106', adName: 'New upload', analysed: false, spend: 120 }),
    ],
    insights: [
      {
        kind: 'increase_budget',
        adId: '103',
        text: '"Product Demo — Cinematic" has strong behavioral score (68.3) but low spend.\nRecommendation: Increase budget — behavioral metrics predict CTR upside.',
      },
      {
        kind: 'kill_or_recut',
        adId: '105',
        text: '"Logo Intro — Brand Awareness" burns $8.4K with weak hook (28/100).\nRecommendation: Kill or re-cut with UGC-style opening.',
      },
    ],
    excludedLowImpressions: 3,
    excludedNotVideo: 1,
    newAnalyses: 2,
    cachedAnalyses: 3,
    pendingAnalyses: 1,
    creditsUsedThisMonth: 340,
    generatedAt: NOW,
    ...overrides,
  };
}

type AnyBlock = Record<string, unknown> & { type: string };
const asBlocks = (blocks: unknown[]) => blocks as AnyBlock[];

function buttons(blocks: unknown[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const b of asBlocks(blocks)) {
    if (b.type === 'actions') out.push(...(b.elements as Record<string, unknown>[]));
    if (b.type === 'section' && b.accessory && (b.accessory as { type: string }).type === 'button')
      out.push(b.accessory as Record<string, unknown>);
  }
  return out;
}

describe('buildScorecardMessage', () => {
  it('renders an ad with performance', () => {
    const msg = buildScorecardMessage(adResult(), { now: NOW });
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(msg).toMatchSnapshot();
    expect(blocksToText(msg.blocks)).toMatchInlineSnapshot(`
      "UGC Creator — Summer Haul
      =========================
      Ad 1790000000000001 · video v10033g50000cover01 · analysed 2025-01-08 08:58 UTC
      Hook score: 91/100 — Strong opening: text overlay + face close-up in first 0.8s
      Emotional peak: excitement at 4.2 s
      Avg cognitive load: 3.8/10
      Pacing: 72/100 — Cuts every 1.5 s keep attention
      Visual complexity: Busy background in the middle third
        [image: Cover of UGC Creator — Summer Haul]
      Performance
        Spend: $4.2K                    Impressions: 182k
        CTR: 2.31 %                     CVR: 2.85 %
        CPA: $35                        Hook rate: 38.46 %
        Hold rate: 44.29 %
      2025-01-01 – 2025-01-07 (account time zone) · CTR = clicks ÷ impressions · CVR = conversions ÷ clicks · CPA = spend ÷ conversions · Hook rate = 2-second views ÷ impressions · Hold rate = 6-second views ÷ 2-second views
      ----------------------------------------
      Behavioural score: 82.4 → SCALE
      behavioural 82.4 > 60 and shrunk CTR 2.27 % > 1.5 % → SCALE
      ≈12 credits · 340 used this month of 1k budget
      [ Scale ]  [ Kill ]  [ Re-analyse ]"
    `);
  });

  it('puts Scale, Kill (each with a confirm dialog) and Re-analyse buttons carrying the ad and video ids', () => {
    const msg = buildScorecardMessage(adResult(), { now: NOW });
    const actions = asBlocks(msg.blocks).find((b) => b.type === 'actions');
    expect(actions?.block_id).toBe(BLOCK_IDS.scorecardActions);
    const els = buttons(msg.blocks);
    expect(els.map((e) => e.action_id)).toEqual([ACTION_IDS.scale, ACTION_IDS.kill, ACTION_IDS.reanalyse]);
    for (const e of els) {
      expect(decodeActionValue(e.value as string)).toEqual({
        adId: '1790000000000001',
        videoId: 'v10033g50000cover01',
      });
      expect(e.confirm).toBeDefined();
    }
    expect(els[0]?.style).toBe('primary');
    expect(els[1]?.style).toBe('danger');
    expect(els[0]?.value).toBe('{"a":"1790000000000001","v":"v10033g50000cover01"}');
  });

  it('renders an organic video with public stats and an Audience button', () => {
    const msg = buildScorecardMessage(organicResult(), { now: NOW });
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(msg).toMatchSnapshot();
    const text = blocksToText(msg.blocks);
    expect(text).toContain('Plays: 1.3M');
    expect(text).toContain('Engagement rate = (likes + comments + shares + saves) ÷ plays');
    expect(text).toContain('@glowdaily');
    expect(text).not.toContain('Performance');
    expect(text).toContain('≈10 credits · 350 used this month');
    expect(text).not.toContain('budget');
    expect(buttons(msg.blocks).map((e) => e.action_id)).toEqual([
      ACTION_IDS.scale,
      ACTION_IDS.kill,
      ACTION_IDS.reanalyse,
      ACTION_IDS.audience,
    ]);
  });

  it('says when the analysis came from the cache and how to refresh it', () => {
    const msg = buildScorecardMessage(adResult({ cached: true }), { now: NOW });
    expect(msg).toMatchSnapshot();
    expect(blocksToText(msg.blocks)).toContain(
      'analysed 2025-01-08 08:58 UTC (cached — /creative-score 1790000000000001 --refresh to re-analyse)',
    );
  });

  it('replaces Scale and Kill with the logged decision', () => {
    const msg = buildScorecardMessage(adResult(), {
      now: NOW,
      decision: { decision: 'KILL', userId: 'U012ABCDEF', at: Date.UTC(2025, 0, 8, 10, 15) },
    });
    expect(msg).toMatchSnapshot();
    expect(buttons(msg.blocks).map((e) => e.action_id)).toEqual([ACTION_IDS.reanalyse]);
    const json = JSON.stringify(msg.blocks);
    expect(json).toContain(
      'Kill logged by <@U012ABCDEF> at <!date^1736331300^{date_short_pretty} {time}|2025-01-08 10:15 UTC>',
    );
    expect(blocksToText(msg.blocks)).toContain('Kill logged by @U012ABCDEF at 2025-01-08 10:15 UTC');
  });

  it('notes an ad that did not deliver, and leaves the cover out when there is none', () => {
    const msg = buildScorecardMessage(adResult({ performance: null, coverUrl: null }), { now: NOW });
    const text = blocksToText(msg.blocks);
    expect(text).toContain('No delivery in the last 7 days');
    expect(text).not.toContain('[image:');
  });

  it('leaves out a cover Slack could not fetch (plain http or loopback), which would fail the whole scorecard', () => {
    for (const coverUrl of ['http://p16.tiktokcdn.example/cover01.jpg', 'https://127.0.0.1:4000/cdn/cover/1.jpeg']) {
      const msg = buildScorecardMessage(adResult({ coverUrl }), { now: NOW });
      expect(JSON.stringify(msg.blocks)).not.toContain('"image"');
      expect(validateBlocks(msg.blocks)).toEqual([]);
    }
  });

  it('shows — for missing analysis values, never 0', () => {
    const base = adResult();
    const msg = buildScorecardMessage(
      adResult({
        analysis: {
          ...base.analysis,
          hookScore: null,
          hookAssessment: null,
          emotionalArc: { peakEmotion: null, peakTimestampS: null, intensityAvg: null, series: [] },
          cognitiveLoad: { average: null, series: [] },
          pacing: null,
          visualComplexity: null,
        },
      }),
      { now: NOW },
    );
    const text = blocksToText(msg.blocks);
    expect(text).toContain('Hook score: —/100');
    expect(text).toContain('Emotional peak: —');
    expect(text).toContain('Avg cognitive load: —/10');
    expect(text).not.toContain('Pacing');
  });

  it('has an escaped notification text', () => {
    expect(buildScorecardMessage(adResult(), { now: NOW }).text).toBe(
      'UGC Creator — Summer Haul (1790000000000001): hook 91/100, behavioural 82.4 → SCALE',
    );
  });
});

describe('buildProgressMessage', () => {
  const base = { adId: '1790000000000001', adName: 'UGC Creator — Summer Haul', startedAt: NOW, now: NOW + 130_000 };
  const line = (event: Parameters<typeof buildProgressMessage>[0]['event']) =>
    blocksToText(buildProgressMessage({ ...base, event }).blocks);

  it('renders each stage', () => {
    expect(line({ stage: 'resolving', message: '' })).toMatchInlineSnapshot(`
      ":hourglass_flowing_sand: Scoring UGC Creator — Summer Haul (ad 1790000000000001)
      Resolving ad …
      Requested 2 min 10 s ago · this message updates as the work goes on"
    `);
    expect(line({ stage: 'downloading', bytes: 3_200_000, totalBytes: 8_000_000 })).toMatchInlineSnapshot(`
      ":hourglass_flowing_sand: Scoring UGC Creator — Summer Haul (ad 1790000000000001)
      Downloading video · 3.2 of 8.0 MB
      ▰▰▰▰▱▱▱▱▱▱ 40 %
      Requested 2 min 10 s ago · this message updates as the work goes on"
    `);
    expect(line({ stage: 'uploading', bytes: 45, totalBytes: 100 })).toContain('Uploading to Mavera · 45 %');
    expect(line({ stage: 'uploading', bytes: 2_500_000, totalBytes: null })).toContain(
      'Uploading to Mavera · 2.5 MB so far',
    );
    expect(
      line({ stage: 'analysing', processedChunks: 4, totalChunks: 10, elapsedMs: 130_000 }),
    ).toMatchInlineSnapshot(`
      ":hourglass_flowing_sand: Scoring UGC Creator — Summer Haul (ad 1790000000000001)
      Analysing · 4/10 chunks · 2 min 10 s elapsed
      ▰▰▰▰▱▱▱▱▱▱ 40 %
      Requested 2 min 10 s ago · this message updates as the work goes on"
    `);
    expect(line({ stage: 'analysing', processedChunks: null, totalChunks: null, elapsedMs: 5_000 })).toContain(
      'Analysing · 5 s elapsed',
    );
    expect(line({ stage: 'queued', message: 'Waiting: 2 analyses ahead' })).toContain('Waiting: 2 analyses ahead');
    expect(line({ stage: 'done' })).toContain('Done — posting the scorecard …');
  });

  it('matches its snapshot and stays valid', () => {
    const msg = buildProgressMessage({
      ...base,
      event: { stage: 'downloading', bytes: 3_200_000, totalBytes: 8_000_000 },
    });
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(msg).toMatchSnapshot();
    expect(msg.text).toBe('Scoring UGC Creator — Summer Haul: Downloading video · 3.2 of 8.0 MB');
  });

  it('names the ad by id when the name is not known yet', () => {
    const msg = buildProgressMessage({
      ...base,
      adName: null,
      event: { stage: 'resolving', message: 'Looking up ad' },
    });
    expect(blocksToText(msg.blocks)).toContain('Scoring ad 1790000000000001');
  });

  it('draws a bar clamped to 0–100 %', () => {
    expect(progressBar(0)).toBe('▱▱▱▱▱▱▱▱▱▱ 0 %');
    expect(progressBar(1)).toBe('▰▰▰▰▰▰▰▰▰▰ 100 %');
    expect(progressBar(1.7)).toBe('▰▰▰▰▰▰▰▰▰▰ 100 %');
    expect(progressBar(Number.NaN)).toBe('▱▱▱▱▱▱▱▱▱▱ 0 %');
  });
});

describe('buildErrorMessage', () => {
  it('shows the plain message and what to do', () => {
    const err = new UserError(
      'ad_not_found',
      'TikTok has no ad 123 in this ad account.',
      'Check the ad id in Ads Manager.',
    );
    const msg = buildErrorMessage(err, { adId: '123' });
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(blocksToText(msg.blocks)).toMatchInlineSnapshot(`
      ":warning: Couldn't score ad 123
      TikTok has no ad 123 in this ad account.
      What to do: Check the ad id in Ads Manager.
      Error code: ad_not_found"
    `);
    expect(msg.text).toBe(
      "Couldn't score ad 123: TikTok has no ad 123 in this ad account. What to do: Check the ad id in Ads Manager.",
    );
  });

  it('hides internal errors behind a generic line', () => {
    const msg = buildErrorMessage(new Error('ECONNRESET at socket.js:42 token=xoxb-secret'));
    const json = JSON.stringify(msg);
    expect(json).not.toContain('ECONNRESET');
    expect(json).not.toContain('xoxb');
    expect(blocksToText(msg.blocks)).toContain('Something went wrong on our side');
  });
});

describe('buildHelpMessage', () => {
  it('lists every command', () => {
    const msg = buildHelpMessage();
    expect(validateBlocks(msg.blocks)).toEqual([]);
    const text = blocksToText(msg.blocks);
    for (const entry of [...AD_COMMANDS, ...CREATOR_COMMANDS]) expect(text).toContain(`/creative-score ${entry.usage}`);
    for (const usage of [
      '<ad_id>',
      '<ad_id> --refresh',
      'help',
      'decisions [ad_id]',
      'leaderboard [days]',
      'usage',
      'doctor',
      'https://www.tiktok.com/@handle/video/…',
      'video:<item_id>',
      'creator add|list|remove <name>',
      'creator leaderboard <name> [YYYY-MM]',
    ])
      expect(text).toContain(`/creative-score ${usage}`);
    expect(JSON.stringify(msg.blocks)).toContain('&lt;ad_id&gt;');
  });

  it('leaves creator commands out when creator mode is off', () => {
    expect(blocksToText(buildHelpMessage({ creators: false }).blocks)).not.toContain('creator add');
  });
});

describe('buildDecisionsMessage', () => {
  const rows: DecisionRow[] = Array.from({ length: 25 }, (_, i) => ({
    adId: String(100 + (i % 3)),
    adName: `Ad ${i}`,
    decision: i % 2 === 0 ? 'KILL' : 'SCALE',
    userId: 'U012ABCDEF',
    at: Date.UTC(2025, 0, 1) + i * 3_600_000,
    behavioural: i % 4 === 0 ? null : 50 + i,
    verdict: i % 4 === 0 ? null : 'HOLD',
  }));

  it('lists the latest 20, newest first', () => {
    const msg = buildDecisionsMessage(rows);
    expect(validateBlocks(msg.blocks)).toEqual([]);
    const text = blocksToText(msg.blocks);
    expect(text.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(20);
    expect(text.indexOf('Ad 24 ')).toBeLessThan(text.indexOf('Ad 23 '));
    expect(text).not.toContain('Ad 4 ');
    expect(text).toContain('Showing the latest 20 of 25 decisions.');
    expect(text).toContain('• SCALE · Ad 23 (102) · by @U012ABCDEF · 2025-01-01 23:00 UTC · behavioural 73.0 → HOLD');
  });

  it('filters by ad and says when there is nothing', () => {
    const text = blocksToText(buildDecisionsMessage(rows, '100').blocks);
    expect(text).toContain('Decisions for ad 100');
    expect(text).not.toContain('(101)');
    expect(blocksToText(buildDecisionsMessage([], '999').blocks)).toContain(
      'No Scale or Kill decision logged for ad 999',
    );
    expect(blocksToText(buildDecisionsMessage([]).blocks)).toContain('No Scale or Kill decision logged yet');
  });
});

describe('buildLeaderboardMessage', () => {
  it('renders the seed leaderboard', () => {
    const msg = buildLeaderboardMessage(seedReport(), { now: NOW });
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(validateBlocks(msg.fallbackBlocks)).toEqual([]);
    expect(msg).toMatchSnapshot();
    expect(msg.text).toBe(
      'Creative leaderboard · 2025-01-01 – 2025-01-07: top: UGC Creator — Summer Haul (behavioural 82.4, SCALE)',
    );
  });

  it('puts the top rows in a table block of raw_text cells', () => {
    const msg = buildLeaderboardMessage(seedReport(), { now: NOW });
    const table = asBlocks(msg.blocks).find((b) => b.type === 'table') as unknown as {
      rows: { type: string; text: string }[][];
    };
    expect(table.rows).toHaveLength(6);
    expect(table.rows[0]?.map((c) => c.text)).toEqual([
      'Rank',
      'Ad',
      'Hook',
      'Behavioural',
      'CTR (shrunk)',
      'Spend',
      'Verdict',
    ]);
    expect(table.rows[2]?.map((c) => c.text)).toEqual([
      '2',
      'Founder Story — Behind Scenes',
      '78',
      '71.0',
      '1.79 %',
      '$2.1K',
      'SCALE',
    ]);
    expect(table.rows.flat().every((c) => c.type === 'raw_text' && c.text.length > 0)).toBe(true);
    expect(asBlocks(msg.fallbackBlocks).some((b) => b.type === 'table')).toBe(false);
  });

  it('shows insights, formulas, provisional data, not-analysed count and credits', () => {
    const text = blocksToText(buildLeaderboardMessage(seedReport(), { now: NOW }).blocks);
    expect(text).toContain('• "Product Demo — Cinematic" has strong behavioral score (68.3) but low spend.');
    expect(text).toContain('Behavioural = 0.4 × hook + 0.3 × 6 × emotion intensity + 0.3 × 10 × (10 − cognitive load)');
    expect(text).toContain('Conversions for 2025-01-05–2025-01-07 are provisional');
    expect(text).toContain('1 not analysed yet (1 queued for a later run)');
    expect(text).toContain('Left out: 3 below the impression threshold, 1 not single videos');
    expect(text).toContain('340 credits used this month');
  });

  it('offers Scale for SCALE rows and Kill for KILL rows, with the scorecard value format', () => {
    const msg = buildLeaderboardMessage(seedReport(), { now: NOW });
    const els = buttons(msg.blocks);
    expect(els.map((e) => [e.action_id, decodeActionValue(e.value as string)])).toEqual([
      [ACTION_IDS.scale, { adId: '101', videoId: 'v101' }],
      [ACTION_IDS.scale, { adId: '102', videoId: 'v102' }],
      [ACTION_IDS.kill, { adId: '105', videoId: 'v105' }],
    ]);
    expect(els.every((e) => e.confirm !== undefined)).toBe(true);
  });

  it('uses the fallback code block inside one section', () => {
    const msg = buildLeaderboardMessage(seedReport(), { now: NOW });
    const section = asBlocks(msg.fallbackBlocks).find(
      (b) => b.type === 'section' && (b.text as { text: string }).text.startsWith('```'),
    );
    expect(mrkdwnToText((section?.text as { text: string } | undefined)?.text ?? '')).toMatchInlineSnapshot(`
      "Rank  Ad                              Hook  Behavioural  CTR (shrunk)  Spend  Verdict
      -------------------------------------------------------------------------------------
      1     UGC Creator — Summer Haul       91    82.4         2.27 %        $4.2K  SCALE
      2     Founder Story — Behind Scenes   78    71.0         1.79 %        $2.1K  SCALE
      3     Product Demo — Cinematic        85    68.3         1.02 %        $800   TEST
      4     Transition Edit — Before/After  62    55.1         1.44 %        $3.6K  HOLD
      5     Logo Intro — Brand Awareness    28    31.7         0.55 %        $8.4K  KILL"
    `);
  });

  it('says so when nothing is analysed yet', () => {
    const msg = buildLeaderboardMessage(seedReport({ rows: [], insights: [] }), {
      now: NOW,
      title: 'Weekly creatives',
    });
    expect(validateBlocks(msg.blocks)).toEqual([]);
    const text = blocksToText(msg.blocks);
    expect(text).toContain('Weekly creatives · 2025-01-01 – 2025-01-07');
    expect(text).toContain('No analysed creatives in this window yet.');
  });
});

describe('replaceDecisionBlock', () => {
  it('marks one leaderboard row as decided and keeps its ad name unparsed (verbatim)', () => {
    const msg = buildLeaderboardMessage(seedReport(), { now: NOW });
    const blockId = `${BLOCK_IDS.leaderboardDecision}0`;
    const line = decisionLine({ decision: 'SCALE', userId: 'U012ABCDEF', at: NOW });
    const updated = replaceDecisionBlock(msg.blocks, blockId, line);
    expect(validateBlocks(updated)).toEqual([]);
    const row = asBlocks(updated).find((b) => b.block_id === blockId) as types.SectionBlock;
    expect(row.accessory).toBeUndefined();
    expect(row.text).toMatchObject({ type: 'mrkdwn', verbatim: true });
    expect(row.text?.text).toContain('Scale logged by <@U012ABCDEF>');
    expect(buttons(updated)).toHaveLength(buttons(msg.blocks).length - 1);
  });
});

describe('buildLeaderboardText', () => {
  it('prints the seed example output exactly', () => {
    expect(buildLeaderboardText(seedReport({ rows: seedReport().rows.slice(0, 5) }))).toBe(
      [
        'Rank  Ad Name                       Hook  Behavioral  CTR      Spend     Verdict',
        '-------------------------------------------------------------------------------------',
        '1     UGC Creator — Summer Haul     91    82.4        2.31%    $4,200    SCALE',
        '2     Founder Story — Behind Scene  78    71.0        1.82%    $2,100    SCALE',
        '3     Product Demo — Cinematic      85    68.3        0.94%    $800      TEST',
        '4     Transition Edit — Before/Aft  62    55.1        1.45%    $3,600    HOLD',
        '5     Logo Intro — Brand Awareness  28    31.7        0.52%    $8,400    KILL',
        '',
        'Insights:',
        '- "Product Demo — Cinematic" has strong behavioral score (68.3) but low spend.',
        '  Recommendation: Increase budget — behavioral metrics predict CTR upside.',
        '- "Logo Intro — Brand Awareness" burns $8.4K with weak hook (28/100).',
        '  Recommendation: Kill or re-cut with UGC-style opening.',
      ].join('\n'),
    );
  });

  it('counts creatives not analysed yet', () => {
    const text = buildLeaderboardText(seedReport({ insights: [] }));
    expect(text).toContain('(1 not analysed yet)');
    expect(text.endsWith('Insights:\n- none')).toBe(true);
  });
});

describe('blocksToText', () => {
  it('renders tables, dividers, images and unknown blocks', () => {
    expect(
      blocksToText([
        {
          type: 'table',
          rows: [
            [
              { type: 'raw_text', text: 'A' },
              { type: 'raw_text', text: 'Bee' },
            ],
            [
              { type: 'raw_number', value: 12 },
              { type: 'raw_text', text: 'x' },
            ],
          ],
        },
        { type: 'divider' },
        { type: 'image', image_url: 'https://x.example/a.png', alt_text: 'chart' },
        { type: 'video' },
      ]),
    ).toBe(['A   Bee', '-------', '12  x', '-'.repeat(40), '[image: chart]', '[video block]'].join('\n'));
  });

  it('resolves control sequences and entities', () => {
    expect(mrkdwnToText('*Hi* <@U1> <#C1|general> <!here> <https://a.example|site> &lt;b&gt; &amp;amp;')).toBe(
      'Hi @U1 #general @here site (https://a.example) <b> &amp;',
    );
  });
});
