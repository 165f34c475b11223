import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, migrate, openDatabase } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations.js';

let dir: string | null = null;
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function versions(db: Db): number[] {
  return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map(
    (r) => r.version,
  );
}

describe('migrations', () => {
  it('apply once and are a no-op on the next open', () => {
    dir = mkdtempSync(join(tmpdir(), 'cs-migrations-'));
    const path = join(dir, 'db.sqlite');
    const first = openDatabase(path);
    open.push(first);
    expect(versions(first)).toEqual(MIGRATIONS.map((m) => m.version));
    first.close();
    const again = openDatabase(path);
    open.push(again);
    expect(migrate(again)).toBe(0);
    expect(versions(again)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('apply once when two processes open a new file at the same moment', () => {
    dir = mkdtempSync(join(tmpdir(), 'cs-migrations-'));
    const path = join(dir, 'db.sqlite');
    const other = new Database(path, { timeout: 0 });
    const mine = new Database(path);
    open.push(other, mine);
    // `other` migrates right after `mine` first looks at which migrations are applied (while it holds the write lock,
    // `other` cannot: in a real second process it would wait, here it gives up and retries below)
    let interleaved = false;
    const prepare = mine.prepare.bind(mine);
    mine.prepare = ((sql: string) => {
      const stmt = prepare(sql);
      if (!sql.includes('FROM schema_migrations')) return stmt;
      for (const method of ['all', 'get'] as const) {
        const run = stmt[method].bind(stmt) as (...args: unknown[]) => unknown;
        (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          const result = run(...args);
          if (!interleaved) {
            interleaved = true;
            try {
              migrate(other);
            } catch {
              // busy: `mine` holds the write lock
            }
          }
          return result;
        };
      }
      return stmt;
    }) as typeof mine.prepare;

    expect(() => migrate(mine)).not.toThrow();
    expect(interleaved).toBe(true);
    migrate(other);
    expect(versions(mine)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(versions(other)).toEqual(MIGRATIONS.map((m) => m.version));
  });
});
