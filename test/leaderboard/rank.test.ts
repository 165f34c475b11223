import { describe, expect, it } from 'vitest';
import { rankedRows, rankRows } from '../../src/leaderboard/rank.js';

interface Row {
  id: string;
  rank: number | null;
  analysed: boolean;
  behaviouralScore: number | null;
  rate: number | null;
  volume: number | null;
}

const row = (id: string, over: Partial<Row> = {}): Row => ({
  id,
  rank: null,
  analysed: true,
  behaviouralScore: 50,
  rate: null,
  volume: null,
  ...over,
});
const keys = { rate: (r: Row) => r.rate, volume: (r: Row) => r.volume, id: (r: Row) => r.id };

describe('rankRows (both leaderboards)', () => {
  it('ranks analysed rows by score, then rate, then volume, then id; the others follow by volume', () => {
    const rows = [
      row('late', { analysed: false, behaviouralScore: null, volume: 10 }),
      row('b', { behaviouralScore: 70, rate: 1 }),
      row('a', { behaviouralScore: 70, rate: 1 }),
      row('top', { behaviouralScore: 80 }),
      row('rate', { behaviouralScore: 70, rate: 2 }),
      row('spend', { behaviouralScore: 70, rate: 1, volume: 5 }),
      row('later', { analysed: false, behaviouralScore: null, volume: 99 }),
    ];
    const ranked = rankRows(rows, keys);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['top', 1],
      ['rate', 2],
      ['spend', 3],
      ['a', 4],
      ['b', 5],
      ['later', null],
      ['late', null],
    ]);
    expect(rows[0]?.rank).toBeNull(); // the input is not changed
  });

  it('lists the analysed rows best first for the messages', () => {
    const rows = rankRows([row('x', { behaviouralScore: 10 }), row('y', { behaviouralScore: 90 })], keys);
    expect(rankedRows([...rows].reverse()).map((r) => r.id)).toEqual(['y', 'x']);
    expect(rankedRows([row('u', { analysed: false }), row('v', { behaviouralScore: null })])).toEqual([]);
  });
});
