import type { Config } from '../config.js';
import { UserError } from '../errors.js';
import type { DecisionInput, DecisionRow } from '../store/decisions.js';
import type { Store } from '../store/index.js';
import type { Clock } from '../util/clock.js';
import { type SnapshotDeps, takeSnapshot } from './snapshot.js';

export interface DecisionServiceDeps extends SnapshotDeps {
  store: Pick<Store, 'decisions'>;
  clock: Clock;
  config: Pick<Config, 'scoring' | 'slack'>;
}

/**
 * One Scale / Kill decision as a door received it (a button press, later the CLI or the web): the row without what
 * the service adds (the ad's name and the snapshot, whose analysis is read through `videoId`).
 */
export type DecisionRequest = Omit<DecisionInput, 'adName' | 'snapshot'>;

/** Someone who is not in DECISION_APPROVERS tried to decide; nothing was recorded. */
export class NotApproverError extends UserError {
  constructor(readonly approvers: readonly string[]) {
    super(
      'not_allowed',
      'Only approvers can log Kill/Scale decisions, so nothing was recorded.',
      `Ask one of the approvers (${approvers.join(', ')}) to decide.`,
    );
  }
}

/** What a Scale / Kill decision can be about: a TikTok ad id, or `video:<item_id>` for an organic video. */
const DECIDABLE = /^(\d{5,25}|video:\d{6,25})$/;

/**
 * The Scale / Kill decision log: who may decide (DECISION_APPROVERS; everyone when empty), a snapshot of the scores
 * and metrics the decision was taken on, and one row per decision (a repeated press adds nothing). The doors (the
 * Kill button, later the CLI and the web) ask this service and render its answer.
 */
export class DecisionService {
  constructor(private readonly deps: DecisionServiceDeps) {}

  /** The approvers' user ids; empty means everyone may decide. */
  get approvers(): readonly string[] {
    return this.deps.config.slack.decisionApprovers;
  }

  /** True when `userId` may decide (and run the approver-only commands). */
  isApprover(userId: string): boolean {
    return this.approvers.length === 0 || this.approvers.includes(userId);
  }

  /**
   * Records a decision with its snapshot. Throws a `bad_input` UserError for a subject that is neither an ad id nor
   * `video:<item_id>`, and NotApproverError for someone who may not decide (in both cases nothing is recorded).
   * `created` is false when the same decision was already recorded for the same message.
   */
  async record(request: DecisionRequest): Promise<{ row: DecisionRow; created: boolean }> {
    if (!DECIDABLE.test(request.adId))
      throw new UserError(
        'bad_input',
        `"${request.adId.slice(0, 40)}" is not an ad id or a video:<item_id>.`,
        'Decide on an ad id from TikTok Ads Manager, or on an organic video scored by the bot.',
      );
    if (!this.isApprover(request.userId)) throw new NotApproverError(this.approvers);
    const snapshot = await takeSnapshot(this.deps, request.adId, request.videoId);
    const { store, clock, logger } = this.deps;
    const recorded = store.decisions.record({ ...request, adName: snapshot.adName, snapshot }, clock.now());
    logger.info(
      `${request.decision} ${recorded.created ? 'logged' : 'already logged'} for ad ${request.adId} by ${request.userId}`,
    );
    return recorded;
  }

  /** The latest decisions, newest first, for one ad (or `video:<item_id>`) or all. */
  recent(limit: number, adId?: string): DecisionRow[] {
    return this.deps.store.decisions.recent(limit, adId);
  }
}
