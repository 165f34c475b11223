import { describe, expect, it } from 'vitest';
import { largestHookDisagreement } from '../../src/leaderboard/calibration.js';
import type { LeaderboardRow } from '../../src/leaderboard/types.js';
import { leaderboardRow } from '../scoring/fixtures.js';

describe('largestHookDisagreement', () => {
  const rows: LeaderboardRow[] = [
    leaderboardRow({ adId: 'a', adName: 'A', hookScore: 91, hookRate: 30 }),
    leaderboardRow({ adId: 'b', adName: 'B', hookScore: 78, hookRate: 25 }),
    leaderboardRow({ adId: 'c', adName: 'C', hookScore: 85, hookRate: 8 }),
    leaderboardRow({ adId: 'd', adName: 'D', hookScore: 62, hookRate: 22 }),
    leaderboardRow({ adId: 'e', adName: 'E', hookScore: 28, hookRate: 15 }),
  ];

  it('finds the row whose hook score and hook rate rank furthest apart', () => {
    const d = largestHookDisagreement(rows);
    expect(d).toMatchObject({
      hookScore: 85,
      hookRatePct: 8,
      scorePercentile: 70,
      ratePercentile: 10,
      scoreStanding: 'top 40 %',
      rateStanding: 'bottom 20 %',
      gap: 60,
      compared: 5,
    });
    expect(d?.row.adId).toBe('c');
  });

  it('stays quiet when ranks agree', () => {
    const agreeing = rows.map((r, i) => ({ ...r, hookScore: 10 * i, hookRate: 5 * i }));
    expect(largestHookDisagreement(agreeing)).toBeNull();
  });

  it('needs enough analysed rows with both numbers', () => {
    const few = [...rows.slice(0, 3), { ...rows[3]!, hookRate: null }, { ...rows[4]!, analysed: false }];
    expect(largestHookDisagreement(few)).toBeNull();
    expect(largestHookDisagreement(few, { minRows: 3, minGap: 1 })).not.toBeNull();
  });
});
