import { defineConfig } from 'vitest/config';

/** Coverage floors for the core, a little below what the suite measures: a change that drops one fails `npm test`. */
const CORE_THRESHOLDS = {
  'src/analysis/**': { lines: 90, statements: 90, functions: 96, branches: 84 },
  'src/scoring/**': { lines: 97, statements: 97, functions: 98, branches: 94 },
  'src/leaderboard/**': { lines: 94, statements: 94, functions: 87, branches: 84 },
  'src/decisions/**': { lines: 92, statements: 92, functions: 98, branches: 81 },
  'src/store/**': { lines: 98, statements: 98, functions: 96, branches: 92 },
  'src/tiktok/**': { lines: 93, statements: 93, functions: 98, branches: 82 },
  'src/mavera/**': { lines: 96, statements: 96, functions: 98, branches: 85 },
  'src/creators/**': { lines: 94, statements: 94, functions: 96, branches: 76 },
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
