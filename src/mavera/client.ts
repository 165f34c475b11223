import { stat } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { type Clock, systemClock } from '../util/clock.js';
import type { RateLimiter } from '../util/limiter.js';
import { type Logger, registerSecret, silentLogger } from '../util/logger.js';
import { isRecord, num } from './normalize.js';
import { getRecipesAnalysis, startRecipesAnalysis, uploadRecipes } from './recipes.js';
import { type AnalysisDefaults, getReferenceAnalysis, startReferenceAnalysis, uploadReference } from './reference.js';
import { type MaveraResponse, MaveraTransport } from './transport.js';
import type {
  AnalysisStatus,
  MaveraAccess,
  MaveraApi,
  MaveraShape,
  StartAnalysisInput,
  UploadedFile,
  UploadInput,
  WaitOptions,
} from './types.js';

export interface MaveraShapeStore {
  get(): MaveraShape | null;
  set(shape: MaveraShape): void;
}

export interface MaveraClientDeps {
  baseUrl: string;
  apiKey: string;
  workspaceId: string | null;
  shape: 'auto' | MaveraShape;
  /** remembers the detected shape across restarts (auto mode) */
  shapeStore: MaveraShapeStore;
  /** shared by every Mavera caller; should run on the same clock as `clock` */
  limiter: RateLimiter;
  clock?: Clock;
  logger?: Logger;
  /** first poll interval (ms), growing ×1.5 up to pollMaxMs */
  pollMinMs?: number;
  pollMaxMs?: number;
  /** overall limit for one analysis (ms), counted from when it was started */
  timeoutMs?: number;
  analysisDefaults: AnalysisDefaults;
  random?: () => number;
  /** retries after a 429, 5xx or network error before giving up */
  maxRetries?: number;
}

function formatDuration(ms: number): string {
  if (ms >= 60_000) {
    const minutes = Math.round(ms / 60_000);
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const seconds = Math.max(1, Math.round(ms / 1000));
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** Read-only calls that tell the shapes apart; none costs credits. */
const DETECTION_PROBES: ReadonlyArray<{ path: string; shape: MaveraShape }> = [
  { path: '/video-analyses', shape: 'reference' },
  { path: '/assets', shape: 'recipes' },
  { path: '/video-analysis', shape: 'recipes' },
];

/** A probe answered by an existing route: success, or a complaint about the request rather than the path. */
function routeExists(status: number): boolean {
  return (status >= 200 && status < 300) || status === 400 || status === 405;
}

export class MaveraClient implements MaveraApi {
  private readonly http: MaveraTransport;
  private readonly clock: Clock;
  private readonly pollMinMs: number;
  private readonly pollMaxMs: number;
  private readonly timeoutMs: number;
  private detection: Promise<MaveraShape> | null = null;

  constructor(private readonly deps: MaveraClientDeps) {
    registerSecret(deps.apiKey);
    this.clock = deps.clock ?? systemClock;
    this.pollMinMs = deps.pollMinMs ?? 3000;
    this.pollMaxMs = Math.max(this.pollMinMs, deps.pollMaxMs ?? 30_000);
    this.timeoutMs = deps.timeoutMs ?? 1_200_000;
    this.http = new MaveraTransport({
      baseUrl: deps.baseUrl.replace(/\/+$/, ''),
      apiKey: deps.apiKey,
      limiter: deps.limiter,
      clock: this.clock,
      logger: deps.logger ?? silentLogger,
      random: deps.random ?? Math.random,
      maxRetries: deps.maxRetries ?? 4,
    });
  }

  async resolveShape(): Promise<MaveraShape> {
    if (this.deps.shape !== 'auto') return this.deps.shape;
    const remembered = this.deps.shapeStore.get();
    if (remembered) return remembered;
    if (!this.detection) {
      this.detection = this.detectShape().finally(() => {
        this.detection = null;
      });
    }
    return this.detection;
  }

  private async detectShape(): Promise<MaveraShape> {
    const seen: string[] = [];
    for (const probe of DETECTION_PROBES) {
      const res = await this.http.call('GET', probe.path, { query: { limit: 1 }, accept: [400, 403, 404, 405] });
      seen.push(`GET ${probe.path} → ${res.status}`);
      if (routeExists(res.status)) {
        this.http.logger.info(`mavera: detected the ${probe.shape} API shape (${seen.join(', ')})`);
        this.deps.shapeStore.set(probe.shape);
        return probe.shape;
      }
    }
    throw new UserError(
      'mavera_error',
      `Could not tell which Mavera API answers at ${this.deps.baseUrl}: ${seen.join(', ')}.`,
      'Check MAVERA_API_BASE_URL, or set MAVERA_API_SHAPE to reference or recipes.',
    );
  }

  async upload(shape: MaveraShape, input: UploadInput): Promise<UploadedFile> {
    // the declared length must match the bytes on disk exactly, or storage rejects the body
    const { size } = await stat(input.path);
    if (size !== input.sizeBytes) {
      this.http.logger.warn(
        `mavera: ${input.fileName} is ${size} bytes on disk, not ${input.sizeBytes}; using ${size}`,
      );
    }
    const file = { ...input, sizeBytes: size };
    return shape === 'reference'
      ? uploadReference(this.http, this.deps.workspaceId, file)
      : uploadRecipes(this.http, file);
  }

  startAnalysis(shape: MaveraShape, input: StartAnalysisInput): Promise<{ analysisId: string }> {
    return shape === 'reference'
      ? startReferenceAnalysis(this.http, this.deps.workspaceId, this.deps.analysisDefaults, input)
      : startRecipesAnalysis(this.http, input);
  }

  getAnalysis(shape: MaveraShape, analysisId: string): Promise<AnalysisStatus> {
    return shape === 'reference'
      ? getReferenceAnalysis(this.http, analysisId)
      : getRecipesAnalysis(this.http, analysisId);
  }

  async waitForAnalysis(shape: MaveraShape, analysisId: string, options: WaitOptions = {}): Promise<AnalysisStatus> {
    const { signal, onProgress } = options;
    const deadline = (options.startedAt ?? this.clock.now()) + this.timeoutMs;
    let interval = this.pollMinMs;
    for (;;) {
      signal?.throwIfAborted();
      const status = await this.getAnalysis(shape, analysisId);
      onProgress?.(status);
      if (status.state === 'completed') return status;
      if (status.state === 'failed') {
        throw new UserError(
          'mavera_failed',
          `Mavera could not analyse this video: ${status.error ?? `it reported "${status.rawStatus}" without a reason`}`,
          'Check that the file plays and is a normal MP4 or MOV; a fresh run will start a new analysis.',
        );
      }
      const left = deadline - this.clock.now();
      if (left <= 0) {
        throw new UserError(
          'mavera_timeout',
          `Mavera has not finished analysing this video after ${formatDuration(this.timeoutMs)}.`,
          'It may still finish — run the command again later; it will not be re-uploaded.',
          { retryable: true },
        );
      }
      await this.clock.sleep(Math.min(interval, left), signal);
      interval = Math.min(this.pollMaxMs, interval * 1.5);
    }
  }

  async checkAccess(): Promise<MaveraAccess> {
    const shape = await this.resolveShape();
    const probes = shape === 'reference' ? [{ path: '/video-analyses', query: {} }] : [{ path: '/assets', query: {} }];
    if (shape === 'reference' && this.deps.workspaceId) {
      probes.push({ path: '/files', query: { workspace_id: this.deps.workspaceId } });
    }
    let creditsRemaining: number | null = null;
    for (const probe of probes) {
      const res = await this.http.call('GET', probe.path, { query: { ...probe.query, limit: 1 } });
      creditsRemaining = creditsFrom(res) ?? creditsRemaining;
    }
    if (shape === 'reference' && !this.deps.workspaceId) {
      throw new UserError(
        'config',
        'The Mavera API key works, but no workspace id is set, so uploads would fail.',
        'Set MAVERA_WORKSPACE_ID to your workspace id (ws_…, visible in the Mavera dashboard URL).',
      );
    }
    return { shape, creditsRemaining };
  }
}

/** Credits left, when the API says: a `credits_remaining` / `credits.remaining` field or an x-credits-remaining header. */
function creditsFrom(res: MaveraResponse): number | null {
  const body = isRecord(res.body) ? res.body : {};
  const credits = isRecord(body.credits) ? body.credits : {};
  const header = res.headers['x-credits-remaining'];
  return num(body.credits_remaining) ?? num(credits.remaining) ?? num(Array.isArray(header) ? header[0] : header);
}
