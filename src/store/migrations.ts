/** Numbered, append-only schema migrations. Never edit a released one: add the next number. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'core tables',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      -- One finished analysis per video (the cache). video_key = 'ad:<video_id>' or 'organic:<item_id>'.
      CREATE TABLE analyses (
        video_key TEXT PRIMARY KEY,
        source TEXT NOT NULL CHECK (source IN ('ad', 'organic')),
        video_id TEXT NOT NULL,
        signature TEXT,
        duration_s REAL,
        size_bytes INTEGER,
        mavera_shape TEXT NOT NULL,
        mavera_file_id TEXT,
        analysis_id TEXT NOT NULL,
        hook_score REAL,
        emotion_intensity_avg REAL,
        cognitive_load_avg REAL,
        analysis_json TEXT NOT NULL,
        raw_json TEXT NOT NULL,
        credits_estimated INTEGER NOT NULL,
        analysed_at INTEGER NOT NULL
      );

      -- Durable analysis jobs: queued -> downloading -> uploading -> analysing -> done | failed.
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        video_key TEXT NOT NULL,
        source TEXT NOT NULL,
        video_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'downloading', 'uploading', 'analysing', 'done', 'failed')),
        context_json TEXT NOT NULL,
        mavera_shape TEXT,
        mavera_file_id TEXT,
        mavera_file_url TEXT,
        analysis_id TEXT,
        analysis_started_at INTEGER,
        error_code TEXT,
        error_message TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX jobs_one_active_per_video ON jobs (video_key) WHERE state NOT IN ('done', 'failed');
      CREATE INDEX jobs_state ON jobs (state);

      CREATE TABLE decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ad_id TEXT NOT NULL,
        ad_name TEXT NOT NULL,
        video_id TEXT,
        decision TEXT NOT NULL CHECK (decision IN ('SCALE', 'KILL')),
        user_id TEXT NOT NULL,
        channel_id TEXT,
        message_ts TEXT,
        action_ts TEXT,
        snapshot_json TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX decisions_once_per_press ON decisions (ad_id, decision, user_id, IFNULL(channel_id, ''), IFNULL(message_ts, ''));
      CREATE INDEX decisions_by_ad ON decisions (ad_id, created_at);

      -- Mavera credit ledger: one row per new analysis (credits spent) or cache hit (credits saved).
      CREATE TABLE usage_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        month TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('analysis', 'cache_hit')),
        video_key TEXT NOT NULL,
        credits INTEGER NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX usage_by_month ON usage_events (month, kind);

      CREATE TABLE leaderboard_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        iso_week TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        trigger TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running', 'posted', 'failed')),
        start_date TEXT,
        end_date TEXT,
        message_ts TEXT,
        error_message TEXT,
        started_at INTEGER NOT NULL,
        finished_at INTEGER
      );
      CREATE UNIQUE INDEX leaderboard_one_post_per_week ON leaderboard_runs (iso_week, channel_id) WHERE state IN ('running', 'posted');

      -- Per-ad metrics captured by each leaderboard run: history accumulates week by week.
      CREATE TABLE metric_snapshots (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_key TEXT NOT NULL,
        ad_id TEXT NOT NULL,
        start_date TEXT NOT NULL,
        end_date TEXT NOT NULL,
        metrics_json TEXT NOT NULL,
        behavioural_score REAL,
        verdict TEXT,
        captured_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX metric_snapshots_once ON metric_snapshots (run_key, ad_id);
      CREATE INDEX metric_snapshots_by_ad ON metric_snapshots (ad_id, end_date);

      CREATE TABLE creators (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        cookie_enc TEXT NOT NULL,
        tiktok_user TEXT,
        added_by TEXT NOT NULL,
        added_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'pending Slack replies',
    sql: `
      -- A scoring request someone is waiting for in Slack. Delivered rows are kept briefly for the record; an
      -- undelivered one (the bot stopped mid-analysis) is answered again at the next start.
      CREATE TABLE pending_replies (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        subject TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        response_url TEXT,
        created_at INTEGER NOT NULL,
        delivered_at INTEGER
      );
      CREATE INDEX pending_replies_open ON pending_replies (delivered_at, created_at);
    `,
  },
];
