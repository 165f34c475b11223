import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaveraShape } from '../../src/mavera/types.js';
import { type MaveraSimulator, startMaveraSimulator } from '../../src/sandbox/mavera.js';
import { simulatorClient } from './fixtures.js';

/**
 * A 256 MB sparse file goes through client and simulator (same process). Buffering it anywhere would grow RSS by
 * hundreds of MB; streaming with backpressure keeps the peak growth to a few chunk buffers plus GC slack. A
 * 32 MB warm-up upload per shape first, so JIT and connection set-up are not counted.
 */
const SIZE = 256 * 1024 * 1024;
const WARM_UP = 32 * 1024 * 1024;
const MAX_GROWTH = 32 * 1024 * 1024;

let sim: MaveraSimulator;
let dir: string;
let path: string;
let warmUp: string;

beforeAll(async () => {
  sim = await startMaveraSimulator();
  dir = await mkdtemp(join(tmpdir(), 'mavera-mem-'));
  path = join(dir, 'big.mp4');
  await writeFile(path, '');
  await truncate(path, SIZE);
  warmUp = join(dir, 'warm-up.mp4');
  await writeFile(warmUp, '');
  await truncate(warmUp, WARM_UP);
  for (const shape of ['reference', 'recipes'] as const) {
    await simulatorClient(sim, { shape }).upload(shape, {
      path: warmUp,
      sizeBytes: WARM_UP,
      fileName: 'warm-up.mp4',
      contentType: 'video/mp4',
    });
  }
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('upload memory', () => {
  it.each<MaveraShape>(['reference', 'recipes'])('%s: 256 MB moves without growing RSS', async (shape) => {
    const client = simulatorClient(sim, { shape });
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const timer = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const before = sim.stats.uploadBytes;
    try {
      await client.upload(shape, { path, sizeBytes: SIZE, fileName: 'big.mp4', contentType: 'video/mp4' });
    } finally {
      clearInterval(timer);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(sim.stats.uploadBytes - before).toBe(SIZE);
    expect(peak - baseline).toBeLessThan(MAX_GROWTH);
  });
});
