import { setMaxListeners } from 'node:events';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUserError, RestartingError, UserError } from '../errors.js';
import { estimateCredits } from '../mavera/credits.js';
import type { MaveraApi, MaveraShape } from '../mavera/types.js';
import type { StoredAnalysis } from '../store/analyses.js';
import type { Store } from '../store/index.js';
import type { Job, JobContext } from '../store/jobs.js';
import type { VideoSource } from '../store/types.js';
import type { Clock } from '../util/clock.js';
import { Semaphore } from '../util/limiter.js';
import type { Logger } from '../util/logger.js';
import { downloadVideo, type VideoLocation } from './download.js';
import type { AnalyseOptions, ProgressEvent } from './types.js';

/** A video to analyse, as the caller (ads or organic) resolved it. */
export interface VideoRef {
  source: VideoSource;
  /** TikTok ad video id, or the organic item id */
  videoId: string;
  title: string;
  /** the ad id (or `video:<item_id>`) asking */
  requestedBy: string;
  /** MD5 of the file when known: a changed file under the same id is analysed again */
  signature: string | null;
  durationS: number | null;
  sizeBytes: number | null;
  /** where to download it now, when the caller already knows */
  location?: VideoLocation;
}

/** Finds a fresh download location for a video (used on resume and when a CDN link expired). */
export type LocateVideo = (videoId: string, context: JobContext) => Promise<VideoLocation>;

export interface AnalysisEngineDeps {
  store: Store;
  mavera: MaveraApi;
  clock: Clock;
  logger: Logger;
  locate: Partial<Record<VideoSource, LocateVideo>>;
  monthlyCreditBudget: number | null;
  /** videos downloaded and uploaded at once (temp disk and bandwidth); polling is not limited by this */
  transferConcurrency?: number;
  tmpDir?: string;
}

export interface AnalysisOutcome {
  stored: StoredAnalysis;
  cached: boolean;
}

type Listener = (event: ProgressEvent) => void;

interface InFlight {
  promise: Promise<StoredAnalysis>;
  listeners: Set<Listener>;
}

/**
 * Failures after which a job's started analysis is not reused: Mavera said it failed, or rejected (or answered
 * unreadably) our requests about it. After any other failure (a time-out, an outage, a rate limit, a rotated key)
 * Mavera is still running, and billing, that analysis, so the next job polls it instead of paying for a new one.
 */
const ANALYSIS_UNUSABLE: ReadonlySet<string> = new Set(['mavera_failed', 'mavera_error']);

export const videoKeyOf = (source: VideoSource, videoId: string): string => `${source}:${videoId}`;

const PROGRESS_INTERVAL_MS = 250;

/**
 * The analysis pipeline for one video: cache → download → upload → analyse → poll → store.
 *
 * - Cache: a finished analysis per video (`analyses`); a hit costs nothing and is logged as credits saved.
 * - Single-flight: concurrent requests for one video share one job and all receive its progress.
 * - Durable: every step's result is written to `jobs` the moment it is known; `resumeUnfinished()` at start-up
 *   continues each unfinished job from its last durable state (an analysis already started is polled, never re-uploaded).
 * - Stopping (`close()`) aborts waits without failing jobs, so the next process resumes them.
 */
export class AnalysisEngine {
  private readonly inflight = new Map<string, InFlight>();
  private readonly abort = new AbortController();
  private readonly tmpDir: string;
  private readonly transfers: Semaphore;

  constructor(private readonly deps: AnalysisEngineDeps) {
    this.tmpDir = deps.tmpDir ?? join(tmpdir(), 'creative-score');
    this.transfers = new Semaphore(deps.transferConcurrency ?? 4);
    // Every running job listens on the one stop signal.
    setMaxListeners(0, this.abort.signal);
  }

  /** The cached analysis, if any (no side effects). */
  cached(source: VideoSource, videoId: string): StoredAnalysis | null {
    return this.deps.store.analyses.get(videoKeyOf(source, videoId));
  }

  /** Returns the analysis of `ref`, from the cache when possible; otherwise runs (or joins) its job. */
  async getAnalysis(ref: VideoRef, options: AnalyseOptions = {}): Promise<AnalysisOutcome> {
    const { store, clock } = this.deps;
    const key = videoKeyOf(ref.source, ref.videoId);
    if (!options.refresh) {
      const hit = store.analyses.get(key);
      if (hit && (ref.signature == null || hit.signature == null || hit.signature === ref.signature)) {
        store.usage.recordCacheHit(key, hit.creditsEstimated, clock.now());
        return { stored: hit, cached: true };
      }
    }
    const running = this.inflight.get(key);
    if (running) return { stored: await this.join(running, options.onProgress), cached: false };

    const estimate = estimateCredits(ref.durationS);
    const context: JobContext = {
      requestedBy: ref.requestedBy,
      title: ref.title,
      signature: ref.signature,
      durationS: ref.durationS,
      sizeBytes: ref.sizeBytes,
      creditsEstimated: estimate,
      itemId: ref.source === 'organic' ? ref.videoId : null,
    };
    const job = this.createJob(key, ref, context);
    return { stored: await this.join(this.start(job, ref.location), options.onProgress), cached: false };
  }

  /** Continues every job a previous process left unfinished. Resolves when all have settled. */
  resumeUnfinished(): { count: number; settled: Promise<void> } {
    const jobs = this.deps.store.jobs.unfinished().filter((j) => !this.inflight.has(j.videoKey));
    const runs = jobs.map((job) => {
      this.deps.logger.info(`resuming analysis job ${job.id} (${job.videoKey}) from state ${job.state}`);
      return this.start(job).promise.then(
        () => undefined,
        (err: unknown) => {
          if (!this.abort.signal.aborted) this.deps.logger.warn(`resumed job ${job.id} failed:`, describe(err));
        },
      );
    });
    return { count: jobs.length, settled: Promise.all(runs).then(() => undefined) };
  }

  /** Jobs running in this process right now. */
  get activeCount(): number {
    return this.inflight.size;
  }

  /** Stops waiting on Mavera; unfinished jobs stay durable for the next start. */
  close(): void {
    this.abort.abort(new Error('engine stopped'));
  }

  private checkBudget(estimate: number): void {
    const { store, clock, monthlyCreditBudget } = this.deps;
    if (monthlyCreditBudget == null) return;
    const used = store.usage.month(clock.now()).creditsUsed;
    const pending = store.jobs.unfinished().reduce((sum, j) => sum + j.context.creditsEstimated, 0);
    if (used + pending + estimate > monthlyCreditBudget)
      throw new UserError(
        'mavera_budget',
        `This analysis would cost about ${estimate} Mavera credits, and ${used + pending} of this month's budget of ${monthlyCreditBudget} are already used or committed.`,
        'Raise MAVERA_MONTHLY_CREDIT_BUDGET, wait for next month, or score an ad that is already analysed (those are free).',
      );
  }

  /**
   * The video's unfinished job (left by a stopped process: resuming it costs nothing new), or a new one that carries
   * forward a previous failed job's upload and, unless Mavera failed or rejected it, its started analysis, so nothing
   * is paid twice. The budget is checked in the same transaction, and only when a new analysis will be paid for.
   */
  private createJob(key: string, ref: VideoRef, context: JobContext): Job {
    const { store, clock } = this.deps;
    return store.transaction(
      () => {
        const active = store.jobs.active(key);
        if (active) return active;
        const carried = leftoversOf(store.jobs.latest(key), ref);
        if (!carried?.analysisId) this.checkBudget(context.creditsEstimated);
        const job = store.jobs.createOrGetActive(
          { videoKey: key, source: ref.source, videoId: ref.videoId, context },
          clock.now(),
        );
        if (!carried) return job;
        store.jobs.recordUpload(job.id, carried.shape, carried.fileId, carried.fileUrl, clock.now());
        if (carried.analysisId)
          store.jobs.recordAnalysisStarted(job.id, carried.shape, carried.analysisId, clock.now());
        return store.jobs.require(job.id);
      },
      { immediate: true },
    );
  }

  private start(job: Job, location?: VideoLocation): InFlight {
    const listeners = new Set<Listener>();
    const emit = (event: ProgressEvent) => {
      for (const l of listeners) {
        try {
          l(event);
        } catch (err) {
          this.deps.logger.warn('progress listener failed:', describe(err));
        }
      }
    };
    const entry: InFlight = {
      listeners,
      promise: this.run(job, emit, location).finally(() => this.inflight.delete(job.videoKey)),
    };
    // Callers that join later attach their own handlers; avoid an unhandled rejection when nobody waits.
    entry.promise.catch(() => undefined);
    this.inflight.set(job.videoKey, entry);
    return entry;
  }

  private async join(entry: InFlight, onProgress?: Listener): Promise<StoredAnalysis> {
    if (onProgress) entry.listeners.add(onProgress);
    try {
      return await entry.promise;
    } finally {
      if (onProgress) entry.listeners.delete(onProgress);
    }
  }

  private async run(initial: Job, emit: Listener, location?: VideoLocation): Promise<StoredAnalysis> {
    const { store, mavera, clock, logger } = this.deps;
    const signal = this.abort.signal;
    const id = initial.id;
    const current = () => store.jobs.require(id);
    try {
      store.jobs.countAttempt(id, clock.now());
      let job = current();
      const shape = job.maveraShape ?? (await mavera.resolveShape());
      if (!job.maveraFileId) {
        emit({ stage: 'queued', message: 'Fetching the video' });
        await this.transfers.run(() => this.transfer(id, shape, emit, signal, location));
        job = current();
      }
      if (!job.analysisId) {
        const started = await mavera.startAnalysis(shape, {
          fileId: recorded(job, 'maveraFileId'),
          fileUrl: job.maveraFileUrl,
          title: job.context.title,
          metadata: { source: job.source, video_id: job.videoId, requested_by: job.context.requestedBy },
        });
        store.jobs.recordAnalysisStarted(id, shape, started.analysisId, clock.now());
        job = current();
      }
      const startedAt = job.analysisStartedAt ?? clock.now();
      emit({ stage: 'analysing', processedChunks: null, totalChunks: null, elapsedMs: clock.now() - startedAt });
      const analysisId = recorded(job, 'analysisId');
      const status = await mavera.waitForAnalysis(shape, analysisId, {
        startedAt,
        signal,
        onProgress: (s) =>
          emit({
            stage: 'analysing',
            processedChunks: s.processedChunks,
            totalChunks: s.totalChunks,
            elapsedMs: clock.now() - startedAt,
          }),
      });
      if (!status.analysis)
        throw new UserError('mavera_error', 'Mavera reported the analysis complete but returned no results.', null);
      const stored: StoredAnalysis = {
        videoKey: job.videoKey,
        source: job.source,
        videoId: job.videoId,
        signature: job.context.signature,
        durationS: job.context.durationS,
        sizeBytes: job.context.sizeBytes,
        maveraShape: shape,
        maveraFileId: job.maveraFileId,
        analysisId,
        analysis: status.analysis,
        raw: status.raw,
        creditsEstimated: job.context.creditsEstimated,
        analysedAt: clock.now(),
      };
      store.transaction(() => {
        store.analyses.put(stored);
        store.jobs.markDone(id, clock.now());
        store.usage.recordAnalysis(job.videoKey, job.context.creditsEstimated, clock.now());
      });
      emit({ stage: 'done' });
      logger.info(`analysis ${stored.analysisId} stored for ${job.videoKey}`);
      return stored;
    } catch (err) {
      if (signal.aborted)
        // Stopping: the job stays durable and resumes at the next start; nothing is paid twice.
        throw new RestartingError(undefined, { cause: err });
      const code = isUserError(err) ? err.code : 'internal';
      store.jobs.markFailed(id, code, describe(err), clock.now());
      throw err;
    }
  }

  /** Download → upload, one of `transferConcurrency` at a time; records the Mavera file the moment it exists. */
  private async transfer(
    id: number,
    shape: MaveraShape,
    emit: Listener,
    signal: AbortSignal,
    location?: VideoLocation,
  ): Promise<void> {
    const { store, mavera, clock } = this.deps;
    const job = store.jobs.require(id);
    const safeKey = job.videoKey.replace(/[^A-Za-z0-9_-]/g, '_');
    const dir = await this.ensureTmpDir();
    // A process that stopped mid-transfer (a crash skips the clean-up below) left this job's temp file behind.
    if (job.state === 'downloading' || job.state === 'uploading') await removeTempFiles(dir, `${safeKey}-${id}-`);
    store.jobs.setState(id, 'downloading', clock.now());
    const locate = () => this.locate(job);
    const file = await downloadVideo({
      location: location ?? (await locate()),
      refresh: locate,
      dir,
      fileName: `${safeKey}-${id}-${clock.now()}.mp4`,
      onProgress: throttle(clock, (bytes, total) => emit({ stage: 'downloading', bytes, totalBytes: total })),
      signal,
    });
    try {
      emit({ stage: 'downloading', bytes: file.sizeBytes, totalBytes: file.sizeBytes });
      store.jobs.setState(id, 'uploading', clock.now());
      const report = throttle(clock, (bytes: number) =>
        emit({ stage: 'uploading', bytes, totalBytes: file.sizeBytes }),
      );
      const uploaded = await mavera.upload(shape, {
        path: file.path,
        sizeBytes: file.sizeBytes,
        fileName: `${safeKey}.mp4`,
        contentType: 'video/mp4',
        onProgress: (bytes) => report(bytes, file.sizeBytes),
      });
      emit({ stage: 'uploading', bytes: file.sizeBytes, totalBytes: file.sizeBytes });
      store.jobs.recordUpload(id, shape, uploaded.fileId, uploaded.fileUrl, clock.now());
    } finally {
      await file.remove();
    }
  }

  private async locate(job: Job): Promise<VideoLocation> {
    const locate = this.deps.locate[job.source];
    if (!locate)
      throw new UserError('config', `Videos of kind "${job.source}" cannot be fetched: that source is not configured.`);
    return locate(job.videoId, job.context);
  }

  private async ensureTmpDir(): Promise<string> {
    await mkdir(this.tmpDir, { recursive: true });
    return this.tmpDir;
  }
}

/** What a failed job left that the next job for the same file reuses: its upload and, when still usable, its analysis. */
function leftoversOf(previous: Job | null, ref: VideoRef) {
  if (previous?.state !== 'failed' || !previous.maveraShape || !previous.maveraFileId || !sameFile(previous, ref))
    return null;
  return {
    shape: previous.maveraShape,
    fileId: previous.maveraFileId,
    fileUrl: previous.maveraFileUrl,
    analysisId: ANALYSIS_UNUSABLE.has(previous.errorCode ?? '') ? null : previous.analysisId,
  };
}

/** Removes the files in `dir` whose names start with `prefix`. */
async function removeTempFiles(dir: string, prefix: string): Promise<void> {
  const names = await readdir(dir);
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => rm(join(dir, n), { force: true })));
}

function sameFile(previous: Job, ref: VideoRef): boolean {
  return previous.context.signature == null || ref.signature == null || previous.context.signature === ref.signature;
}

/** A step's result the job must hold by now (the step before it wrote it); an Error when it does not. */
function recorded(job: Job, field: 'maveraFileId' | 'analysisId'): string {
  const value = job[field];
  if (value === null) throw new Error(`job ${job.id} has no ${field} after the step that records it`);
  return value;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Calls `fn` at most every PROGRESS_INTERVAL_MS (the caller sends a final event itself). */
function throttle(clock: Clock, fn: (bytes: number, total: number | null) => void) {
  let last = 0;
  return (bytes: number, total: number | null) => {
    const now = clock.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    fn(bytes, total);
  };
}
