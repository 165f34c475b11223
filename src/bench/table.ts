import { availableParallelism, cpus, release, totalmem } from 'node:os';

/** Nearest-rank percentile (p in 0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

export const ms = (v: number): string => (v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);
export const seconds = (msValue: number): string => `${(msValue / 1000).toFixed(msValue >= 100_000 ? 0 : 1)} s`;
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** `a 3 · b 1` from a count map, largest first. */
export function breakdown(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k} ${n}`)
    .join(' · ');
}

export interface Row {
  id: string;
  measure: string;
  result: string;
  note?: string;
}

/** A GitHub-flavoured Markdown table, columns padded so it also reads well in a terminal. */
export function renderTable(rows: Row[]): string {
  const header = ['', 'Measure', 'Result', 'Compared with / notes'];
  const body = rows.map((r) => [r.id, r.measure, r.result, r.note ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** CPU model, cores, RAM, Node version, OS and date. */
export function machineLine(date = new Date()): string {
  const list = cpus();
  const model = (list[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  const ram = totalmem() / 1024 ** 3;
  return (
    `Machine: ${model} · ${availableParallelism()} cores · ${ram.toFixed(1)} GiB RAM · ` +
    `Node ${process.version} · ${process.platform} ${release()} ${process.arch} · ${date.toISOString()}`
  );
}
