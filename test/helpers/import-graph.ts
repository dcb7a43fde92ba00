/**
 * The import graph of a source tree, for architecture tests: which file imports which, split into
 * runtime imports (kept in the emitted JavaScript, so they load the module) and type-only imports
 * (erased by the compiler), and the import cycles among them. Only relative imports (`'./x.js'`,
 * `'../y/index.js'`) are edges; packages and `node:` modules are not part of the tree.
 *
 * Runtime vs type-only is decided the way `tsc` decides it (without `verbatimModuleSyntax`):
 * `import type`, `export type`, `{ type X }`, `import('./x.js')` in a type, and an import whose
 * bindings are used only in types are erased, so type-only; everything else, a lazy
 * `import('./x.js')` included, is runtime. `export { T } from './x.js'` of a type alone counts as
 * runtime (one file alone cannot tell T is a type), and a local that shadows an imported name makes
 * the import look used: both err on the strict side. On src/ this classification matched the
 * imports left in dist/ file for file (601 runtime edges) when it was written.
 *
 * @example
 * ```ts
 * const graph = importGraph('src');
 * const cycles = findCycles(graph, 'all').filter((c) => c.files.some((f) => f.startsWith('src/tune/')));
 * expect(cycles.map(describeCycle)).toEqual([]);
 * ```
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import ts from 'typescript';

/** The imports of one file, as repo-relative POSIX paths of `.ts` files. */
export interface FileImports {
  runtime: Set<string>;
  typeOnly: Set<string>;
}

/** An import cycle: the files of one strongly connected component, and one closed path through it. */
export interface ImportCycle {
  files: string[];
  path: string[];
}

/**
 * Whether a node starts a part of the source that the compiler erases (a type, an interface, ...).
 * `class A extends B<T>` is a type node to the parser, but `B` is a value there.
 */
function startsTypeContext(node: ts.Node): boolean {
  return (
    (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) ||
    ts.isInterfaceDeclaration(node) ||
    ts.isTypeAliasDeclaration(node) ||
    (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ImplementsKeyword)
  );
}

/** The local names an import clause binds to values: none for `import type`, and none of its `{ type X }` names. */
function valueBindings(clause: ts.ImportClause | undefined): string[] {
  if (clause === undefined || clause.isTypeOnly) return [];
  const names = clause.name === undefined ? [] : [clause.name.text];
  const b = clause.namedBindings;
  if (b !== undefined && ts.isNamespaceImport(b)) names.push(b.name.text);
  if (b !== undefined && ts.isNamedImports(b)) for (const e of b.elements) if (!e.isTypeOnly) names.push(e.name.text);
  return names;
}

/**
 * The relative module specifiers of a file, each mapped to whether the import survives compilation:
 * `import type`, `export type` and `import('./x.js')` in a type are type-only; an import whose
 * bindings are all used only in types is erased, as `tsc` erases it (without `verbatimModuleSyntax`).
 */
function relativeSpecifiers(text: string, fileName: string): Map<string, boolean> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false);
  const specs = new Map<string, boolean>();
  const add = (spec: ts.Node | undefined, runtime: boolean): void => {
    if (spec !== undefined && ts.isStringLiteral(spec) && spec.text.startsWith('.')) {
      specs.set(spec.text, (specs.get(spec.text) ?? false) || runtime);
    }
  };
  const imports: { spec: ts.Expression; names: Set<string>; sideEffect: boolean }[] = [];
  const valueRefs = new Set<string>();
  const visit = (node: ts.Node, inType: boolean): void => {
    if (ts.isImportDeclaration(node)) {
      const names = new Set(valueBindings(node.importClause));
      imports.push({ spec: node.moduleSpecifier, names, sideEffect: node.importClause === undefined });
      return;
    }
    if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, !node.isTypeOnly);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal, false);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], true);
    else if (ts.isIdentifier(node) && !inType) valueRefs.add(node.text);
    const childInType = inType || startsTypeContext(node);
    ts.forEachChild(node, (child) => {
      // a property's name (`a.x`, `{ x: 1 }`, `x() {}`) is not a reference to a binding `x`
      const isName = (ts.isPropertyAccessExpression(node) || ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node) ||
        ts.isPropertyDeclaration(node)) && child === node.name;
      if (!isName) visit(child, childInType);
    });
  };
  visit(source, false);
  for (const { spec, names, sideEffect } of imports) add(spec, sideEffect || [...names].some((n) => valueRefs.has(n)));
  return specs;
}

function resolveSpecifier(from: string, spec: string): string {
  const base = posix.join(posix.dirname(from), spec);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`];
  return candidates.find((c) => existsSync(c)) ?? base;
}

function listTsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listTsFiles(posix.join(dir, e.name)) : e.name.endsWith('.ts') ? [posix.join(dir, e.name)] : [],
  );
}

/**
 * Every `.ts` file under `root` (a POSIX path, e.g. `'src'`) with the files it imports, runtime and
 * type-only separately. Paths are `root` joined with the file's path inside it (`'src/tune/heartbeat.ts'`).
 */
export function importGraph(root: string): Map<string, FileImports> {
  const graph = new Map<string, FileImports>();
  for (const file of listTsFiles(posix.normalize(root)).sort()) {
    const imports: FileImports = { runtime: new Set(), typeOnly: new Set() };
    for (const [spec, runtime] of relativeSpecifiers(readFileSync(file, 'utf8'), file)) {
      (runtime ? imports.runtime : imports.typeOnly).add(resolveSpecifier(file, spec));
    }
    graph.set(file, imports);
  }
  return graph;
}

/** The edges of `file` for a kind of cycle: runtime imports only, or all imports. */
function edgesOf(graph: Map<string, FileImports>, file: string, kind: 'runtime' | 'all'): string[] {
  const e = graph.get(file);
  if (e === undefined) return [];
  return [...e.runtime, ...(kind === 'all' ? e.typeOnly : [])].filter((f) => graph.has(f)).sort();
}

/** The shortest closed path from `start` back to itself inside `members` (breadth-first). */
function shortestLoop(graph: Map<string, FileImports>, start: string, members: Set<string>, kind: 'runtime' | 'all'): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const next of edgesOf(graph, queue[i], kind)) {
      if (!members.has(next) || prev.has(next)) continue;
      prev.set(next, queue[i]);
      if (next === start) {
        const path = [start];
        for (let at = prev.get(start) as string; at !== start; at = prev.get(at) as string) path.unshift(at);
        return [start, ...path];
      }
      queue.push(next);
    }
  }
  return [];
}

/**
 * The import cycles of a graph, one per strongly connected component of more than one file (or a
 * file importing itself), each with its files sorted and one shortest closed path through its first
 * file. `kind: 'runtime'` follows runtime imports only; `'all'` follows type-only imports too.
 */
export function findCycles(graph: Map<string, FileImports>, kind: 'runtime' | 'all'): ImportCycle[] {
  // Tarjan's strongly connected components, recursive (depth at most the number of files), over the sorted files
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: ImportCycle[] = [];
  const strongConnect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of edgesOf(graph, v, kind)) {
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const members: string[] = [];
    for (let w = stack.pop() as string; ; w = stack.pop() as string) {
      onStack.delete(w);
      members.push(w);
      if (w === v) break;
    }
    if (members.length > 1 || edgesOf(graph, v, kind).includes(v)) {
      const files = members.sort();
      cycles.push({ files, path: shortestLoop(graph, files[0], new Set(files), kind) });
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) strongConnect(file);
  return cycles.sort((a, b) => a.files[0].localeCompare(b.files[0]));
}

/** One line per cycle: `a.ts -> b.ts -> a.ts (3 files: a.ts, b.ts, c.ts)`. */
export function describeCycle(cycle: ImportCycle): string {
  return `${cycle.path.join(' -> ')} (${cycle.files.length} files: ${cycle.files.join(', ')})`;
}

/** The files under `dir` (e.g. `'src/gbdt/'`) that `file` imports, runtime or type-only, sorted. */
export function importsInto(graph: Map<string, FileImports>, file: string, dir: string): string[] {
  const e = graph.get(file);
  return e === undefined ? [] : [...e.runtime, ...e.typeOnly].filter((f) => f.startsWith(dir)).sort();
}
