import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MaveraSimulator, startMaveraSimulator } from '../../src/sandbox/mavera.js';

let sim: MaveraSimulator;

beforeAll(async () => {
  sim = await startMaveraSimulator({ analysisDurationMs: 50 });
});
afterAll(async () => {
  await sim.close();
});

/** What the simulator answers: a resource, a list, or an error envelope. */
type SimJson = Record<string, unknown> & {
  object?: string;
  error: { code: string; type: string; param: string | null; message: string };
};

async function call(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: { json?: unknown; body?: string | Buffer; headers?: Record<string, string>; auth?: string | null } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  const auth = options.auth === undefined ? `Bearer ${sim.apiKey}` : options.auth;
  if (auth) headers.authorization = auth;
  let body = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  const url = path.startsWith('http') ? path : `${sim.url}${path}`;
  const res = await request(url, { method, headers, body });
  const text = await res.body.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.statusCode, headers: res.headers, json: json as SimJson };
}

async function uploadUrl(size: number, type = 'video/mp4') {
  const res = await call('POST', '/files/upload-url', {
    json: { file_name: 'a.mp4', file_type: type, file_size: size, workspace_id: sim.workspaceId },
  });
  expect(res.status).toBe(200);
  return res.json as unknown as { upload_url: string; public_url: string; headers: Record<string, string> };
}

describe('simulator: auth and routing', () => {
  it('rejects a missing or wrong key with the error envelope', async () => {
    const missing = await call('GET', '/files', { auth: null });
    expect(missing.status).toBe(401);
    expect(missing.json.error).toMatchObject({ code: 'missing_api_key', type: 'authentication_error', param: null });
    const wrong = await call('GET', '/files', { auth: 'Bearer mvra_live_nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('invalid_api_key');
  });

  it('answers 404 for routes of a disabled shape and 405 for a wrong method', async () => {
    sim.setShapes(['reference']);
    try {
      expect((await call('GET', '/assets')).status).toBe(404);
      expect((await call('GET', '/files')).status).toBe(200);
    } finally {
      sim.setShapes(['reference', 'recipes']);
    }
    const wrongMethod = await call('DELETE', '/video-analyses');
    expect(wrongMethod.status).toBe(405);
    expect((await call('GET', '/video-analysis')).status).toBe(405);
    expect((await call('GET', '/nothing-here')).status).toBe(404);
  });

  it('serves the list routes read-only', async () => {
    for (const path of [
      '/video-analyses?limit=1',
      `/files?limit=1&workspace_id=${sim.workspaceId}`,
      '/assets?limit=1',
    ]) {
      const res = await call('GET', path);
      expect(res.status).toBe(200);
      expect(res.json.object).toBe('list');
    }
    expect((await call('GET', '/files?workspace_id=ws_other')).status).toBe(404);
    expect((await call('GET', '/video-analyses?limit=500')).json.error.param).toBe('limit');
  });

  it('fails the next matching request on demand, with Retry-After', async () => {
    sim.failNextRequest('/files', 429, { retryAfterS: 7 });
    const limited = await call('GET', '/files');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    expect(limited.json.error.type).toBe('rate_limit_error');
    expect((await call('GET', '/files')).status).toBe(200);
  });
});

describe('simulator: reference uploads', () => {
  it('accepts a presigned PUT with the signed Content-Type and exact size', async () => {
    const target = await uploadUrl(5);
    expect(target.upload_url).toMatch(/\/storage\/.+X-Amz-Signature=/);
    const before = sim.stats.uploadBytes;
    const put = await call('PUT', target.upload_url, { body: 'hello', headers: target.headers, auth: null });
    expect(put.status).toBe(200);
    expect(sim.stats.uploadBytes - before).toBe(5);
    const file = await call('POST', '/files', {
      json: { name: 'a.mp4', type: 'video/mp4', url: target.public_url, workspace_id: sim.workspaceId, file_size: 5 },
    });
    expect(file.status).toBe(201);
    expect(file.json).toMatchObject({ object: 'file', size: 5, url: target.public_url });
  });

  it('refuses a PUT without the signed Content-Type, a bad signature, a wrong size, or an API key', async () => {
    const target = await uploadUrl(10);
    const wrongType = await call('PUT', target.upload_url, {
      body: '0123456789',
      headers: { 'content-type': 'application/octet-stream' },
      auth: null,
    });
    expect(wrongType.status).toBe(403);
    const badSig = await call('PUT', target.upload_url.replace(/X-Amz-Signature=\w+/, 'X-Amz-Signature=00'), {
      body: '0123456789',
      headers: target.headers,
      auth: null,
    });
    expect(badSig.status).toBe(403);
    const short = await call('PUT', target.upload_url, { body: '01234', headers: target.headers, auth: null });
    expect(short.status).toBe(400);
    const withKey = await call('PUT', target.upload_url, { body: '0123456789', headers: target.headers });
    expect(withKey.status).toBe(400);
  });

  it('refuses a file record for a URL nothing was uploaded to', async () => {
    const res = await call('POST', '/files', {
      json: {
        name: 'a.mp4',
        type: 'video/mp4',
        url: 'https://example.com/x.mp4',
        workspace_id: sim.workspaceId,
        file_size: 5,
      },
    });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'invalid_field', param: 'url' });
  });

  it('validates create fields and unknown assets', async () => {
    const base = {
      asset_id: 'file_unknown',
      title: 'Good title',
      brand: 'Acme',
      product: 'Kit',
      primary_intent: 'Persuasive',
      goal: 'Drive clicks from TikTok',
      workspace_id: sim.workspaceId,
    };
    for (const [field, value] of [
      ['title', 'ab'],
      ['primary_intent', 'Make them buy'],
      ['goal', 'short'],
      ['brand', 'A'],
    ] as const) {
      const res = await call('POST', '/video-analyses', { json: { ...base, [field]: value } });
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({ code: 'invalid_field', param: field });
    }
    expect((await call('POST', '/video-analyses', { json: base })).status).toBe(404);
    expect((await call('POST', '/video-analyses', { json: { ...base, workspace_id: 'ws_x' } })).status).toBe(404);
    const noVideo = await call('POST', '/video-analyses', { json: { ...base, asset_id: undefined } });
    expect(noVideo.json.error).toMatchObject({ code: 'missing_field', param: 'video_url' });
  });
});

describe('simulator: recipes uploads', () => {
  it('needs a multipart body with a file field', async () => {
    const json = await call('POST', '/assets', { json: { url: 'https://example.com/a.mp4' } });
    expect(json.status).toBe(400);
    const b = 'XYZ';
    const body = `--${b}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${b}--\r\n`;
    const noFile = await call('POST', '/assets', {
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${b}` },
    });
    expect(noFile.status).toBe(400);
    expect(noFile.json.error).toMatchObject({ code: 'missing_field', param: 'file' });
  });

  it('rejects an unknown asset and unknown analysis types', async () => {
    const unknown = await call('POST', '/video-analysis', {
      json: { asset_id: 'asset_x', analysis_types: ['pacing'] },
    });
    expect(unknown.status).toBe(404);
    const badTypes = await call('POST', '/video-analysis', {
      json: { asset_id: 'asset_x', analysis_types: ['vibes'] },
    });
    expect(badTypes.json.error).toMatchObject({ code: 'invalid_field', param: 'analysis_types' });
  });
});
