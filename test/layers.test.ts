import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layering between folders of src/. Biome checks cycles between files (`noImportCycles`, type imports counted) and
 * keeps Slack out of the core (`noRestrictedImports`); this checks what neither can see: cycles between folders
 * (analysis → scoring → analysis through different files). Each folder of src/ is one node, each file at the top of
 * src/ (config.ts, services.ts …) is its own.
 */

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `analysis`, `slack` … for a file in a folder; `services.ts` for a file at the top of src/. */
function nodeOf(file: string): string {
  const [first, ...rest] = relative(SRC, file).split(/[\\/]/);
  return rest.length === 0 ? (first ?? '') : `${first}/`;
}

/** Relative import specifiers of a file, static and dynamic, type-only included. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'/g)].map((m) => m[1]);
  const dynamic = [...text.matchAll(/import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1]);
  return [...specifiers, ...dynamic].filter((s): s is string => typeof s === 'string');
}

function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const from = nodeOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const specifier of importsOf(file)) {
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      const to = nodeOf(target);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** One cycle of the graph as a path (`a/ → b/ → a/`), or null. */
function findCycle(graph: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('layers of src/', () => {
  const graph = folderGraph();

  it('has no import cycle between folders', () => {
    expect(findCycle(graph)?.join(' → ') ?? null).toBeNull();
  });

  it('keeps the core below the doors: no core folder imports a door or the composition root', () => {
    const core = ['analysis/', 'scoring/', 'leaderboard/', 'decisions/', 'store/', 'tiktok/', 'mavera/', 'creators/'];
    const doors = ['slack/', 'cli/', 'cli.ts', 'serve.ts', 'services.ts', 'doctor/', 'demo/', 'bench/', 'sandbox/'];
    const crossings = core.flatMap((folder) =>
      [...(graph.get(folder) ?? [])].filter((to) => doors.includes(to)).map((to) => `${folder} → ${to}`),
    );
    expect(crossings).toEqual([]);
  });

  it('sees the folders it checks (the scan is not empty)', () => {
    expect([...graph.keys()]).toEqual(expect.arrayContaining(['analysis/', 'slack/', 'store/', 'services.ts']));
  });
});
