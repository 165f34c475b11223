import { defineConfig } from 'vitest/config';

/**
 * Coverage floors for the core, 2–3 points below what the suite measures (Node 20): a change that drops a folder's
 * coverage fails `npm test`, while the small differences between runs and Node versions do not.
 */
const CORE_THRESHOLDS = {
  'src/analysis/**': { lines: 90, statements: 90, functions: 96, branches: 83 },
  'src/scoring/**': { lines: 97, statements: 97, functions: 98, branches: 93 },
  'src/leaderboard/**': { lines: 93, statements: 93, functions: 86, branches: 83 },
  'src/decisions/**': { lines: 92, statements: 92, functions: 98, branches: 80 },
  'src/store/**': { lines: 97, statements: 97, functions: 96, branches: 91 },
  'src/tiktok/**': { lines: 93, statements: 93, functions: 98, branches: 81 },
  'src/mavera/**': { lines: 95, statements: 95, functions: 98, branches: 84 },
  'src/creators/**': { lines: 94, statements: 94, functions: 96, branches: 75 },
};

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two cores: keep parallelism modest so loopback simulators stay responsive.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    coverage: {
      // V8's own coverage (no instrumentation step): cheap enough to run on every `npm test`.
      provider: 'v8',
      include: ['src/**/*.ts'],
      // A one-screen summary; `npx vitest run --coverage --coverage.reporter=text` lists every file.
      reporter: ['text-summary'],
      thresholds: CORE_THRESHOLDS,
    },
  },
});
