import { renderAsync } from '@resvg/resvg-js';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import * as vegaLite from 'vega-lite';
import { moneyPrefix } from '../scoring/format.js';
import type { Verdict } from '../scoring/types.js';

/**
 * The leaderboard as a picture: behavioural score (x) against CTR (y), bubble size = spend, colour = verdict.
 * vega-lite spec → vega view (headless, no loader: the data is inline) → SVG → PNG with resvg.
 */

export interface ChartPoint {
  /** ad name (untrusted: clamped, control characters removed) */
  label: string;
  /** behavioural score, 0–100 */
  score: number;
  /** CTR, % */
  ctr: number;
  spend: number;
  verdict: Verdict;
}

export interface ChartThresholds {
  scoreHigh: number;
  scoreLow: number;
  rateScale: number;
  rateKill: number;
}

export interface ChartOptions {
  title?: string;
  /** ISO code ('USD') or symbol ('$') for the spend legend; default 'USD' */
  currency?: string;
  /** PNG width in px, clamped to 400–2400 (default 1200) */
  width?: number;
  /** PNG height in px, clamped to 400–2400 (default 800) */
  height?: number;
  /** when given, dashed lines show the verdict thresholds */
  thresholds?: ChartThresholds;
}

export const CHART_LIMITS = {
  minSize: 400,
  maxSize: 2400,
  /** most bubbles drawn (highest spend first) */
  maxPoints: 500,
  /** bubbles that get a name next to them (highest spend first) */
  maxLabels: 12,
  labelChars: 28,
  titleChars: 100,
} as const;

export const VERDICT_COLOURS: Readonly<Record<Verdict, string>> = Object.freeze({
  SCALE: '#2e9e44',
  TEST: '#2f6fd6',
  HOLD: '#e0a100',
  KILL: '#d63a3a',
});

/**
 * Bubble area in px² for spend 0 and for the largest spend (vega's size scale is linear in area). Crowded charts get
 * smaller bubbles: the largest shrinks with √(20 / n) beyond 20 points, down to 400 px².
 */
function bubbleAreas(count: number): { min: number; max: number } {
  return { min: 30, max: count <= 20 ? 1800 : Math.max(400, 1800 * Math.sqrt(20 / count)) };
}

function bubbleArea(spend: number, maxSpend: number, areas: { min: number; max: number }): number {
  return areas.min + ((areas.max - areas.min) * spend) / maxSpend;
}

/** Three legend sizes: a quarter, half and all of the largest spend, rounded to two significant digits. */
function spendLegendValues(maxSpend: number): number[] {
  const round2 = (v: number) => Number(v.toPrecision(2));
  return [...new Set([maxSpend / 4, maxSpend / 2, maxSpend].map(round2))].filter((v) => v > 0);
}

const VERDICT_ORDER: Verdict[] = ['SCALE', 'TEST', 'HOLD', 'KILL'];
const FONT = 'DejaVu Sans';

function clampText(text: string, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  const chars = Array.from(clean);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : clean;
}

function clampSize(x: number | undefined, fallback: number): number {
  if (x === undefined || !Number.isFinite(x)) return fallback;
  return Math.round(Math.min(CHART_LIMITS.maxSize, Math.max(CHART_LIMITS.minSize, x)));
}

interface Datum {
  label: string;
  score: number;
  ctr: number;
  spend: number;
  verdict: Verdict;
}

function cleanPoints(points: readonly ChartPoint[]): Datum[] {
  return points
    .filter((p) => Number.isFinite(p.score) && Number.isFinite(p.ctr) && VERDICT_ORDER.includes(p.verdict))
    .map((p) => ({
      label: clampText(p.label, CHART_LIMITS.labelChars) || '(unnamed)',
      score: Math.min(100, Math.max(0, p.score)),
      ctr: Math.max(0, p.ctr),
      spend: Number.isFinite(p.spend) && p.spend > 0 ? p.spend : 0,
      verdict: p.verdict,
    }))
    .sort((a, b) => b.spend - a.spend)
    .slice(0, CHART_LIMITS.maxPoints);
}

/** The vega-lite spec (exported for tests and for anyone who wants the SVG instead). */
export function leaderboardChartSpec(points: readonly ChartPoint[], options: ChartOptions = {}): TopLevelSpec {
  const width = clampSize(options.width, 1200);
  const height = clampSize(options.height, 800);
  const data = cleanPoints(points);
  const empty = data.length === 0;
  const prefix = moneyPrefix(options.currency ?? 'USD');
  const maxSpend = Math.max(0, ...data.map((d) => d.spend));
  const spendMax = maxSpend > 0 ? maxSpend : 1;
  const areas = bubbleAreas(data.length);
  const maxCtr = Math.max(0, ...data.map((d) => d.ctr), options.thresholds?.rateScale ?? 0);
  const title = clampText(options.title ?? 'Behavioural score vs CTR', CHART_LIMITS.titleChars);
  const dropped = points.length - data.length;
  const subtitle = empty
    ? ''
    : `${data.length} creative${data.length === 1 ? '' : 's'} · bubble size = spend · colour = verdict` +
      (dropped > 0 ? ` · ${dropped} not shown` : '');

  const yMax = maxCtr > 0 ? maxCtr * 1.1 : 3;
  const x = {
    field: 'score',
    type: 'quantitative' as const,
    title: 'Behavioural score (0–100)',
    scale: { domain: [0, 100], clamp: true },
  };
  const y = { field: 'ctr', type: 'quantitative' as const, title: 'CTR (%)', scale: { domain: [0, yMax], nice: true } };

  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [];

  const t = options.thresholds;
  if (t) {
    const rule = { type: 'rule' as const, strokeDash: [6, 4], color: '#9aa0a6', strokeWidth: 1 };
    layers.push(
      {
        data: { values: [{ score: t.scoreLow }, { score: t.scoreHigh }] },
        mark: rule,
        encoding: { x },
      },
      {
        data: { values: [{ ctr: t.rateKill }, { ctr: t.rateScale }] },
        mark: rule,
        encoding: { y },
      },
    );
  }

  layers.push({
    data: { values: data },
    mark: { type: 'circle', opacity: 0.75, stroke: 'white', strokeWidth: 1 },
    encoding: {
      x,
      y,
      size: {
        field: 'spend',
        type: 'quantitative',
        title: `Spend (${prefix.trim()})`,
        scale: { domain: [0, spendMax], range: [areas.min, areas.max], zero: true },
        legend: empty
          ? null
          : {
              values: spendLegendValues(maxSpend),
              format: maxSpend >= 1000 ? '.2~s' : ',.0f',
              // The prefix is a JSON string literal, which is also a valid vega expression string.
              labelExpr: `${JSON.stringify(prefix)} + datum.label`,
              symbolFillColor: '#9aa0a6',
              symbolStrokeWidth: 0,
            },
      },
      color: {
        field: 'verdict',
        type: 'nominal',
        title: 'Verdict',
        scale: { domain: VERDICT_ORDER, range: VERDICT_ORDER.map((v) => VERDICT_COLOURS[v]) },
      },
    },
  });

  // Names sit just outside their bubble: to the right, or to the left near the right edge so they stay in the plot.
  const labelled = data.slice(0, CHART_LIMITS.maxLabels).map((d) => {
    const radius = Math.sqrt(bubbleArea(d.spend, spendMax, areas) / Math.PI) + 5;
    return { ...d, dx: d.score > 75 ? -radius : radius };
  });
  for (const side of ['right', 'left'] as const) {
    const values = labelled.filter((d) => (side === 'right' ? d.dx > 0 : d.dx < 0));
    if (values.length === 0) continue;
    layers.push({
      data: { values },
      mark: {
        type: 'text',
        align: side === 'right' ? 'left' : 'right',
        baseline: 'middle',
        dx: { expr: 'datum.dx' },
        fontSize: 12,
        color: '#333333',
      },
      encoding: { x, y, text: { field: 'label', type: 'nominal' } },
    });
  }

  if (empty) {
    layers.push({
      data: { values: [{ score: 50, ctr: yMax / 2, note: 'No analysed creatives yet' }] },
      mark: { type: 'text', fontSize: 22, color: '#666666' },
      encoding: { x, y, text: { field: 'note', type: 'nominal' } },
    });
  }

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width,
    height,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 16,
    background: 'white',
    title: { text: title, subtitle, anchor: 'start', fontSize: 20, subtitleFontSize: 13, subtitleColor: '#555555' },
    config: {
      font: FONT,
      axis: { labelFontSize: 12, titleFontSize: 14, gridColor: '#eeeeee' },
      legend: { labelFontSize: 12, titleFontSize: 13 },
      view: { stroke: '#dddddd' },
    },
    layer: layers,
  };
}

/** A loader that refuses everything: the chart's data is inline, so nothing may be fetched or read. */
const noLoader: vega.Loader = {
  load: (uri) => Promise.reject(new Error(`chart: refusing to load ${uri}`)),
  sanitize: (uri) => Promise.reject(new Error(`chart: refusing to load ${uri}`)),
  http: (uri) => Promise.reject(new Error(`chart: refusing to fetch ${uri}`)),
  file: (name) => Promise.reject(new Error(`chart: refusing to read ${name}`)),
};

/** Renders the SVG for a spec (headless vega view, no network). */
export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: noLoader, logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The leaderboard chart as a PNG. An empty list still renders (axes and a "No analysed creatives yet" note). */
export async function renderLeaderboardChart(
  points: readonly ChartPoint[],
  options: ChartOptions = {},
): Promise<Buffer> {
  const width = clampSize(options.width, 1200);
  const svg = await renderChartSvg(leaderboardChartSpec(points, options));
  const image = await renderAsync(svg, {
    fitTo: { mode: 'width', value: width },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: FONT },
  });
  return image.asPng();
}
