import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { type MaveraSimulator, startMaveraSimulator } from '../../src/sandbox/mavera.js';
import { acceleratedClock } from '../../src/util/clock.js';
import { createLogger } from '../../src/util/logger.js';
import { simulatorClient, type TempVideo, tempVideo } from './fixtures.js';

let sim: MaveraSimulator;
let video: TempVideo;

beforeAll(async () => {
  sim = await startMaveraSimulator({ shapes: ['reference'], analysisDurationMs: 30 });
  video = await tempVideo(16 * 1024);
});
afterAll(async () => {
  await sim.close();
  await video.remove();
});

/** 5xx and network retries sleep on this clock: real back-off schedule, 1/1000 of the wall time. */
const fast = () => acceleratedClock(0.001);

describe('Mavera errors', () => {
  it('401 → mavera_auth, without echoing the key', async () => {
    const key = 'mvra_live_this_is_not_the_right_key_123456';
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', sink: (_l, line) => lines.push(line) });
    const err = await simulatorClient(sim, { apiKey: key, shape: 'reference', logger })
      .getAnalysis('reference', 'x')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ code: 'mavera_auth', hint: expect.stringContaining('MAVERA_API_KEY') });
    expect((err as UserError).message).toMatch(/^Mavera rejected the API key/);
    expect(JSON.stringify([(err as UserError).message, (err as UserError).hint, lines])).not.toContain(key);
  });

  it('402 → mavera_credits, naming budget_exceeded when that is the code', async () => {
    const client = simulatorClient(sim, { shape: 'reference' });
    sim.failNextRequest('/video-analyses', 402, { code: 'credits_exhausted' });
    await expect(client.getAnalysis('reference', 'x')).rejects.toMatchObject({
      code: 'mavera_credits',
      message: expect.stringMatching(/^Mavera credits exhausted/),
    });
    sim.failNextRequest('/video-analyses', 402, { code: 'budget_exceeded' });
    await expect(client.getAnalysis('reference', 'x')).rejects.toMatchObject({
      code: 'mavera_credits',
      message: expect.stringContaining('budget_exceeded'),
    });
  });

  it('402 from an exhausted account when creating an analysis', async () => {
    const poor = await startMaveraSimulator({ shapes: ['recipes'], creditsRemaining: 100 });
    try {
      const client = simulatorClient(poor, { shape: 'recipes' });
      const file = await client.upload('recipes', video.input());
      await expect(client.startAnalysis('recipes', { ...file, title: 'x' })).rejects.toMatchObject({
        code: 'mavera_credits',
      });
      expect(poor.stats.analysesCreated).toBe(0);
    } finally {
      await poor.close();
    }
  });

  it('429 → pauses the shared limiter for Retry-After, then succeeds', async () => {
    const client = simulatorClient(sim, { shape: 'reference' });
    const file = await client.upload('reference', video.input());
    const { analysisId } = await client.startAnalysis('reference', { ...file, title: 'Rate limited' });
    sim.failNextRequest(`/video-analyses/${analysisId}`, 429, { retryAfterS: 1 });
    const started = Date.now();
    const status = await client.getAnalysis('reference', analysisId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(status.state).not.toBe('failed');
    const polls = sim.calls.filter((c) => c.path === `/video-analyses/${analysisId}`);
    expect(polls).toHaveLength(2);
    expect((polls[1]?.at ?? 0) - (polls[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('5xx is retried with back-off, then succeeds', async () => {
    const client = simulatorClient(sim, { shape: 'reference', clock: fast() });
    const file = await client.upload('reference', video.input());
    const before = sim.calls.length;
    sim.failNextRequest('/video-analyses', 503, { times: 3 });
    const { analysisId } = await client.startAnalysis('reference', { ...file, title: 'Flaky' });
    expect(analysisId).toBeTruthy();
    expect(sim.calls.slice(before).filter((c) => c.method === 'POST' && c.path === '/video-analyses')).toHaveLength(4);
  });

  it('5xx exhausted → mavera_unavailable after maxRetries', async () => {
    const client = simulatorClient(sim, { shape: 'reference', clock: fast(), maxRetries: 2 });
    const before = sim.calls.length;
    sim.failNextRequest('/video-analyses/', 500, { times: 3 });
    await expect(client.getAnalysis('reference', 'va_any')).rejects.toMatchObject({
      code: 'mavera_unavailable',
      retryable: true,
    });
    expect(sim.calls.length - before).toBe(3);
  });

  it('network failure → retried, then mavera_unavailable', async () => {
    const gone = await startMaveraSimulator();
    await gone.close();
    const client = simulatorClient(gone, { shape: 'recipes', clock: fast(), maxRetries: 1 });
    await expect(client.getAnalysis('recipes', 'va_1')).rejects.toMatchObject({ code: 'mavera_unavailable' });
  });

  it("400 → mavera_error with Mavera's message", async () => {
    const client = simulatorClient(sim, {
      shape: 'reference',
      analysisDefaults: {
        brand: 'Acme',
        product: 'Kit',
        primaryIntent: 'Make people buy',
        goal: 'Sell more kits this summer',
      },
    });
    const file = await client.upload('reference', video.input());
    await expect(client.startAnalysis('reference', { ...file, title: 'Bad intent' })).rejects.toMatchObject({
      code: 'mavera_error',
      message: expect.stringContaining('primary_intent'),
    });
  });

  it('404 → mavera_error', async () => {
    const client = simulatorClient(sim, { shape: 'reference' });
    await expect(client.getAnalysis('reference', 'cl_missing')).rejects.toMatchObject({
      code: 'mavera_error',
      message: expect.stringContaining('cl_missing'),
    });
  });
});
