/**
 * `gbtune/testing` as a third-party package uses it: the package's `./testing` export (the compiled
 * dist/, built by `npm test`) runs the storage and sampler suites over implementations taken from
 * the `gbtune/storages` and `gbtune` entries; and the main entry never loads the suites or vitest.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// variable specifiers: resolved at run time through package.json `exports`, as a dependent package does
const testingSpec = 'gbtune/testing';
const mainSpec = 'gbtune';
const storagesSpec = 'gbtune/storages';
const testing = (await import(testingSpec)) as typeof import('../../src/testing/index.js');
const gbtune = (await import(mainSpec)) as typeof import('../../src/index.js');
const storages = (await import(storagesSpec)) as typeof import('../../src/tune/storages/index.js');

testing.runStorageConformance([{ name: 'gbtune/testing: InMemoryStorage from the gbtune/storages entry', create: async () => new storages.InMemoryStorage() }]);
testing.runSamplerConformance([{ name: 'gbtune/testing: RandomSampler from the gbtune entry', create: (seed) => new gbtune.RandomSampler({ seed }) }]);

/** Every module the main entry loads (relative imports, followed from src/index.ts) and every package it imports. */
function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)) {
      const spec = (m[1] ?? m[2]);
      if (spec.startsWith('.')) stack.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  }
  return { files, packages };
}

describe('gbtune/testing', () => {
  it('is a package export of its own, and the main entry never loads it or vitest', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown>; peerDependenciesMeta: Record<string, unknown> };
    expect(pkg.exports['./testing']).toEqual({ types: './dist/testing/index.d.ts', import: './dist/testing/index.js' });
    expect(pkg.peerDependenciesMeta.vitest).toEqual({ optional: true });
    const { files, packages } = importGraph(resolve('src/index.ts'));
    expect(files.size).toBeGreaterThan(100);
    expect(files.has(resolve('src/tune/storages/registry.ts'))).toBe(true);
    expect([...files].filter((f) => f.startsWith(join(resolve('src'), 'testing')))).toEqual([]);
    expect([...packages].filter((p) => p === 'vitest' || p.startsWith('vitest/'))).toEqual([]);
  });

  it('exports the suites and their helpers', () => {
    expect(Object.keys(testing).sort()).toEqual(['expectInDistribution', 'gridValues', 'runSamplerConformance', 'runStorageConformance']);
  });
});
