import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimsInfo } from './sims.js';

/**
 * The baseline of P2: what seed `001_…` (Cross-Creative Performance Leaderboard) does, as a sequential loop
 * against the same simulators. Per creative: `ad/get` for ONE ad, video info for ONE video, download the whole
 * file into memory and a temp file, multipart upload (`POST /assets`), `POST /video-analysis`, poll every 3 s,
 * then `time.sleep(1)`. The two sleeps are multiplied by `scale`, like the bot's poll interval in the measured runs.
 *
 * Where the seed is wrong on the wire it is corrected just enough to run (the bot's behaviour is not borrowed):
 * the report is `GET report/integrated/get/` with a query string (the seed POSTs to `reports/…`), and the download
 * link is the video's `preview_url` (the seed reads `video_url`, which the API does not have).
 * The seed stops at `rows[:15]`; here every row of the report is processed, like the leaderboard.
 */

export interface SeedLoopResult {
  wallMs: number;
  creatives: number;
  /** analyses that reported `completed` within the seed's 30 polls */
  completed: number;
  tiktokCalls: number;
  maveraCalls: number;
}

type Json = Record<string, unknown>;

const REPORT_METRICS = [
  'ad_name',
  'impressions',
  'clicks',
  'ctr',
  'conversion',
  'cost_per_conversion',
  'spend',
  'video_play_actions',
  'video_watched_2s',
  'video_watched_6s',
  'average_video_play_per_user',
];

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

export async function seedLoop(info: SimsInfo, scale: number): Promise<SeedLoopResult> {
  const TT_BASE = info.tiktok.url;
  const MV_BASE = info.mavera.url;
  const ADV = info.tiktok.advertiserId;
  const TT_H = { 'Access-Token': info.tiktok.accessToken };
  const MV_H = { Authorization: `Bearer ${info.mavera.apiKey}`, 'Content-Type': 'application/json' };
  let tiktokCalls = 0;
  let maveraCalls = 0;
  const tiktok = async (path: string, params: Record<string, string>): Promise<Json> => {
    tiktokCalls++;
    const res = await fetch(`${TT_BASE}/${path}?${new URLSearchParams(params)}`, { headers: TT_H });
    return (await res.json()) as Json;
  };
  const mavera = async (path: string, init: RequestInit = {}): Promise<Json> => {
    maveraCalls++;
    const res = await fetch(`${MV_BASE}${path}`, init);
    return (await res.json()) as Json;
  };

  const dir = await mkdtemp(join(tmpdir(), 'cs-bench-seed-'));
  const started = performance.now();
  let creatives = 0;
  let completed = 0;
  try {
    // 1. the integrated report, creative level
    const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    const report = await tiktok('report/integrated/get/', {
      advertiser_id: ADV,
      report_type: 'BASIC',
      data_level: 'AUCTION_AD',
      dimensions: JSON.stringify(['ad_id']),
      metrics: JSON.stringify(REPORT_METRICS),
      start_date: isoDay(today - 7 * 86_400_000),
      end_date: isoDay(today - 86_400_000),
      page_size: '1000',
      page: '1',
    });
    if (report.code !== 0) throw new Error(`TikTok report error: ${String(report.message)}`);
    const rows = ((report.data as Json | undefined)?.list ?? []) as Json[];

    // 2. for each creative, fetch its video and run the analysis — one at a time
    for (const row of rows) {
      const metrics = (row.metrics ?? {}) as Json;
      const adId = String((row.dimensions as Json | undefined)?.ad_id ?? '');
      const impressions = Number.parseInt(String(metrics.impressions ?? '0'), 10);
      if (impressions < 500) continue;

      const adDetail = await tiktok('ad/get/', {
        advertiser_id: ADV,
        filtering: JSON.stringify({ ad_ids: [adId] }),
        fields: JSON.stringify(['video_id', 'ad_name']),
      });
      const adInfo = (((adDetail.data as Json | undefined)?.list as Json[] | undefined) ?? [{}])[0] ?? {};
      const videoId = adInfo.video_id;
      if (typeof videoId !== 'string') continue;

      const vidInfo = await tiktok('file/video/ad/info/', {
        advertiser_id: ADV,
        video_ids: JSON.stringify([videoId]),
      });
      const video = (((vidInfo.data as Json | undefined)?.list as Json[] | undefined) ?? [{}])[0] ?? {};
      const videoUrl = video.preview_url;
      if (typeof videoUrl !== 'string') continue;
      creatives++;

      const vidBytes = Buffer.from(await (await fetch(videoUrl)).arrayBuffer());
      const tmpPath = join(dir, `${adId}.mp4`);
      await writeFile(tmpPath, vidBytes);

      const form = new FormData();
      form.append('file', new Blob([await readFile(tmpPath)], { type: 'video/mp4' }), `ad_${adId}.mp4`);
      const upload = await mavera('/assets', {
        method: 'POST',
        headers: { Authorization: MV_H.Authorization },
        body: form,
      });
      const analysis = await mavera('/video-analysis', {
        method: 'POST',
        headers: MV_H,
        body: JSON.stringify({
          asset_id: upload.id,
          analysis_types: ['hook_score', 'emotional_arc', 'pacing', 'cognitive_load'],
        }),
      });

      let status: Json = {};
      for (let i = 0; i < 30; i++) {
        await sleep(3000 * scale);
        status = await mavera(`/video-analysis/${String(analysis.id)}`, { headers: MV_H });
        if (status.status === 'completed') break;
      }
      if (status.status === 'completed') completed++;

      const results = (status.results ?? {}) as Record<string, Json | undefined>;
      const hook = Number(results.hook_score?.score ?? 0);
      const emotion = Number(results.emotional_arc?.intensity_avg ?? 0);
      const load = Number(results.cognitive_load?.average ?? 5);
      const ctr = Number.parseFloat(String(metrics.ctr ?? '0'));
      const behavioural = hook * 0.4 + emotion * 6 * 0.3 + (10 - load) * 10 * 0.3;
      row.verdict =
        behavioural > 60 && ctr > 1.5
          ? 'SCALE'
          : behavioural > 60
            ? 'TEST'
            : behavioural < 40 && ctr < 1
              ? 'KILL'
              : 'HOLD';

      await unlink(tmpPath);
      await sleep(1000 * scale);
    }
    return { wallMs: performance.now() - started, creatives, completed, tiktokCalls, maveraCalls };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
