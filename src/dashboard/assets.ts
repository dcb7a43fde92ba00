/**
 * The page's files: built by esbuild (`scripts/build-dashboard.mjs`, run by `npm run build`) into
 * `dist/dashboard/assets/`, read into memory once when the server starts and served from a fixed
 * table of URL paths. No URL is ever turned into a file path, so no request (`..`, encoded or not)
 * can reach a file outside these.
 *
 * @example
 * ```ts
 * const assets = loadAssets(defaultAssetsDir());
 * assets.get('/')?.type; // 'text/html; charset=utf-8'
 * ```
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { GbtuneError } from '../index.js';

/** One served file. */
export interface Asset {
  body: Buffer;
  /** The body gzipped (sent to browsers that accept it: the bundle shrinks about 3×). */
  gzip: Buffer;
  type: string;
  etag: string;
}

/** URL path → file in the assets folder, and its type. */
const FILES: [string, string, string][] = [
  ['/', 'index.html', 'text/html; charset=utf-8'],
  ['/assets/app.js', 'app.js', 'text/javascript; charset=utf-8'],
  ['/assets/app.css', 'app.css', 'text/css; charset=utf-8'],
  ['/favicon.svg', 'favicon.svg', 'image/svg+xml'],
];

/**
 * The built assets folder: next to this module (`dist/dashboard/assets`), or under `dist/` when
 * running from the TypeScript sources (tests).
 *
 * @example
 * ```ts
 * defaultAssetsDir(); // '/path/to/gbtune/dist/dashboard/assets'
 * ```
 */
export function defaultAssetsDir(): string {
  const here = fileURLToPath(new URL('./assets', import.meta.url));
  if (existsSync(join(here, 'index.html'))) return here;
  return here.replace(/([\\/])src([\\/])dashboard([\\/])assets$/, '$1dist$2dashboard$3assets');
}

/**
 * Reads the assets; a missing file is an error saying how to build them.
 *
 * @example
 * ```ts
 * loadAssets('/tmp/nowhere'); // GbtuneError: the dashboard's page is not built: /tmp/nowhere/index.html is missing; run `npm run build`
 * ```
 */
export function loadAssets(dir: string): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const [path, file, type] of FILES) {
    const full = join(dir, file);
    if (!existsSync(full)) throw new GbtuneError(`the dashboard's page is not built: ${full} is missing; run \`npm run build\``, 'DASHBOARD_ASSETS');
    const body = readFileSync(full);
    out.set(path, { body, gzip: gzipSync(body, { level: 9 }), type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });
  }
  out.set('/index.html', out.get('/') as Asset);
  return out;
}
