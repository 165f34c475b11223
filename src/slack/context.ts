import type { Services } from '../services.js';
import type { Logger } from '../util/logger.js';

/**
 * What listeners need: the services (the core) and the door's own plumbing. Listeners translate between Slack and
 * the services; they hold no business logic of their own.
 */
export interface BotContext {
  services: Services;
  logger: Logger;
  background: BackgroundTasks;
  /** posts JSON to a response_url (injectable for tests) */
  postResponse?: (url: string, body: unknown) => Promise<void>;
  /** where the leaderboard chart PNG is also written (the demo) */
  chartPath?: string;
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
