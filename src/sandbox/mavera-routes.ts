import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MaveraShape } from '../mavera/types.js';
import { ApiError, hex, limitParam, readJson, requireInt, requireString } from './mavera-http.js';
import { type Analysis, recipesView, referenceView } from './mavera-results.js';
import type { MaveraSimulatorStats } from './mavera-types.js';
import { type PresignedStorage, receiveVideoPart } from './mavera-uploads.js';

/**
 * The routes of the simulated Mavera API, relative to /api/v1: the reference shape (/files, /files/upload-url,
 * /video-analyses) and the recipes shape (/assets, /video-analysis), strict where Mavera documents rules.
 */

export interface Route {
  shape: MaveraShape;
  method: string;
  pattern: RegExp;
  handle(req: IncomingMessage, res: ServerResponse, url: URL, params: string[]): Promise<void> | void;
}

/** What the routes share with the simulator around them. */
export interface RouteContext {
  workspaceId: string;
  stats: MaveraSimulatorStats;
  storage: PresignedStorage;
  analyses: ReadonlyMap<string, Analysis>;
  /** starts an analysis (402 when the credits run out) */
  createAnalysis(shape: MaveraShape, sha256: string, request: Record<string, unknown>, chunkDuration: number): Analysis;
  /** a status string in the simulator's case style */
  styled(status: string): string;
  /** sends JSON with the credit header */
  reply(res: ServerResponse, status: number, body: unknown): void;
}

const INTENTS = [
  'Informative',
  'Persuasive',
  'Directive',
  'Expressive',
  'Transactional',
  'Appreciative',
  'Inspirational',
  'Entertainment',
];
const RECIPE_TYPES = [
  'hook_score',
  'emotional_arc',
  'cognitive_load',
  'visual_complexity',
  'pacing',
  'text_legibility',
];

export function maveraRoutes(context: RouteContext): Route[] {
  const { workspaceId, stats, storage, analyses, createAnalysis, styled, reply } = context;
  const files = new Map<string, Record<string, unknown> & { sha256: string }>();
  const assets = new Map<string, Record<string, unknown> & { sha256: string }>();

  function checkWorkspace(value: unknown): void {
    if (value !== workspaceId) {
      throw new ApiError(404, 'workspace_not_found', `Workspace ${String(value)} not found`, 'workspace_id');
    }
  }

  return [
    // --- reference routes ---------------------------------------------------------------------------------------
    {
      shape: 'reference',
      method: 'GET',
      pattern: /^\/files$/,
      handle(_req, res, url) {
        const limit = limitParam(url);
        const ws = url.searchParams.get('workspace_id');
        if (ws != null) checkWorkspace(ws);
        const data = [...files.values()].slice(0, limit).map(({ sha256: _, ...f }) => f);
        reply(res, 200, { object: 'list', data, has_more: files.size > limit, next_cursor: null });
      },
    },
    {
      shape: 'reference',
      method: 'POST',
      pattern: /^\/files\/upload-url$/,
      async handle(req, res) {
        const body = await readJson(req);
        const name = requireString(body, 'file_name', 1, 255);
        const type = requireString(body, 'file_type', 3, 255);
        const size = requireInt(body, 'file_size', 1, Number.MAX_SAFE_INTEGER);
        requireString(body, 'workspace_id');
        checkWorkspace(body.workspace_id);
        reply(res, 200, storage.presign({ name, type, size }));
      },
    },
    {
      shape: 'reference',
      method: 'POST',
      pattern: /^\/files$/,
      async handle(req, res) {
        const body = await readJson(req);
        const name = requireString(body, 'name', 1, 255);
        const type = requireString(body, 'type');
        const url = requireString(body, 'url');
        requireString(body, 'workspace_id');
        checkWorkspace(body.workspace_id);
        const size = requireInt(body, 'file_size', 1, Number.MAX_SAFE_INTEGER);
        const object = storage.get(url);
        if (!object) throw new ApiError(400, 'invalid_field', 'url does not point to an uploaded file', 'url');
        if (object.size !== size) {
          throw new ApiError(
            400,
            'invalid_field',
            `file_size ${size} does not match the ${object.size} bytes uploaded`,
            'file_size',
          );
        }
        const now = new Date().toISOString();
        const file = {
          id: `file_${hex(10)}`,
          object: 'file',
          name,
          url,
          type,
          size,
          source: 'upload',
          workspace_id: workspaceId,
          folder_id: null,
          folder: null,
          thumbnail_url: null,
          metadata: body.metadata ?? {},
          is_favorite: false,
          created_at: now,
          updated_at: now,
          sha256: object.sha256,
        };
        files.set(file.id, file);
        const { sha256: _, ...view } = file;
        reply(res, 201, view);
      },
    },
    {
      shape: 'reference',
      method: 'GET',
      pattern: /^\/files\/([^/]+)$/,
      handle(_req, res, _url, [id]) {
        const file = files.get(id ?? '');
        if (!file) throw new ApiError(404, 'not_found', `No file with id ${id}`);
        const { sha256: _, ...view } = file;
        reply(res, 200, view);
      },
    },
    {
      shape: 'reference',
      method: 'GET',
      pattern: /^\/video-analyses$/,
      handle(_req, res, url) {
        const limit = limitParam(url);
        const wanted = url.searchParams.get('status');
        const all = [...analyses.values()]
          .filter((a) => a.shape === 'reference')
          .map((a) => referenceView(a, styled))
          .filter((v) => wanted == null || v.status.toLowerCase() === wanted.toLowerCase());
        const offset = Number(url.searchParams.get('offset') ?? 0) || 0;
        const data = all.slice(offset, offset + limit).map(({ chunks: _, ...v }) => v);
        reply(res, 200, { object: 'list', data, has_more: all.length > offset + limit, total: all.length });
      },
    },
    {
      shape: 'reference',
      method: 'POST',
      pattern: /^\/video-analyses$/,
      async handle(req, res) {
        const body = await readJson(req);
        const title = requireString(body, 'title', 3, 100);
        const brand = requireString(body, 'brand', 2, 100);
        const product = requireString(body, 'product', 2, 100);
        const intent = requireString(body, 'primary_intent');
        if (!INTENTS.includes(intent)) {
          throw new ApiError(
            400,
            'invalid_field',
            `primary_intent must be one of ${INTENTS.join(', ')}`,
            'primary_intent',
          );
        }
        const goal = requireString(body, 'goal', 10, 500);
        if (body.workspace_id !== undefined) checkWorkspace(body.workspace_id);
        const assetId = typeof body.asset_id === 'string' ? body.asset_id : null;
        const videoUrl = typeof body.video_url === 'string' ? body.video_url : null;
        if (!assetId && !videoUrl) throw new ApiError(400, 'missing_field', 'video_url is required', 'video_url');
        const file = assetId ? files.get(assetId) : [...files.values()].find((f) => f.url === videoUrl);
        if (!file) {
          throw new ApiError(
            404,
            'not_found',
            assetId ? `No file with id ${assetId}` : 'video_url is not a known file',
          );
        }
        if (assetId && videoUrl && file.url !== videoUrl) {
          throw new ApiError(400, 'invalid_field', 'video_url does not belong to asset_id', 'video_url');
        }
        const chunkDuration = body.chunk_duration ?? 2;
        if (typeof chunkDuration !== 'number' || chunkDuration <= 0 || chunkDuration > 60) {
          throw new ApiError(
            400,
            'invalid_field',
            'chunk_duration must be a number of seconds (0–60]',
            'chunk_duration',
          );
        }
        const frames = body.frames_per_chunk ?? 4;
        if (typeof frames !== 'number' || !Number.isInteger(frames) || frames < 1 || frames > 16) {
          throw new ApiError(400, 'invalid_field', 'frames_per_chunk must be an integer 1–16', 'frames_per_chunk');
        }
        const a = createAnalysis(
          'reference',
          file.sha256,
          {
            video_url: file.url,
            asset_id: file.id,
            title,
            brand,
            product,
            primary_intent: intent,
            secondary_intent: null,
            tertiary_intent: null,
            goal,
            frames_per_chunk: frames,
          },
          chunkDuration,
        );
        const { results: _r, chunks: _c, progress: _p, ...view } = referenceView(a, styled);
        reply(res, 201, { ...view, status: styled('pending') });
      },
    },
    {
      shape: 'reference',
      method: 'GET',
      pattern: /^\/video-analyses\/([^/]+)$/,
      handle(_req, res, _url, [id]) {
        const a = analyses.get(id ?? '');
        if (a?.shape !== 'reference') throw new ApiError(404, 'not_found', `No video analysis with id ${id}`);
        stats.polls++;
        reply(res, 200, referenceView(a, styled));
      },
    },
    // --- recipes routes ---------------------------------------------------------------------------------------
    {
      shape: 'recipes',
      method: 'GET',
      pattern: /^\/assets$/,
      handle(_req, res, url) {
        const limit = limitParam(url);
        const data = [...assets.values()].slice(0, limit).map(({ sha256: _, ...a }) => a);
        reply(res, 200, { object: 'list', data, has_more: assets.size > limit });
      },
    },
    {
      shape: 'recipes',
      method: 'POST',
      pattern: /^\/assets$/,
      async handle(req, res) {
        const upload = await receiveVideoPart(req);
        const asset = {
          id: `asset_${hex(10)}`,
          object: 'asset',
          name: upload.fileName || 'upload',
          type: 'video',
          mime_type: upload.contentType,
          size: upload.size,
          created_at: new Date().toISOString(),
          sha256: upload.sha256,
        };
        assets.set(asset.id, asset);
        stats.uploads++;
        stats.uploadBytes += upload.size;
        const { sha256: _, ...view } = asset;
        reply(res, 201, view);
      },
    },
    {
      shape: 'recipes',
      method: 'GET',
      pattern: /^\/assets\/([^/]+)$/,
      handle(_req, res, _url, [id]) {
        const asset = assets.get(id ?? '');
        if (!asset) throw new ApiError(404, 'not_found', `No asset with id ${id}`);
        const { sha256: _, ...view } = asset;
        reply(res, 200, view);
      },
    },
    {
      shape: 'recipes',
      method: 'POST',
      pattern: /^\/video-analysis$/,
      async handle(req, res) {
        const body = await readJson(req);
        const assetId = requireString(body, 'asset_id');
        const types = body.analysis_types;
        if (
          !Array.isArray(types) ||
          types.length === 0 ||
          !types.every((t) => typeof t === 'string' && RECIPE_TYPES.includes(t))
        ) {
          throw new ApiError(
            400,
            'invalid_field',
            `analysis_types must list some of ${RECIPE_TYPES.join(', ')}`,
            'analysis_types',
          );
        }
        const metadata = body.metadata ?? {};
        if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
          throw new ApiError(400, 'invalid_field', 'metadata must be an object', 'metadata');
        }
        const asset = assets.get(assetId);
        if (!asset) throw new ApiError(404, 'not_found', `No asset with id ${assetId}`);
        const a = createAnalysis('recipes', asset.sha256, { asset_id: assetId, analysis_types: types, metadata }, 3);
        reply(res, 201, { ...recipesView(a, styled), status: styled('queued') });
      },
    },
    {
      shape: 'recipes',
      method: 'GET',
      pattern: /^\/video-analysis\/([^/]+)$/,
      handle(_req, res, _url, [id]) {
        const a = analyses.get(id ?? '');
        if (a?.shape !== 'recipes') throw new ApiError(404, 'not_found', `No video analysis with id ${id}`);
        stats.polls++;
        reply(res, 200, recipesView(a, styled));
      },
    },
  ];
}
