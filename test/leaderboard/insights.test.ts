import { describe, expect, it } from 'vitest';
import { buildInsights } from '../../src/leaderboard/insights.js';
import type { LeaderboardRow } from '../../src/leaderboard/types.js';
import { leaderboardRow } from '../scoring/fixtures.js';

/** The seed's example leaderboard, with hook rates added (Product Demo's real hook rate is the weakest). */
const SEED_ROWS: LeaderboardRow[] = [
  leaderboardRow({
    adId: '1',
    adName: 'UGC Creator — Summer Haul',
    hookScore: 91,
    behaviouralScore: 82.4,
    ctr: 2.31,
    spend: 4200,
    verdict: 'SCALE',
    hookRate: 30,
  }),
  leaderboardRow({
    adId: '2',
    adName: 'Founder Story — Behind Scene',
    hookScore: 78,
    behaviouralScore: 71.0,
    ctr: 1.82,
    spend: 2100,
    verdict: 'SCALE',
    hookRate: 25,
  }),
  leaderboardRow({
    adId: '3',
    adName: 'Product Demo — Cinematic',
    hookScore: 85,
    behaviouralScore: 68.3,
    ctr: 0.94,
    spend: 800,
    verdict: 'TEST',
    hookRate: 8,
  }),
  leaderboardRow({
    adId: '4',
    adName: 'Transition Edit — Before/Aft',
    hookScore: 62,
    behaviouralScore: 55.1,
    ctr: 1.45,
    spend: 3600,
    verdict: 'HOLD',
    hookRate: 22,
  }),
  leaderboardRow({
    adId: '5',
    adName: 'Logo Intro — Brand Awareness',
    hookScore: 28,
    behaviouralScore: 31.7,
    ctr: 0.52,
    spend: 8400,
    verdict: 'KILL',
    hookRate: 15,
  }),
];

describe('buildInsights', () => {
  it("reproduces the seed's insights, plus the hook disagreement", () => {
    expect(buildInsights(SEED_ROWS)).toEqual([
      {
        kind: 'increase_budget',
        adId: '3',
        text: '"Product Demo — Cinematic" has strong behavioural score (68.3) but low spend ($800). Increase budget — behavioural metrics predict CTR upside.',
      },
      {
        kind: 'kill_or_recut',
        adId: '5',
        text: '"Logo Intro — Brand Awareness" burns $8.4K with weak hook (28/100). Kill or re-cut with a UGC-style opening.',
      },
      {
        kind: 'hook_disagreement',
        adId: '3',
        text: 'Mavera rates the hook of "Product Demo — Cinematic" 85/100 (top 40 %) but its real hook rate is 8.0 % (bottom 20 %).',
      },
    ]);
  });

  it('formats money with the currency option (symbol or ISO code)', () => {
    const texts = buildInsights(SEED_ROWS, { currency: '€' }).map((i) => i.text);
    expect(texts[1]).toContain('burns €8.4K');
    expect(buildInsights(SEED_ROWS, { currency: 'GBP' })[0]?.text).toContain('low spend (£800)');
  });

  it('follows the thresholds given', () => {
    const kinds = buildInsights(SEED_ROWS, { scoreHigh: 70, scoreLow: 20 }).map((i) => i.kind);
    expect(kinds).toEqual(['hook_disagreement']);
  });

  it('ignores rows not analysed yet and rows without spend', () => {
    const rows = SEED_ROWS.map((r) =>
      r.adId === '3' ? { ...r, analysed: false, behaviouralScore: null } : r.adId === '5' ? { ...r, spend: null } : r,
    );
    expect(buildInsights(rows).map((i) => i.kind)).toEqual([]);
  });

  it('says "weak behavioural score" when the hook score is unknown', () => {
    const rows = SEED_ROWS.map((r) => (r.adId === '5' ? { ...r, hookScore: null } : r));
    expect(buildInsights(rows).find((i) => i.kind === 'kill_or_recut')?.text).toBe(
      '"Logo Intro — Brand Awareness" burns $8.4K with weak behavioural score (31.7). Kill or re-cut with a UGC-style opening.',
    );
  });

  it('keeps names on one line and clamps long ones', () => {
    const rows = SEED_ROWS.map((r) => (r.adId === '3' ? { ...r, adName: `Evil\nname\t${'x'.repeat(200)}` } : r));
    const text = buildInsights(rows)[0]!.text;
    expect(text).not.toMatch(/[\n\t]/);
    expect(text).toMatch(/^"Evil name x+…" has strong/);
    expect(text.length).toBeLessThan(200);
  });

  it('caps each kind at maxPerKind, strongest first', () => {
    const many = Array.from({ length: 10 }, (_, i) =>
      leaderboardRow({ adId: `g${i}`, adName: `Gem ${i}`, behaviouralScore: 61 + i, spend: 10 + i, verdict: 'TEST' }),
    );
    const pricey = Array.from({ length: 10 }, (_, i) =>
      leaderboardRow({ adId: `p${i}`, adName: `Pricey ${i}`, behaviouralScore: 50, spend: 10_000 + i }),
    );
    const ids = buildInsights([...many, ...pricey], { maxPerKind: 2 }).map((i) => i.adId);
    expect(ids).toEqual(['g9', 'g8']);
  });

  it('returns nothing for an empty table', () => {
    expect(buildInsights([])).toEqual([]);
  });
});
