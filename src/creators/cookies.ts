import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';

/**
 * Encryption of creators' TikTok session cookies at rest (AES-256-GCM).
 *
 * Blob format: `v1:<iv base64>:<auth tag base64>:<ciphertext base64>` with a random 12-byte IV per blob and the
 * full 16-byte tag. The version prefix leaves room for key rotation later.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_HINT = 'Set CREATOR_COOKIE_KEY to 32 random bytes, e.g. the output of `openssl rand -hex 32`.';

/** Reads CREATOR_COOKIE_KEY: 64 hex characters or base64 (standard or URL-safe) of exactly 32 bytes. */
export function parseCookieKey(key: string): Buffer {
  const k = key.trim();
  if (/^[0-9a-fA-F]{64}$/.test(k)) return Buffer.from(k, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(k)) {
    const bytes = Buffer.from(k.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return bytes;
  }
  throw new UserError(
    'config',
    'CREATOR_COOKIE_KEY is not a valid key (it must be 32 bytes as hex or base64).',
    KEY_HINT,
  );
}

export function encryptCookie(cookie: string, key: string): string {
  if (cookie.length === 0) throw new UserError('bad_input', 'The cookie is empty.', 'Paste the full cookie string.');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', parseCookieKey(key), iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(cookie, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
}

/**
 * Decrypts a blob made by `encryptCookie`. A wrong key and a tampered blob look the same to GCM; both throw a
 * UserError('config') that says so without revealing anything about the cookie.
 */
export function decryptCookie(blob: string, key: string): string {
  const keyBytes = parseCookieKey(key);
  const parts = blob.split(':');
  const [version, ivB64, tagB64, dataB64] = parts;
  if (parts.length !== 4 || version !== VERSION || ivB64 === undefined || tagB64 === undefined || !dataB64) {
    throw unreadable('it is not in the expected v1 format');
  }
  const iv = Buffer.from(ivB64, 'base64');
  const tag = Buffer.from(tagB64, 'base64');
  const data = Buffer.from(dataB64, 'base64');
  // Reject short tags explicitly: GCM would otherwise accept a truncated tag, which weakens the integrity check.
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES || data.length === 0) {
    throw unreadable('it is not in the expected v1 format');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyBytes, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw unreadable(
      'CREATOR_COOKIE_KEY differs from the key it was saved with, or the stored value was altered',
      cause,
    );
  }
}

function unreadable(why: string, cause?: unknown): UserError {
  return new UserError(
    'config',
    `A saved creator cookie cannot be decrypted: ${why}.`,
    'Restore the CREATOR_COOKIE_KEY the cookie was saved with, or have an approver run `/creative-score creator add <name>` again with a fresh cookie.',
    cause === undefined ? undefined : { cause },
  );
}
