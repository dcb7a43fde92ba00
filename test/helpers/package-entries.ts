/**
 * The package's entry points as package.json `exports` declares them: each subpath (`'.'`,
 * `'./gbdt'`, ...), the name a dependent imports (`'gbtune'`, `'gbtune/gbdt'`), the compiled files
 * and the source file they are built from (`./dist/tune/index.js` → `src/tune/index.ts`).
 *
 * @example
 * ```ts
 * const entries = packageEntries();
 * entries.map((e) => e.specifier); // ['gbtune', 'gbtune/gbdt', ...]
 * ```
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

/** One entry point of the package. */
export interface PackageEntry {
  /** The key in `exports`: `'.'`, `'./gbdt'`, ... */
  subpath: string;
  /** What a dependent writes: `'gbtune'`, `'gbtune/gbdt'`, ... */
  specifier: string;
  /** The compiled module and its declarations, as `exports` names them (`./dist/...`). */
  import: string;
  types: string;
  /** The source file they are built from, repo-relative (`src/gbdt/index.ts`). */
  source: string;
}

/** The entries of package.json `exports` (not `./package.json`), in its order. */
export function packageEntries(pkgPath = 'package.json'): PackageEntry[] {
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { name: string; exports: Record<string, unknown> };
  return Object.entries(pkg.exports)
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, target]) => {
      const t = target as { import: string; types: string };
      const rel = posix.normalize(t.import).replace(/^dist\//, '');
      return {
        subpath,
        specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
        import: t.import,
        types: t.types,
        source: `src/${rel.replace(/\.js$/, '.ts')}`,
      };
    });
}
