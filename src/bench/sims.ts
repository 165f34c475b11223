import { type ChildProcess, fork } from 'node:child_process';
import type { MaveraSimulatorStats } from '../sandbox/mavera.js';

/**
 * The outside world of a benchmark — TikTok (API + CDN), Mavera and Slack simulators — runs in a child process
 * (`sims-child.js`), so the bot's process does only the bot's work: its CPU time and RSS are its own. The parent
 * talks to the child over the IPC channel; every call below is one request/answer pair.
 */

export interface SimsSpec {
  /** plain single-video ads, each with its own small (100–400 KB) video */
  ads: number;
  /** extra video ads whose videos have exactly these sizes in bytes (streamed by the CDN, never held) */
  bigVideos?: number[];
  /** how long one Mavera analysis takes, real ms */
  analysisDurationMs: number;
  /** start the Slack Web API simulator too */
  slack?: boolean;
  /** sample-account seed (deterministic data) */
  seed?: number;
}

export interface SimAd {
  adId: string;
  videoId: string;
  sizeBytes: number;
}

export interface SimsInfo {
  tiktok: { url: string; accessToken: string; advertiserId: string };
  mavera: { url: string; apiKey: string; workspaceId: string };
  slack: {
    apiUrl: string;
    botToken: string;
    botId: string;
    botUserId: string;
    /** append an id to get a response_url on the simulator */
    responseUrlBase: string;
  } | null;
  /** the plain ads first, then one ad per big video */
  ads: SimAd[];
  bigAds: SimAd[];
}

export interface SimCounts {
  /** TikTok requests by endpoint (`ad/get`, `file/video/ad/info`, `report/integrated/get`, `advertiser/info`, `cdn/video`…) */
  tiktok: Record<string, number>;
  mavera: MaveraSimulatorStats;
  /** Slack Web API calls by method */
  slack: Record<string, number>;
  /** posts to response_url */
  slackResponses: number;
  /** channel messages currently held (chat.update edits in place) */
  slackMessages: number;
}

export interface BurstRequest {
  /** the bot's `/slack/events` URL */
  url: string;
  secret: string;
  /** command texts, all sent at once */
  texts: string[];
  /** the Slack simulator's response_url base; ids are `${responsePrefix}-${i}` */
  responseUrlBase: string;
  responsePrefix: string;
}

export interface BurstResult {
  /** per request: ms from sending to the complete HTTP answer */
  latenciesMs: number[];
  statuses: number[];
  /** how many answers carried the "Scoring ad …" ack text */
  ackTexts: number;
  /** ms from the first send to the last answer */
  spanMs: number;
}

export type SimsRequest =
  | { cmd: 'start'; spec: SimsSpec }
  | { cmd: 'counts' }
  | { cmd: 'setAnalysisDurationMs'; ms: number }
  | { cmd: 'burst'; burst: BurstRequest }
  | { cmd: 'close' };

export interface SimsAnswer {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** Subtracts two count snapshots (after − before). */
export function diffCounts(after: SimCounts, before: SimCounts): SimCounts {
  const sub = (a: Record<string, number>, b: Record<string, number>) => {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(a)) {
      const d = v - (b[k] ?? 0);
      if (d !== 0) out[k] = d;
    }
    return out;
  };
  const m = after.mavera;
  const n = before.mavera;
  return {
    tiktok: sub(after.tiktok, before.tiktok),
    mavera: {
      uploads: m.uploads - n.uploads,
      uploadBytes: m.uploadBytes - n.uploadBytes,
      analysesCreated: m.analysesCreated - n.analysesCreated,
      polls: m.polls - n.polls,
      requests: m.requests - n.requests,
    },
    slack: sub(after.slack, before.slack),
    slackResponses: after.slackResponses - before.slackResponses,
    slackMessages: after.slackMessages - before.slackMessages,
  };
}

export const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** TikTok API calls only (CDN downloads left out). */
export const tiktokApiCalls = (counts: Record<string, number>): number =>
  Object.entries(counts)
    .filter(([k]) => !k.startsWith('cdn/'))
    .reduce((a, [, v]) => a + v, 0);

/** A running simulator child process. */
export class Sims {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited = false;
  private started: SimsInfo | null = null;

  private constructor(private readonly child: ChildProcess) {}

  static async start(spec: SimsSpec): Promise<Sims> {
    const sims = Sims.spawn();
    try {
      sims.started = (await sims.call({ cmd: 'start', spec })) as SimsInfo;
    } catch (err) {
      sims.kill();
      throw err;
    }
    return sims;
  }

  /** URLs, credentials and ads of the started simulators. */
  get info(): SimsInfo {
    if (!this.started) throw new Error('this child runs no simulators (Sims.client())');
    return this.started;
  }

  /**
   * A child with no simulators, used only to send bursts of slash commands: Slack's side of P1, on its own
   * event loop, so serving the bot's API calls never delays a send or the reading of an ack.
   */
  static client(): Sims {
    return Sims.spawn();
  }

  private static spawn(): Sims {
    const child = fork(new URL('./sims-child.js', import.meta.url), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const sims = new Sims(child);
    child.on('message', (raw) => sims.onMessage(raw as SimsAnswer));
    child.on('exit', (code, signal) => {
      sims.exited = true;
      for (const p of sims.pending.values()) p.reject(new Error(`simulator process exited (${signal ?? code})`));
      sims.pending.clear();
    });
    return sims;
  }

  counts(): Promise<SimCounts> {
    return this.call({ cmd: 'counts' }) as Promise<SimCounts>;
  }

  setAnalysisDurationMs(ms: number): Promise<void> {
    return this.call({ cmd: 'setAnalysisDurationMs', ms }).then(() => undefined);
  }

  /** Sends signed slash commands to the bot all at once, from this child process. */
  burst(burst: BurstRequest): Promise<BurstResult> {
    return this.call({ cmd: 'burst', burst }) as Promise<BurstResult>;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.call({ cmd: 'close' }).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  /** Last resort on an abnormal exit of the parent. */
  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  private call(request: SimsRequest): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error('simulator process is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, ...request });
    });
  }

  private onMessage(answer: SimsAnswer): void {
    const p = this.pending.get(answer.id);
    if (!p) return;
    this.pending.delete(answer.id);
    if (answer.ok) p.resolve(answer.result);
    else p.reject(new Error(answer.error ?? 'simulator call failed'));
  }
}
