import { AnalysesTable } from './analyses.js';
import { CreatorsTable } from './creators.js';
import { type Db, openDatabase } from './db.js';
import { DecisionsTable } from './decisions.js';
import { JobsTable } from './jobs.js';
import { LeaderboardRunsTable } from './leaderboard-runs.js';
import { MetricSnapshotsTable } from './metric-snapshots.js';
import { PendingRepliesTable } from './pending-replies.js';
import { SettingsTable } from './settings.js';
import { UsageTable } from './usage.js';

/** The SQLite store: one module per table, all sharing one connection. */
export class Store {
  readonly settings: SettingsTable;
  readonly analyses: AnalysesTable;
  readonly jobs: JobsTable;
  readonly decisions: DecisionsTable;
  readonly usage: UsageTable;
  readonly leaderboardRuns: LeaderboardRunsTable;
  readonly metricSnapshots: MetricSnapshotsTable;
  readonly creators: CreatorsTable;
  readonly pendingReplies: PendingRepliesTable;

  constructor(readonly db: Db) {
    this.settings = new SettingsTable(db);
    this.analyses = new AnalysesTable(db);
    this.jobs = new JobsTable(db);
    this.decisions = new DecisionsTable(db);
    this.usage = new UsageTable(db);
    this.leaderboardRuns = new LeaderboardRunsTable(db);
    this.metricSnapshots = new MetricSnapshotsTable(db);
    this.creators = new CreatorsTable(db);
    this.pendingReplies = new PendingRepliesTable(db);
  }

  static open(path: string): Store {
    return new Store(openDatabase(path));
  }

  /**
   * Runs `fn` in one transaction (a logical write). `immediate` takes the write lock before `fn` reads, so a decision
   * made on what it read (a budget check, say) cannot race another process's write.
   */
  transaction<T>(fn: () => T, options: { immediate?: boolean } = {}): T {
    const tx = this.db.transaction(fn);
    return options.immediate ? tx.immediate() : tx();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
