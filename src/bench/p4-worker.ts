/**
 * The measured process of P4: only the bot's services run here (the simulators are in another child). It scores
 * a small ad to warm every code path, collects garbage, takes the baseline RSS, then scores the ad with the big
 * video — download from the CDN to a temp file, upload to Mavera, analysis — sampling RSS every 20 ms.
 * Settings come from the environment like `creative-score serve`; the job arrives over IPC.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../config.js';
import { createServices } from '../services.js';
import { createLogger } from '../util/logger.js';

export interface RssJob {
  warmAdId: string;
  adId: string;
}

export interface RssReport {
  ok: boolean;
  error?: string;
  baselineRss: number;
  peakRss: number;
  /** `process.memoryUsage()` when the peak was sampled: JS heap, and Buffers outside it */
  atPeak: { heapUsed: number; external: number; arrayBuffers: number } | null;
  samples: number;
  wallMs: number;
  /** ms spent downloading (first progress event → first upload event) */
  downloadMs: number | null;
  /** ms spent uploading (first upload event → analysis started) */
  uploadMs: number | null;
  cached: boolean;
  warnings: string[];
}

const SAMPLE_MS = 20;

async function run(job: RssJob): Promise<RssReport> {
  const warnings: string[] = [];
  const logger = createLogger({ level: 'warn', sink: (level, line) => warnings.push(`${level}: ${line}`) });
  const services = createServices(loadConfig(process.env, ['tiktok', 'mavera']), {
    logger,
    tmpDir: process.env.BENCH_TMP_DIR,
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  try {
    await services.ads.analyseAd(job.warmAdId);
    for (let i = 0; i < 3; i++) {
      gc?.();
      await sleep(50);
    }
    const baselineRss = process.memoryUsage.rss();
    let peakRss = baselineRss;
    let atPeak: RssReport['atPeak'] = null;
    let samples = 0;
    const sample = () => {
      const rss = process.memoryUsage.rss();
      samples++;
      if (rss <= peakRss) return;
      peakRss = rss;
      const { heapUsed, external, arrayBuffers } = process.memoryUsage();
      atPeak = { heapUsed, external, arrayBuffers };
    };
    const timer = setInterval(sample, SAMPLE_MS);
    const t0 = performance.now();
    let downloadAt: number | null = null;
    let uploadAt: number | null = null;
    let analyseAt: number | null = null;
    try {
      const outcome = await services.ads.analyseAd(job.adId, {
        onProgress: (e) => {
          const now = performance.now();
          if (e.stage === 'downloading') downloadAt ??= now;
          else if (e.stage === 'uploading') uploadAt ??= now;
          else if (e.stage === 'analysing') analyseAt ??= now;
        },
      });
      sample();
      return {
        ok: true,
        baselineRss,
        peakRss,
        atPeak,
        samples,
        wallMs: performance.now() - t0,
        downloadMs: downloadAt !== null && uploadAt !== null ? uploadAt - downloadAt : null,
        uploadMs: uploadAt !== null && analyseAt !== null ? analyseAt - uploadAt : null,
        cached: outcome.cached,
        warnings,
      };
    } finally {
      clearInterval(timer);
    }
  } finally {
    services.close();
  }
}

process.once('message', (job) => {
  run(job as RssJob).then(
    (report) => process.send?.(report, () => process.exit(0)),
    (err: unknown) => {
      const report: RssReport = {
        ok: false,
        error: err instanceof Error ? err.message : String(err),
        baselineRss: 0,
        peakRss: 0,
        atPeak: null,
        samples: 0,
        wallMs: 0,
        downloadMs: null,
        uploadMs: null,
        cached: false,
        warnings: [],
      };
      process.send?.(report, () => process.exit(1));
    },
  );
});
process.on('disconnect', () => process.exit(1));
