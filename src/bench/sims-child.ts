/**
 * Child process of the benchmark: runs the TikTok, Mavera and Slack simulators, and plays Slack's part in sending
 * signed slash commands. Driven by `Sims` (sims.ts) over the IPC channel; see there for the protocol.
 */
import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { type MaveraSimulator, startMaveraSimulator } from '../sandbox/mavera.js';
import { commandBody, signedHeaders } from '../sandbox/signed-requests.js';
import { type SlackSimulator, startSlackSimulator } from '../sandbox/slack.js';
import { startTikTokSimulator, type TikTokSimulator } from '../sandbox/tiktok.js';
import { addSampleAd, addSampleVideo, createSampleAccount } from '../sandbox/tiktok-data.js';
import type {
  BurstRequest,
  BurstResult,
  SimAd,
  SimCounts,
  SimsAnswer,
  SimsInfo,
  SimsRequest,
  SimsSpec,
} from './sims.js';

let tiktok: TikTokSimulator | null = null;
let mavera: MaveraSimulator | null = null;
let slack: SlackSimulator | null = null;

async function start(spec: SimsSpec): Promise<SimsInfo> {
  const account = createSampleAccount({ ads: 0, seed: spec.seed ?? 1 });
  const ads: SimAd[] = [];
  for (let i = 0; i < spec.ads; i++) {
    const ad = addSampleAd(account);
    const video = account.videos.find((v) => v.videoId === ad.videoId);
    ads.push({ adId: ad.adId, videoId: ad.videoId as string, sizeBytes: video?.sizeBytes ?? 0 });
  }
  const bigAds: SimAd[] = [];
  for (const sizeBytes of spec.bigVideos ?? []) {
    const video = addSampleVideo(account, { sizeBytes, durationS: 45 });
    const ad = addSampleAd(account, { videoId: video.videoId });
    bigAds.push({ adId: ad.adId, videoId: video.videoId, sizeBytes });
  }
  // No simulated QPS limit: the bot's own limiter (TIKTOK_MAX_QPS) is what paces it.
  tiktok = await startTikTokSimulator({ account, maxQps: null });
  mavera = await startMaveraSimulator({ analysisDurationMs: spec.analysisDurationMs });
  slack = spec.slack ? await startSlackSimulator() : null;
  return {
    tiktok: { url: tiktok.url, accessToken: tiktok.accessToken, advertiserId: tiktok.advertiserId },
    mavera: { url: mavera.url, apiKey: mavera.apiKey, workspaceId: mavera.workspaceId },
    slack: slack
      ? {
          apiUrl: slack.url.replace(/\/+$/, ''),
          botToken: slack.botToken,
          botId: slack.botId,
          botUserId: slack.botUserId,
          responseUrlBase: slack.responseUrl(''),
        }
      : null,
    ads,
    bigAds,
  };
}

function tiktokEndpoint(path: string): string {
  if (path.startsWith('/cdn/')) return `cdn/${path.split('/')[2] ?? ''}`;
  return path.replace(/^\/open_api\/v1\.3\//, '').replace(/\/+$/, '');
}

function counts(): SimCounts {
  const byEndpoint: Record<string, number> = {};
  for (const c of tiktok?.calls ?? []) {
    const key = tiktokEndpoint(c.path);
    byEndpoint[key] = (byEndpoint[key] ?? 0) + 1;
  }
  const byMethod: Record<string, number> = {};
  for (const c of slack?.calls ?? []) byMethod[c.method] = (byMethod[c.method] ?? 0) + 1;
  return {
    tiktok: byEndpoint,
    mavera: mavera ? { ...mavera.stats } : { uploads: 0, uploadBytes: 0, analysesCreated: 0, polls: 0, requests: 0 },
    slack: byMethod,
    slackResponses: slack?.responses.length ?? 0,
    slackMessages: slack?.messages.length ?? 0,
  };
}

/** One POST on a fresh connection (as Slack's senders do); resolves with the status and body once complete. */
function post(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Every command is signed first, then all are sent at once; each is timed from its own send to its answer. */
async function burst(b: BurstRequest): Promise<BurstResult> {
  const url = new URL(b.url);
  const prepared = b.texts.map((text, i) => {
    const body = commandBody({
      text,
      response_url: `${b.responseUrlBase}${encodeURIComponent(`${b.responsePrefix}-${i}`)}`,
      user_id: 'U0BENCH001',
      channel_id: 'C0BENCH01',
    });
    return { body, headers: signedHeaders(b.secret, body) };
  });
  const first = performance.now();
  const results = await Promise.all(
    prepared.map(async ({ body, headers }) => {
      const t0 = performance.now();
      const res = await post(url, headers, body);
      const end = performance.now();
      return { ms: end - t0, status: res.status, text: res.text, end };
    }),
  );
  return {
    latenciesMs: results.map((r) => r.ms),
    statuses: results.map((r) => r.status),
    ackTexts: results.filter((r) => r.text.includes('Scoring ad')).length,
    spanMs: Math.max(...results.map((r) => r.end)) - first,
  };
}

async function handle(request: SimsRequest): Promise<unknown> {
  switch (request.cmd) {
    case 'start':
      return start(request.spec);
    case 'counts':
      return counts();
    case 'setAnalysisDurationMs':
      mavera?.setAnalysisDurationMs(request.ms);
      return null;
    case 'burst':
      return burst(request.burst);
    case 'close':
      await Promise.all([tiktok?.close(), mavera?.close(), slack?.close()]);
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (raw) => {
  const { id, ...request } = raw as SimsRequest & { id: number };
  handle(request as SimsRequest).then(
    (result) => process.send?.({ id, ok: true, result } satisfies SimsAnswer),
    (err: unknown) =>
      process.send?.({ id, ok: false, error: err instanceof Error ? err.message : String(err) } satisfies SimsAnswer),
  );
});
// The parent went away: stop too.
process.on('disconnect', () => process.exit(0));
