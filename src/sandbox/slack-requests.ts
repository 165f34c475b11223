import type { IncomingMessage } from 'node:http';
import { LIMITS, validateBlocks } from '../slack/blocks/limits.js';

/**
 * How the simulated Slack reads a request the way Slack does: form-encoded, JSON or multipart bodies with
 * JSON-valued fields parsed, the Bearer (or `token` field) credential, and typed arguments. `ApiError` is an
 * answer `{ ok: false, error }`.
 */

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

/** Arguments sent as JSON text inside a form, parsed before a method sees them. */
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'files', 'metadata'] as const;

interface ParsedBody {
  fields: Record<string, unknown>;
  files: { field: string; filename: string; bytes: Buffer; type: string }[];
}

export async function parseBody(req: IncomingMessage, raw: Buffer): Promise<ParsedBody> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const fields: Record<string, unknown> = {};
  const files: ParsedBody['files'] = [];
  if (raw.length === 0) return { fields, files };
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ApiError('invalid_json');
    }
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) Object.assign(fields, parsed);
  } else if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': type } }).formData().catch(() => {
      throw new ApiError('invalid_form_data');
    });
    for (const [key, value] of form) {
      if (typeof value === 'string') fields[key] = value;
      else
        files.push({
          field: key,
          filename: value.name,
          bytes: Buffer.from(await value.arrayBuffer()),
          type: value.type,
        });
    }
  } else {
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) fields[key] = value;
  }
  for (const key of JSON_FIELDS) {
    const value = fields[key];
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
      try {
        fields[key] = JSON.parse(value);
      } catch {
        throw new ApiError(key === 'blocks' ? 'invalid_blocks_format' : 'invalid_arguments');
      }
    }
  }
  return { fields, files };
}

export function bearer(req: IncomingMessage, fields: Record<string, unknown>): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return typeof fields.token === 'string' ? fields.token : null;
}

export function str(args: Record<string, unknown>, key: string): string | null {
  const v = args[key];
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

export function required(args: Record<string, unknown>, key: string, error: string): string {
  const v = str(args, key);
  if (v === null) throw new ApiError(error);
  return v;
}

export function bool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

export function blocksOrThrow(args: Record<string, unknown>, maxBlocks: number = LIMITS.blocks): unknown[] | null {
  if (args.blocks === undefined || args.blocks === '') return null;
  const errors = validateBlocks(args.blocks, maxBlocks);
  if (errors.length > 0) throw new ApiError('invalid_blocks', { errors, response_metadata: { messages: errors } });
  return args.blocks as unknown[];
}
