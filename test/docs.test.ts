import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The docs that describe the tree stay true to it: every path they name exists, every folder is described. */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const read = (name: string) => readFileSync(join(ROOT, name), 'utf8');

/** Every `src/…` or `test/…` path written in backticks. */
function namedPaths(markdown: string): string[] {
  const paths = [...markdown.matchAll(/`((?:src|test)\/[\w./-]+)`/g)].map((m) => m[1] ?? '');
  return [...new Set(paths)];
}

function folders(dir: string, prefix = ''): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => [`${prefix}${e.name}`, ...folders(join(dir, e.name), `${prefix}${e.name}/`)]);
}

describe('CONTRIBUTING.md', () => {
  const text = read('CONTRIBUTING.md');

  it('names only files and folders that exist (the feature → files map matches the tree)', () => {
    const paths = namedPaths(text);
    expect(paths.length).toBeGreaterThan(40);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it('walks a request through the code in six steps', () => {
    const steps = text.split('## A request')[1]?.split('\n## ')[0] ?? '';
    expect([...steps.matchAll(/^\d\. /gm)]).toHaveLength(6);
  });
});

describe('README architecture block', () => {
  const readme = read('README.md');
  const block = readme.split('## Architecture')[1]?.split('```')[1] ?? '';

  it('lists every folder of src/ and every file at its top', () => {
    const top = readdirSync(join(ROOT, 'src')).filter((n) => n.endsWith('.ts'));
    const listed = (name: string) => new RegExp(`^\\s+${name.split('/').at(-1)}/?\\s`, 'm').test(block);
    const missing = [...folders('src').filter((f) => f.split('/').length <= 2), ...top].filter((n) => !listed(n));
    expect(missing).toEqual([]);
  });
});
