// Builds the dashboard's page (src/dashboard/page, plain TypeScript + ECharts) with esbuild into
// dist/dashboard/assets/: app.js (one minified bundle, no CDN, nothing loaded at run time),
// app.css, index.html, favicon.svg. Run by `npm run build` after tsc; the server reads these
// files once at start (src/dashboard/assets.ts).
// Usage: node scripts/build-dashboard.mjs [--out DIR]
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const page = join(root, 'src', 'dashboard', 'page');
const i = process.argv.indexOf('--out');
const out = i > 0 ? process.argv[i + 1] : join(root, 'dist', 'dashboard', 'assets');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(page, 'main.ts')],
  outfile: join(out, 'app.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020'],
  legalComments: 'none',
  logLevel: 'warning',
});
for (const f of ['style.css:app.css', 'index.html:index.html', 'favicon.svg:favicon.svg']) {
  const [from, to] = f.split(':');
  copyFileSync(join(page, from), join(out, to));
}
const kb = (f) => `${(statSync(join(out, f)).size / 1024).toFixed(0)} KB`;
if (!process.argv.includes('--quiet')) console.log(`dashboard page: ${out}/app.js ${kb('app.js')}, app.css ${kb('app.css')}`);
