import type { Db } from './db.js';

export interface CreatorRow {
  name: string;
  /** AES-256-GCM blob; the plain cookie is never stored */
  cookieEnc: string;
  tiktokUser: string | null;
  addedBy: string;
  addedAt: number;
}

interface Row {
  name: string;
  cookie_enc: string;
  tiktok_user: string | null;
  added_by: string;
  added_at: number;
}

const fromRow = (r: Row): CreatorRow => ({
  name: r.name,
  cookieEnc: r.cookie_enc,
  tiktokUser: r.tiktok_user,
  addedBy: r.added_by,
  addedAt: r.added_at,
});

/** Registered TikTok Shop creators (creator mode). */
export class CreatorsTable {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      upsert: db.prepare(`
        INSERT INTO creators (name, cookie_enc, tiktok_user, added_by, added_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(name) DO UPDATE SET cookie_enc = excluded.cookie_enc, tiktok_user = excluded.tiktok_user,
          added_by = excluded.added_by, added_at = excluded.added_at`),
      get: db.prepare<[string], Row>('SELECT * FROM creators WHERE name = ?'),
      list: db.prepare<[], Row>('SELECT * FROM creators ORDER BY name'),
      remove: db.prepare('DELETE FROM creators WHERE name = ?'),
    };
  }

  upsert(row: CreatorRow): void {
    this.stmts.upsert.run(row.name, row.cookieEnc, row.tiktokUser, row.addedBy, row.addedAt);
  }

  get(name: string): CreatorRow | null {
    const r = this.stmts.get.get(name);
    return r ? fromRow(r) : null;
  }

  list(): CreatorRow[] {
    return this.stmts.list.all().map(fromRow);
  }

  remove(name: string): boolean {
    return this.stmts.remove.run(name).changes > 0;
  }
}
