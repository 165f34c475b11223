import { stat } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { request } from 'undici';
import { UserError } from '../errors.js';
import { backoffDelay, parseRetryAfter } from '../util/backoff.js';
import { type Clock, systemClock } from '../util/clock.js';
import type { RateLimiter } from '../util/limiter.js';
import { type Logger, registerSecret, silentLogger } from '../util/logger.js';
import { isRecord, num, text } from './normalize.js';
import { getRecipesAnalysis, startRecipesAnalysis, uploadRecipes } from './recipes.js';
import { type AnalysisDefaults, getReferenceAnalysis, startReferenceAnalysis, uploadReference } from './reference.js';
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

export interface MaveraClientOptions {
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

type Method = 'GET' | 'POST' | 'PUT';

export interface CallOptions {
  json?: unknown;
  query?: Record<string, string | number>;
  /** a body built afresh for every attempt (a stream cannot be replayed) */
  body?: () => Readable;
  headers?: Record<string, string>;
  /** statuses handed back to the caller instead of being turned into errors */
  accept?: number[];
}

export interface MaveraResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** What the shape modules need from the transport. */
export interface MaveraHttp {
  readonly logger: Logger;
  /** An authenticated API call: rate-limited, retried on 429 / 5xx / network errors, errors mapped to UserError. */
  call(method: Method, path: string, options?: CallOptions): Promise<MaveraResponse>;
  /** One unauthenticated PUT to a presigned storage URL; throws only on network errors. */
  putToStorage(url: string, body: Readable, headers: Record<string, string>): Promise<{ status: number }>;
  /** Waits the back-off delay for retry number `attempt` (0-based). */
  backoff(attempt: number): Promise<void>;
}

const RETRY_BASE_MS = 1000;
const RETRY_CAP_MS = 30_000;
const KEY_HINT = 'Set MAVERA_API_KEY to a valid key from Mavera (Settings → Developer → API Keys).';

function errorEnvelope(body: unknown): { message: string | null; code: string | null } {
  if (!isRecord(body)) return { message: null, code: null };
  const error = body.error;
  if (isRecord(error)) return { message: text(error.message), code: text(error.code) };
  return { message: text(error) ?? text(body.message), code: text(body.code) };
}

class MaveraTransport implements MaveraHttp {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
    readonly logger: Logger,
    private readonly random: () => number,
    private readonly maxRetries: number,
  ) {}

  backoff(attempt: number): Promise<void> {
    return this.clock.sleep(backoffDelay(attempt, RETRY_BASE_MS, RETRY_CAP_MS, this.random));
  }

  async call(method: Method, path: string, options: CallOptions = {}): Promise<MaveraResponse> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
    const label = `${method} ${url.pathname}`;
    for (let attempt = 0; ; attempt++) {
      await this.limiter.take();
      const headers: Record<string, string> = {
        authorization: `Bearer ${this.apiKey}`,
        accept: 'application/json',
        ...options.headers,
      };
      let body: string | Readable | undefined;
      if (options.body) body = options.body();
      else if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers['content-type'] = 'application/json';
      }
      let status: number;
      let resHeaders: IncomingHttpHeaders;
      let raw: string;
      try {
        const res = await request(url, { method, headers, body });
        status = res.statusCode;
        resHeaders = res.headers;
        raw = await res.body.text();
        // an early error answer leaves the upload unread; close the file
        if (typeof body === 'object' && !body.destroyed) body.destroy();
      } catch (err) {
        if (typeof body === 'object') body.destroy();
        const reason = err instanceof Error ? err.message : String(err);
        if (attempt >= this.maxRetries) throw this.unavailable(label, `network error: ${reason}`, err);
        this.logger.warn(`mavera: ${label} failed (${this.redact(reason)}); retrying`);
        await this.backoff(attempt);
        continue;
      }
      const parsed = parseJson(raw);
      this.logger.debug(`mavera: ${label} → ${status}`);
      if ((status >= 200 && status < 300) || options.accept?.includes(status)) {
        return { status, headers: resHeaders, body: parsed };
      }
      if (status === 429) {
        const waitMs =
          parseRetryAfter(resHeaders['retry-after'], this.clock.now()) ??
          backoffDelay(attempt, RETRY_BASE_MS, RETRY_CAP_MS, this.random);
        if (attempt >= this.maxRetries) {
          throw new UserError(
            'mavera_rate_limited',
            'Mavera kept saying we are sending too many requests.',
            'Wait a minute and try again, or lower MAVERA_MAX_REQUESTS_PER_MINUTE to match your Mavera plan.',
            { retryable: true },
          );
        }
        this.logger.warn(`mavera: ${label} rate-limited; pausing ${waitMs} ms`);
        this.limiter.pauseUntil(this.clock.now() + waitMs);
        continue;
      }
      if (status >= 500) {
        if (attempt >= this.maxRetries) throw this.unavailable(label, `HTTP ${status}`);
        this.logger.warn(`mavera: ${label} → ${status}; retrying`);
        await this.backoff(attempt);
        continue;
      }
      throw this.apiError(status, parsed);
    }
  }

  async putToStorage(url: string, body: Readable, headers: Record<string, string>): Promise<{ status: number }> {
    await this.limiter.take();
    try {
      const res = await request(url, { method: 'PUT', headers, body });
      await res.body.dump();
      this.logger.debug(`mavera: PUT storage → ${res.statusCode}`);
      return { status: res.statusCode };
    } finally {
      body.destroy();
    }
  }

  private redact(s: string): string {
    return this.apiKey.length < 6 ? s : s.split(this.apiKey).join('[redacted]');
  }

  private unavailable(label: string, reason: string, cause?: unknown): UserError {
    return new UserError(
      'mavera_unavailable',
      `Mavera is not answering right now (${label}: ${this.redact(reason)}, after ${this.maxRetries + 1} tries).`,
      'Try again in a few minutes; status.mavera.io may say more.',
      { cause, retryable: true },
    );
  }

  private apiError(status: number, body: unknown): UserError {
    const { message, code } = errorEnvelope(body);
    const said = this.redact(message ?? `HTTP ${status}`);
    if (status === 401) {
      return new UserError('mavera_auth', `Mavera rejected the API key${code ? ` (${code})` : ''}.`, KEY_HINT);
    }
    if (status === 402) {
      const budget = code === 'budget_exceeded';
      return new UserError(
        'mavera_credits',
        budget
          ? 'Mavera credits exhausted: the workspace budget is used up (budget_exceeded).'
          : `Mavera credits exhausted: ${said}`,
        budget
          ? 'Raise the workspace budget in Mavera, then run the command again.'
          : 'Add credits or renew the subscription in Mavera (app.mavera.io/settings/usage), then run the command again.',
      );
    }
    if (status === 403) {
      return new UserError(
        'mavera_error',
        `Mavera refused access: ${said}`,
        'Check that the API key belongs to the workspace in MAVERA_WORKSPACE_ID.',
      );
    }
    return new UserError(
      'mavera_error',
      `Mavera rejected the request: ${said}${code ? ` (${code})` : ''}`,
      status === 404 ? 'Check MAVERA_API_BASE_URL and MAVERA_WORKSPACE_ID.' : null,
    );
  }
}

function parseJson(raw: string): unknown {
  if (raw === '') return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
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

  constructor(private readonly options: MaveraClientOptions) {
    registerSecret(options.apiKey);
    this.clock = options.clock ?? systemClock;
    this.pollMinMs = options.pollMinMs ?? 3000;
    this.pollMaxMs = Math.max(this.pollMinMs, options.pollMaxMs ?? 30_000);
    this.timeoutMs = options.timeoutMs ?? 1_200_000;
    this.http = new MaveraTransport(
      options.baseUrl.replace(/\/+$/, ''),
      options.apiKey,
      options.limiter,
      this.clock,
      options.logger ?? silentLogger,
      options.random ?? Math.random,
      options.maxRetries ?? 4,
    );
  }

  async resolveShape(): Promise<MaveraShape> {
    if (this.options.shape !== 'auto') return this.options.shape;
    const remembered = this.options.shapeStore.get();
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
        this.options.shapeStore.set(probe.shape);
        return probe.shape;
      }
    }
    throw new UserError(
      'mavera_error',
      `Could not tell which Mavera API answers at ${this.options.baseUrl}: ${seen.join(', ')}.`,
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
      ? uploadReference(this.http, this.options.workspaceId, file)
      : uploadRecipes(this.http, file);
  }

  startAnalysis(shape: MaveraShape, input: StartAnalysisInput): Promise<{ analysisId: string }> {
    return shape === 'reference'
      ? startReferenceAnalysis(this.http, this.options.workspaceId, this.options.analysisDefaults, input)
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
    if (shape === 'reference' && this.options.workspaceId) {
      probes.push({ path: '/files', query: { workspace_id: this.options.workspaceId } });
    }
    let creditsRemaining: number | null = null;
    for (const probe of probes) {
      const res = await this.http.call('GET', probe.path, { query: { ...probe.query, limit: 1 } });
      creditsRemaining = creditsFrom(res) ?? creditsRemaining;
    }
    if (shape === 'reference' && !this.options.workspaceId) {
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
