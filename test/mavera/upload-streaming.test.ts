import { createHash, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartFileBody } from '../../src/mavera/recipes.js';
import type { MaveraShape } from '../../src/mavera/types.js';
import { type MaveraSimulator, startMaveraSimulator } from '../../src/sandbox/mavera.js';
import { simulatorClient, type TempVideo, tempVideo } from './fixtures.js';

let sim: MaveraSimulator;
let video: TempVideo;

beforeAll(async () => {
  sim = await startMaveraSimulator({ analysisDurationMs: 50 });
  video = await tempVideo(20 * 1024 * 1024);
});
afterAll(async () => {
  await sim.close();
  await video.remove();
});

describe('streaming uploads', () => {
  it.each<MaveraShape>(['reference', 'recipes'])('%s: a 20 MB file arrives byte for byte', async (shape) => {
    const client = simulatorClient(sim, { shape });
    const before = { ...sim.stats };
    let last = 0;
    let monotonic = true;
    const file = await client.upload(
      shape,
      video.input({
        onProgress: (n) => {
          if (n < last) monotonic = false;
          last = n;
        },
      }),
    );
    expect(file.fileId).toBeTruthy();
    expect(monotonic).toBe(true);
    expect(last).toBe(video.sizeBytes);
    expect(sim.stats.uploads - before.uploads).toBe(1);
    expect(sim.stats.uploadBytes - before.uploadBytes).toBe(video.sizeBytes);

    // the simulator derives results from the hash of what it received: same bytes, same scores
    const { analysisId } = await client.startAnalysis(shape, { ...file, title: 'Big one' });
    const first = await client.waitForAnalysis(shape, analysisId);
    const again = await client.upload(shape, video.input());
    const second = await client.waitForAnalysis(
      shape,
      (await client.startAnalysis(shape, { ...again, title: 'Big one' })).analysisId,
    );
    expect(second.analysis).toEqual(first.analysis);
  });

  it('builds the multipart body with an exact length, the file bytes untouched in the middle', async () => {
    const small = await tempVideo(0, randomBytes(70_000));
    try {
      const body = multipartFileBody(small.input({ fileName: 'my "ad".mp4' }), 'BOUNDARY');
      const chunks: Buffer[] = [];
      for await (const c of body.open()) chunks.push(c as Buffer);
      const all = Buffer.concat(chunks);
      expect(all.length).toBe(body.contentLength);
      expect(body.contentType).toBe('multipart/form-data; boundary=BOUNDARY');
      const text = all.toString('latin1');
      expect(
        text.startsWith('--BOUNDARY\r\nContent-Disposition: form-data; name="file"; filename="my _ad_.mp4"\r\n'),
      ).toBe(true);
      expect(text.endsWith('\r\n--BOUNDARY--\r\n')).toBe(true);
      const start = all.indexOf('\r\n\r\n') + 4;
      const middle = all.subarray(start, start + small.sizeBytes);
      const fh = await open(small.path);
      const original = await fh.readFile();
      await fh.close();
      expect(createHash('sha256').update(middle).digest('hex')).toBe(
        createHash('sha256').update(original).digest('hex'),
      );
    } finally {
      await small.remove();
    }
  });
});
