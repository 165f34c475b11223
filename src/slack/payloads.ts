import type { types } from '@slack/bolt';
import { z } from 'zod';
import { LIMITS } from './blocks/limits.js';

/**
 * The one module that reads values Slack hands back from the bot's own messages and modals: button values, modal
 * metadata, the blocks of the message a button sits on. Slack signs the payload, but the values are still checked
 * (zod) before the rest of the door trusts their types; anything malformed or oversized reads as null.
 */

/**
 * What a Scale / Kill / Re-analyse / Audience button carries in its `value`: compact JSON `{"a":adId,"v":videoId}`.
 * `v` is left out when unknown.
 */
export interface ActionValue {
  adId: string;
  videoId: string | null;
}

const actionValueSchema = z.object({ a: z.string().min(1), v: z.string().optional() });

/** Encodes a button value; null when even the ad id alone would not fit (the caller then omits the button). */
export function encodeActionValue(value: ActionValue): string | null {
  const full = JSON.stringify(value.videoId === null ? { a: value.adId } : { a: value.adId, v: value.videoId });
  if (full.length <= LIMITS.buttonValue) return full;
  const adOnly = JSON.stringify({ a: value.adId });
  return adOnly.length <= LIMITS.buttonValue ? adOnly : null;
}

/** Decodes a button value written by `encodeActionValue`; null for anything else (malformed, wrong shape, too long). */
export function decodeActionValue(raw: unknown): ActionValue | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > LIMITS.buttonValue) return null;
  const parsed = actionValueSchema.safeParse(parseJson(raw));
  return parsed.success ? { adId: parsed.data.a, videoId: parsed.data.v ?? null } : null;
}

/** What the "Add Shop creator" modal carries from the command to the submission (never the cookie). */
export interface CookieModalMetadata {
  /** creator name as typed after `creator add` */
  name: string;
  /** channel the command was run in, for the confirmation */
  channelId: string | null;
}

/** Slack's limit on a view's `private_metadata`. */
const PRIVATE_METADATA_MAX = 3000;

const cookieModalSchema = z.object({
  n: z.string().refine((n) => n.trim() !== ''),
  c: z.string().nullable().optional(),
});

export function encodeCookieModalMetadata(meta: CookieModalMetadata): string {
  return JSON.stringify({ n: meta.name, c: meta.channelId });
}

/** Decodes the modal's `private_metadata`; null for anything the bot did not write (an out-of-date form). */
export function decodeCookieModalMetadata(raw: unknown): CookieModalMetadata | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > PRIVATE_METADATA_MAX) return null;
  const parsed = cookieModalSchema.safeParse(parseJson(raw));
  if (!parsed.success) return null;
  return { name: parsed.data.n, channelId: parsed.data.c || null };
}

const blocksSchema = z.array(z.looseObject({ type: z.string(), block_id: z.string().optional() }));

/**
 * The blocks of the message a button was pressed on, as Slack echoes them (the bot's own, so Block Kit); an empty
 * list when Slack sent none (an ephemeral message) or something that is not a list of blocks.
 */
export function messageBlocksOf(message: Record<string, unknown> | undefined): types.KnownBlock[] {
  const parsed = blocksSchema.safeParse(message?.blocks ?? []);
  // Each element has a block type; the rest of its shape is Slack's echo of what the bot posted.
  return parsed.success ? (parsed.data as types.KnownBlock[]) : [];
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
