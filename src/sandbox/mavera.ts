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
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MaveraShape } from '../mavera/types.js';
import { sendJson, startServer } from './server.js';

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

export interface MaveraSimulatorStats {
  /** uploads whose bytes arrived complete (presigned PUT or /assets) */
  uploads: number;
  uploadBytes: number;
  analysesCreated: number;
  /** GETs of a single analysis */
  polls: number;
  requests: number;
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
const UPLOAD_URL_TTL_S = 3600;
const MAX_VIDEO_BYTES = 2 * 1024 ** 3;
const MAX_OTHER_BYTES = 10 * 1024 ** 2;
const MAX_JSON_BYTES = 1024 * 1024;
const INTENTS = [
  'Informative',
  'Persuasive',
  'Directive',
  'Expressive',
  'Transactional',
  'Appreciative',
  'Inspirational',
  'Entertainment',
];
const RECIPE_TYPES = [
  'hook_score',
  'emotional_arc',
  'cognitive_load',
  'visual_complexity',
  'pacing',
  'text_legibility',
];
const TONES = ['excitement', 'curiosity', 'trust', 'joy', 'surprise', 'calm', 'urgency', 'amusement'];
const SHOTS = [
  'close-up of a face talking to camera with bold caption text',
  'product held up against a bright background',
  'logo animation on a plain backdrop',
  'split screen comparing before and after',
  'handheld street shot with fast zoom',
  'hands unboxing the product on a table',
];
const LINES = [
  'Stop scrolling, you need to see this.',
  'I tried this for seven days.',
  'Here is what nobody tells you.',
  'Our summer collection is here.',
  'Three reasons this changed my routine.',
  'Tap the link to get yours today.',
];

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 402) return 'insufficient_credits';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

function defaultCode(status: number): string {
  const codes: Record<number, string> = {
    400: 'invalid_field',
    401: 'invalid_api_key',
    402: 'credits_exhausted',
    403: 'forbidden',
    404: 'not_found',
    429: 'rate_limit_exceeded',
  };
  return codes[status] ?? 'server_error';
}

function sendError(res: ServerResponse, e: ApiError): void {
  sendJson(
    res,
    e.status,
    { error: { message: e.message, type: errorType(e.status), code: e.code, param: e.param } },
    e.headers,
  );
}

/** Deterministic numbers in [0, 1) from a seed string (mulberry32 over the first 32 bits of a SHA-256). */
function seededRandom(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32BE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

interface StoredObject {
  size: number;
  sha256: string;
  contentType: string;
  name: string;
}

interface PendingUpload {
  signature: string;
  expiresAt: number;
  contentType: string;
  size: number;
  name: string;
  publicUrl: string;
}

interface Analysis {
  id: string;
  shape: MaveraShape;
  createdAt: number;
  durationMs: number;
  sha256: string;
  fail: string | null;
  hang: boolean;
  chunkDuration: number;
  totalChunks: number;
  request: Record<string, unknown>;
}

interface Route {
  shape: MaveraShape;
  method: string;
  pattern: RegExp;
  handle(req: IncomingMessage, res: ServerResponse, url: URL, params: string[]): Promise<void> | void;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new ApiError(400, 'invalid_request', 'Content-Type must be application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BYTES) throw new ApiError(400, 'invalid_request', 'JSON body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new ApiError(400, 'invalid_request', 'Body must be a JSON object');
}

function requireString(body: Record<string, unknown>, field: string, min = 1, max = 10_000): string {
  const v = body[field];
  if (v === undefined || v === null || v === '')
    throw new ApiError(400, 'missing_field', `${field} is required`, field);
  if (typeof v !== 'string') throw new ApiError(400, 'invalid_field', `${field} must be a string`, field);
  if (v.length < min || v.length > max) {
    throw new ApiError(400, 'invalid_field', `${field} must be ${min}–${max} characters`, field);
  }
  return v;
}

function requireInt(body: Record<string, unknown>, field: string, min: number, max: number): number {
  const v = body[field];
  if (v === undefined || v === null) throw new ApiError(400, 'missing_field', `${field} is required`, field);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ApiError(400, 'invalid_field', `${field} must be an integer from ${min} to ${max}`, field);
  }
  return v;
}

function limitParam(url: URL): number {
  const raw = url.searchParams.get('limit');
  if (raw == null) return 20;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new ApiError(400, 'invalid_field', 'limit must be 1–100', 'limit');
  return n;
}

/** Streams a multipart/form-data body, handing the `file` part's bytes to `onFile` without buffering them. */
async function scanMultipart(
  req: IncomingMessage,
  boundary: string,
  onFile: (chunk: Buffer) => void,
): Promise<{ fileName: string; contentType: string } | null> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const malformed = () => new ApiError(400, 'invalid_request', 'Malformed multipart body');
  let buf: Buffer = Buffer.from('\r\n');
  let state: 'preamble' | 'headers' | 'body' | 'after' | 'done' = 'preamble';
  let part: { name: string; fileName: string; contentType: string } | null = null;
  let file: { fileName: string; contentType: string } | null = null;
  const emit = (data: Buffer) => {
    if (state === 'body' && part?.name === 'file' && data.length > 0) onFile(data);
  };
  for await (const chunk of req) {
    buf = buf.length === 0 ? (chunk as Buffer) : Buffer.concat([buf, chunk as Buffer]);
    for (;;) {
      if (state === 'preamble' || state === 'body') {
        const at = buf.indexOf(delimiter);
        if (at === -1) {
          const keep = delimiter.length - 1;
          if (buf.length > keep) {
            emit(buf.subarray(0, buf.length - keep));
            buf = buf.subarray(buf.length - keep);
          }
          break;
        }
        emit(buf.subarray(0, at));
        if (state === 'body' && part?.name === 'file')
          file = { fileName: part.fileName, contentType: part.contentType };
        buf = buf.subarray(at + delimiter.length);
        state = 'after';
      }
      if (state === 'after') {
        if (buf.length < 2) break;
        const next = buf.subarray(0, 2).toString('latin1');
        if (next === '--') {
          state = 'done';
        } else if (next === '\r\n') {
          buf = buf.subarray(2);
          state = 'headers';
        } else throw malformed();
      }
      if (state === 'headers') {
        const end = buf.indexOf('\r\n\r\n');
        if (end === -1) {
          if (buf.length > 16 * 1024) throw malformed();
          break;
        }
        const head = buf.subarray(0, end).toString('utf8');
        const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(head)?.[1] ?? '';
        part = {
          name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '',
          fileName: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? '',
          contentType: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream',
        };
        buf = buf.subarray(end + 4);
        state = 'body';
        continue;
      }
      if (state === 'done') buf = Buffer.alloc(0);
      break;
    }
  }
  if (state !== 'done') throw malformed();
  return file;
}

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

  const pending = new Map<string, PendingUpload>();
  const stored = new Map<string, StoredObject>();
  const files = new Map<string, Record<string, unknown> & { sha256: string }>();
  const assets = new Map<string, Record<string, unknown> & { sha256: string }>();
  const analyses = new Map<string, Analysis>();
  let origin = '';

  const styled = (status: string): string => {
    if (statusStyle === 'upper') return status.toUpperCase();
    if (statusStyle === 'mixed') return status.charAt(0).toUpperCase() + status.slice(1);
    return status;
  };

  const creditHeaders = (): Record<string, string> =>
    credits == null ? {} : { 'x-credits-remaining': String(credits) };

  const reply = (res: ServerResponse, status: number, body: unknown) => sendJson(res, status, body, creditHeaders());

  function checkWorkspace(value: unknown): void {
    if (value !== workspaceId) {
      throw new ApiError(404, 'workspace_not_found', `Workspace ${String(value)} not found`, 'workspace_id');
    }
  }

  function charge(): void {
    if (credits == null) return;
    if (credits < SIMULATED_ANALYSIS_CREDITS) {
      throw new ApiError(402, 'credits_exhausted', 'Not enough credits for this video analysis');
    }
    credits -= SIMULATED_ANALYSIS_CREDITS;
  }

  function createAnalysis(shape: MaveraShape, sha256: string, request: Record<string, unknown>, chunkDuration: number) {
    charge();
    const rng = seededRandom(sha256);
    const analysis: Analysis = {
      id: shape === 'reference' ? `cl${hex(12)}` : `va_${hex(8)}`,
      shape,
      createdAt: Date.now(),
      durationMs: analysisDurationMs,
      sha256,
      fail: nextFail,
      hang: nextHang,
      chunkDuration,
      totalChunks: options.totalChunks ?? 4 + Math.floor(rng() * 7),
      request,
    };
    nextFail = null;
    nextHang = false;
    analyses.set(analysis.id, analysis);
    stats.analysesCreated++;
    return analysis;
  }

  /** Where an analysis is now: phase and chunks processed. */
  function phaseOf(a: Analysis): { phase: 'pending' | 'running' | 'completed' | 'failed'; processed: number } {
    if (a.hang) return { phase: 'running', processed: Math.max(0, a.totalChunks - 1) };
    const f = (Date.now() - a.createdAt) / Math.max(1, a.durationMs);
    if (f < 0.2) return { phase: 'pending', processed: 0 };
    if (f < 1) return { phase: 'running', processed: Math.min(a.totalChunks - 1, Math.floor(f * a.totalChunks)) };
    return { phase: a.fail != null ? 'failed' : 'completed', processed: a.totalChunks };
  }

  function referenceResults(a: Analysis) {
    const rng = seededRandom(a.sha256);
    rng();
    // Real creatives are good or weak across the board, so one quality draw per video steers the behavioural
    // metrics (independent uniform draws would average every video to ~50 and make every verdict HOLD).
    const quality = rng();
    const score = (lo = 15, hi = 95) => Math.round(lo + rng() * (hi - lo));
    const around = (centre: number, lo = 5, hi = 98) =>
      Math.round(lo + Math.min(1, Math.max(0, centre + (rng() - 0.5) * 0.5)) * (hi - lo));
    const pick = <T>(list: T[]): T => list[Math.floor(rng() * list.length)] as T;
    const chunks = Array.from({ length: a.totalChunks }, (_, index) => ({
      index,
      start_time: index * a.chunkDuration,
      end_time: (index + 1) * a.chunkDuration,
      transcript: pick(LINES),
      image_description: pick(SHOTS),
      metrics: {
        emotional: {
          primary_emotional_tone: pick(TONES),
          emotional_intensity_score: around(quality),
          mood_congruence_score: score(),
          emotional_trust_index: score(),
        },
        cognitive: {
          message_clarity_score: around(quality),
          recall_probability_index: score(),
          cognitive_load_estimate: around(1 - quality),
          brand_attribution_confidence: score(),
        },
        behavioral: {
          intent_to_act_score: score(),
          retention_behavior_index: around(quality),
          click_through_probability: score(5, 60),
        },
      },
    }));
    const avg = (f: (c: (typeof chunks)[number]) => number) =>
      Math.round(chunks.reduce((s, c) => s + f(c), 0) / chunks.length);
    const effectiveness = score(30, 95);
    return {
      chunks,
      results: {
        total_chunks: a.totalChunks,
        completed_at: Math.floor((a.createdAt + a.durationMs) / 1000),
        metrics: {
          emotional: { average_intensity: avg((c) => c.metrics.emotional.emotional_intensity_score) },
          cognitive: { average_load: avg((c) => c.metrics.cognitive.cognitive_load_estimate) },
          behavioral: { average_retention: avg((c) => c.metrics.behavioral.retention_behavior_index) },
          technical: {
            pacing_score: score(),
            cuts_per_second: Math.round(rng() * 25) / 10,
            visual_complexity_score: score(),
            audio_quality_score: score(),
          },
          platform: { tiktok_fit_score: score() },
          risk: { brand_safety_score: score(60, 100) },
          ad_effectiveness: {
            score: effectiveness,
            explanation:
              effectiveness >= 60
                ? 'Clear product focus and a direct call to action keep viewers engaged.'
                : 'The message arrives late and the call to action is easy to miss.',
          },
        },
        web_insights: [],
        aggregated_transcript: chunks.map((c) => c.transcript).join(' '),
      },
    };
  }

  function referenceView(a: Analysis) {
    const { phase, processed } = phaseOf(a);
    const status = phase === 'running' ? 'generating' : phase;
    const done = phase === 'completed' ? referenceResults(a) : null;
    return {
      id: a.id,
      object: 'video_analysis',
      status: styled(status),
      created_at: Math.floor(a.createdAt / 1000),
      updated_at: Math.floor(Date.now() / 1000),
      ...a.request,
      chunk_duration: a.chunkDuration,
      error: phase === 'failed' ? a.fail : null,
      progress: { total_chunks: a.totalChunks, processed_chunks: processed },
      results: done?.results ?? null,
      chunks: done?.chunks ?? [],
    };
  }

  function recipesResults(a: Analysis) {
    const rng = seededRandom(a.sha256);
    rng();
    const quality = rng(); // see referenceResults
    const near = (centre: number) => Math.min(1, Math.max(0, centre + (rng() - 0.5) * 0.5));
    const seconds = a.totalChunks * 3;
    const hook = Math.round(10 + near(quality) * 88);
    const arc = Array.from({ length: seconds }, (_, t) => ({
      t,
      value: Math.round(near(quality) * 100) / 10,
      label: TONES[Math.floor(rng() * TONES.length)] as string,
    }));
    const peak = arc.reduce((b, p) => (p.value > b.value ? p : b));
    const cuts = Array.from({ length: a.totalChunks }, (_, i) => ({
      t: i * 3,
      value: Math.round(near(1 - quality) * 100) / 10,
    }));
    const mean10 = (xs: Array<{ value: number }>) =>
      Math.round((xs.reduce((s, x) => s + x.value, 0) / xs.length) * 10) / 10;
    return {
      hook_score: {
        score: hook,
        assessment:
          hook >= 60
            ? `Strong opening: ${SHOTS[Math.floor(rng() * SHOTS.length)]} in the first second`
            : `Slow start: ${SHOTS[Math.floor(rng() * SHOTS.length)]} before the message lands`,
      },
      emotional_arc: {
        peak_emotion: peak.label,
        peak_timestamp: peak.t,
        intensity_avg: mean10(arc),
        series: arc,
      },
      cognitive_load: { average: mean10(cuts), series: cuts },
      pacing: { score: Math.round(rng() * 100), cuts_per_second: Math.round(rng() * 25) / 10 },
      visual_complexity: { score: Math.round(rng() * 100) },
    };
  }

  function recipesView(a: Analysis) {
    const { phase, processed } = phaseOf(a);
    const status = phase === 'pending' ? 'queued' : phase === 'running' ? 'processing' : phase;
    return {
      id: a.id,
      object: 'video_analysis',
      status: styled(status),
      ...a.request,
      progress: Math.round((processed / a.totalChunks) * 100),
      error: phase === 'failed' ? a.fail : null,
      results: phase === 'completed' ? recipesResults(a) : null,
      created_at: new Date(a.createdAt).toISOString(),
    };
  }

  // --- reference routes ---------------------------------------------------------------------------------------

  const routes: Route[] = [
    {
      shape: 'reference',
      method: 'GET',
      pattern: /^\/files$/,
      handle(_req, res, url) {
        const limit = limitParam(url);
        const ws = url.searchParams.get('workspace_id');
        if (ws != null) checkWorkspace(ws);
        const data = [...files.values()].slice(0, limit).map(({ sha256: _, ...f }) => f);
        reply(res, 200, { object: 'list', data, has_more: files.size > limit, next_cursor: null });
      },
    },
    {
      shape: 'reference',
      method: 'POST',
      pattern: /^\/files\/upload-url$/,
      async handle(req, res) {
        const body = await readJson(req);
        const name = requireString(body, 'file_name', 1, 255);
        const type = requireString(body, 'file_type', 3, 255);
        const size = requireInt(body, 'file_size', 1, Number.MAX_SAFE_INTEGER);
        requireString(body, 'workspace_id');
        checkWorkspace(body.workspace_id);
        const max = type.startsWith('video/') ? MAX_VIDEO_BYTES : MAX_OTHER_BYTES;
        if (size > max) throw new ApiError(400, 'invalid_field', `file_size above the ${max}-byte limit`, 'file_size');
        const key = `${workspaceId}/${hex(8)}/${encodeURIComponent(name.replace(/[/\\]/g, '_'))}`;
        const signature = hex(16);
        const publicUrl = `${origin}/public/${key}`;
        pending.set(key, {
          signature,
          expiresAt: Date.now() + UPLOAD_URL_TTL_S * 1000,
          contentType: type,
          size,
          name,
          publicUrl,
        });
        const query = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=${UPLOAD_URL_TTL_S}&X-Amz-Signature=${signature}`;
        reply(res, 200, {
          object: 'upload_url',
          upload_url: `${origin}/storage/${key}?${query}`,
          public_url: publicUrl,
          key,
          expires_in: UPLOAD_URL_TTL_S,
          method: 'PUT',
          headers: { 'Content-Type': type },
          next_step: {
            description: 'Upload the file with PUT, then create the file record',
            endpoint: '/files',
            body: { name, type, url: publicUrl, workspace_id: workspaceId, file_size: size },
          },
        });
      },
    },
    {
      shape: 'reference',
      method: 'POST',
      pattern: /^\/files$/,
      async handle(req, res) {
        const body = await readJson(req);
        const name = requireString(body, 'name', 1, 255);
        const type = requireString(body, 'type');
        const url = requireString(body, 'url');
        requireString(body, 'workspace_id');
        checkWorkspace(body.workspace_id);
        const size = requireInt(body, 'file_size', 1, Number.MAX_SAFE_INTEGER);
        const object = stored.get(url);
        if (!object) throw new ApiError(400, 'invalid_field', 'url does not point to an uploaded file', 'url');
        if (object.size !== size) {
          throw new ApiError(
            400,
            'invalid_field',
            `file_size ${size} does not match the ${object.size} bytes uploaded`,
            'file_size',
          );
        }
        const now = new Date().toISOString();
        const file = {
          id: `file_${hex(10)}`,
          object: 'file',
          name,
          url,
          type,
          size,
          source: 'upload',
          workspace_id: workspaceId,
          folder_id: null,
          folder: null,
          thumbnail_url: null,
          metadata: body.metadata ?? {},
          is_favorite: false,
          created_at: now,
          updated_at: now,
          sha256: object.sha256,
        };
        files.set(file.id, file);
        const { sha256: _, ...view } = file;
        reply(res, 201, view);
      },
    },
    {
      shape: 'reference',
      method: 'GET',
      pattern: /^\/files\/([^/]+)$/,
      handle(_req, res, _url, [id]) {
        const file = files.get(id ?? '');
        if (!file) throw new ApiError(404, 'not_found', `No file with id ${id}`);
        const { sha256: _, ...view } = file;
        reply(res, 200, view);
      },
    },
    {
      shape: 'reference',
      method: 'GET',
      pattern: /^\/video-analyses$/,
      handle(_req, res, url) {
        const limit = limitParam(url);
        const wanted = url.searchParams.get('status');
        const all = [...analyses.values()]
          .filter((a) => a.shape === 'reference')
          .map(referenceView)
          .filter((v) => wanted == null || v.status.toLowerCase() === wanted.toLowerCase());
        const offset = Number(url.searchParams.get('offset') ?? 0) || 0;
        const data = all.slice(offset, offset + limit).map(({ chunks: _, ...v }) => v);
        reply(res, 200, { object: 'list', data, has_more: all.length > offset + limit, total: all.length });
      },
    },
    {
      shape: 'reference',
      method: 'POST',
      pattern: /^\/video-analyses$/,
      async handle(req, res) {
        const body = await readJson(req);
        const title = requireString(body, 'title', 3, 100);
        const brand = requireString(body, 'brand', 2, 100);
        const product = requireString(body, 'product', 2, 100);
        const intent = requireString(body, 'primary_intent');
        if (!INTENTS.includes(intent)) {
          throw new ApiError(
            400,
            'invalid_field',
            `primary_intent must be one of ${INTENTS.join(', ')}`,
            'primary_intent',
          );
        }
        const goal = requireString(body, 'goal', 10, 500);
        if (body.workspace_id !== undefined) checkWorkspace(body.workspace_id);
        const assetId = typeof body.asset_id === 'string' ? body.asset_id : null;
        const videoUrl = typeof body.video_url === 'string' ? body.video_url : null;
        if (!assetId && !videoUrl) throw new ApiError(400, 'missing_field', 'video_url is required', 'video_url');
        const file = assetId ? files.get(assetId) : [...files.values()].find((f) => f.url === videoUrl);
        if (!file) {
          throw new ApiError(
            404,
            'not_found',
            assetId ? `No file with id ${assetId}` : 'video_url is not a known file',
          );
        }
        if (assetId && videoUrl && file.url !== videoUrl) {
          throw new ApiError(400, 'invalid_field', 'video_url does not belong to asset_id', 'video_url');
        }
        const chunkDuration = body.chunk_duration ?? 2;
        if (typeof chunkDuration !== 'number' || chunkDuration <= 0 || chunkDuration > 60) {
          throw new ApiError(
            400,
            'invalid_field',
            'chunk_duration must be a number of seconds (0–60]',
            'chunk_duration',
          );
        }
        const frames = body.frames_per_chunk ?? 4;
        if (typeof frames !== 'number' || !Number.isInteger(frames) || frames < 1 || frames > 16) {
          throw new ApiError(400, 'invalid_field', 'frames_per_chunk must be an integer 1–16', 'frames_per_chunk');
        }
        const a = createAnalysis(
          'reference',
          file.sha256,
          {
            video_url: file.url,
            asset_id: file.id,
            title,
            brand,
            product,
            primary_intent: intent,
            secondary_intent: null,
            tertiary_intent: null,
            goal,
            frames_per_chunk: frames,
          },
          chunkDuration,
        );
        const { results: _r, chunks: _c, progress: _p, ...view } = referenceView(a);
        reply(res, 201, { ...view, status: styled('pending') });
      },
    },
    {
      shape: 'reference',
      method: 'GET',
      pattern: /^\/video-analyses\/([^/]+)$/,
      handle(_req, res, _url, [id]) {
        const a = analyses.get(id ?? '');
        if (a?.shape !== 'reference') throw new ApiError(404, 'not_found', `No video analysis with id ${id}`);
        stats.polls++;
        reply(res, 200, referenceView(a));
      },
    },
    // --- recipes routes ---------------------------------------------------------------------------------------
    {
      shape: 'recipes',
      method: 'GET',
      pattern: /^\/assets$/,
      handle(_req, res, url) {
        const limit = limitParam(url);
        const data = [...assets.values()].slice(0, limit).map(({ sha256: _, ...a }) => a);
        reply(res, 200, { object: 'list', data, has_more: assets.size > limit });
      },
    },
    {
      shape: 'recipes',
      method: 'POST',
      pattern: /^\/assets$/,
      async handle(req, res) {
        const boundary = /^multipart\/form-data;.*\bboundary="?([^";]+)"?/i.exec(
          req.headers['content-type'] ?? '',
        )?.[1];
        if (!boundary)
          throw new ApiError(400, 'invalid_request', 'Expected a multipart/form-data body with a file field');
        if (req.headers['content-length'] == null) {
          throw new ApiError(411, 'length_required', 'Content-Length is required for uploads');
        }
        const hash = createHash('sha256');
        let size = 0;
        const file = await scanMultipart(req, boundary, (chunk) => {
          size += chunk.length;
          hash.update(chunk);
        });
        if (!file) throw new ApiError(400, 'missing_field', 'file is required', 'file');
        if (!file.contentType.startsWith('video/')) {
          throw new ApiError(400, 'invalid_field', 'file must be a video', 'file');
        }
        if (size === 0) throw new ApiError(400, 'invalid_field', 'file is empty', 'file');
        if (size > MAX_VIDEO_BYTES) throw new ApiError(400, 'invalid_field', 'file above 2 GB', 'file');
        const asset = {
          id: `asset_${hex(10)}`,
          object: 'asset',
          name: file.fileName || 'upload',
          type: 'video',
          mime_type: file.contentType,
          size,
          created_at: new Date().toISOString(),
          sha256: hash.digest('hex'),
        };
        assets.set(asset.id, asset);
        stats.uploads++;
        stats.uploadBytes += size;
        const { sha256: _, ...view } = asset;
        reply(res, 201, view);
      },
    },
    {
      shape: 'recipes',
      method: 'GET',
      pattern: /^\/assets\/([^/]+)$/,
      handle(_req, res, _url, [id]) {
        const asset = assets.get(id ?? '');
        if (!asset) throw new ApiError(404, 'not_found', `No asset with id ${id}`);
        const { sha256: _, ...view } = asset;
        reply(res, 200, view);
      },
    },
    {
      shape: 'recipes',
      method: 'POST',
      pattern: /^\/video-analysis$/,
      async handle(req, res) {
        const body = await readJson(req);
        const assetId = requireString(body, 'asset_id');
        const types = body.analysis_types;
        if (
          !Array.isArray(types) ||
          types.length === 0 ||
          !types.every((t) => typeof t === 'string' && RECIPE_TYPES.includes(t))
        ) {
          throw new ApiError(
            400,
            'invalid_field',
            `analysis_types must list some of ${RECIPE_TYPES.join(', ')}`,
            'analysis_types',
          );
        }
        const metadata = body.metadata ?? {};
        if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
          throw new ApiError(400, 'invalid_field', 'metadata must be an object', 'metadata');
        }
        const asset = assets.get(assetId);
        if (!asset) throw new ApiError(404, 'not_found', `No asset with id ${assetId}`);
        const a = createAnalysis('recipes', asset.sha256, { asset_id: assetId, analysis_types: types, metadata }, 3);
        reply(res, 201, { ...recipesView(a), status: styled('queued') });
      },
    },
    {
      shape: 'recipes',
      method: 'GET',
      pattern: /^\/video-analysis\/([^/]+)$/,
      handle(_req, res, _url, [id]) {
        const a = analyses.get(id ?? '');
        if (a?.shape !== 'recipes') throw new ApiError(404, 'not_found', `No video analysis with id ${id}`);
        stats.polls++;
        reply(res, 200, recipesView(a));
      },
    },
  ];

  // --- presigned storage ----------------------------------------------------------------------------------------

  /** S3-style failures are plain text here; the client only looks at the status. */
  function storageError(res: ServerResponse, status: number, code: string, message: string): void {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(`<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
  }

  async function handleStorage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const key = url.pathname.slice('/storage/'.length);
    const upload = pending.get(key);
    if (req.method !== 'PUT') return storageError(res, 405, 'MethodNotAllowed', 'Use PUT');
    if (!upload) return storageError(res, 404, 'NoSuchUpload', 'Unknown upload key');
    if (req.headers.authorization) {
      return storageError(res, 400, 'InvalidArgument', 'Only one auth mechanism allowed');
    }
    if (url.searchParams.get('X-Amz-Signature') !== upload.signature) {
      return storageError(res, 403, 'SignatureDoesNotMatch', 'Bad signature');
    }
    if (Date.now() > upload.expiresAt) return storageError(res, 403, 'AccessDenied', 'Request has expired');
    if (req.headers['content-type'] !== upload.contentType) {
      return storageError(res, 403, 'SignatureDoesNotMatch', 'Content-Type differs from the signed one');
    }
    const declared = req.headers['content-length'];
    if (declared == null) return storageError(res, 411, 'MissingContentLength', 'Content-Length is required');
    if (Number(declared) !== upload.size) {
      return storageError(res, 400, 'IncompleteBody', `Expected ${upload.size} bytes, Content-Length says ${declared}`);
    }
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    }
    if (size !== upload.size) {
      return storageError(res, 400, 'IncompleteBody', `Expected ${upload.size} bytes, received ${size}`);
    }
    const sha256 = hash.digest('hex');
    stored.set(upload.publicUrl, { size, sha256, contentType: upload.contentType, name: upload.name });
    stats.uploads++;
    stats.uploadBytes += size;
    res.writeHead(200, { etag: `"${sha256.slice(0, 32)}"` });
    res.end();
  }

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
      if (!isApi && url.pathname.startsWith('/storage/')) return await handleStorage(req, res, url);
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
