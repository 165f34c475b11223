/**
 * The reference API shape (Mavera's API reference): `/files/upload-url` → presigned PUT → `/files`, then
 * `/video-analyses`. Requests and response schemas only; transport and retries live in client.ts.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { UserError } from '../errors.js';
import { analysisError, analysisState, isRecord, normalizeReference, num, parseBody, text } from './normalize.js';
import type { MaveraHttp } from './transport.js';
import type { AnalysisStatus, StartAnalysisInput, UploadedFile, UploadInput } from './types.js';

/** How often a failed PUT to storage is tried with a fresh upload URL (Mavera's guide suggests 3). */
export const STORAGE_ATTEMPTS = 3;

/** Seconds per chunk: 3 makes chunk 0 exactly the hook (hook-analysis playbook). */
export const CHUNK_DURATION_S = 3;
export const FRAMES_PER_CHUNK = 4;

export const TITLE_MIN = 3;
export const TITLE_MAX = 100;

export interface AnalysisDefaults {
  brand: string;
  product: string;
  primaryIntent: string;
  goal: string;
}

const uploadUrlSchema = z.looseObject({
  upload_url: z.string().min(1),
  public_url: z.string().min(1),
  headers: z.record(z.string(), z.unknown()).nullish().catch(null),
});

const fileRecordSchema = z.looseObject({ id: z.string().min(1), url: z.unknown().optional() });
const createdSchema = z.looseObject({ id: z.string().min(1) });
const statusSchema = z.looseObject({
  status: z.string().min(1),
  progress: z.unknown().optional(),
  results: z.unknown().optional(),
});

/** Reads a file from disk chunk by chunk (backpressure comes from the consumer), reporting bytes handed on. */
export async function* fileChunks(path: string, onProgress?: (sentBytes: number) => void): AsyncGenerator<Buffer> {
  let sent = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    const buf = chunk as Buffer;
    sent += buf.length;
    onProgress?.(sent);
    yield buf;
  }
}

/** Mavera wants 3–100 characters. */
export function clampTitle(title: string): string {
  const t = title.replace(/\s+/g, ' ').trim();
  if (t.length > TITLE_MAX) return `${t.slice(0, TITLE_MAX - 1).trimEnd()}…`;
  if (t.length < TITLE_MIN) return `TikTok ad ${t}`.trim();
  return t;
}

function requireWorkspace(workspaceId: string | null): string {
  if (workspaceId) return workspaceId;
  throw new UserError(
    'config',
    'Mavera needs a workspace id to upload and analyse videos, and none is set.',
    'Set MAVERA_WORKSPACE_ID to your workspace id (ws_…, visible in the Mavera dashboard URL).',
  );
}

/**
 * The headers storage asked for, minus any length header (we set our own). The URL was signed for the `file_type` we
 * asked it for, so that type is sent when the answer names none.
 */
function storageHeaders(
  returned: Record<string, unknown> | null | undefined,
  input: Pick<UploadInput, 'sizeBytes' | 'contentType'>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(returned ?? {})) {
    if (typeof value === 'string' && key.toLowerCase() !== 'content-length') headers[key] = value;
  }
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type'))
    headers['content-type'] = input.contentType;
  headers['content-length'] = String(input.sizeBytes);
  return headers;
}

export async function uploadReference(
  http: MaveraHttp,
  workspaceId: string | null,
  input: UploadInput,
): Promise<UploadedFile> {
  const workspace = requireWorkspace(workspaceId);
  // Each attempt asks for a fresh upload URL: a failed PUT may have spoiled the one it used.
  const publicUrl = await http.retrying(STORAGE_ATTEMPTS, async (attempt) => {
    const res = await http.call('POST', '/files/upload-url', {
      json: {
        file_name: input.fileName,
        file_type: input.contentType,
        file_size: input.sizeBytes,
        workspace_id: workspace,
      },
    });
    const target = parseBody(uploadUrlSchema, res.body, 'upload URL');
    let problem: string;
    try {
      const put = await http.putToStorage(
        target.upload_url,
        Readable.from(fileChunks(input.path, input.onProgress), { objectMode: false }),
        storageHeaders(target.headers, input),
      );
      if (put.status >= 200 && put.status < 300) return { ok: true, value: target.public_url };
      problem = `storage answered HTTP ${put.status}`;
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
    http.logger.warn(`mavera: upload attempt ${attempt + 1} failed: ${problem}`);
    const error = new UserError(
      'mavera_unavailable',
      `The video could not be uploaded to Mavera's storage (${STORAGE_ATTEMPTS} attempts; last: ${problem}).`,
      'Try again in a few minutes.',
      { retryable: true },
    );
    return { ok: false, error, retryable: true, reason: problem };
  });
  const res = await http.call('POST', '/files', {
    json: {
      name: input.fileName,
      type: input.contentType,
      url: publicUrl,
      workspace_id: workspace,
      file_size: input.sizeBytes,
      metadata: { source: 'creative-score' },
    },
  });
  const file = parseBody(fileRecordSchema, res.body, 'file');
  return { fileId: file.id, fileUrl: text(file.url) ?? publicUrl };
}

export async function startReferenceAnalysis(
  http: MaveraHttp,
  workspaceId: string | null,
  defaults: AnalysisDefaults,
  input: StartAnalysisInput,
): Promise<{ analysisId: string }> {
  const workspace = requireWorkspace(workspaceId);
  const res = await http.call('POST', '/video-analyses', {
    json: {
      asset_id: input.fileId,
      ...(input.fileUrl ? { video_url: input.fileUrl } : {}),
      title: clampTitle(input.title),
      brand: defaults.brand,
      product: defaults.product,
      primary_intent: defaults.primaryIntent,
      goal: defaults.goal,
      chunk_duration: CHUNK_DURATION_S,
      frames_per_chunk: FRAMES_PER_CHUNK,
      workspace_id: workspace,
    },
  });
  return { analysisId: parseBody(createdSchema, res.body, 'video analysis').id };
}

function referenceProgress(doc: Record<string, unknown>): { processed: number | null; total: number | null } {
  const progress = isRecord(doc.progress) ? doc.progress : {};
  const results = isRecord(doc.results) ? doc.results : {};
  return {
    processed: num(progress.processed_chunks),
    total: num(progress.total_chunks) ?? num(results.total_chunks),
  };
}

export async function getReferenceAnalysis(http: MaveraHttp, analysisId: string): Promise<AnalysisStatus> {
  const res = await http.call('GET', `/video-analyses/${encodeURIComponent(analysisId)}`);
  const doc = parseBody(statusSchema, res.body, 'video analysis');
  const state = analysisState(doc.status);
  const { processed, total } = referenceProgress(doc);
  return {
    state,
    rawStatus: doc.status,
    processedChunks: state === 'completed' ? (processed ?? total) : processed,
    totalChunks: total,
    error: state === 'failed' ? analysisError(doc) : null,
    analysis: state === 'completed' ? normalizeReference(doc) : null,
    raw: res.body,
  };
}
