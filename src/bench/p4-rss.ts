import { fork } from 'node:child_process';
import { benchEnv, workspace } from './env.js';
import type { RssJob, RssReport } from './p4-worker.js';
import { diffCounts, Sims } from './sims.js';

export const MIB = 1024 * 1024;
/** The video sizes moved in P4. */
export const P4_SIZES = [300 * MIB, 1024 * MIB];
/** RSS growth above the baseline that fails P4. */
export const RSS_GROWTH_LIMIT = 100 * MIB;
const WORKER_TIMEOUT_MS = 180_000;

export interface RssRun {
  sizeBytes: number;
  baselineRss: number;
  peakRss: number;
  atPeak: RssReport['atPeak'];
  growth: number;
  pass: boolean;
  samples: number;
  wallMs: number;
  downloadMs: number | null;
  uploadMs: number | null;
  /** bytes the Mavera simulator received for this video */
  uploadedBytes: number;
}

function runWorker(env: Record<string, string>, job: RssJob): Promise<RssReport> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./p4-worker.js', import.meta.url), [], {
      env: { ...process.env, ...env },
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let report: RssReport | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), WORKER_TIMEOUT_MS);
    child.once('message', (m) => {
      report = m as RssReport;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (report) resolve(report);
      else reject(new Error(`P4 worker exited without a report (${signal ?? `code ${code}`})`));
    });
    child.send(job);
  });
}

/** P4: one fresh measured process per video size; the simulators stream the bytes from their own process. */
export async function benchRss(): Promise<RssRun[]> {
  const sims = await Sims.start({ ads: 1, bigVideos: P4_SIZES, analysisDurationMs: 200 });
  try {
    const warm = sims.info.ads[0];
    if (!warm) throw new Error('the sample account has no small ad');
    const runs: RssRun[] = [];
    for (const big of sims.info.bigAds) {
      const ws = workspace('p4');
      try {
        const before = await sims.counts();
        const report = await runWorker(
          { ...benchEnv(sims.info, ws.dbPath), BENCH_TMP_DIR: ws.tmpDir },
          { warmAdId: warm.adId, adId: big.adId },
        );
        if (!report.ok) throw new Error(`P4 (${big.sizeBytes} bytes): ${report.error ?? 'failed'}`);
        const d = diffCounts(await sims.counts(), before);
        const growth = report.peakRss - report.baselineRss;
        runs.push({
          sizeBytes: big.sizeBytes,
          baselineRss: report.baselineRss,
          peakRss: report.peakRss,
          atPeak: report.atPeak,
          growth,
          pass: growth < RSS_GROWTH_LIMIT && d.mavera.uploadBytes - warm.sizeBytes === big.sizeBytes,
          samples: report.samples,
          wallMs: report.wallMs,
          downloadMs: report.downloadMs,
          uploadMs: report.uploadMs,
          uploadedBytes: d.mavera.uploadBytes - warm.sizeBytes,
        });
        const p = report.atPeak;
        process.stderr.write(
          `  P4 ${big.sizeBytes / MIB} MiB: baseline ${(report.baselineRss / MIB).toFixed(1)} MiB, peak ${(report.peakRss / MIB).toFixed(1)} MiB` +
            (p
              ? ` (heap ${(p.heapUsed / MIB).toFixed(1)}, external ${(p.external / MIB).toFixed(1)}, array buffers ${(p.arrayBuffers / MIB).toFixed(1)} MiB)`
              : '') +
            '\n',
        );
      } finally {
        ws.remove();
      }
    }
    return runs;
  } finally {
    await sims.close();
  }
}
