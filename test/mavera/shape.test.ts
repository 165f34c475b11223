import { afterEach, describe, expect, it } from 'vitest';
import type { MaveraShape } from '../../src/mavera/types.js';
import { type MaveraSimulator, startMaveraSimulator } from '../../src/sandbox/mavera.js';
import { memoryShapeStore, simulatorClient } from './fixtures.js';

const sims: MaveraSimulator[] = [];
async function simulator(shapes: MaveraShape[], creditsRemaining: number | null = null) {
  const sim = await startMaveraSimulator({ shapes, creditsRemaining });
  sims.push(sim);
  return sim;
}
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

describe('resolveShape', () => {
  it('detects the reference shape with one read-only call and remembers it', async () => {
    const sim = await simulator(['reference']);
    const store = memoryShapeStore();
    const client = simulatorClient(sim, { shapeStore: store });
    expect(await client.resolveShape()).toBe('reference');
    expect(sim.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /video-analyses']);
    expect(store.get()).toBe('reference');
    expect(store.sets).toBe(1);
    expect(await client.resolveShape()).toBe('reference');
    expect(sim.calls).toHaveLength(1);
  });

  it('detects the recipes shape after the reference list answers 404', async () => {
    const sim = await simulator(['recipes']);
    const store = memoryShapeStore();
    const client = simulatorClient(sim, { shapeStore: store });
    expect(await client.resolveShape()).toBe('recipes');
    expect(sim.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /video-analyses', 'GET /assets']);
    expect(store.get()).toBe('recipes');
    // a new client sharing the store (e.g. after a restart) makes no call
    const later = simulatorClient(sim, { shapeStore: store });
    expect(await later.resolveShape()).toBe('recipes');
    expect(sim.calls).toHaveLength(2);
  });

  it('shares one detection between concurrent callers', async () => {
    const sim = await simulator(['recipes']);
    const client = simulatorClient(sim);
    const shapes = await Promise.all(Array.from({ length: 6 }, () => client.resolveShape()));
    expect(new Set(shapes)).toEqual(new Set(['recipes']));
    expect(sim.calls.filter((c) => c.path === '/video-analyses')).toHaveLength(1);
  });

  it('uses the configured shape without any call', async () => {
    const sim = await simulator(['recipes']);
    const client = simulatorClient(sim, { shape: 'reference' });
    expect(await client.resolveShape()).toBe('reference');
    expect(sim.calls).toHaveLength(0);
  });

  it('says which calls returned what when neither shape answers', async () => {
    const sim = await simulator([]);
    const store = memoryShapeStore();
    const err = await simulatorClient(sim, { shapeStore: store })
      .resolveShape()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'mavera_error' });
    expect((err as Error).message).toContain('GET /video-analyses → 404');
    expect((err as Error).message).toContain('GET /assets → 404');
    expect((err as Error).message).toContain('GET /video-analysis → 404');
    expect(store.get()).toBeNull();
  });

  it('turns a bad key during detection into mavera_auth', async () => {
    const sim = await simulator(['reference']);
    const client = simulatorClient(sim, { apiKey: 'mvra_live_wrong_key_0000000000000000' });
    await expect(client.resolveShape()).rejects.toMatchObject({ code: 'mavera_auth' });
  });
});

describe('checkAccess', () => {
  it('reports the shape and the credits the API advertises', async () => {
    const sim = await simulator(['reference'], 1200);
    const access = await simulatorClient(sim).checkAccess();
    expect(access).toEqual({ shape: 'reference', creditsRemaining: 1200 });
    // read-only: nothing uploaded, nothing analysed
    expect(sim.calls.every((c) => c.method === 'GET')).toBe(true);
    expect(sim.stats.analysesCreated).toBe(0);
  });

  it('reports null credits when the API does not say', async () => {
    const sim = await simulator(['recipes']);
    expect(await simulatorClient(sim).checkAccess()).toEqual({ shape: 'recipes', creditsRemaining: null });
  });

  it('checks the workspace in the reference shape', async () => {
    const sim = await simulator(['reference']);
    await expect(simulatorClient(sim, { workspaceId: 'ws_other' }).checkAccess()).rejects.toMatchObject({
      code: 'mavera_error',
    });
    await expect(simulatorClient(sim, { workspaceId: null }).checkAccess()).rejects.toMatchObject({
      code: 'config',
      hint: expect.stringContaining('MAVERA_WORKSPACE_ID'),
    });
  });
});
