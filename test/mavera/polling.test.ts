import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { MaveraShape, StartAnalysisInput } from '../../src/mavera/types.js';
import { type MaveraSimulator, startMaveraSimulator } from '../../src/sandbox/mavera.js';
import { sendJson, startServer } from '../../src/sandbox/server.js';
import type { Clock } from '../../src/util/clock.js';
import { simulatorClient, type TempVideo, tempVideo } from './fixtures.js';

let sim: MaveraSimulator;
let video: TempVideo;

beforeAll(async () => {
  sim = await startMaveraSimulator({ analysisDurationMs: 80 });
  video = await tempVideo(8 * 1024);
});
afterAll(async () => {
  await sim.close();
  await video.remove();
});

async function started(
  shape: MaveraShape,
  prepare?: () => void,
): Promise<{ analysisId: string; input: StartAnalysisInput }> {
  const client = simulatorClient(sim, { shape });
  const file = await client.upload(shape, video.input());
  prepare?.();
  const input = { ...file, title: 'Polling test' };
  return { ...(await client.startAnalysis(shape, input)), input };
}

/** A clock that records sleeps and advances instantly. */
function recordingClock(): { clock: Clock; sleeps: number[] } {
  let now = 1_700_000_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: {
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    },
  };
}

describe('waitForAnalysis', () => {
  it.each<MaveraShape>(['reference', 'recipes'])("%s: a failed analysis keeps Mavera's text", async (shape) => {
    const { analysisId } = await started(shape, () => sim.failNextAnalysis('Video has no audio track'));
    const err = await simulatorClient(sim, { shape })
      .waitForAnalysis(shape, analysisId)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({
      code: 'mavera_failed',
      message: 'Mavera could not analyse this video: Video has no audio track',
    });
  });

  it('a hung analysis times out with a plain message and a re-run hint; polls back off ×1.5 to the max', async () => {
    const { analysisId } = await started('reference', () => sim.hangNextAnalysis());
    const { clock, sleeps } = recordingClock();
    const client = simulatorClient(sim, { shape: 'reference', clock, timeoutMs: 200, pollMinMs: 10, pollMaxMs: 50 });
    const err = await client.waitForAnalysis('reference', analysisId).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'mavera_timeout',
      hint: 'It may still finish — run the command again later; it will not be re-uploaded.',
    });
    expect(sleeps.slice(0, 6)).toEqual([10, 15, 22.5, 33.75, 50, 50]);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeCloseTo(200);
  });

  it('says minutes for real-sized limits', async () => {
    const { analysisId } = await started('recipes', () => sim.hangNextAnalysis());
    const { clock } = recordingClock();
    const client = simulatorClient(sim, {
      shape: 'recipes',
      clock,
      timeoutMs: 1_200_000,
      pollMinMs: 3000,
      pollMaxMs: 30_000,
    });
    await expect(client.waitForAnalysis('recipes', analysisId)).rejects.toMatchObject({
      code: 'mavera_timeout',
      message: 'Mavera has not finished analysing this video after 20 minutes.',
    });
  });

  it('counts the time-out from startedAt, so a resumed poll keeps the original deadline', async () => {
    const { analysisId } = await started('reference', () => sim.hangNextAnalysis());
    const client = simulatorClient(sim, { shape: 'reference', timeoutMs: 60_000 });
    const t0 = Date.now();
    await expect(
      client.waitForAnalysis('reference', analysisId, { startedAt: Date.now() - 59_900 }),
    ).rejects.toMatchObject({ code: 'mavera_timeout' });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('still returns a finished analysis when resumed after the deadline', async () => {
    const { analysisId } = await started('reference');
    await new Promise((r) => setTimeout(r, 120));
    const client = simulatorClient(sim, { shape: 'reference', timeoutMs: 1000 });
    const done = await client.waitForAnalysis('reference', analysisId, { startedAt: Date.now() - 3_600_000 });
    expect(done.state).toBe('completed');
  });

  it('stops when the signal aborts', async () => {
    const { analysisId } = await started('recipes', () => sim.hangNextAnalysis());
    const controller = new AbortController();
    const client = simulatorClient(sim, { shape: 'recipes' });
    setTimeout(() => controller.abort(new Error('user cancelled')), 60);
    await expect(client.waitForAnalysis('recipes', analysisId, { signal: controller.signal })).rejects.toThrow(
      'user cancelled',
    );
  });
});

describe('statuses Mavera has not documented', () => {
  it('treats unknown statuses as running and any-case terminal ones as terminal', async () => {
    const statuses = ['queued', 'TRANSCODING', 'Extracting_Frames', 'SUCCEEDED'];
    let poll = 0;
    const server = await startServer((req, res) => {
      if (req.headers.authorization !== 'Bearer key_for_fake_server') return sendJson(res, 401, {});
      const status = statuses[Math.min(poll++, statuses.length - 1)];
      sendJson(res, 200, {
        id: 'va_1',
        status,
        progress: { percent: 0.4 },
        results:
          status === 'SUCCEEDED'
            ? { hook_score: { score: 64, assessment: 'Okay' }, cognitive_load: { average: 4.2 } }
            : null,
      });
    });
    try {
      const client = simulatorClient(
        { ...sim, url: `${server.url}/api/v1`, apiKey: 'key_for_fake_server' },
        { shape: 'recipes' },
      );
      const seen: string[] = [];
      const done = await client.waitForAnalysis('recipes', 'va_1', {
        onProgress: (s) => seen.push(`${s.rawStatus}:${s.state}:${s.processedChunks}/${s.totalChunks}`),
      });
      expect(seen).toEqual([
        'queued:running:40/100',
        'TRANSCODING:running:40/100',
        'Extracting_Frames:running:40/100',
        'SUCCEEDED:completed:40/100',
      ]);
      expect(done.analysis).toMatchObject({ hookScore: 64, cognitiveLoad: { average: 4.2 } });
      expect(done.raw).toMatchObject({ id: 'va_1' });
    } finally {
      await server.close();
    }
  });
});
