import { createHash } from 'node:crypto';
import type { MaveraShape } from '../mavera/types.js';
import { mulberry32 } from './seeded.js';

/**
 * Simulated Mavera analyses: where one is in its real-time run, and what it answers for either API shape. Results
 * derive from the uploaded file's SHA-256, so the same video always gets the same scores.
 */

export interface Analysis {
  id: string;
  shape: MaveraShape;
  createdAt: number;
  durationMs: number;
  sha256: string;
  fail: string | null;
  hang: boolean;
  chunkDuration: number;
  totalChunks: number;
  request: Record<string, unknown>;
}

const TONES = ['excitement', 'curiosity', 'trust', 'joy', 'surprise', 'calm', 'urgency', 'amusement'];
const SHOTS = [
  'close-up of a face talking to camera with bold caption text',
  'product held up against a bright background',
  'logo animation on a plain backdrop',
  'split screen comparing before and after',
  'handheld street shot with fast zoom',
  'hands unboxing the product on a table',
];
const LINES = [
  'Stop scrolling, you need to see this.',
  'I tried this for seven days.',
  'Here is what nobody tells you.',
  'Our summer collection is here.',
  'Three reasons this changed my routine.',
  'Tap the link to get yours today.',
];

/** Deterministic numbers in [0, 1) from a seed string (mulberry32 over the first 32 bits of a SHA-256). */
function seededRandom(seed: string): () => number {
  return mulberry32(createHash('sha256').update(seed).digest().readUInt32BE(0));
}

/** Chunks of an analysis of this file when the simulator does not fix the count: 4–10, from the hash. */
export function defaultTotalChunks(sha256: string): number {
  return 4 + Math.floor(seededRandom(sha256)() * 7);
}

/** Where an analysis is now: phase and chunks processed. */
function phaseOf(a: Analysis): { phase: 'pending' | 'running' | 'completed' | 'failed'; processed: number } {
  if (a.hang) return { phase: 'running', processed: Math.max(0, a.totalChunks - 1) };
  const f = (Date.now() - a.createdAt) / Math.max(1, a.durationMs);
  if (f < 0.2) return { phase: 'pending', processed: 0 };
  if (f < 1) return { phase: 'running', processed: Math.min(a.totalChunks - 1, Math.floor(f * a.totalChunks)) };
  return { phase: a.fail != null ? 'failed' : 'completed', processed: a.totalChunks };
}

function referenceResults(a: Analysis) {
  const rng = seededRandom(a.sha256);
  rng(); // the chunk count's draw (defaultTotalChunks)
  // Real creatives are good or weak across the board, so one quality draw per video steers the behavioural
  // metrics (independent uniform draws would average every video to ~50 and make every verdict HOLD).
  const quality = rng();
  const score = (lo = 15, hi = 95) => Math.round(lo + rng() * (hi - lo));
  const around = (centre: number, lo = 5, hi = 98) =>
    Math.round(lo + Math.min(1, Math.max(0, centre + (rng() - 0.5) * 0.5)) * (hi - lo));
  const pick = <T>(list: T[]): T => list[Math.floor(rng() * list.length)] as T;
  const chunks = Array.from({ length: a.totalChunks }, (_, index) => ({
    index,
    start_time: index * a.chunkDuration,
    end_time: (index + 1) * a.chunkDuration,
    transcript: pick(LINES),
    image_description: pick(SHOTS),
    metrics: {
      emotional: {
        primary_emotional_tone: pick(TONES),
        emotional_intensity_score: around(quality),
        mood_congruence_score: score(),
        emotional_trust_index: score(),
      },
      cognitive: {
        message_clarity_score: around(quality),
        recall_probability_index: score(),
        cognitive_load_estimate: around(1 - quality),
        brand_attribution_confidence: score(),
      },
      behavioral: {
        intent_to_act_score: score(),
        retention_behavior_index: around(quality),
        click_through_probability: score(5, 60),
      },
    },
  }));
  const avg = (f: (c: (typeof chunks)[number]) => number) =>
    Math.round(chunks.reduce((s, c) => s + f(c), 0) / chunks.length);
  const effectiveness = score(30, 95);
  return {
    chunks,
    results: {
      total_chunks: a.totalChunks,
      completed_at: Math.floor((a.createdAt + a.durationMs) / 1000),
      metrics: {
        emotional: { average_intensity: avg((c) => c.metrics.emotional.emotional_intensity_score) },
        cognitive: { average_load: avg((c) => c.metrics.cognitive.cognitive_load_estimate) },
        behavioral: { average_retention: avg((c) => c.metrics.behavioral.retention_behavior_index) },
        technical: {
          pacing_score: score(),
          cuts_per_second: Math.round(rng() * 25) / 10,
          visual_complexity_score: score(),
          audio_quality_score: score(),
        },
        platform: { tiktok_fit_score: score() },
        risk: { brand_safety_score: score(60, 100) },
        ad_effectiveness: {
          score: effectiveness,
          explanation:
            effectiveness >= 60
              ? 'Clear product focus and a direct call to action keep viewers engaged.'
              : 'The message arrives late and the call to action is easy to miss.',
        },
      },
      web_insights: [],
      aggregated_transcript: chunks.map((c) => c.transcript).join(' '),
    },
  };
}

export function referenceView(a: Analysis, styled: (status: string) => string) {
  const { phase, processed } = phaseOf(a);
  const status = phase === 'running' ? 'generating' : phase;
  const done = phase === 'completed' ? referenceResults(a) : null;
  return {
    id: a.id,
    object: 'video_analysis',
    status: styled(status),
    created_at: Math.floor(a.createdAt / 1000),
    updated_at: Math.floor(Date.now() / 1000),
    ...a.request,
    chunk_duration: a.chunkDuration,
    error: phase === 'failed' ? a.fail : null,
    progress: { total_chunks: a.totalChunks, processed_chunks: processed },
    results: done?.results ?? null,
    chunks: done?.chunks ?? [],
  };
}

function recipesResults(a: Analysis) {
  const rng = seededRandom(a.sha256);
  rng();
  const quality = rng(); // see referenceResults
  const near = (centre: number) => Math.min(1, Math.max(0, centre + (rng() - 0.5) * 0.5));
  const seconds = a.totalChunks * 3;
  const hook = Math.round(10 + near(quality) * 88);
  const arc = Array.from({ length: seconds }, (_, t) => ({
    t,
    value: Math.round(near(quality) * 100) / 10,
    label: TONES[Math.floor(rng() * TONES.length)] as string,
  }));
  const peak = arc.reduce((b, p) => (p.value > b.value ? p : b));
  const cuts = Array.from({ length: a.totalChunks }, (_, i) => ({
    t: i * 3,
    value: Math.round(near(1 - quality) * 100) / 10,
  }));
  const mean10 = (xs: Array<{ value: number }>) =>
    Math.round((xs.reduce((s, x) => s + x.value, 0) / xs.length) * 10) / 10;
  return {
    hook_score: {
      score: hook,
      assessment:
        hook >= 60
          ? `Strong opening: ${SHOTS[Math.floor(rng() * SHOTS.length)]} in the first second`
          : `Slow start: ${SHOTS[Math.floor(rng() * SHOTS.length)]} before the message lands`,
    },
    emotional_arc: {
      peak_emotion: peak.label,
      peak_timestamp: peak.t,
      intensity_avg: mean10(arc),
      series: arc,
    },
    cognitive_load: { average: mean10(cuts), series: cuts },
    pacing: { score: Math.round(rng() * 100), cuts_per_second: Math.round(rng() * 25) / 10 },
    visual_complexity: { score: Math.round(rng() * 100) },
  };
}

export function recipesView(a: Analysis, styled: (status: string) => string) {
  const { phase, processed } = phaseOf(a);
  const status = phase === 'pending' ? 'queued' : phase === 'running' ? 'processing' : phase;
  return {
    id: a.id,
    object: 'video_analysis',
    status: styled(status),
    ...a.request,
    progress: Math.round((processed / a.totalChunks) * 100),
    error: phase === 'failed' ? a.fail : null,
    results: phase === 'completed' ? recipesResults(a) : null,
    created_at: new Date(a.createdAt).toISOString(),
  };
}
