import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MaveraSimulator, startMaveraSimulator } from '../../src/sandbox/mavera.js';
import { acceleratedClock } from '../../src/util/clock.js';
import { simulatorClient, type TempVideo, tempVideo } from './fixtures.js';

let sim: MaveraSimulator;
let video: TempVideo;

beforeAll(async () => {
  sim = await startMaveraSimulator({ shapes: ['recipes'], analysisDurationMs: 120, statusStyle: 'mixed' });
  video = await tempVideo(300 * 1024);
});
afterAll(async () => {
  await sim.close();
  await video.remove();
});

describe('recipes shape, end to end', () => {
  it('uploads a multipart asset, analyses it and maps results directly', async () => {
    const client = simulatorClient(sim, { shape: 'recipes', workspaceId: null });
    const before = { ...sim.stats };
    const sent: number[] = [];
    const file = await client.upload('recipes', video.input({ onProgress: (n) => sent.push(n) }));
    expect(file.fileId).toMatch(/^asset_/);
    expect(sent.at(-1)).toBe(video.sizeBytes);
    expect(sim.stats.uploads - before.uploads).toBe(1);
    expect(sim.stats.uploadBytes - before.uploadBytes).toBe(video.sizeBytes);

    const { analysisId } = await client.startAnalysis('recipes', {
      ...file,
      title: 'TikTok ad 1789',
      metadata: { ad_id: '1789' },
    });
    const statuses: string[] = [];
    const percents: Array<number | null> = [];
    const done = await client.waitForAnalysis('recipes', analysisId, {
      onProgress: (s) => {
        statuses.push(s.rawStatus);
        if (s.state === 'running') percents.push(s.processedChunks);
      },
    });
    expect(sim.stats.analysesCreated - before.analysesCreated).toBe(1);
    expect(statuses.at(-1)).toBe('Completed');
    expect(statuses.some((s) => s === 'Queued' || s === 'Processing')).toBe(true);
    expect(done.totalChunks).toBe(100);
    expect(percents.every((p) => p != null && p >= 0 && p < 100)).toBe(true);

    const a = done.analysis!;
    expect(a.hookScore).toBeGreaterThanOrEqual(0);
    expect(a.hookScore).toBeLessThanOrEqual(100);
    expect(a.hookAssessment).toMatch(/opening|start/i);
    expect(a.emotionalArc.peakEmotion).toEqual(expect.any(String));
    expect(a.emotionalArc.peakTimestampS).toEqual(expect.any(Number));
    expect(a.emotionalArc.intensityAvg).toBeGreaterThanOrEqual(0);
    expect(a.emotionalArc.intensityAvg).toBeLessThanOrEqual(10);
    expect(a.emotionalArc.series.length).toBeGreaterThan(0);
    expect(a.cognitiveLoad.average).toBeGreaterThanOrEqual(0);
    expect(a.cognitiveLoad.average).toBeLessThanOrEqual(10);
    expect(a.pacing?.score).toEqual(expect.any(Number));
    expect(a.pacing?.details.cuts_per_second).toEqual(expect.any(Number));
    expect(a.visualComplexity?.score).toEqual(expect.any(Number));
    expect(a.chunkDurationS).toBeNull();
  });

  it('retries a multipart upload after a 503 with a fresh body', async () => {
    const client = simulatorClient(sim, { shape: 'recipes', clock: acceleratedClock(0.001) });
    const before = sim.stats.uploads;
    sim.failNextRequest('/assets', 503);
    const file = await client.upload('recipes', video.input());
    expect(file.fileId).toMatch(/^asset_/);
    expect(sim.stats.uploads - before).toBe(1);
  });

  it("keeps Mavera's text when the analysis fails", async () => {
    const client = simulatorClient(sim, { shape: 'recipes' });
    const file = await client.upload('recipes', video.input());
    sim.failNextAnalysis('Unsupported codec: hevc 10-bit');
    const { analysisId } = await client.startAnalysis('recipes', { ...file, title: 'Broken' });
    await expect(client.waitForAnalysis('recipes', analysisId)).rejects.toMatchObject({
      code: 'mavera_failed',
      message: 'Mavera could not analyse this video: Unsupported codec: hevc 10-bit',
    });
  });

  it('answers an unknown asset with a Mavera error', async () => {
    const client = simulatorClient(sim, { shape: 'recipes' });
    await expect(
      client.startAnalysis('recipes', { fileId: 'asset_nope', fileUrl: null, title: 'x' }),
    ).rejects.toMatchObject({
      code: 'mavera_error',
      message: expect.stringContaining('asset_nope'),
    });
  });
});
