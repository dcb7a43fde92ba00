/**
 * The import rules of `src/data` and `src/gbdt`: no import cycle inside either (type-only imports
 * count: a cycle of types still ties the files together), the data layer below the trainer
 * (`src/data` imports nothing from `src/gbdt`), and the params table below both (`src/params`
 * imports only `src/core`). Only these two folders for now: the tuner's cycles
 * are being broken separately; once they are, the same check can cover all of `src`.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { posix } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Every `.ts` file under `dir` → the repo-relative `.ts` files it imports (relative imports only). */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = posix.join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.ts')) graph.set(path, importsOf(path));
    }
  };
  walk(dir);
  return graph;
}

function importsOf(file: string): string[] {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    let spec: ts.Node | undefined;
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) spec = node.moduleSpecifier;
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) spec = node.arguments[0];
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) spec = node.argument.literal;
    if (spec !== undefined && ts.isStringLiteral(spec) && spec.text.startsWith('.')) {
      const base = posix.join(posix.dirname(file), spec.text).replace(/\.js$/, '');
      out.push(existsSync(`${base}.ts`) ? `${base}.ts` : `${base}/index.ts`);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false));
  return out;
}

/** The import cycles among the files under `prefix`: one closed path per cycle found by depth-first search. */
function cyclesUnder(graph: Map<string, string[]>, prefix: string): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (!g.startsWith(prefix) || !graph.has(g)) continue;
      if (state.get(g) === 'open') cycles.push([...stack.slice(stack.indexOf(g)), g].join(' -> '));
      else if (state.get(g) === undefined) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of [...graph.keys()].sort()) if (f.startsWith(prefix) && state.get(f) === undefined) visit(f);
  return cycles;
}

describe('import structure of src/data and src/gbdt', () => {
  const graph = importGraph('src');

  it.each(['src/data/', 'src/gbdt/', 'src/params/'])('has no import cycle under %s', (prefix) => {
    expect(cyclesUnder(graph, prefix)).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const g = new Map([
      ['src/data/a.ts', ['src/data/b.ts']],
      ['src/data/b.ts', ['src/data/c.ts']],
      ['src/data/c.ts', ['src/data/a.ts']],
    ]);
    expect(cyclesUnder(g, 'src/data/')).toEqual(['src/data/a.ts -> src/data/b.ts -> src/data/c.ts -> src/data/a.ts']);
  });

  it('src/data imports nothing from src/gbdt (the data layer sits below the trainer)', () => {
    const upward = [...graph].flatMap(([f, deps]) => (f.startsWith('src/data/') ? deps.filter((d) => d.startsWith('src/gbdt/')).map((d) => `${f} -> ${d}`) : []));
    expect(upward).toEqual([]);
  });

  it('src/params imports only src/core (binning and training both read it)', () => {
    const outside = [...graph].flatMap(([f, deps]) =>
      f.startsWith('src/params/') ? deps.filter((d) => !d.startsWith('src/params/') && !d.startsWith('src/core/')).map((d) => `${f} -> ${d}`) : [],
    );
    expect(outside).toEqual([]);
  });

  it('reads type-only imports and re-exports as edges', () => {
    // `import type { Dataset } from './dataset.js'` and `export type { TableOptions } from './table-builder.js'`
    expect(graph.get('src/data/binned-dataset.ts')).toContain('src/data/dataset.ts');
    expect(graph.get('src/data/dataset.ts')).toContain('src/data/table-builder.ts');
  });
});
