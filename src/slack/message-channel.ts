import type { WebClient } from '@slack/web-api';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { SlackMessage } from './blocks/scorecard.js';

/** Errors that mean "the bot cannot post in this conversation": fall back to the command's response_url. */
const CANNOT_POST = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'cannot_dm_bot',
]);
/** A response_url accepts at most 5 posts within 30 minutes. */
const RESPONSE_URL_BUDGET = 5;

export interface LiveMessageOptions {
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
 *   latest state is sent);
 * - when the bot cannot post in the channel (not a member, DM), falls back to the response_url with
 *   replace_original, keeping its 5-use budget (the last use is reserved for the final answer);
 * - a failed progress edit is logged and skipped; the final answer is retried.
 */
export class LiveMessage {
  private mode: 'pending' | 'chat' | 'response_url' = 'pending';
  private ts: string | null = null;
  private lastSent = 0;
  private latest: SlackMessage | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> = Promise.resolve();
  private responseUses = 0;
  private finished = false;
  private readonly minInterval: number;
  private readonly firstDelay: number;
  private readonly createdAt: number;

  constructor(private readonly o: LiveMessageOptions) {
    this.minInterval = o.minIntervalMs ?? 1500;
    this.firstDelay = o.firstPostDelayMs ?? 800;
    this.createdAt = o.clock.now();
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
    if (this.timer) return;
    const now = this.o.clock.now();
    const due =
      this.mode === 'pending' ? this.createdAt + this.firstDelay : Math.max(this.lastSent + this.minInterval, now);
    this.timer = setTimeout(
      () => {
        this.timer = null;
        const next = this.latest;
        this.latest = null;
        if (next && !this.finished) this.enqueue(() => this.send(next, false));
      },
      Math.max(0, due - now),
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
      .catch((err: unknown) => this.o.logger.warn('slack message update failed:', err));
  }

  private async send(message: SlackMessage, final: boolean): Promise<void> {
    const attempts = final ? 3 : 1;
    for (let i = 0; i < attempts; i++) {
      try {
        await this.sendOnce(message, final);
        this.lastSent = this.o.clock.now();
        return;
      } catch (err) {
        const code = slackErrorCode(err);
        if (this.mode === 'pending' && code && CANNOT_POST.has(code) && this.o.responseUrl) {
          this.mode = 'response_url';
          i--; // the switch itself is not a failed attempt
          continue;
        }
        if (i === attempts - 1) throw err;
        await this.o.clock.sleep(retryAfterMs(err) ?? 1000 * (i + 1));
      }
    }
  }

  private async sendOnce(message: SlackMessage, final: boolean): Promise<void> {
    const { client, channel } = this.o;
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
    // response_url mode: keep the last use for the final answer.
    if (!this.o.responseUrl) return;
    if (!final && this.responseUses >= RESPONSE_URL_BUDGET - 1) return;
    if (this.responseUses >= RESPONSE_URL_BUDGET) return;
    this.responseUses++;
    await (this.o.postResponse ?? postJson)(this.o.responseUrl, {
      response_type: 'ephemeral',
      replace_original: true,
      text: message.text,
      blocks: message.blocks,
    });
  }
}

export function slackErrorCode(err: unknown): string | null {
  const data = (err as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : null;
}

function retryAfterMs(err: unknown): number | null {
  const s = (err as { retryAfter?: unknown } | null)?.retryAfter;
  return typeof s === 'number' ? s * 1000 : null;
}

export async function postJson(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
}
