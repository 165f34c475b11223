/**
 * The recipes API shape (Mavera's integration recipes, our seed): multipart `POST /assets`, then
 * `/video-analysis` (singular) with `analysis_types`. Requests and response schemas only.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { analysisError, analysisState, isRecord, normalizeRecipes, num, parseBody, text } from './normalize.js';
import { fileChunks } from './reference.js';
import type { MaveraHttp } from './transport.js';
import type { AnalysisStatus, StartAnalysisInput, UploadedFile, UploadInput } from './types.js';

export const ANALYSIS_TYPES = ['hook_score', 'emotional_arc', 'cognitive_load', 'visual_complexity', 'pacing'] as const;

const assetSchema = z.looseObject({ id: z.string().min(1), url: z.unknown().optional() });
const createdSchema = z.looseObject({ id: z.string().min(1) });
const statusSchema = z.looseObject({ status: z.string().min(1), progress: z.unknown().optional() });

/** A file name safe inside a quoted Content-Disposition parameter. */
function quoted(fileName: string): string {
  return fileName.replace(/[\r\n]+/g, ' ').replace(/["\\]/g, '_');
}

export interface MultipartBody {
  contentType: string;
  contentLength: number;
  /** a fresh stream each call: preamble, the file read from disk, epilogue */
  open(): Readable;
}

/** A multipart/form-data body with one `file` part, streamed from disk with an exact length. */
export function multipartFileBody(
  input: UploadInput,
  boundary = `creative-score-${randomBytes(12).toString('hex')}`,
): MultipartBody {
  const preamble = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="file"; filename="${quoted(input.fileName)}"\r\n` +
      `Content-Type: ${input.contentType}\r\n\r\n`,
  );
  const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* parts(): AsyncGenerator<Buffer> {
    yield preamble;
    yield* fileChunks(input.path, input.onProgress);
    yield epilogue;
  }
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: preamble.length + input.sizeBytes + epilogue.length,
    open: () => Readable.from(parts(), { objectMode: false }),
  };
}

export async function uploadRecipes(http: MaveraHttp, input: UploadInput): Promise<UploadedFile> {
  const body = multipartFileBody(input);
  const res = await http.call('POST', '/assets', {
    body: body.open,
    headers: { 'content-type': body.contentType, 'content-length': String(body.contentLength) },
  });
  const asset = parseBody(assetSchema, res.body, 'asset');
  return { fileId: asset.id, fileUrl: text(asset.url) };
}

export async function startRecipesAnalysis(
  http: MaveraHttp,
  input: StartAnalysisInput,
): Promise<{ analysisId: string }> {
  const res = await http.call('POST', '/video-analysis', {
    json: {
      asset_id: input.fileId,
      analysis_types: ANALYSIS_TYPES,
      metadata: { source: 'creative-score', title: input.title, ...input.metadata },
    },
  });
  return { analysisId: parseBody(createdSchema, res.body, 'video analysis').id };
}

/** Progress as chunks when given, else any percentage (reported as n of 100). */
function recipesProgress(doc: Record<string, unknown>): { processed: number | null; total: number | null } {
  const p = doc.progress;
  if (isRecord(p) && num(p.total_chunks) != null) {
    return { processed: num(p.processed_chunks), total: num(p.total_chunks) };
  }
  const percent = isRecord(p)
    ? num(p.percent ?? p.percentage ?? p.value)
    : (num(p) ?? num(doc.progress_percent ?? doc.percent_complete));
  if (percent == null) return { processed: null, total: null };
  const pct = percent > 0 && percent < 1 ? percent * 100 : percent;
  return { processed: Math.round(Math.min(100, Math.max(0, pct))), total: 100 };
}

export async function getRecipesAnalysis(http: MaveraHttp, analysisId: string): Promise<AnalysisStatus> {
  const res = await http.call('GET', `/video-analysis/${encodeURIComponent(analysisId)}`);
  const doc = parseBody(statusSchema, res.body, 'video analysis');
  const state = analysisState(doc.status);
  const { processed, total } = recipesProgress(doc);
  return {
    state,
    rawStatus: doc.status,
    processedChunks: processed,
    totalChunks: total,
    error: state === 'failed' ? analysisError(doc) : null,
    analysis: state === 'completed' ? normalizeRecipes(doc) : null,
    raw: res.body,
  };
}
