import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MaveraClient, type MaveraClientDeps } from '../../src/mavera/client.js';
import type { MaveraShape, UploadInput } from '../../src/mavera/types.js';
import type { MaveraSimulator } from '../../src/sandbox/mavera.js';
import { RateLimiter } from '../../src/util/limiter.js';

export interface TempVideo {
  path: string;
  sizeBytes: number;
  input(overrides?: Partial<UploadInput>): UploadInput;
  remove(): Promise<void>;
}

/** A temp "video": `sizeBytes` of random (or given) bytes. */
export async function tempVideo(sizeBytes = 64 * 1024, content?: Buffer): Promise<TempVideo> {
  const dir = await mkdtemp(join(tmpdir(), 'mavera-test-'));
  const path = join(dir, 'ad.mp4');
  const bytes = content ?? randomBytes(sizeBytes);
  await writeFile(path, bytes);
  return {
    path,
    sizeBytes: bytes.length,
    input: (overrides = {}) => ({
      path,
      sizeBytes: bytes.length,
      fileName: 'tt_ad_1789.mp4',
      contentType: 'video/mp4',
      ...overrides,
    }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export function memoryShapeStore(initial: MaveraShape | null = null) {
  let shape = initial;
  let sets = 0;
  return {
    get: () => shape,
    set(next: MaveraShape) {
      shape = next;
      sets++;
    },
    get sets() {
      return sets;
    },
  };
}

export const DEFAULTS = {
  brand: 'Acme',
  product: 'Summer Kit',
  primaryIntent: 'Persuasive',
  goal: 'Stop the scroll and drive add-to-cart among Gen Z',
};

/** A client pointed at the simulator with test-sized poll intervals. */
export function simulatorClient(sim: MaveraSimulator, overrides: Partial<MaveraClientDeps> = {}): MaveraClient {
  return new MaveraClient({
    baseUrl: sim.url,
    apiKey: sim.apiKey,
    workspaceId: sim.workspaceId,
    shape: 'auto',
    shapeStore: memoryShapeStore(),
    limiter: new RateLimiter(10_000, 10_000),
    pollMinMs: 10,
    pollMaxMs: 50,
    timeoutMs: 10_000,
    analysisDefaults: DEFAULTS,
    random: () => 0,
    ...overrides,
  });
}
