import { performance } from 'node:perf_hooks';
import { createServices } from '../services.js';
import { ANALYSIS_MS, benchConfig, benchLogger, CREATIVES, TIME_SCALE, workspace } from './env.js';
import { type SeedLoopResult, seedLoop } from './p2-seed-loop.js';
import { benchWarm, type WarmResult } from './p3-warm.js';
import { diffCounts, Sims, tiktokApiCalls } from './sims.js';

export const CONCURRENCIES = [1, 4, 8] as const;
/** Days the leaderboard covers (LEADERBOARD_DAYS default). */
const DAYS = 7;

export interface LeaderboardRun {
  concurrency: number;
  wallMs: number;
  /** ceil(N / C) · L */
  idealMs: number;
  newAnalyses: number;
  /** rows that ended with a score */
  scored: number;
  tiktokApiCalls: number;
  maveraRequests: number;
  maveraPolls: number;
}

export interface LeaderboardResult {
  creatives: number;
  analysisMs: number;
  runs: LeaderboardRun[];
  seed: SeedLoopResult;
  warm: WarmResult;
}

export const log = (line: string): void => {
  process.stderr.write(`  ${line}\n`);
};

/**
 * P2 (and P3 on the last run's database): the leaderboard for `CREATIVES` creatives, every one needing a new
 * analysis, at concurrency 1, 4 and 8, each on a fresh database; then the seed-style sequential loop on the same
 * simulators.
 */
export async function benchLeaderboard(): Promise<LeaderboardResult> {
  const sims = await Sims.start({ ads: CREATIVES, analysisDurationMs: ANALYSIS_MS });
  try {
    const runs: LeaderboardRun[] = [];
    let lastDb: ReturnType<typeof workspace> | null = null;
    for (const concurrency of CONCURRENCIES) {
      lastDb?.remove();
      const ws = workspace(`p2-c${concurrency}`);
      lastDb = ws;
      const services = createServices(benchConfig(sims.info, ws.dbPath), {
        logger: benchLogger(`P2 C=${concurrency}`),
        tmpDir: ws.tmpDir,
      });
      try {
        const before = await sims.counts();
        const t0 = performance.now();
        const report = await services.leaderboard.build({
          days: DAYS,
          maxNewAnalyses: CREATIVES,
          concurrency,
        });
        const wallMs = performance.now() - t0;
        const d = diffCounts(await sims.counts(), before);
        const run: LeaderboardRun = {
          concurrency,
          wallMs,
          idealMs: Math.ceil(CREATIVES / concurrency) * ANALYSIS_MS,
          newAnalyses: report.newAnalyses,
          scored: report.rows.filter((r) => r.analysed).length,
          tiktokApiCalls: tiktokApiCalls(d.tiktok),
          maveraRequests: d.mavera.requests,
          maveraPolls: d.mavera.polls,
        };
        runs.push(run);
        log(
          `P2 C=${concurrency}: ${(wallMs / 1000).toFixed(1)} s, ${run.newAnalyses} new analyses, ${run.scored} scored`,
        );
      } finally {
        services.close();
      }
    }
    const warm = await benchWarm(sims, (lastDb as NonNullable<typeof lastDb>).dbPath);
    log(`P3 warm re-run: ${warm.wallMs.toFixed(0)} ms`);
    lastDb?.remove();

    const seed = await seedLoop(sims.info, TIME_SCALE);
    log(`P2 seed-style loop: ${(seed.wallMs / 1000).toFixed(1)} s, ${seed.completed}/${seed.creatives} completed`);
    return { creatives: CREATIVES, analysisMs: ANALYSIS_MS, runs, seed, warm };
  } finally {
    await sims.close();
  }
}
