import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { runDemo } from '../../src/demo/run.js';

it('runs the whole flow offline and tells the story', async () => {
  let output = '';
  const out = new Writable({
    write(chunk, _enc, done) {
      output += String(chunk);
      done();
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'cs-demo-test-'));
  try {
    const code = await runDemo({ out, outputDir: dir });
    expect(code, output).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // the scorecard
  expect(output).toMatch(/Hook score: [\d.]+\/100/);
  expect(output).toMatch(/Behavioural score: [\d.]+ → (SCALE|TEST|HOLD|KILL)/);
  expect(output).toContain('⏳');
  // the leaderboard with insights
  expect(output).toMatch(/Rank\s+Ad\s+Hook\s+Behavioural/);
  expect(output).toContain('Insights');
  expect(output).toMatch(/chart posted in the thread \(leaderboard\.png, \d+ bytes\)/);
  // the decision line
  expect(output).toMatch(/decision #1: KILL ad \d+/);
  expect(output).toMatch(/Kill logged by/);
  // the cached answer
  expect(output).toMatch(/answered from the cache/);
  expect(output).toMatch(/no credits spent/);
}, 60_000);
