import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { LEADERBOARD_JSON_FIELDS } from '../leaderboard/fixtures.js';
import { type Harness, plainVideoAd, startHarness } from '../support/harness.js';

/** Runs `src/cli.ts` as a real process (through vite-node, so no build is needed) with the harness env. */
function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/vite-node/vite-node.mjs', 'src/cli.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('creative-score CLI', () => {
  it('score --json prints one JSON object with the contract fields, then answers from the cache', async () => {
    h = await startHarness();
    const ad = plainVideoAd(h.tiktok.account);
    const env = { ...h.env, LOG_LEVEL: 'warn' };
    const first = await cli(['score', ad.adId, '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    const json = JSON.parse(first.stdout) as Record<string, unknown>;
    for (const field of [
      'ad_id',
      'ad_name',
      'video_id',
      'cached',
      'hook_score',
      'hook_assessment',
      'peak_emotion',
      'peak_timestamp',
      'emotion_intensity_avg',
      'cognitive_load_avg',
      'analysis_id',
    ])
      expect(json, field).toHaveProperty(field);
    expect(json).toMatchObject({ ad_id: ad.adId, ad_name: ad.adName, video_id: ad.videoId, cached: false });
    expect(first.stderr).toMatch(/analysing/);

    const text = await cli(['score', ad.adId], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Hook Score: [\d.]+\/100 — /);
    expect(text.stdout).toMatch(/Emotional Peak: \w+ at [\d.]+s/);
    expect(text.stdout).toMatch(/Avg Cognitive Load: [\d.]+\/10/);
    expect(text.stdout).toMatch(/From cache/);
    expect(h.mavera.stats.uploads).toBe(1);
  }, 60_000);

  it('exits non-zero with a plain message for an unknown ad and for missing settings', async () => {
    h = await startHarness();
    const unknown = await cli(['score', '1999999999999999999', '--json'], { ...h.env, LOG_LEVEL: 'warn' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/There is no ad 1999999999999999999/);
    expect(unknown.stderr).toMatch(/What to do:/);
    expect(unknown.stdout).toBe('');

    const missing = await cli(['score', '1780000000000000001'], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/TIKTOK_ACCESS_TOKEN is missing/);
    expect(missing.stderr).toMatch(/MAVERA_API_KEY is missing/);
  }, 60_000);

  it('leaderboard --json prints ranked rows with the contract fields', async () => {
    h = await startHarness();
    const res = await cli(['leaderboard', '--json'], {
      ...h.env,
      LOG_LEVEL: 'warn',
      LEADERBOARD_MAX_NEW_ANALYSES: '5',
    });
    expect(res.code, res.stderr).toBe(0);
    const rows = JSON.parse(res.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(5);
    for (const field of LEADERBOARD_JSON_FIELDS) expect(rows[0], field).toHaveProperty(field);
    // 5 new analyses; ads sharing an analysed video come along from the cache
    expect(rows.filter((r) => r.analysed).length).toBeGreaterThanOrEqual(5);
    expect(h.mavera.stats.analysesCreated).toBe(5);
  }, 60_000);
});
