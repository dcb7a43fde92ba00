/**
 * Opens the HTML report in headless Chromium (Debian `chromium` through playwright-core): no console
 * error, every chart drew (non-empty canvas), tooltips and sorting work; saves a screenshot.
 * Needs Chromium (found by `services.ts`: PATH, then /usr/bin/chromium): skipped with the reason
 * when it is absent, failed under CI.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeHtmlReport } from '../../src/viz/report.js';
import { readCsv } from '../../src/data/csv.js';
import { train } from '../../src/gbdt/boosting/train.js';
import { explainModel } from '../../src/tune-gbdt/model-explanation.js';
import { largeVizStudy, mixedStudy } from './fixtures.js';
import { describeWithService, servicePath } from '../helpers/services.js';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
describeWithService('chromium', 'HTML report in headless Chromium', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gbtune-report-'));
  });
  afterAll(() => {
    if (process.env.GBTUNE_KEEP_SCREENSHOT === undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console error, draws every chart, shows trial tooltips and sorts the trials table', async () => {
    const { chromium } = await import('playwright-core');
    const study = await mixedStudy(120, 3, 'browser-study');
    const path = join(dir, 'report.html');
    const { plots } = writeHtmlReport(study, path, { now: Date.UTC(2026, 0, 2) });
    expect(plots).toEqual([
      'optimization-history',
      'param-importances',
      'slice',
      'contour',
      'parallel-coordinate',
      'rank',
      'edf',
      'time-to-best',
      'intermediate-values',
      'timeline',
    ]);
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: servicePath('chromium'),
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      const requests: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.goto(`file://${path}`);
      // page code as strings: the test's TypeScript has no DOM lib
      await page.waitForFunction('window.__gbtuneReady === true', undefined, { timeout: 30_000 });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      // every chart's canvas holds drawn (non-transparent) pixels
      const drawn = (await page.evaluate(`[...document.querySelectorAll('div.chart')].map((div) => {
        const canvas = div.querySelector('canvas');
        if (canvas === null) return { id: div.id, painted: 0 };
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
        return { id: div.id, painted, drawnAttr: div.getAttribute('data-drawn') };
      })`)) as { id: string; painted: number; drawnAttr: string | null }[];
      expect(drawn.length).toBe(plots.length);
      for (const d of drawn) {
        expect(d.painted, d.id).toBeGreaterThan(2000);
        expect(d.drawnAttr, d.id).toBe('true');
      }
      // the trials table: 100 rows on the first page, sortable by the value column
      expect(await page.locator('#trials-table tbody tr').count()).toBe(100);
      await page.locator('#trials-table th[data-col="2"]').click();
      const firstValues = await page.locator('#trials-table tbody tr td:nth-child(3)').allTextContents();
      const nums = firstValues.slice(0, 20).map(Number);
      expect(nums.every((v, i) => i === 0 || v >= nums[i - 1]!)).toBe(true);
      const best = study.bestValue;
      expect(nums[0]).toBeCloseTo(best, 4);
      // a tooltip names the hovered trial with its params
      const tip = (await page.evaluate(`(() => {
        const s = window.__gbtuneCharts[0].getOption().series[0];
        const f = s.tooltip && s.tooltip.formatter;
        return typeof f === 'function' ? f({ value: [5, 1.0, 5], dataIndex: 5 }) : null;
      })()`)) as string | null;
      expect(tip).toContain('Trial 5');
      expect(tip).toContain('lr:');
      await page.locator('#chart-optimization-history-section').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
      expect(existsSync(join(dir, 'report.png'))).toBe(true);
      console.log(`report screenshot: ${join(dir, 'report.png')}`);
    } finally {
      await context.close();
    }
  });

  it('draws a 2,000-trial report in large mode (flat typed arrays, binned colors, trial tooltips by index)', async () => {
    const { chromium } = await import('playwright-core');
    const study = largeVizStudy(2000, 9);
    const path = join(dir, 'large.html');
    const { plots } = writeHtmlReport(study, path, { evaluator: 'mdi' });
    const context = await chromium.launchPersistentContext(join(dir, 'profile-large'), {
      executablePath: servicePath('chromium'),
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`file://${path}`);
      await page.waitForFunction('window.__gbtuneReady === true', undefined, { timeout: 30_000 });
      expect(errors).toEqual([]);
      const drawn = (await page.evaluate(`[...document.querySelectorAll('div.chart')].map((div) => div.getAttribute('data-drawn'))`)) as string[];
      expect(drawn).toEqual(plots.map(() => 'true'));
      // the slice chart's series are large-mode bins whose data is a Float64Array; tooltips map the index to the trial
      const probe = (await page.evaluate(`(() => {
        const i = ${plots.indexOf('slice')};
        const s = window.__gbtuneCharts[i].getOption().series;
        const bin = s.find((x) => x.large === true && x.data && x.data.length > 0);
        const tip = bin.tooltip.formatter({ dataIndex: 0 });
        return { isTyped: bin.data instanceof Float64Array, n: s.length, name: bin.name, tip };
      })()`)) as { isTyped: boolean; n: number; name: string; tip: string };
      expect(probe.isTyped).toBe(true);
      expect(probe.n).toBe(3 * 6);
      expect(probe.name).toMatch(/^Trial \d+–\d+$/);
      expect(probe.tip).toMatch(/^<b>Trial \d+<\/b> \(COMPLETE\)<br>value: /);
    } finally {
      await context.close();
    }
  });
  it('draws the model plots (feature importance, SHAP beeswarm in large mode, dependence) with no console error', async () => {
    const { chromium } = await import('playwright-core');
    const data = await readCsv('datasets/credit_data.csv');
    const model = explainModel(train({ objective: 'binary', num_iterations: 30, verbosity: -1 }, data), data);
    const study = await mixedStudy(30, 4, 'model-study');
    const path = join(dir, 'model.html');
    const { plots } = writeHtmlReport(study, path, { model, now: Date.UTC(2026, 0, 2) });
    expect(plots.slice(-3)).toEqual(['feature-importance', 'shap-summary', 'shap-dependence']);
    const context = await chromium.launchPersistentContext(join(dir, 'profile-model'), {
      executablePath: servicePath('chromium'),
      headless: true,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`file://${path}`);
      await page.waitForFunction('window.__gbtuneReady === true', undefined, { timeout: 30_000 });
      expect(errors).toEqual([]);
      const painted = (await page.evaluate(`['feature-importance', 'shap-summary', 'shap-dependence'].map((name) => {
        const div = document.getElementById('chart-' + name);
        const canvas = div.querySelector('canvas');
        const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let n = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
        return { drawn: div.getAttribute('data-drawn'), n };
      })`)) as { drawn: string; n: number }[];
      for (const p of painted) {
        expect(p.drawn).toBe('true');
        expect(p.n).toBeGreaterThan(5000);
      }
      await page.locator('#chart-shap-summary').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(dir, 'model.png') });
    } finally {
      await context.close();
    }
  });
});
