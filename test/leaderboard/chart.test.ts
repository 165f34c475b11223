import { describe, expect, it } from 'vitest';
import {
  CHART_LIMITS,
  type ChartPoint,
  leaderboardChartSpec,
  renderChartSvg,
  renderLeaderboardChart,
} from '../../src/leaderboard/chart.js';
import type { Verdict } from '../../src/scoring/types.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const SEED: ChartPoint[] = [
  { label: 'UGC Creator — Summer Haul', score: 82.4, ctr: 2.31, spend: 4200, verdict: 'SCALE' },
  { label: 'Founder Story — Behind Scene', score: 71.0, ctr: 1.82, spend: 2100, verdict: 'SCALE' },
  { label: 'Product Demo — Cinematic', score: 68.3, ctr: 0.94, spend: 800, verdict: 'TEST' },
  { label: 'Transition Edit — Before/Aft', score: 55.1, ctr: 1.45, spend: 3600, verdict: 'HOLD' },
  { label: 'Logo Intro — Brand Awareness', score: 31.7, ctr: 0.52, spend: 8400, verdict: 'KILL' },
];

describe('renderLeaderboardChart', () => {
  it('renders a PNG of the requested size', async () => {
    const png = await renderLeaderboardChart(SEED, { title: 'Weekly leaderboard', width: 1000, height: 700 });
    const { width, height } = pngSize(png);
    expect(width).toBe(1000);
    expect(height).toBeGreaterThanOrEqual(400);
    expect(height).toBeLessThanOrEqual(2400);
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('defaults to a sane size and clamps silly ones', async () => {
    const normal = pngSize(await renderLeaderboardChart(SEED));
    expect(normal.width).toBeGreaterThanOrEqual(400);
    expect(normal.width).toBeLessThanOrEqual(2400);
    expect(normal.height).toBeGreaterThanOrEqual(400);
    expect(normal.height).toBeLessThanOrEqual(2400);
    const huge = pngSize(await renderLeaderboardChart(SEED, { width: 100_000, height: 10 }));
    expect(huge.width).toBe(CHART_LIMITS.maxSize);
    expect(huge.height).toBeLessThanOrEqual(CHART_LIMITS.maxSize);
  });

  it('renders an empty chart with a note', async () => {
    const png = await renderLeaderboardChart([]);
    const { width, height } = pngSize(png);
    expect(width).toBeGreaterThanOrEqual(400);
    expect(height).toBeGreaterThanOrEqual(400);
    expect(png.length).toBeGreaterThan(5_000);
    const svg = await renderChartSvg(leaderboardChartSpec([]));
    expect(svg).toContain('No analysed creatives yet');
  });

  it('renders 200 creatives in reasonable time', async () => {
    const verdicts: Verdict[] = ['SCALE', 'TEST', 'HOLD', 'KILL'];
    const points: ChartPoint[] = Array.from({ length: 200 }, (_, i) => ({
      label: `Creative #${i} ${'long name '.repeat(i % 5)}`,
      score: (i * 37) % 100,
      ctr: ((i * 13) % 40) / 10,
      spend: 50 + ((i * 97) % 9000),
      verdict: verdicts[i % 4]!,
    }));
    const started = performance.now();
    const png = await renderLeaderboardChart(points);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(png.length).toBeGreaterThan(20_000);
    pngSize(png);
  });
});

describe('leaderboardChartSpec', () => {
  it('clamps untrusted labels and drops control characters', async () => {
    const spec = leaderboardChartSpec([
      { label: `<script>\n${'A'.repeat(300)}`, score: 50, ctr: 1, spend: 10, verdict: 'HOLD' },
    ]);
    const svg = await renderChartSvg(spec);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt; AAAA');
    expect(svg).not.toContain('A'.repeat(CHART_LIMITS.labelChars));
  });

  it('skips points with non-finite numbers instead of failing', async () => {
    const png = await renderLeaderboardChart([
      ...SEED,
      { label: 'broken', score: Number.NaN, ctr: 1, spend: 1, verdict: 'HOLD' },
      { label: 'no spend', score: 50, ctr: 1, spend: Number.NaN, verdict: 'HOLD' },
    ]);
    pngSize(png);
  });

  it('uses a fixed colour per verdict and the currency in the spend legend', () => {
    const json = JSON.stringify(leaderboardChartSpec(SEED, { currency: 'EUR' }));
    expect(json).toContain('"domain":["SCALE","TEST","HOLD","KILL"]');
    expect(json).toContain('Spend (€)');
  });
});
