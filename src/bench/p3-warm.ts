import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../services.js';
import { benchConfig, benchLogger, CREATIVES } from './env.js';
import { diffCounts, type Sims, tiktokApiCalls } from './sims.js';

export interface WarmResult {
  wallMs: number;
  uploads: number;
  analyses: number;
  maveraRequests: number;
  /** TikTok API calls by endpoint (CDN downloads are listed as `cdn/…`) */
  tiktok: Record<string, number>;
  tiktokApiCalls: number;
  cachedAnalyses: number;
  scored: number;
}

/**
 * P3: the same leaderboard again on the database a P2 run filled, through freshly created services (like the next
 * weekly run after a restart: nothing in memory, every analysis in SQLite).
 */
export async function benchWarm(sims: Sims, dbPath: string): Promise<WarmResult> {
  const services = createServices(benchConfig(sims.info, dbPath), {
    logger: benchLogger('P3'),
    tmpDir: join(dirname(dbPath), 'tmp'),
  });
  try {
    const before = await sims.counts();
    const t0 = performance.now();
    const report = await services.leaderboard.build({ days: 7, maxNewAnalyses: CREATIVES, concurrency: 8 });
    const wallMs = performance.now() - t0;
    const d = diffCounts(await sims.counts(), before);
    return {
      wallMs,
      uploads: d.mavera.uploads,
      analyses: d.mavera.analysesCreated,
      maveraRequests: d.mavera.requests,
      tiktok: d.tiktok,
      tiktokApiCalls: tiktokApiCalls(d.tiktok),
      cachedAnalyses: report.cachedAnalyses,
      scored: report.rows.filter((r) => r.analysed).length,
    };
  } finally {
    services.close();
  }
}
