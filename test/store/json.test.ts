import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Store } from '../../src/store/index.js';
import { readJson, StoredJsonError } from '../../src/store/json.js';

let store: Store | null = null;
afterEach(() => {
  store?.close();
  store = null;
});

describe('readJson (JSON read back from the store)', () => {
  const schema = z.object({ n: z.number() });

  it('returns the value when it has the expected shape', () => {
    expect(readJson(schema, '{"n":1}', 'settings[x]')).toEqual({ n: 1 });
  });

  it('names the table, key and field when it does not', () => {
    expect(() => readJson(schema, '{"n":"1"}', 'settings[x]')).toThrow(StoredJsonError);
    expect(() => readJson(schema, '{"n":"1"}', 'settings[x]')).toThrow(/settings\[x\].*field "n"/);
    expect(() => readJson(schema, '{not json', 'jobs[7].context_json')).toThrow(/jobs\[7\]\.context_json/);
  });

  it('guards every JSON column: a damaged cached analysis names its row instead of reaching a scorecard', () => {
    store = Store.open(':memory:');
    store.db
      .prepare(
        `INSERT INTO analyses (video_key, source, video_id, mavera_shape, analysis_id, analysis_json, raw_json,
           credits_estimated, analysed_at) VALUES ('ad:v1', 'ad', 'v1', 'reference', 'an_1', '{"hookScore":"high"}', 'null', 150, 0)`,
      )
      .run();
    expect(() => store?.analyses.get('ad:v1')).toThrow(/analyses\[ad:v1\]\.analysis_json/);
    store.settings.set('tiktok.advertiser_info:x', '{"advertiserId":1}', 0);
    expect(() => store?.settings.getJson(schema, 'tiktok.advertiser_info:x')).toThrow(
      /settings\[tiktok\.advertiser_info:x\]/,
    );
  });
});
