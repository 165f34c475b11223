import { describeError, isUserError } from '../errors.js';
import type { VideoAnalysis } from '../mavera/types.js';
import type { Store } from '../store/index.js';
import type { VideoSource } from '../store/types.js';
import { Semaphore } from '../util/limiter.js';
import type { Logger } from '../util/logger.js';
import { type AnalysisEngine, type VideoRef, videoKeyOf } from './engine.js';

/** A row's reason while its video waits for a later run (the cap on new analyses was reached). */
export const NOT_ANALYSED_YET = 'not analysed yet — queued for a later run';
const NOT_FINISHED = 'not analysed — the analysis did not finish';

/** Progress of a batch: new analyses finished (successfully or not) of those this run starts. */
export interface BatchProgress {
  analysed: number;
  total: number;
  /** the title of the video whose analysis just started */
  current?: string;
}

/** One video's analysis, or why it has none (a plain sentence for its row). */
export type AnalysisResult = { analysis: VideoAnalysis } | { failure: string };

export interface BatchPlan<T> {
  source: VideoSource;
  /** the videos, most important first: the cap keeps the first `maxNew` of those not cached */
  items: readonly T[];
  idOf(item: T): string;
  titleOf(item: T): string;
  /** new analyses allowed (cached ones are always used) */
  maxNew: number;
  /** analyses run at once */
  concurrency: number;
  /**
   * Called once with the videos to analyse (so look-ups can be batched), before any starts; returns how to build each
   * one's request to the engine. A failure for one video (thrown by the returned function) fails that video only.
   */
  prepare(toAnalyse: readonly T[]): Promise<(item: T) => Promise<VideoRef>>;
  onProgress?: (p: BatchProgress) => void;
  /** names the run in log lines ("leaderboard", "creator leaderboard") */
  label: string;
}

export interface BatchOutcome {
  /** every video's analysis, or its failure (queued ones say NOT_ANALYSED_YET) */
  resultOf(id: string): AnalysisResult;
  /** new analyses paid for in this run */
  newAnalyses: number;
  /** analyses that cost nothing: already cached, or finished by another request meanwhile */
  cachedAnalyses: number;
  /** videos left for a later run by the cap */
  queued: number;
}

/**
 * Analyses a batch of videos the way both leaderboards do: cached analyses reused, at most `maxNew` new ones (in the
 * plan's order) run `concurrency` at a time through the engine with progress, the rest queued for a later run. A
 * failed analysis is recorded for its video, never thrown.
 */
export async function analyseBatch<T>(
  deps: { store: Pick<Store, 'analyses'>; engine: Pick<AnalysisEngine, 'getAnalysis'>; logger: Logger },
  plan: BatchPlan<T>,
): Promise<BatchOutcome> {
  const { store, engine, logger } = deps;
  const cached = store.analyses.getMany(plan.items.map((item) => videoKeyOf(plan.source, plan.idOf(item))));
  const results = new Map<string, AnalysisResult>();
  for (const item of plan.items) {
    const hit = cached.get(videoKeyOf(plan.source, plan.idOf(item)));
    if (hit) results.set(plan.idOf(item), { analysis: hit.analysis });
  }
  const uncached = plan.items.filter((item) => !results.has(plan.idOf(item)));
  const maxNew = Math.max(0, Math.floor(plan.maxNew));
  const toAnalyse = uncached.slice(0, maxNew);
  const queued = new Set(uncached.slice(maxNew).map((item) => plan.idOf(item)));

  let newAnalyses = 0;
  let cachedMeanwhile = 0;
  if (toAnalyse.length > 0) {
    const total = toAnalyse.length;
    let analysed = 0;
    const report = (p: BatchProgress) => {
      try {
        plan.onProgress?.(p);
      } catch (err) {
        logger.warn(`${plan.label} progress listener failed:`, err);
      }
    };
    report({ analysed, total });
    const refOf = await plan.prepare(toAnalyse);
    const semaphore = new Semaphore(Math.max(1, Math.floor(plan.concurrency)));
    await Promise.all(
      toAnalyse.map((item) =>
        semaphore.run(async () => {
          const id = plan.idOf(item);
          report({ analysed, total, current: plan.titleOf(item) });
          try {
            const outcome = await engine.getAnalysis(await refOf(item));
            results.set(id, { analysis: outcome.stored.analysis });
            if (outcome.cached) cachedMeanwhile++;
            else newAnalyses++;
          } catch (err) {
            const { message } = describeError(err);
            if (isUserError(err)) logger.warn(`${plan.label}: video ${id} not analysed: ${message}`);
            else logger.error(`${plan.label}: analysis of video ${id} failed:`, err);
            results.set(id, { failure: `not analysed — ${message}` });
          }
          analysed++;
          report({ analysed, total });
        }),
      ),
    );
  }
  return {
    resultOf: (id) => results.get(id) ?? { failure: queued.has(id) ? NOT_ANALYSED_YET : NOT_FINISHED },
    newAnalyses,
    cachedAnalyses: cached.size + cachedMeanwhile,
    queued: queued.size,
  };
}
