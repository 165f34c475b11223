import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { analysisError, analysisState, normalizeRecipes, normalizeReference } from '../../src/mavera/normalize.js';

function chunk(
  index: number,
  m: { intensity?: number; tone?: string; clarity?: number; load?: number; retention?: number },
) {
  return {
    index,
    start_time: index * 3,
    transcript: `line ${index}`,
    image_description: index === 0 ? 'Close-up of a face with bold caption' : `shot ${index}`,
    metrics: {
      emotional: { primary_emotional_tone: m.tone, emotional_intensity_score: m.intensity, mood_congruence_score: 50 },
      cognitive: { message_clarity_score: m.clarity, cognitive_load_estimate: m.load, recall_probability_index: 50 },
      behavioral: { retention_behavior_index: m.retention, intent_to_act_score: 50 },
    },
  };
}

function referenceDoc() {
  return {
    id: 'va_1',
    status: 'completed',
    chunk_duration: 3,
    chunks: [
      chunk(0, { intensity: 60, tone: 'curiosity', clarity: 70, load: 40, retention: 80 }),
      chunk(1, { intensity: 90, tone: 'joy', clarity: 50, load: 50, retention: 40 }),
      chunk(2, { intensity: 30, tone: 'calm', clarity: 50, load: 60, retention: 40 }),
    ],
    results: {
      total_chunks: 3,
      metrics: {
        technical: {
          pacing_score: 72,
          cuts_per_second: 1.4,
          visual_complexity_score: 55,
          audio_quality_score: 80,
          pacing_summary: 'Fast cuts',
        },
        ad_effectiveness: { score: 68, explanation: 'Clear product focus keeps viewers watching' },
      },
      aggregated_transcript: 'Stop scrolling. Here is why.',
    },
  };
}

describe('normalizeReference', () => {
  it('maps chunk 0 to the hook, the argmax chunk to the peak and divides 0–100 means by 10', () => {
    const a = normalizeReference(referenceDoc());
    expect(a.hookScore).toBe(70); // mean(80, 60, 70)
    expect(a.hookAssessment).toContain('Close-up of a face with bold caption');
    expect(a.hookAssessment).toContain('“line 0”');
    expect(a.hookAssessment).toContain('Clear product focus keeps viewers watching.');
    expect(a.emotionalArc.peakEmotion).toBe('joy');
    expect(a.emotionalArc.peakTimestampS).toBe(3);
    expect(a.emotionalArc.intensityAvg).toBe(6); // mean(60, 90, 30) / 10
    expect(a.emotionalArc.series).toEqual([
      { t: 0, value: 6, label: 'curiosity' },
      { t: 3, value: 9, label: 'joy' },
      { t: 6, value: 3, label: 'calm' },
    ]);
    expect(a.cognitiveLoad.average).toBe(5); // mean(40, 50, 60) / 10
    expect(a.cognitiveLoad.series.map((p) => p.value)).toEqual([4, 5, 6]);
    expect(a.pacing).toEqual({ score: 72, summary: 'Fast cuts', details: { cuts_per_second: 1.4 } });
    expect(a.visualComplexity).toEqual({ score: 55, summary: null, details: {} });
    expect(a.adEffectiveness).toEqual({ score: 68, explanation: 'Clear product focus keeps viewers watching' });
    expect(a.transcript).toBe('Stop scrolling. Here is why.');
    expect(a.chunkDurationS).toBe(3);
  });

  it('reads results.chunks and results.full_video_metrics, and joins chunk transcripts', () => {
    const doc = referenceDoc();
    const alt = {
      status: 'COMPLETED',
      chunk_duration: 3,
      results: { chunks: doc.chunks, full_video_metrics: { technical: { pacing: { score: 61, tempo: 'fast' } } } },
    };
    const a = normalizeReference(alt);
    expect(a.hookScore).toBe(70);
    expect(a.pacing).toEqual({ score: 61, summary: null, details: { tempo: 'fast' } });
    expect(a.visualComplexity).toBeNull();
    expect(a.adEffectiveness).toBeNull();
    expect(a.transcript).toBe('line 0 line 1 line 2');
  });

  it('averages only the hook metrics that are present, ties keep the earliest peak', () => {
    const a = normalizeReference({
      status: 'completed',
      chunk_duration: 3,
      chunks: [chunk(0, { retention: 64, intensity: 80 }), chunk(1, { intensity: 80 })],
    });
    expect(a.hookScore).toBe(72);
    expect(a.emotionalArc.peakTimestampS).toBe(0);
    expect(a.emotionalArc.peakEmotion).toBeNull();
    expect(a.cognitiveLoad.average).toBeNull();
    expect(a.pacing).toBeNull();
  });

  it('treats every chunk starting before 3 s as the hook when chunks are shorter', () => {
    const chunks = [chunk(0, { retention: 90 }), chunk(1, { retention: 60 }), chunk(2, { retention: 0 })].map(
      (c, i) => ({
        ...c,
        start_time: i * 2,
      }),
    );
    expect(normalizeReference({ status: 'completed', chunk_duration: 2, chunks }).hookScore).toBe(75);
  });

  it('derives start times from the index when start_time is missing', () => {
    const chunks = [chunk(0, { intensity: 10 }), chunk(1, { intensity: 20 })].map(({ start_time: _, ...c }) => c);
    const a = normalizeReference({ status: 'completed', chunk_duration: 3, chunks });
    expect(a.emotionalArc.peakTimestampS).toBe(3);
  });

  it('names the missing field when a completed analysis has no chunks', () => {
    const run = () => normalizeReference({ status: 'completed', results: { metrics: {} } });
    expect(run).toThrow(UserError);
    expect(run).toThrow(/`chunks`/);
    try {
      run();
    } catch (e) {
      expect((e as UserError).code).toBe('mavera_error');
    }
  });

  it('names the missing field when chunks carry no scores', () => {
    expect(() =>
      normalizeReference({ status: 'completed', chunks: [{ index: 0, start_time: 0, transcript: 'hi' }] }),
    ).toThrow(/chunks\[\]\.metrics/);
  });
});

describe('normalizeRecipes', () => {
  it('maps results directly', () => {
    const a = normalizeRecipes({
      status: 'completed',
      results: {
        hook_score: { score: 87, assessment: 'Strong opening: text overlay + face close-up in first 0.8s' },
        emotional_arc: { peak_emotion: 'excitement', peak_timestamp: '4.2s', intensity_avg: 6.4, timeline: [1, 2, 9] },
        cognitive_load: {
          average: 3.8,
          per_cut: [
            { cut_at: 1.5, load: 4 },
            { cut_at: 3, load: 3.6 },
          ],
        },
        pacing: { score: 70, cuts_per_second: 1.2 },
        visual_complexity: 44,
      },
    });
    expect(a.hookScore).toBe(87);
    expect(a.hookAssessment).toMatch(/^Strong opening/);
    expect(a.emotionalArc).toEqual({
      peakEmotion: 'excitement',
      peakTimestampS: 4.2,
      intensityAvg: 6.4,
      series: [
        { t: 0, value: 1 },
        { t: 1, value: 2 },
        { t: 2, value: 9 },
      ],
    });
    expect(a.cognitiveLoad).toEqual({
      average: 3.8,
      series: [
        { t: 1.5, value: 4, label: null },
        { t: 3, value: 3.6, label: null },
      ],
    });
    expect(a.pacing).toEqual({ score: 70, summary: null, details: { cuts_per_second: 1.2 } });
    expect(a.visualComplexity).toEqual({ score: 44, summary: null, details: {} });
    expect(a.adEffectiveness).toBeNull();
    expect(a.chunkDurationS).toBeNull();
  });

  it('falls back to the series for averages and the peak', () => {
    const a = normalizeRecipes({
      status: 'done',
      results: {
        hook_score: 55,
        emotional_arc: {
          series: [
            { t: 0, value: 2, label: 'calm' },
            { t: 5, value: 8, label: 'joy' },
          ],
        },
      },
    });
    expect(a.hookScore).toBe(55);
    expect(a.hookAssessment).toBeNull();
    expect(a.emotionalArc.intensityAvg).toBe(5);
    expect(a.emotionalArc.peakEmotion).toBe('joy');
    expect(a.emotionalArc.peakTimestampS).toBe(5);
    expect(a.cognitiveLoad.average).toBeNull();
    expect(a.pacing).toBeNull();
  });

  it('names what is missing', () => {
    expect(() => normalizeRecipes({ status: 'completed' })).toThrow(/`results`/);
    expect(() => normalizeRecipes({ status: 'completed', results: { pacing: { score: 3 } } })).toThrow(
      /results\.hook_score/,
    );
  });
});

describe('status mapping', () => {
  it.each([
    ['completed', 'completed'],
    ['COMPLETED', 'completed'],
    ['Complete', 'completed'],
    ['succeeded', 'completed'],
    ['done', 'completed'],
    ['failed', 'failed'],
    ['ERROR', 'failed'],
    ['cancelled', 'failed'],
    ['pending', 'running'],
    ['PENDING', 'running'],
    ['generating', 'running'],
    ['queued', 'running'],
    ['processing', 'running'],
    ['transcoding-ish', 'running'],
  ])('%s → %s', (raw, state) => {
    expect(analysisState(raw)).toBe(state);
  });

  it("keeps Mavera's error text from a string or an object", () => {
    expect(analysisError({ error: 'Video codec not supported' })).toBe('Video codec not supported');
    expect(analysisError({ error: { message: 'Frame extraction failed', code: 'x' } })).toBe('Frame extraction failed');
    expect(analysisError({ error: null })).toBeNull();
  });
});
