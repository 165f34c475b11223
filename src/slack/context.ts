import type { AckFn, RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { ProgressEvent, ScoreResult } from '../analysis/types.js';
import type { VideoReference } from '../creators/links.js';
import type { Services } from '../services.js';
import type { Logger } from '../util/logger.js';
import type { CommandRequest } from './command-text.js';

/**
 * What listeners need: the services (core) plus optional features. Listeners translate between Slack and
 * these services; they hold no business logic of their own.
 */
export interface BotContext {
  services: Services;
  logger: Logger;
  background: BackgroundTasks;
  /** posts JSON to a response_url (injectable for tests) */
  postResponse?: (url: string, body: unknown) => Promise<void>;
  /** extra features wired in by app.ts when available */
  features: BotFeatures;
}

// Optional features register themselves here (leaderboard, creators, doctor) so the core Slack door stays small.
export interface BotFeatures {
  /** sub-commands served by optional features (creator mode, doctor) */
  commands?: Partial<Record<CommandRequest['kind'], FeatureCommand>>;
  /** scores an organic TikTok video, by item id or share link (creator mode) */
  scoreOrganic?: (
    video: VideoReference,
    options: { refresh?: boolean; onProgress?: (event: ProgressEvent) => void },
  ) => Promise<ScoreResult>;
  leaderboard?: {
    /** builds a leaderboard for `days` and posts it in `channel`, reporting progress */
    postNow(options: {
      channel: string;
      days: number | null;
      onProgress?: (p: { analysed: number; total: number }) => void;
    }): Promise<{ messageTs: string | null }>;
  };
}

/** Work that runs after the 3-second ack. Tracked so tests and shutdown can wait for it. */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(name: string, task: () => Promise<void>): void {
    const p = Promise.resolve()
      .then(task)
      .catch((err: unknown) => this.logger.error(`background task "${name}" failed:`, err))
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when every task (including ones started meanwhile) has settled. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

export function isApprover(services: Services, userId: string): boolean {
  const approvers = services.config.slack.decisionApprovers;
  return approvers.length === 0 || approvers.includes(userId);
}

export interface FeatureCommandArgs {
  ack: AckFn<string | RespondArguments>;
  command: SlashCommand;
  client: WebClient;
  respond: RespondFn;
  request: CommandRequest;
  ctx: BotContext;
}

export type FeatureCommand = (args: FeatureCommandArgs) => Promise<void>;
