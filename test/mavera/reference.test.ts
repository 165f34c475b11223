import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { uploadReference } from '../../src/mavera/reference.js';
import type { MaveraHttp } from '../../src/mavera/transport.js';
import type { AnalysisStatus } from '../../src/mavera/types.js';
import { type MaveraSimulator, startMaveraSimulator } from '../../src/sandbox/mavera.js';
import { acceleratedClock, systemClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { withRetries } from '../../src/util/retry.js';
import { simulatorClient, type TempVideo, tempVideo } from './fixtures.js';

let sim: MaveraSimulator;
let video: TempVideo;

beforeAll(async () => {
  sim = await startMaveraSimulator({ shapes: ['reference'], analysisDurationMs: 150, totalChunks: 5 });
  video = await tempVideo(200 * 1024);
});
afterAll(async () => {
  await sim.close();
  await video.remove();
});
afterEach(() => {
  sim.setAnalysisDurationMs(150);
});

describe('reference shape, end to end', () => {
  it('uploads, analyses and returns a normalised analysis on the right scales', async () => {
    const client = simulatorClient(sim, { shape: 'reference' });
    const before = { ...sim.stats };
    const sent: number[] = [];
    const file = await client.upload('reference', video.input({ onProgress: (n) => sent.push(n) }));
    expect(file.fileId).toMatch(/^file_/);
    expect(file.fileUrl).toContain('/public/');
    expect(sent.at(-1)).toBe(video.sizeBytes);

    const { analysisId } = await client.startAnalysis('reference', {
      fileId: file.fileId,
      fileUrl: file.fileUrl,
      title: 'TikTok ad 1789',
      metadata: { ad_id: '1789' },
    });
    const seen: AnalysisStatus[] = [];
    const done = await client.waitForAnalysis('reference', analysisId, { onProgress: (s) => seen.push(s) });

    expect(sim.stats.uploads - before.uploads).toBe(1);
    expect(sim.stats.uploadBytes - before.uploadBytes).toBe(video.sizeBytes);
    expect(sim.stats.analysesCreated - before.analysesCreated).toBe(1);

    expect(done.state).toBe('completed');
    expect(done.rawStatus).toBe('completed');
    const a = done.analysis!;
    expect(a.hookScore).toBeGreaterThanOrEqual(0);
    expect(a.hookScore).toBeLessThanOrEqual(100);
    expect(a.hookAssessment).toMatch(/Opening shot/);
    expect(a.emotionalArc.intensityAvg).toBeGreaterThanOrEqual(0);
    expect(a.emotionalArc.intensityAvg).toBeLessThanOrEqual(10);
    expect(a.cognitiveLoad.average).toBeGreaterThanOrEqual(0);
    expect(a.cognitiveLoad.average).toBeLessThanOrEqual(10);
    expect(a.emotionalArc.peakEmotion).toEqual(expect.any(String));
    expect((a.emotionalArc.peakTimestampS ?? -1) % 3).toBe(0);
    expect(a.emotionalArc.series).toHaveLength(5);
    expect(a.cognitiveLoad.series).toHaveLength(5);
    expect(a.pacing?.score).toEqual(expect.any(Number));
    expect(a.pacing?.details).toHaveProperty('cuts_per_second');
    expect(a.visualComplexity?.score).toEqual(expect.any(Number));
    expect(a.adEffectiveness?.score).toEqual(expect.any(Number));
    expect(a.transcript).toEqual(expect.any(String));
    expect(a.chunkDurationS).toBe(3);

    // progress callback saw chunks being processed
    expect(seen.at(-1)?.state).toBe('completed');
    const running = seen.filter((s) => s.state === 'running');
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((s) => s.totalChunks === 5)).toBe(true);
    expect(running.some((s) => (s.processedChunks ?? 0) > 0)).toBe(true);
    expect(seen.at(-1)?.processedChunks).toBe(5);
  });

  it('gives the same video the same scores and a different video different ones', async () => {
    const client = simulatorClient(sim, { shape: 'reference' });
    const other = await tempVideo(50 * 1024);
    const run = async (path: string, size: number) => {
      const file = await client.upload('reference', {
        path,
        sizeBytes: size,
        fileName: 'a.mp4',
        contentType: 'video/mp4',
      });
      const { analysisId } = await client.startAnalysis('reference', { ...file, title: 'x' });
      return (await client.waitForAnalysis('reference', analysisId)).analysis!;
    };
    try {
      const [a, b, c] = await Promise.all([
        run(video.path, video.sizeBytes),
        run(video.path, video.sizeBytes),
        run(other.path, other.sizeBytes),
      ]);
      expect(b).toEqual(a);
      expect(c).not.toEqual(a);
    } finally {
      await other.remove();
    }
  });

  it('refuses to run without a workspace id, before calling Mavera', async () => {
    const client = simulatorClient(sim, { shape: 'reference', workspaceId: null });
    const calls = sim.calls.length;
    await expect(client.upload('reference', video.input())).rejects.toMatchObject({
      code: 'config',
      hint: expect.stringContaining('MAVERA_WORKSPACE_ID'),
    });
    await expect(client.startAnalysis('reference', { fileId: 'f', fileUrl: null, title: 'abc' })).rejects.toMatchObject(
      {
        code: 'config',
      },
    );
    expect(sim.calls.length).toBe(calls);
  });

  it('reports a wrong workspace as a Mavera error with its message', async () => {
    const client = simulatorClient(sim, { shape: 'reference', workspaceId: 'ws_wrong' });
    const err = await client.upload('reference', video.input()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ code: 'mavera_error', message: expect.stringContaining('ws_wrong') });
  });

  it('asks for a new upload URL when the PUT to storage fails', async () => {
    const client = simulatorClient(sim, { shape: 'reference', clock: acceleratedClock(0.001) });
    const start = sim.calls.length;
    sim.failNextRequest(/^\/storage\//, 500, { times: 2 });
    const file = await client.upload('reference', video.input());
    expect(file.fileId).toMatch(/^file_/);
    const paths = sim.calls.slice(start).map((c) => c.path);
    expect(paths.filter((p) => p === '/files/upload-url')).toHaveLength(3);
    expect(paths.filter((p) => p.startsWith('/storage/'))).toHaveLength(3);
  });

  it('gives up after three storage attempts', async () => {
    const client = simulatorClient(sim, { shape: 'reference', clock: acceleratedClock(0.001) });
    sim.failNextRequest(/^\/storage\//, 503, { times: 3 });
    await expect(client.upload('reference', video.input())).rejects.toMatchObject({ code: 'mavera_unavailable' });
  });

  it('sends the PUT the Content-Type the URL was signed for, even when the answer lists no headers', async () => {
    const puts: Array<Record<string, string>> = [];
    const http: MaveraHttp = {
      logger: silentLogger,
      async call(_method, path) {
        const body =
          path === '/files/upload-url'
            ? { upload_url: 'https://storage.example/put?sig=1', public_url: 'https://storage.example/a.mp4' }
            : { id: 'file_1', url: 'https://storage.example/a.mp4' };
        return { status: 200, headers: {}, body };
      },
      async putToStorage(_url, body, headers) {
        body.resume();
        puts.push(headers);
        return { status: 200 };
      },
      retrying: (attempts, attempt) =>
        withRetries(
          { clock: systemClock, policy: { retries: attempts - 1, baseMs: 0, capMs: 0, maxRetryAfterMs: 0 } },
          attempt,
        ),
    };
    const file = await uploadReference(http, 'ws_1', video.input());
    expect(file.fileId).toBe('file_1');
    expect(puts).toHaveLength(1);
    expect(puts[0]).toEqual({ 'content-type': 'video/mp4', 'content-length': String(video.sizeBytes) });
  });

  it('clamps titles to 3–100 characters', async () => {
    const client = simulatorClient(sim, { shape: 'reference' });
    const file = await client.upload('reference', video.input());
    await expect(client.startAnalysis('reference', { ...file, title: 'A' })).resolves.toHaveProperty('analysisId');
    await expect(client.startAnalysis('reference', { ...file, title: 'x'.repeat(300) })).resolves.toHaveProperty(
      'analysisId',
    );
  });

  it('reads upper-case statuses', async () => {
    const upper = await startMaveraSimulator({ shapes: ['reference'], analysisDurationMs: 60, statusStyle: 'upper' });
    try {
      const client = simulatorClient(upper, { shape: 'reference' });
      const file = await client.upload('reference', video.input());
      const { analysisId } = await client.startAnalysis('reference', { ...file, title: 'Upper' });
      const raw: string[] = [];
      const done = await client.waitForAnalysis('reference', analysisId, { onProgress: (s) => raw.push(s.rawStatus) });
      expect(done.state).toBe('completed');
      expect(raw).toContain('COMPLETED');
      expect(raw.some((r) => r === 'PENDING' || r === 'GENERATING')).toBe(true);
    } finally {
      await upper.close();
    }
  });
});
