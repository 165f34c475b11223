import type { WebClient } from '@slack/web-api';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { hasImages, withoutImages } from './blocks/images.js';
import type { SlackMessage } from './blocks/scorecard.js';

/** Errors that mean "the bot cannot post in this conversation": fall back to the command's response_url. */
const CANNOT_POST = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'cannot_dm_bot',
]);

/** True when Slack refused a post because the bot cannot post in that conversation. */
export function cannotPost(err: unknown): boolean {
  const code = slackErrorCode(err);
  return code !== null && CANNOT_POST.has(code);
}

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
    this.schedule();
  }

  /** Arms one timer for the latest state, unless one is armed or an edit is under way (it re-arms when done). */
  private schedule(): void {
    if (this.timer || this.inFlight || this.finished || !this.latest) return;
    const now = this.o.clock.now();
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
            this.lastSent = this.o.clock.now();
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
      .catch((err: unknown) => this.o.logger.warn('slack message update failed:', err));
  }

  private async send(message: SlackMessage, final: boolean): Promise<void> {
    const attempts = final ? 3 : 1;
    let current = message;
    for (let i = 0; i < attempts; i++) {
      try {
        await this.sendOnce(current, final);
        this.lastSent = this.o.clock.now();
        return;
      } catch (err) {
        const code = slackErrorCode(err);
        if (this.mode === 'pending' && code && CANNOT_POST.has(code) && this.o.responseUrl) {
          this.mode = 'response_url';
          i--; // the switch itself is not a failed attempt
          continue;
        }
        if (code === 'invalid_blocks' && hasImages(current.blocks)) {
          // Slack could not fetch an image (an expired or blocked cover link): the message goes without it.
          this.o.logger.warn('Slack refused the message blocks; sending it again without images');
          current = { ...current, blocks: withoutImages(current.blocks) };
          i--;
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
    // response_url mode: keep the last use for the final answer; only posts Slack took count.
    if (!this.o.responseUrl) return;
    if (this.responseUses >= (final ? RESPONSE_URL_BUDGET : RESPONSE_URL_BUDGET - 1)) {
      if (final) throw new Error('the response_url has no uses left for the answer');
      return;
    }
    await (this.o.postResponse ?? postJson)(this.o.responseUrl, {
      response_type: 'ephemeral',
      replace_original: true,
      text: message.text,
      blocks: message.blocks,
    });
    this.responseUses++;
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

/**
 * A response_url that refused a post. `data.error` carries Slack's reason (`invalid_blocks`, `used_url`,
 * `expired_url` …) the way a Web API error does, so `slackErrorCode` reads both.
 */
export class ResponseUrlError extends Error {
  override readonly name = 'ResponseUrlError';
  readonly data: { error: string };
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(`response_url answered HTTP ${status} (${reason})`);
    this.data = { error: reason };
  }
}

/** Posts to a response_url; gives up after `timeoutMs`, so a hung answer never holds a message's queue forever. */
export async function postJson(url: string, body: unknown, timeoutMs = 15_000): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (res.ok) return;
  const answer = (await res.text().catch(() => '')).trim();
  throw new ResponseUrlError(res.status, /^[a-z_]{1,64}$/.test(answer) ? answer : `http_${res.status}`);
}
