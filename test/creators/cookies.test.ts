import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptCookie, encryptCookie, parseCookieKey } from '../../src/creators/cookies.js';
import { UserError } from '../../src/errors.js';

const HEX_KEY = randomBytes(32).toString('hex');
const COOKIE = 'sessionid=sim-creator-ava-5d1e8f0a93b7c246; tt_csrf_token=abc; msToken=xyz==';

describe('creator cookie encryption', () => {
  it('round-trips with a hex key and a base64 key', () => {
    const blob = encryptCookie(COOKIE, HEX_KEY);
    expect(decryptCookie(blob, HEX_KEY)).toBe(COOKIE);
    const b64 = Buffer.from(HEX_KEY, 'hex').toString('base64');
    expect(decryptCookie(blob, b64)).toBe(COOKIE);
    expect(decryptCookie(encryptCookie(COOKIE, b64), HEX_KEY)).toBe(COOKIE);
  });

  it('writes v1:<iv>:<tag>:<ciphertext> with a fresh IV and no trace of the cookie', () => {
    const a = encryptCookie(COOKIE, HEX_KEY);
    const b = encryptCookie(COOKIE, HEX_KEY);
    expect(a).not.toBe(b);
    const [version, iv, tag, data] = a.split(':');
    expect(version).toBe('v1');
    expect(Buffer.from(iv as string, 'base64')).toHaveLength(12);
    expect(Buffer.from(tag as string, 'base64')).toHaveLength(16);
    expect(Buffer.from(data as string, 'base64')).toHaveLength(Buffer.byteLength(COOKIE));
    expect(a).not.toContain('sessionid');
    expect(a).not.toContain('sim-creator');
    expect(Buffer.from(data as string, 'base64').toString('utf8')).not.toContain('sessionid');
  });

  it('detects tampering and a wrong key', () => {
    const blob = encryptCookie(COOKIE, HEX_KEY);
    const [v, iv, tag, data] = blob.split(':') as [string, string, string, string];
    const bytes = Buffer.from(data, 'base64');
    bytes[0] = (bytes[0] as number) ^ 1;
    const tampered = [v, iv, tag, bytes.toString('base64')].join(':');
    expect(() => decryptCookie(tampered, HEX_KEY)).toThrow(/cannot be decrypted/);
    const otherKey = randomBytes(32).toString('hex');
    expect(() => decryptCookie(blob, otherKey)).toThrow(UserError);
    // A truncated tag must not be accepted.
    const shortTag = [v, iv, Buffer.from(tag, 'base64').subarray(0, 4).toString('base64'), data].join(':');
    expect(() => decryptCookie(shortTag, HEX_KEY)).toThrow(/format/);
    expect(() => decryptCookie('not-a-blob', HEX_KEY)).toThrow(/format/);
    expect(() => decryptCookie(`v2:${iv}:${tag}:${data}`, HEX_KEY)).toThrow(/format/);
  });

  it('error messages never contain the cookie or the key', () => {
    const blob = encryptCookie(COOKIE, HEX_KEY);
    try {
      decryptCookie(blob, randomBytes(32).toString('hex'));
      expect.unreachable();
    } catch (e) {
      const err = e as UserError;
      expect(err.code).toBe('config');
      expect(`${err.message} ${err.hint}`).not.toContain(HEX_KEY);
      expect(`${err.message} ${err.hint}`).not.toContain('sessionid');
    }
  });

  it('rejects bad keys', () => {
    expect(parseCookieKey(HEX_KEY)).toHaveLength(32);
    expect(parseCookieKey(Buffer.from(HEX_KEY, 'hex').toString('base64url'))).toHaveLength(32);
    for (const bad of [
      '',
      'abc',
      'z'.repeat(64),
      randomBytes(16).toString('hex'),
      randomBytes(31).toString('base64'),
    ]) {
      expect(() => parseCookieKey(bad)).toThrow(/CREATOR_COOKIE_KEY/);
    }
    expect(() => encryptCookie(COOKIE, 'short')).toThrow(UserError);
  });
});
