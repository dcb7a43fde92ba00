/**
 * No import cycles: a module never imports (directly or through others) a module that imports it.
 * A runtime cycle makes load order matter (a class used before its module has run); a type-only
 * cycle loads fine but is still a circle a maintainer must understand as one piece. `src/` has
 * neither.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { posix } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCycle, findCycles, importGraph, type FileImports } from '../helpers/import-graph.js';

describe('import cycles in src/', () => {
  const graph = importGraph('src');

  it('finds the source tree', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect([...(graph.get('src/tune/study/study.ts') as FileImports).runtime]).toContain('src/tune/study/optimize.ts');
  });

  it('src/ has no runtime import cycle', () => {
    expect(findCycles(graph, 'runtime').map(describeCycle)).toEqual([]);
  });

  it('src/ has no import cycle, type-only imports included', () => {
    expect(findCycles(graph, 'all').map(describeCycle)).toEqual([]);
  });
});

describe('importGraph and findCycles', () => {
  let root = '';
  const file = (name: string): string => posix.join(root, name);

  beforeAll(() => {
    root = mkdtempSync(posix.join(tmpdir().split('\\').join('/'), 'gbtune-import-graph-'));
    mkdirSync(posix.join(root, 'sub'));
    const files: Record<string, string> = {
      // a -> b at runtime; b -> a only in a type (tsc erases it): a type-only cycle
      'a.ts': "import { B } from './b.js';\nexport class A { b = new B(); }\n",
      'b.ts': "import { A } from './a.js';\nexport class B { a: A | null = null; }\n",
      // c <-> d at runtime
      'c.ts': "import { d } from './d.js';\nexport const c = (): number => d();\n",
      'd.ts': "import { c } from './c.js';\nexport const d = (): number => c.length;\n",
      // e implements f (type-only), extends g (runtime); g imports e for its side effects (runtime)
      'e.ts': "import type { F } from './f.js';\nimport { G } from './sub/index.js';\nexport class E extends G implements F {}\n",
      'f.ts': 'export interface F {}\n',
      'sub/index.ts': "import '../e.js';\nexport class G {}\n",
      // a lazy import is a runtime edge; `{ type X }` is not; a package is no edge
      'h.ts': "import { type A } from './a.js';\nimport ts from 'typescript';\nexport const h = async (a: A) => [a, ts, await import('./f.js')];\n",
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(file(name), text);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('splits runtime from type-only imports as tsc emits them', () => {
    const g = importGraph(root);
    const edges = (name: string): { runtime: string[]; typeOnly: string[] } => {
      const e = g.get(file(name)) as FileImports;
      return { runtime: [...e.runtime].sort(), typeOnly: [...e.typeOnly].sort() };
    };
    expect(g.size).toBe(8);
    expect(edges('a.ts')).toEqual({ runtime: [file('b.ts')], typeOnly: [] });
    expect(edges('b.ts')).toEqual({ runtime: [], typeOnly: [file('a.ts')] });
    expect(edges('e.ts')).toEqual({ runtime: [file('sub/index.ts')], typeOnly: [file('f.ts')] });
    expect(edges('sub/index.ts')).toEqual({ runtime: [file('e.ts')], typeOnly: [] });
    expect(edges('h.ts')).toEqual({ runtime: [file('f.ts')], typeOnly: [file('a.ts')] });
  });

  it('finds runtime cycles, and type-only ones when asked', () => {
    const g = importGraph(root);
    expect(findCycles(g, 'runtime')).toEqual([
      { files: [file('c.ts'), file('d.ts')], path: [file('c.ts'), file('d.ts'), file('c.ts')] },
      { files: [file('e.ts'), file('sub/index.ts')], path: [file('e.ts'), file('sub/index.ts'), file('e.ts')] },
    ]);
    expect(findCycles(g, 'all').map((c) => c.files)).toEqual([
      [file('a.ts'), file('b.ts')],
      [file('c.ts'), file('d.ts')],
      [file('e.ts'), file('sub/index.ts')],
    ]);
    expect(describeCycle(findCycles(g, 'all')[0])).toBe(`${file('a.ts')} -> ${file('b.ts')} -> ${file('a.ts')} (2 files: ${file('a.ts')}, ${file('b.ts')})`);
  });
});
