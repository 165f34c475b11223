import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './server.js';

/**
 * What every route of the simulated Mavera API shares: its error envelope (`ApiError` → `{ error: { message, type,
 * code, param } }`), JSON request bodies, field and `limit` checks, and random ids.
 */

const MAX_JSON_BYTES = 1024 * 1024;

/** A request Mavera refuses; the dispatcher sends it as the error envelope. */
export class ApiError extends Error {
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

export function defaultCode(status: number): string {
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

export function sendError(res: ServerResponse, e: ApiError): void {
  sendJson(
    res,
    e.status,
    { error: { message: e.message, type: errorType(e.status), code: e.code, param: e.param } },
    e.headers,
  );
}

/** `bytes` random bytes as hex, for ids, keys and signatures. */
export const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
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

export function requireString(body: Record<string, unknown>, field: string, min = 1, max = 10_000): string {
  const v = body[field];
  if (v === undefined || v === null || v === '')
    throw new ApiError(400, 'missing_field', `${field} is required`, field);
  if (typeof v !== 'string') throw new ApiError(400, 'invalid_field', `${field} must be a string`, field);
  if (v.length < min || v.length > max) {
    throw new ApiError(400, 'invalid_field', `${field} must be ${min}–${max} characters`, field);
  }
  return v;
}

export function requireInt(body: Record<string, unknown>, field: string, min: number, max: number): number {
  const v = body[field];
  if (v === undefined || v === null) throw new ApiError(400, 'missing_field', `${field} is required`, field);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ApiError(400, 'invalid_field', `${field} must be an integer from ${min} to ${max}`, field);
  }
  return v;
}

export function limitParam(url: URL): number {
  const raw = url.searchParams.get('limit');
  if (raw == null) return 20;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new ApiError(400, 'invalid_field', 'limit must be 1–100', 'limit');
  return n;
}
