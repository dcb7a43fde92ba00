/**
 * The CLI uses the public API only (DESIGN.md): a file under src/cli imports the rest of src/
 * through the package's entry files (src/index.ts and the subpath entries of package.json
 * `exports`), never a module behind them, so that whatever the CLI needs a user can reach too.
 * Type-only imports count: a type the CLI names is part of what a user writes against.
 */
import { describe, expect, it } from 'vitest';
import { importGraph, type FileImports } from '../helpers/import-graph.js';
import { packageEntries } from '../helpers/package-entries.js';

/** The imports from files under `dir` into src/ outside `dir` that are not one of `entries`, as `from -> to`. */
function deepImports(graph: Map<string, FileImports>, dir: string, entries: readonly string[]): string[] {
  const allowed = new Set(entries);
  const bad: string[] = [];
  for (const [file, e] of graph) {
    if (!file.startsWith(dir)) continue;
    for (const to of [...e.runtime, ...e.typeOnly].sort()) {
      if (to.startsWith(dir) || !to.startsWith('src/') || allowed.has(to)) continue;
      bad.push(`${file} -> ${to}`);
    }
  }
  return bad;
}

describe('the CLI and the public API', () => {
  const graph = importGraph('src');
  const entries = packageEntries().map((e) => e.source);

  it('src/cli imports the rest of src/ only through the package entries', () => {
    expect(entries).toContain('src/index.ts');
    expect(deepImports(graph, 'src/cli/', entries)).toEqual([]);
  });

  it('uses several entries (the check sees the CLI\'s imports)', () => {
    const used = new Set([...graph].filter(([f]) => f.startsWith('src/cli/')).flatMap(([, e]) => [...e.runtime, ...e.typeOnly]));
    expect(entries.filter((e) => used.has(e)).length).toBeGreaterThanOrEqual(5);
  });

  it('reports a deep import, runtime or type-only', () => {
    const g = new Map<string, FileImports>([
      ['src/cli/a.ts', { runtime: new Set(['src/index.ts', 'src/cli/b.ts', 'src/core/log.ts']), typeOnly: new Set(['src/tune/storages/base.ts']) }],
      ['src/cli/b.ts', { runtime: new Set(['src/tune/index.ts']), typeOnly: new Set() }],
    ]);
    expect(deepImports(g, 'src/cli/', ['src/index.ts', 'src/tune/index.ts'])).toEqual([
      'src/cli/a.ts -> src/core/log.ts',
      'src/cli/a.ts -> src/tune/storages/base.ts',
    ]);
  });
});
