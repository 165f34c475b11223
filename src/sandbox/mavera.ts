/**
 * A loopback Mavera for tests and the demo. It speaks both API shapes (reference: /files + presigned PUT +
 * /video-analyses; recipes: multipart /assets + /video-analysis) and is strict where Mavera documents rules:
 * Bearer key, workspace id, field lengths and enums, presigned URL signature / expiry / Content-Type, exact byte
 * counts. Uploads are consumed as streams (counted and hashed, never buffered). Analyses run in real time over
 * `analysisDurationMs` and their results are derived from the uploaded file's SHA-256, so the same video always
 * gets the same scores.
 *
 * `calls[].path` and `failNextRequest` patterns use paths relative to `url` (e.g. `/video-analyses/va_1`);
 * storage uploads appear as `/storage/…`.
 *
 * This file is the server: API key, injected failures, credits and the analysis lifecycle, and the controls tests
 * use. The routes are in mavera-routes.ts, uploads in mavera-uploads.ts, results in mavera-results.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MaveraShape } from '../mavera/types.js';
import { ApiError, defaultCode, hex, sendError } from './mavera-http.js';
import { type Analysis, defaultTotalChunks } from './mavera-results.js';
import { maveraRoutes } from './mavera-routes.js';
import type { MaveraSimulatorStats } from './mavera-types.js';
import { createPresignedStorage } from './mavera-uploads.js';
import { sendJson, startServer } from './server.js';

export type { MaveraSimulatorStats } from './mavera-types.js';

export interface MaveraSimulatorOptions {
  apiKey?: string;
  workspaceId?: string;
  /** API shapes served; routes of the others answer 404. Default both. */
  shapes?: MaveraShape[];
  /** how long an analysis takes, in real milliseconds (default 300) */
  analysisDurationMs?: number;
  /** chunks per reference analysis (default 4–10, derived from the file hash) */
  totalChunks?: number;
  /** case of status strings: lower (`completed`), upper (`COMPLETED`), mixed (`Completed`) */
  statusStyle?: 'lower' | 'upper' | 'mixed';
  /** when a number, sent as `x-credits-remaining` and reduced by each analysis; 402 once too low */
  creditsRemaining?: number | null;
}

export interface FailRequestOptions {
  /** sent as Retry-After (seconds) */
  retryAfterS?: number;
  /** error envelope code; a sensible one per status otherwise */
  code?: string;
  /** how many matching requests fail (default 1) */
  times?: number;
}

export interface MaveraSimulator {
  /** API base, …/api/v1 */
  url: string;
  apiKey: string;
  workspaceId: string;
  stats: MaveraSimulatorStats;
  calls: Array<{ method: string; path: string; at: number }>;
  /** the next analysis created fails with this `error` text */
  failNextAnalysis(errorText: string): void;
  /** the next analysis created never completes */
  hangNextAnalysis(): void;
  /** the next request(s) whose path matches answer `status` with an error envelope */
  failNextRequest(pathPattern: string | RegExp, status: number, opts?: FailRequestOptions): void;
  setShapes(shapes: MaveraShape[]): void;
  setAnalysisDurationMs(ms: number): void;
  close(): Promise<void>;
}

/** Credits one simulated analysis costs. */
export const SIMULATED_ANALYSIS_CREDITS = 150;

export async function startMaveraSimulator(options: MaveraSimulatorOptions = {}): Promise<MaveraSimulator> {
  const apiKey = options.apiKey ?? 'mvra_test_simulator_0123456789abcdef0123';
  const workspaceId = options.workspaceId ?? 'ws_simulator';
  let shapes = new Set<MaveraShape>(options.shapes ?? ['reference', 'recipes']);
  let analysisDurationMs = options.analysisDurationMs ?? 300;
  let credits = options.creditsRemaining ?? null;
  const statusStyle = options.statusStyle ?? 'lower';
  const stats: MaveraSimulatorStats = { uploads: 0, uploadBytes: 0, analysesCreated: 0, polls: 0, requests: 0 };
  const calls: MaveraSimulator['calls'] = [];
  const failRules: Array<{ pattern: string | RegExp; status: number; opts: FailRequestOptions; left: number }> = [];
  let nextFail: string | null = null;
  let nextHang = false;

  const analyses = new Map<string, Analysis>();
  let origin = '';
  const storage = createPresignedStorage({ workspaceId, origin: () => origin, stats });

  const styled = (status: string): string => {
    if (statusStyle === 'upper') return status.toUpperCase();
    if (statusStyle === 'mixed') return status.charAt(0).toUpperCase() + status.slice(1);
    return status;
  };

  const creditHeaders = (): Record<string, string> =>
    credits == null ? {} : { 'x-credits-remaining': String(credits) };

  const reply = (res: ServerResponse, status: number, body: unknown) => sendJson(res, status, body, creditHeaders());

  function charge(): void {
    if (credits == null) return;
    if (credits < SIMULATED_ANALYSIS_CREDITS) {
      throw new ApiError(402, 'credits_exhausted', 'Not enough credits for this video analysis');
    }
    credits -= SIMULATED_ANALYSIS_CREDITS;
  }

  function createAnalysis(shape: MaveraShape, sha256: string, request: Record<string, unknown>, chunkDuration: number) {
    charge();
    const analysis: Analysis = {
      id: shape === 'reference' ? `cl${hex(12)}` : `va_${hex(8)}`,
      shape,
      createdAt: Date.now(),
      durationMs: analysisDurationMs,
      sha256,
      fail: nextFail,
      hang: nextHang,
      chunkDuration,
      totalChunks: options.totalChunks ?? defaultTotalChunks(sha256),
      request,
    };
    nextFail = null;
    nextHang = false;
    analyses.set(analysis.id, analysis);
    stats.analysesCreated++;
    return analysis;
  }

  const routes = maveraRoutes({ workspaceId, stats, storage, analyses, createAnalysis, styled, reply });

  // --- dispatch -------------------------------------------------------------------------------------------------

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const method = req.method ?? 'GET';
    const isApi = url.pathname === '/api/v1' || url.pathname.startsWith('/api/v1/');
    const path = isApi ? url.pathname.slice('/api/v1'.length) || '/' : url.pathname;
    stats.requests++;
    calls.push({ method, path, at: Date.now() });
    req.on('error', () => undefined);
    try {
      const rule = failRules.find((r) =>
        typeof r.pattern === 'string' ? path.includes(r.pattern) : r.pattern.test(path),
      );
      if (rule) {
        rule.left--;
        if (rule.left <= 0) failRules.splice(failRules.indexOf(rule), 1);
        const headers: Record<string, string> =
          rule.opts.retryAfterS != null ? { 'retry-after': String(rule.opts.retryAfterS) } : {};
        throw new ApiError(
          rule.status,
          rule.opts.code ?? defaultCode(rule.status),
          `Simulated HTTP ${rule.status}`,
          null,
          headers,
        );
      }
      if (!isApi && url.pathname.startsWith('/storage/')) return await storage.handlePut(req, res, url);
      if (!isApi) throw new ApiError(404, 'not_found', `No route for ${url.pathname}`);

      const auth = req.headers.authorization;
      if (!auth) throw new ApiError(401, 'missing_api_key', 'No API key provided. Send Authorization: Bearer <key>.');
      if (auth !== `Bearer ${apiKey}`) throw new ApiError(401, 'invalid_api_key', 'Invalid API key provided.');

      const matching = routes.filter((r) => shapes.has(r.shape) && r.pattern.test(path));
      const route = matching.find((r) => r.method === method);
      if (!route) {
        if (matching.length > 0) {
          const allow = matching.map((r) => r.method).join(', ');
          throw new ApiError(405, 'method_not_allowed', `${method} is not allowed on ${path}`, null, { allow });
        }
        throw new ApiError(404, 'not_found', `No route for ${method} ${path}`);
      }
      const params = route.pattern.exec(path)?.slice(1).map(decodeURIComponent) ?? [];
      await route.handle(req, res, url, params);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, err);
    }
  }

  const server = await startServer(handle);
  origin = server.url;

  return {
    url: `${server.url}/api/v1`,
    apiKey,
    workspaceId,
    stats,
    calls,
    failNextAnalysis(errorText) {
      nextFail = errorText;
    },
    hangNextAnalysis() {
      nextHang = true;
    },
    failNextRequest(pathPattern, status, opts = {}) {
      failRules.push({ pattern: pathPattern, status, opts, left: opts.times ?? 1 });
    },
    setShapes(next) {
      shapes = new Set(next);
    },
    setAnalysisDurationMs(ms) {
      analysisDurationMs = ms;
    },
    close: () => server.close(),
  };
}
