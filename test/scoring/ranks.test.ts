import { describe, expect, it } from 'vitest';
import { averageRanks, percentileRanks, spearman, standing } from '../../src/scoring/ranks.js';

describe('ranks', () => {
  it('averages ties', () => {
    expect(averageRanks([5, 7, 7, 1])).toEqual([2, 3.5, 3.5, 1]);
    expect(averageRanks([])).toEqual([]);
  });

  it('gives mid-rank percentiles', () => {
    expect(percentileRanks([10, 20, 30, 40, 50])).toEqual([10, 30, 50, 70, 90]);
    expect(percentileRanks([3])).toEqual([50]);
  });

  it('refuses non-finite values', () => {
    expect(() => averageRanks([1, Number.NaN])).toThrow(RangeError);
  });

  it('labels standing', () => {
    expect(standing(5, 5)).toBe('top 20 %');
    expect(standing(1, 5)).toBe('bottom 20 %');
    expect(standing(10, 10)).toBe('top 10 %');
    expect(standing(4, 5)).toBe('top 40 %');
  });
});

describe('spearman', () => {
  it('is 1 for any increasing relation and −1 for a decreasing one', () => {
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 16])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [10, 5, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('matches the textbook value with ties', () => {
    // ranks x: 1 2 3 4 5, ranks y: 2.5 2.5 1 4 5 → Σdxdy = 6.5, Σdx² = 10, Σdy² = 9.5 (scipy: 0.6668859288553503)
    expect(spearman([1, 2, 3, 4, 5], [2, 2, 1, 4, 5])).toBeCloseTo(6.5 / Math.sqrt(95), 12);
  });

  it('is null when undefined', () => {
    expect(spearman([1, 2], [2, 1])).toBeNull();
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNull();
  });

  it('throws on unequal lengths', () => {
    expect(() => spearman([1, 2, 3], [1, 2])).toThrow(RangeError);
  });
});
