/**
 * Both Mavera API shapes → one `VideoAnalysis` (see types.ts for the scales the rest of the app expects).
 *
 * Recipes shape (`GET /video-analysis/{id}`): `results.*` maps directly.
 *
 * | VideoAnalysis                | recipes field                                                        |
 * |------------------------------|----------------------------------------------------------------------|
 * | hookScore, hookAssessment    | `hook_score.score` (0–100), `hook_score.assessment`                  |
 * | emotionalArc.peakEmotion     | `emotional_arc.peak_emotion`                                         |
 * | emotionalArc.peakTimestampS  | `emotional_arc.peak_timestamp` (seconds; "4.2s" is read as 4.2)      |
 * | emotionalArc.intensityAvg    | `emotional_arc.intensity_avg` (0–10; else the mean of the series)    |
 * | emotionalArc.series          | `emotional_arc.series` or `.timeline`                                |
 * | cognitiveLoad.average        | `cognitive_load.average` (0–10; else the mean of the series)         |
 * | cognitiveLoad.series         | `cognitive_load.series` or `.per_cut`                                |
 * | pacing, visualComplexity     | `pacing`, `visual_complexity`: `score`, a text summary, other scalar |
 *
 * Reference shape (`GET /video-analyses/{id}`, created with `chunk_duration: 3`). Per-chunk scores are taken
 * to be 0–100 (every documented example is 50); `chunks` is read at the top level or under `results`, the
 * whole-video metrics under `results.metrics` or `results.full_video_metrics`.
 *
 * | VideoAnalysis                | reference source                                                                   |
 * |------------------------------|------------------------------------------------------------------------------------|
 * | hookScore (0–100)            | hook chunks = those starting before 3 s (just chunk 0 with `chunk_duration: 3`);   |
 * |                              | mean of their `behavioral.retention_behavior_index`,                               |
 * |                              | `emotional.emotional_intensity_score` and `cognitive.message_clarity_score`        |
 * |                              | (those present)                                                                    |
 * | hookAssessment               | chunk 0 `image_description` + `transcript` + `ad_effectiveness.explanation`        |
 * | emotionalArc.peakEmotion     | `primary_emotional_tone` of the chunk with the highest `emotional_intensity_score` |
 * | emotionalArc.peakTimestampS  | that chunk's `start_time` (else index × chunk_duration)                            |
 * | emotionalArc.intensityAvg    | mean of `emotional_intensity_score` ÷ 10 (0–100 → 0–10)                            |
 * | emotionalArc.series          | per chunk: t = `start_time`, value = intensity ÷ 10, label = tone                  |
 * | cognitiveLoad.average        | mean of `cognitive.cognitive_load_estimate` ÷ 10                                   |
 * | cognitiveLoad.series         | per chunk: t = `start_time`, value = load ÷ 10                                     |
 * | pacing                       | scalar keys of `metrics.technical` whose name contains pac / cut / tempo           |
 * | visualComplexity             | scalar keys of `metrics.technical` whose name contains visual / complex            |
 * | adEffectiveness              | `metrics.ad_effectiveness.{score, explanation}`                                    |
 * | transcript                   | `results.aggregated_transcript`, else the chunk transcripts joined                 |
 * | chunkDurationS               | `chunk_duration`                                                                   |
 *
 * In a metric group the first numeric key named `score` or ending in `score` becomes `score`, the first text key
 * named like summary / assessment / explanation / description becomes `summary`, every other scalar is kept in
 * `details` as Mavera sent it. A completed analysis with none of hook, intensity and cognitive load is an error.
 */
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { AnalysisState, MetricGroup, SeriesPoint, VideoAnalysis } from './types.js';

/** The hook is the opening this many seconds. */
export const HOOK_WINDOW_S = 3;

const COMPLETED = new Set(['completed', 'complete', 'succeeded', 'done']);
const FAILED = new Set(['failed', 'error', 'cancelled', 'canceled']);

/** Mavera's status string (any case) → our state. Anything not known to be terminal is still running. */
export function analysisState(rawStatus: string): AnalysisState {
  const s = rawStatus.trim().toLowerCase();
  if (COMPLETED.has(s)) return 'completed';
  if (FAILED.has(s)) return 'failed';
  return 'running';
}

/** Mavera's error text: `error` as a string, or `error.message`. */
export function analysisError(raw: unknown): string | null {
  if (!isRecord(raw)) return null;
  const error = raw.error;
  if (typeof error === 'string') return text(error);
  if (isRecord(error)) return text(error.message);
  return null;
}

// --- lenient scalar readers -------------------------------------------------------------------------------------

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A finite number, or a numeric string such as "42", "4.2s" or "87%"; null otherwise. */
export function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(?:s|%)?\s*$/i.exec(v);
  return m ? Number(m[1]) : null;
}

export function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/** Validates one Mavera response body; a mismatch is a UserError naming the first offending field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(body)';
  throw new UserError(
    'mavera_error',
    `Mavera sent an unexpected ${what} response: \`${field}\` ${issue?.message ?? 'is invalid'}.`,
    'If this keeps happening, Mavera may have changed its API; set MAVERA_API_SHAPE explicitly or ask whoever runs the bot.',
  );
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function round1(v: number | null): number | null {
  return v == null ? null : Math.round(v * 10) / 10;
}

function tenth(v: number | null): number | null {
  return v == null ? null : round1(v / 10);
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

function sentence(s: string, max: number): string {
  const c = clip(s.replace(/\s+/g, ' '), max);
  return /[.!?…]$/.test(c) ? c : `${c}.`;
}

function missing(field: string, what: string): UserError {
  return new UserError(
    'mavera_error',
    `Mavera said the analysis is complete but its results have no ${what} (\`${field}\`).`,
    'Try the analysis again later; if it keeps happening, Mavera may have changed its API — send the raw result to whoever runs the bot.',
  );
}

// --- metric groups (pacing, visual complexity) ----------------------------------------------------------------

const SUMMARY_KEY = /summary|assessment|explanation|description|note/;

/** Builds a MetricGroup from flat key → scalar entries; null when there are none. */
function metricGroup(entries: Array<[string, unknown]>): MetricGroup | null {
  let score: number | null = null;
  let summary: string | null = null;
  const details: Record<string, number | string> = {};
  for (const [key, value] of entries) {
    const k = key.toLowerCase();
    if (
      score == null &&
      typeof value === 'number' &&
      (k === 'score' || k.endsWith('score')) &&
      Number.isFinite(value)
    ) {
      score = value;
    } else if (summary == null && typeof value === 'string' && SUMMARY_KEY.test(k) && text(value)) {
      summary = text(value);
    } else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'string') {
      details[key] = value;
    }
  }
  if (score == null && summary == null && Object.keys(details).length === 0) return null;
  return { score, summary, details };
}

/** A recipes group: an object of scalars, or a bare number meaning the score. */
function recipesGroup(v: unknown): MetricGroup | null {
  if (typeof v === 'number' || typeof v === 'string') {
    const score = num(v);
    return score == null ? null : { score, summary: null, details: {} };
  }
  return isRecord(v) ? metricGroup(Object.entries(v)) : null;
}

const PACING_KEY = /pac|cut|tempo/;
const VISUAL_KEY = /visual|complex/;

/** Splits the untyped `metrics.technical` object into pacing and visual-complexity groups by key name. */
function technicalGroups(technical: Record<string, unknown> | null): {
  pacing: MetricGroup | null;
  visualComplexity: MetricGroup | null;
} {
  const pacing: Array<[string, unknown]> = [];
  const visual: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(technical ?? {})) {
    const k = key.toLowerCase();
    const target = PACING_KEY.test(k) ? pacing : VISUAL_KEY.test(k) ? visual : null;
    if (!target) continue;
    if (isRecord(value)) target.push(...Object.entries(value));
    else target.push([key, value]);
  }
  return { pacing: metricGroup(pacing), visualComplexity: metricGroup(visual) };
}

// --- reference shape ------------------------------------------------------------------------------------------

const objectOrNull = z.record(z.string(), z.unknown()).nullish().catch(null);
const arrayOrNull = z.array(z.unknown()).nullish().catch(null);

const referenceChunkSchema = z.looseObject({
  index: z.unknown().optional(),
  start_time: z.unknown().optional(),
  transcript: z.unknown().optional(),
  image_description: z.unknown().optional(),
  metrics: z
    .looseObject({ emotional: objectOrNull, cognitive: objectOrNull, behavioral: objectOrNull })
    .nullish()
    .catch(null),
});

const referenceAnalysisSchema = z.looseObject({
  chunk_duration: z.unknown().optional(),
  chunks: arrayOrNull,
  results: z
    .looseObject({
      chunks: arrayOrNull,
      metrics: objectOrNull,
      full_video_metrics: objectOrNull,
      aggregated_transcript: z.unknown().optional(),
    })
    .nullish()
    .catch(null),
});

interface Chunk {
  t: number;
  tone: string | null;
  intensity: number | null;
  clarity: number | null;
  load: number | null;
  retention: number | null;
  transcript: string | null;
  imageDescription: string | null;
}

function readChunk(raw: unknown, position: number, chunkDurationS: number): Chunk | null {
  const parsed = referenceChunkSchema.safeParse(raw);
  if (!parsed.success) return null;
  const c = parsed.data;
  const emotional = c.metrics?.emotional ?? {};
  const cognitive = c.metrics?.cognitive ?? {};
  const behavioral = c.metrics?.behavioral ?? {};
  return {
    t: num(c.start_time) ?? (num(c.index) ?? position) * chunkDurationS,
    tone: text(emotional.primary_emotional_tone),
    intensity: num(emotional.emotional_intensity_score),
    clarity: num(cognitive.message_clarity_score),
    load: num(cognitive.cognitive_load_estimate),
    retention: num(behavioral.retention_behavior_index),
    transcript: text(c.transcript),
    imageDescription: text(c.image_description),
  };
}

function hookAssessment(first: Chunk | undefined, explanation: string | null): string | null {
  const parts: string[] = [];
  if (first?.imageDescription) parts.push(`Opening shot: ${sentence(first.imageDescription, 140)}`);
  if (first?.transcript) parts.push(`Opening line: “${clip(first.transcript, 100)}”`);
  if (explanation) parts.push(sentence(explanation, 160));
  return parts.length === 0 ? null : clip(parts.join(' '), 400);
}

export function normalizeReference(raw: unknown): VideoAnalysis {
  const parsed = referenceAnalysisSchema.safeParse(raw);
  if (!parsed.success) throw missing('(body)', 'JSON object');
  const doc = parsed.data;
  const results = doc.results ?? null;
  const chunkDurationS = num(doc.chunk_duration);
  const chunkList = doc.chunks ?? results?.chunks ?? [];
  const chunks = chunkList
    .map((c, i) => readChunk(c, i, chunkDurationS ?? HOOK_WINDOW_S))
    .filter((c): c is Chunk => c !== null)
    .sort((a, b) => a.t - b.t);
  if (chunks.length === 0) throw missing('chunks', 'per-chunk scores');

  const metrics = results?.metrics ?? results?.full_video_metrics ?? null;
  const effectiveness = isRecord(metrics?.ad_effectiveness) ? metrics.ad_effectiveness : null;
  const adEffectiveness = effectiveness
    ? { score: num(effectiveness.score), explanation: text(effectiveness.explanation) }
    : null;

  const hookChunks = chunks.filter((c, i) => i === 0 || c.t < HOOK_WINDOW_S);
  const hookValues = hookChunks.flatMap((c) =>
    [c.retention, c.intensity, c.clarity].filter((v): v is number => v != null),
  );

  const withIntensity = chunks.filter((c): c is Chunk & { intensity: number } => c.intensity != null);
  const peak = withIntensity.reduce<(Chunk & { intensity: number }) | null>(
    (best, c) => (best == null || c.intensity > best.intensity ? c : best),
    null,
  );
  const withLoad = chunks.filter((c): c is Chunk & { load: number } => c.load != null);

  const hookScore = round1(mean(hookValues));
  const intensityAvg = tenth(mean(withIntensity.map((c) => c.intensity)));
  const loadAvg = tenth(mean(withLoad.map((c) => c.load)));
  if (hookScore == null && intensityAvg == null && loadAvg == null) {
    throw missing('chunks[].metrics', 'emotional, cognitive or behavioural scores');
  }

  const joined = chunks
    .map((c) => c.transcript)
    .filter((t): t is string => t != null)
    .join(' ');
  const technical = isRecord(metrics?.technical) ? metrics.technical : null;
  return {
    hookScore,
    hookAssessment: hookAssessment(chunks[0], adEffectiveness?.explanation ?? null),
    emotionalArc: {
      peakEmotion: peak?.tone ?? null,
      peakTimestampS: peak?.t ?? null,
      intensityAvg,
      series: withIntensity.map((c) => ({ t: c.t, value: c.intensity / 10, label: c.tone })),
    },
    cognitiveLoad: {
      average: loadAvg,
      series: withLoad.map((c) => ({ t: c.t, value: c.load / 10 })),
    },
    ...technicalGroups(technical),
    adEffectiveness:
      adEffectiveness && (adEffectiveness.score != null || adEffectiveness.explanation) ? adEffectiveness : null,
    transcript: text(results?.aggregated_transcript) ?? (joined === '' ? null : joined),
    chunkDurationS,
  };
}

// --- recipes shape --------------------------------------------------------------------------------------------

const recipesAnalysisSchema = z.looseObject({
  results: z.record(z.string(), z.unknown()).nullish().catch(null),
  result: z.record(z.string(), z.unknown()).nullish().catch(null),
});

function first(obj: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) if (obj[k] !== undefined && obj[k] !== null) return obj[k];
  return undefined;
}

/** A series as Mavera may send it: numbers (one per second) or points with a time and a value. */
function readSeries(v: unknown): SeriesPoint[] {
  if (!Array.isArray(v)) return [];
  const points: SeriesPoint[] = [];
  v.forEach((item, i) => {
    if (isRecord(item)) {
      const value = num(first(item, ['value', 'intensity', 'score', 'load', 'level']));
      if (value == null) return;
      const t = num(first(item, ['t', 'time', 'timestamp', 'start_time', 'second', 'at', 'cut_at'])) ?? i;
      points.push({ t, value, label: text(first(item, ['label', 'emotion', 'tone'])) });
    } else {
      const value = num(item);
      if (value != null) points.push({ t: i, value });
    }
  });
  return points;
}

export function normalizeRecipes(raw: unknown): VideoAnalysis {
  const parsed = recipesAnalysisSchema.safeParse(raw);
  const results = parsed.success ? (parsed.data.results ?? parsed.data.result ?? null) : null;
  if (!results) throw missing('results', 'results object');

  const hookRaw = results.hook_score;
  const hook = isRecord(hookRaw) ? hookRaw : {};
  const hookScore = isRecord(hookRaw) ? num(first(hook, ['score', 'value'])) : num(hookRaw);

  const arc = isRecord(results.emotional_arc) ? results.emotional_arc : {};
  const arcSeries = readSeries(first(arc, ['series', 'timeline', 'points']));
  const seriesPeak = arcSeries.reduce<SeriesPoint | null>((b, p) => (b == null || p.value > b.value ? p : b), null);
  const intensityAvg =
    num(first(arc, ['intensity_avg', 'intensity_average', 'average_intensity'])) ??
    round1(mean(arcSeries.map((p) => p.value)));

  const load = isRecord(results.cognitive_load) ? results.cognitive_load : {};
  const loadSeries = readSeries(first(load, ['series', 'per_cut', 'timeline']));
  const loadAvg = num(first(load, ['average', 'avg', 'mean'])) ?? round1(mean(loadSeries.map((p) => p.value)));

  if (hookScore == null && intensityAvg == null && loadAvg == null) {
    throw missing(
      'results.hook_score / results.emotional_arc / results.cognitive_load',
      'hook, emotion or cognitive-load scores',
    );
  }

  const effectiveness = isRecord(results.ad_effectiveness) ? results.ad_effectiveness : null;
  return {
    hookScore,
    hookAssessment: text(first(hook, ['assessment', 'summary', 'explanation'])),
    emotionalArc: {
      peakEmotion: text(arc.peak_emotion) ?? seriesPeak?.label ?? null,
      peakTimestampS: num(arc.peak_timestamp) ?? seriesPeak?.t ?? null,
      intensityAvg,
      series: arcSeries,
    },
    cognitiveLoad: { average: loadAvg, series: loadSeries },
    pacing: recipesGroup(results.pacing),
    visualComplexity: recipesGroup(results.visual_complexity),
    adEffectiveness: effectiveness
      ? { score: num(effectiveness.score), explanation: text(effectiveness.explanation) }
      : null,
    transcript: text(results.transcript),
    chunkDurationS: null,
  };
}
