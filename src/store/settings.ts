import type { z } from 'zod';
import type { Db } from './db.js';
import { readJson } from './json.js';

/** Small key/value facts the bot learns and remembers (detected Mavera shape, advertiser info). */
export class SettingsTable {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string; updated_at: number }>(
      'SELECT value, updated_at FROM settings WHERE key = ?',
    );
    this.setStmt = db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
  }

  get(key: string): string | null {
    return this.getStmt.get(key)?.value ?? null;
  }

  /** The JSON value of `key` checked against `schema`; null when absent or older than `maxAgeMs`. */
  getJson<S extends z.ZodType>(schema: S, key: string, maxAgeMs?: number, now = Date.now()): z.output<S> | null {
    const row = this.getStmt.get(key);
    if (!row) return null;
    if (maxAgeMs !== undefined && now - row.updated_at > maxAgeMs) return null;
    return readJson(schema, row.value, `settings[${key}]`);
  }

  set(key: string, value: string, now = Date.now()): void {
    this.setStmt.run(key, value, now);
  }

  setJson(key: string, value: unknown, now = Date.now()): void {
    this.set(key, JSON.stringify(value), now);
  }
}
