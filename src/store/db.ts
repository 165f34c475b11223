import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

/**
 * Opens (creating when needed) the SQLite file in WAL mode and applies every pending numbered migration,
 * each in its own transaction (so two processes opening a new file at once apply each one once).
 * `:memory:` works for throwaway stores.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  let count = 0;
  for (const m of MIGRATIONS) {
    // Checked under the write lock: another process opening the same file may have applied it a moment ago.
    const applied = db
      .transaction(() => {
        if (isApplied.get(m.version)) return false;
        db.exec(m.sql);
        record.run(m.version, m.name, Date.now());
        return true;
      })
      .immediate();
    if (applied) count++;
  }
  return count;
}
