#!/usr/bin/env node
/**
 * `npm run bench`: the performance figures of creative-score, measured against the loopback simulators.
 *
 *   P1  ack latency of concurrent signed /creative-score commands (real Bolt app, HTTP mode)
 *   P2  leaderboard wall time at concurrency 1, 4, 8 vs the ideal and vs the seed's sequential loop
 *   P3  a warm re-run of the leaderboard (everything cached)
 *   P4  peak RSS while a 300 MiB and a 1 GiB video move through download → upload
 *   P5  Slack Web API calls per /creative-score (fresh analysis, cached)
 *
 * Prints one Markdown table with the machine it ran on. `--update-doc` also writes it into BENCHMARKS.md between
 * the `bench:begin` / `bench:end` markers. Exit code 0 when everything ran and P4 held its bound, 1 otherwise.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ANALYSIS_MS, BENCH_SETTINGS, botLog, CREATIVES, TIME_SCALE } from './env.js';
import { type AckResult, benchAck, slackCallsPerCommand } from './p1-ack.js';
import { benchLeaderboard, type LeaderboardResult } from './p2-leaderboard.js';
import { benchRss, MIB, RSS_GROWTH_LIMIT, type RssRun } from './p4-rss.js';
import { benchSlackCalls, P5_ANALYSIS_MS, type SlackCallsResult } from './p5-slack-calls.js';
import { sum } from './sims.js';
import { breakdown, machineLine, mb, ms, type Row, renderTable, seconds } from './table.js';

const DOC_BEGIN = '<!-- bench:begin -->';
const DOC_END = '<!-- bench:end -->';

interface Outcome<T> {
  value: T | null;
  error: string | null;
  ms: number;
}

async function phase<T>(name: string, run: () => Promise<T>): Promise<Outcome<T>> {
  process.stderr.write(`${name} …\n`);
  const t0 = Date.now();
  try {
    const value = await run();
    process.stderr.write(`${name} done in ${seconds(Date.now() - t0)}\n`);
    return { value, error: null, ms: Date.now() - t0 };
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`${name} FAILED: ${error}\n`);
    return { value: null, error: err instanceof Error ? err.message : String(err), ms: Date.now() - t0 };
  }
}

function failedRow(id: string, measure: string, error: string): Row {
  return { id, measure, result: 'FAILED', note: error.replace(/\s+/g, ' ').slice(0, 160) };
}

function p1Rows(o: Outcome<AckResult>): Row[] {
  const measure = `Ack latency, ${CREATIVES} concurrent signed \`/creative-score <ad_id>\``;
  if (!o.value) return [failedRow('P1', measure, o.error ?? '')];
  const r = o.value;
  return [
    {
      id: 'P1',
      measure,
      result: `p50 ${ms(r.p50Ms)} · p99 ${ms(r.p99Ms)}`,
      note: `max ${ms(r.maxMs)}; ${r.acked}/${r.commands} acked (HTTP 200); all ${r.commands} answered within ${ms(r.burstSpanMs)}`,
    },
    {
      id: 'P1',
      measure: '… then every scorecard posted',
      result: seconds(r.allScoredMs),
      note: `${r.scorecards} scorecards, ${r.analyses} analyses, ${r.uploads} uploads, ${r.errorReplies} error replies`,
    },
  ];
}

function p2Rows(o: Outcome<LeaderboardResult>): Row[] {
  const measure = (c: number) => `Leaderboard, ${CREATIVES} creatives, L = ${ANALYSIS_MS} ms, concurrency ${c}`;
  if (!o.value) return [failedRow('P2', measure(1), o.error ?? ''), failedRow('P3', 'Warm re-run', o.error ?? '')];
  const r = o.value;
  const cap = Number(BENCH_SETTINGS.MAVERA_MAX_REQUESTS_PER_MINUTE) / 60;
  const rows: Row[] = r.runs.map((run) => {
    const rate = run.maveraRequests / (run.wallMs / 1000);
    return {
      id: 'P2',
      measure: measure(run.concurrency),
      result: seconds(run.wallMs),
      note:
        `ideal ⌈N/C⌉·L = ${seconds(run.idealMs)} (×${(run.wallMs / run.idealMs).toFixed(2)}); ` +
        `${run.newAnalyses} new analyses; ${run.tiktokApiCalls} TikTok API calls; ` +
        `${run.maveraRequests} Mavera requests at ${rate.toFixed(0)}/s` +
        (rate >= 0.9 * cap ? ` — the Mavera limiter's ceiling (${cap.toFixed(0)}/s) binds` : ''),
    };
  });
  const seed = r.seed;
  const c1 = r.runs.find((x) => x.concurrency === 1);
  const best = r.runs.at(-1);
  rows.push({
    id: 'P2',
    measure: `Seed 001 sequential loop, same ${CREATIVES} creatives`,
    result: seconds(seed.wallMs),
    note:
      `${seed.completed}/${seed.creatives} completed; ${seed.tiktokCalls} TikTok API calls, ${seed.maveraCalls} Mavera requests` +
      (c1 && best
        ? `; bot C=1 ×${(seed.wallMs / c1.wallMs).toFixed(2)}, C=${best.concurrency} ×${(seed.wallMs / best.wallMs).toFixed(1)} faster`
        : ''),
  });
  const w = r.warm;
  rows.push({
    id: 'P3',
    measure: `Warm re-run of that leaderboard (everything cached)`,
    result: ms(w.wallMs),
    note:
      `${w.uploads} uploads · ${w.analyses} analyses · ${w.maveraRequests} Mavera requests · ` +
      `${w.tiktokApiCalls} TikTok calls (${breakdown(w.tiktok)}); ${w.cachedAnalyses} cached, ${w.scored} scored`,
  });
  return rows;
}

function p4Rows(o: Outcome<RssRun[]>): Row[] {
  if (!o.value) return [failedRow('P4', 'Peak RSS moving a big video', o.error ?? '')];
  return o.value.map((r) => {
    const mbps = (bytes: number, t: number | null) => (t ? `${((bytes / MIB / t) * 1000).toFixed(0)} MiB/s` : '?');
    return {
      id: 'P4',
      measure: `Peak RSS moving a ${r.sizeBytes >= 1024 * MIB ? `${r.sizeBytes / 1024 / MIB} GiB` : `${r.sizeBytes / MIB} MiB`} video (download → upload)`,
      result: `+${mb(r.growth)} → ${r.pass ? 'PASS' : 'FAIL'}`,
      note:
        `baseline ${mb(r.baselineRss)}, peak ${mb(r.peakRss)} (limit +${mb(RSS_GROWTH_LIMIT)}); ` +
        `download ${mbps(r.sizeBytes, r.downloadMs)}, upload ${mbps(r.sizeBytes, r.uploadMs)}; ${r.samples} samples`,
    };
  });
}

function p5Rows(o: Outcome<SlackCallsResult>, p1: Outcome<AckResult>): Row[] {
  const measure = (what: string) => `Slack Web API calls per \`/creative-score\`, ${what}`;
  if (!o.value) return [failedRow('P5', measure('fresh / cached'), o.error ?? '')];
  const { fresh, cached } = o.value;
  const rows: Row[] = [
    {
      id: 'P5',
      measure: measure(`fresh analysis (${P5_ANALYSIS_MS / 1000} s, real-time polling)`),
      result: String(sum(fresh.calls)),
      note: `${breakdown(fresh.calls)}; ${fresh.responseUrlPosts} response_url posts; ${fresh.polls} polls, scorecard after ${seconds(fresh.wallMs)}`,
    },
    {
      id: 'P5',
      measure: measure('cached'),
      result: String(sum(cached.calls)),
      note: `${breakdown(cached.calls)}; ${cached.responseUrlPosts} response_url posts; ${cached.analyses} analyses`,
    },
  ];
  if (p1.value) {
    rows.push({
      id: 'P5',
      measure: measure(`average over the P1 burst (L = ${ANALYSIS_MS} ms)`),
      result: slackCallsPerCommand(p1.value).toFixed(2),
      note: breakdown(p1.value.slackCalls),
    });
  }
  return rows;
}

function settingsLine(): string {
  const s = BENCH_SETTINGS;
  return (
    `Settings: simulated analysis latency L = ${ANALYSIS_MS} ms; time scale ×${TIME_SCALE} — ` +
    `MAVERA_POLL_MIN_S=${s.MAVERA_POLL_MIN_S}, MAVERA_POLL_MAX_S=${s.MAVERA_POLL_MAX_S} (3 s / 30 s scaled), ` +
    `seed loop polls every ${3000 * TIME_SCALE} ms and pauses ${1000 * TIME_SCALE} ms (its 3 s / 1 s scaled); ` +
    `TIKTOK_MAX_QPS=${s.TIKTOK_MAX_QPS}, MAVERA_MAX_REQUESTS_PER_MINUTE=${s.MAVERA_MAX_REQUESTS_PER_MINUTE} ` +
    `(the configuration's ceilings); simulators, and the Slack side sending the commands, in a child process.`
  );
}

function updateDoc(report: string): void {
  const path = fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url));
  const doc = readFileSync(path, 'utf8');
  const begin = doc.indexOf(DOC_BEGIN);
  const end = doc.indexOf(DOC_END);
  if (begin === -1 || end < begin) throw new Error(`BENCHMARKS.md has no ${DOC_BEGIN} … ${DOC_END} section`);
  writeFileSync(path, `${doc.slice(0, begin + DOC_BEGIN.length)}\n${report}\n${doc.slice(end)}`);
  process.stderr.write(`BENCHMARKS.md updated\n`);
}

async function main(): Promise<number> {
  const started = Date.now();
  const date = new Date();
  const p1 = await phase('P1 ack latency', benchAck);
  const p5 = await phase('P5 Slack calls per command', benchSlackCalls);
  const p2 = await phase('P2/P3 leaderboard', benchLeaderboard);
  const p4 = await phase('P4 peak RSS', benchRss);

  const rows = [...p1Rows(p1), ...p2Rows(p2), ...p4Rows(p4), ...p5Rows(p5, p1)];
  const report = [
    `${machineLine(date)} · bench took ${seconds(Date.now() - started)}`,
    '',
    renderTable(rows),
    '',
    settingsLine(),
  ].join('\n');
  process.stdout.write(`\n${report}\n`);
  if (botLog.length > 0) {
    process.stdout.write(`\nThe bot logged ${botLog.length} warning(s)/error(s); the first ones:\n`);
    for (const line of botLog.slice(0, 5)) process.stdout.write(`  ${line.slice(0, 300)}\n`);
  }
  if (process.argv.includes('--update-doc')) updateDoc(report);

  const failed = [p1, p2, p4, p5].some((o) => o.error !== null) || (p4.value ?? []).some((r) => !r.pass);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
