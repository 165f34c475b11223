import type { WebClient } from '@slack/web-api';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { hasImages, withoutImages } from './blocks/images.js';
import type { SlackMessage } from './blocks/types.js';
import { CANNOT_POST, retryAfterMs, slackErrorCode } from './errors.js';
import { postJson } from './response-url.js';

/** A response_url accepts at most 5 posts within 30 minutes. */
const RESPONSE_URL_BUDGET = 5;

export interface LiveMessageDeps {
  client: WebClient;
  channel: string;
  /** the slash command's response_url, used when the bot cannot post in the channel */
  responseUrl: string | null;
  clock: Clock;
  logger: Logger;
  /** minimum time between two edits (Slack's chat.update is Tier 3) */
  minIntervalMs?: number;
  /** the first progress message waits this long, so a quick (cached) answer is posted once, directly */
  firstPostDelayMs?: number;
  /** posts to the response_url (injected for tests; defaults to fetch) */
  postResponse?: (url: string, body: unknown) => Promise<void>;
}

/**
 * One channel message that shows progress and then becomes the final answer.
 * - chat.postMessage once, then chat.update, throttled (≥ minIntervalMs between edits) and coalesced (only the
 *   latest state is sent, and never while an edit is still under way, however slow or rate-limited);
 * - when the bot cannot post in the channel (not a member, DM), falls back to the response_url with
 *   replace_original, keeping its 5-use budget (the last use is reserved for the final answer);
 * - a failed progress edit is logged and skipped; the final answer is retried, without its images when Slack could
 *   not fetch them (`invalid_blocks`).
 */
export class LiveMessage {
  private mode: 'pending' | 'chat' | 'response_url' = 'pending';
  private ts: string | null = null;
  /** when the last post or edit was attempted; null before the first */
  private lastSent: number | null = null;
  private latest: SlackMessage | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> = Promise.resolve();
  /** a progress edit is queued or under way: the next one is scheduled when it settles */
  private inFlight = false;
  private responseUses = 0;
  private finished = false;
  private readonly minInterval: number;
  private readonly firstDelay: number;
  private readonly createdAt: number;

  constructor(private readonly deps: LiveMessageDeps) {
    this.minInterval = deps.minIntervalMs ?? 1500;
    this.firstDelay = deps.firstPostDelayMs ?? 800;
    this.createdAt = deps.clock.now();
  }

  /** The channel message timestamp once posted (null in response_url mode). */
  get messageTs(): string | null {
    return this.ts;
  }

  get usedResponseUrl(): boolean {
    return this.mode === 'response_url';
  }

  /** Shows a progress state (coalesced and throttled). */
  progress(message: SlackMessage): void {
    if (this.finished) return;
    this.latest = message;
    this.schedule();
  }

  /** Arms one timer for the latest state, unless one is armed or an edit is under way (it re-arms when done). */
  private schedule(): void {
    if (this.timer || this.inFlight || this.finished || !this.latest) return;
    const now = this.deps.clock.now();
    const earliest = this.lastSent === null ? this.createdAt + this.firstDelay : this.lastSent + this.minInterval;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        const next = this.latest;
        this.latest = null;
        if (!next || this.finished) return;
        this.inFlight = true;
        this.enqueue(async () => {
          try {
            await this.send(next, false);
          } finally {
            // A failed edit also counts as one, so the next waits its turn instead of hammering Slack.
            this.lastSent = this.deps.clock.now();
            this.inFlight = false;
            this.schedule();
          }
        });
      },
      Math.max(0, earliest - now),
    );
  }

  /**
   * Shows the final answer. Resolves true when Slack has it, false when every attempt failed (logged), so the
   * caller can still reach the user another way.
   */
  async finish(message: SlackMessage): Promise<boolean> {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.latest = null;
    let delivered = false;
    this.enqueue(async () => {
      await this.send(message, true);
      delivered = true;
    });
    await this.sending;
    return delivered;
  }

  private enqueue(task: () => Promise<void>): void {
    this.sending = this.sending
      .then(task)
      .catch((err: unknown) => this.deps.logger.warn('slack message update failed:', err));
  }

  private async send(message: SlackMessage, final: boolean): Promise<void> {
    const attempts = final ? 3 : 1;
    let current = message;
    for (let i = 0; i < attempts; i++) {
      try {
        await this.sendOnce(current, final);
        this.lastSent = this.deps.clock.now();
        return;
      } catch (err) {
        const code = slackErrorCode(err);
        if (this.mode === 'pending' && code && CANNOT_POST.has(code) && this.deps.responseUrl) {
          this.mode = 'response_url';
          i--; // the switch itself is not a failed attempt
          continue;
        }
        if (code === 'invalid_blocks' && hasImages(current.blocks)) {
          // Slack could not fetch an image (an expired or blocked cover link): the message goes without it.
          this.deps.logger.warn('Slack refused the message blocks; sending it again without images');
          current = { ...current, blocks: withoutImages(current.blocks) };
          i--;
          continue;
        }
        if (i === attempts - 1) throw err;
        await this.deps.clock.sleep(retryAfterMs(err) ?? 1000 * (i + 1));
      }
    }
  }

  private async sendOnce(message: SlackMessage, final: boolean): Promise<void> {
    const { client, channel } = this.deps;
    if (this.mode === 'pending') {
      const res = await client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
      });
      this.ts = res.ts ?? null;
      this.mode = 'chat';
      return;
    }
    if (this.mode === 'chat' && this.ts) {
      await client.chat.update({ channel, ts: this.ts, text: message.text, blocks: message.blocks });
      return;
    }
    // response_url mode: keep the last use for the final answer; only posts Slack took count.
    if (!this.deps.responseUrl) return;
    if (this.responseUses >= (final ? RESPONSE_URL_BUDGET : RESPONSE_URL_BUDGET - 1)) {
      if (final) throw new Error('the response_url has no uses left for the answer');
      return;
    }
    await (this.deps.postResponse ?? postJson)(this.deps.responseUrl, {
      response_type: 'ephemeral',
      replace_original: true,
      text: message.text,
      blocks: message.blocks,
    });
    this.responseUses++;
  }
}
