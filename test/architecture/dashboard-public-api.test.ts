/**
 * The dashboard uses the public API only (DESIGN.md), as the CLI does: a file under src/dashboard
 * imports the rest of src/ through the package's entry files; and its page (src/dashboard/page,
 * bundled for the browser) imports nothing that needs Node — only its own modules, ECharts and
 * the browser entry `gbtune/viz/browser`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../helpers/import-graph.js';
import { packageEntries } from '../helpers/package-entries.js';

describe('the dashboard and the public API', () => {
  const graph = importGraph('src');
  const entries = new Set(packageEntries().map((e) => e.source));

  it('src/dashboard imports the rest of src/ only through the package entries', () => {
    const bad: string[] = [];
    let files = 0;
    for (const [file, e] of graph) {
      if (!file.startsWith('src/dashboard/')) continue;
      files++;
      for (const to of [...e.runtime, ...e.typeOnly]) {
        if (to.startsWith('src/dashboard/') || !to.startsWith('src/') || entries.has(to)) continue;
        bad.push(`${file} -> ${to}`);
      }
    }
    expect(files).toBeGreaterThan(10);
    expect(bad).toEqual([]);
  });

  it('the page imports only its own modules, ECharts and gbtune/viz/browser', () => {
    const dir = join('src', 'dashboard', 'page');
    const specs: string[] = [];
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)) specs.push(`${f}: ${m[1]}`);
    }
    expect(specs.length).toBeGreaterThan(10);
    const bad = specs.filter((s) => {
      const spec = s.split(': ')[1];
      return !(/^\.\/[a-z-]+\.js$/.test(spec) || /^echarts\/(core|charts|components|renderers)$/.test(spec) || spec === '../../viz/browser/index.js');
    });
    expect(bad).toEqual([]);
  });
});
