/**
 * The dashboard in headless Chromium (Debian chromium through playwright-core): the list shows
 * the studies and its search filters them; a study page draws the report's plots and follows
 * another process adding trials without a reload (the delay is printed; the bench measures it);
 * the trials table opens a trial's page; the tuning box shows the best params; notes saved in the
 * page are read by Python Optuna 3.1 and a note Optuna writes appears in the page; a read-only
 * dashboard offers no write control and refuses a write sent from the page; the compare page
 * overlays studies. On every page: no console error and no request to anywhere but the
 * dashboard. Screenshots go to a temporary folder whose path is printed (kept with
 * GBTUNE_KEEP_SCREENSHOT).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDashboard, type Dashboard } from '../../src/dashboard/server.js';
import type { Storage } from '../../src/tune/storages/base.js';
import { getStorage } from '../../src/tune/storages/registry.js';
import { createTrial } from '../../src/tune/trial/create-trial.js';
import { createStudy } from '../../src/tune/study/create-study.js';
import { DASH_DISTS, ensureDashboardAssets, repoRoot, seedStudy } from '../helpers/dashboard.js';
import { describeWithService, servicePath } from '../helpers/services.js';

const execFileAsync = promisify(execFile);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describeWithService('chromium', 'dashboard in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gbtune-dash-browser-'));
  const shots = join(dir, 'screenshots');
  const url = `sqlite:///${join(dir, 'b.db')}`;
  const adder = join(dir, 'add.mjs');
  let storage: Storage;
  let ro: Dashboard;
  let rw: Dashboard;
  let browser: Browser;
  let alpha = 0;
  let gamma = 0;
  let tuned = 0;

  beforeAll(async () => {
    storage = await getStorage(url);
    alpha = (await seedStudy(storage, 'alpha', 40)).studyId;
    await seedStudy(storage, 'beta', 10, { seed: 2, direction: 'maximize' });
    gamma = (await seedStudy(storage, 'gamma', 15, { seed: 3 })).studyId;
    // a study as gbtune's tuner leaves it: the identity record, and each trial's booster params and best round
    const t = await createStudy({ storage, studyName: 'tuned', direction: 'maximize' });
    tuned = t.studyId;
    await t.setUserAttr('gbtune_study', { format: 1, metric: 'accuracy', direction: 'maximize', nFolds: 5, objective: 'binary', data: { target: 'y (2 classes: 0, 1)', rows: 100 }, fixedParams: { max_bin: 63 } });
    await t.addTrials(
      [0.91, 0.95, 0.93].map((v, i) =>
        createTrial({ value: v, params: { lr: 0.01 * (i + 1) }, distributions: { lr: DASH_DISTS.lr }, userAttrs: { gbdt_params: { learning_rate: 0.01 * (i + 1), num_leaves: 31 }, best_iteration: 40 + i } }),
      ),
    );
    writeFileSync(
      adder,
      `import { loadStudy, RandomSampler } from ${JSON.stringify(join(repoRoot, 'dist', 'index.js'))};
const study = await loadStudy({ storage: process.argv[2], studyName: process.argv[3], sampler: new RandomSampler({ seed: 5 }) });
await study.optimize((t) => { const lr = t.suggestFloat('lr', 1e-4, 1, { log: true }); const d = t.suggestInt('depth', 1, 8); t.suggestCategorical('booster', ['gbdt', 'dart']); for (let s = 0; s < 3; s++) t.report(lr + s, s); return (Math.log10(lr) + 2) ** 2 + 0.1 * d; }, { nTrials: Number(process.argv[4]) });
await study.storage.close?.();
`,
    );
    const assetsDir = ensureDashboardAssets();
    ro = await startDashboard({ storage, port: 0, assetsDir, pollMs: 250 });
    rw = await startDashboard({ storage, port: 0, assetsDir, allowWrite: true, pollMs: 250 });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: servicePath('chromium'), headless: true, args: ARGS });
    console.log(`dashboard screenshots: ${shots}`);
  });
  afterAll(async () => {
    await browser?.close();
    await ro?.close();
    await rw?.close();
    await storage?.close?.();
    if (process.env.GBTUNE_KEEP_SCREENSHOT === undefined) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh page that records console errors and every request that leaves the dashboard. */
  async function open(dash: Dashboard, hash = ''): Promise<{ page: Page; ctx: BrowserContext; errors: string[]; foreign: string[] }> {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (!r.url().startsWith(dash.url)) foreign.push(r.url());
    });
    await page.goto(`${dash.url}${hash}`);
    return { page, ctx, errors, foreign };
  }

  /**
   * Waits until `n` charts have drawn (polled from here: the page's CSP forbids the string
   * evaluation `waitForFunction` would use, and the test keeps the CSP on).
   */
  async function drawn(page: Page, n: number, ms = 60_000): Promise<void> {
    const t0 = Date.now();
    while ((await page.locator('.chart[data-drawn="true"]').count()) < n) {
      if (Date.now() - t0 > ms) throw new Error(`fewer than ${n} charts drawn after ${ms} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function done(p: { page: Page; ctx: BrowserContext; errors: string[]; foreign: string[] }, shot: string): Promise<void> {
    await p.page.screenshot({ path: join(shots, shot), fullPage: true });
    expect(p.errors).toEqual([]);
    expect(p.foreign).toEqual([]);
    await p.ctx.close();
  }

  it('lists the studies; the search box filters them', async () => {
    const p = await open(ro);
    await p.page.waitForSelector('#studies-table tbody tr[data-study="alpha"]');
    expect(await p.page.locator('#studies-table tbody tr').count()).toBe(4);
    const row = p.page.locator('#studies-table tbody tr[data-study="alpha"] td');
    expect(await row.nth(3).textContent()).toBe('40');
    await p.page.fill('#study-search', 'gam');
    expect(await p.page.locator('#studies-table tbody tr').count()).toBe(1);
    expect(await p.page.locator('#studies-table tbody tr').getAttribute('data-study')).toBe('gamma');
    await p.page.fill('#study-search', '');
    await done(p, 'list.png');
  });

  it('draws the plots of a study page and follows another process adding trials, without a reload', async () => {
    const p = await open(ro, `#/studies/${alpha}`);
    await drawn(p.page, 9);
    await p.page.waitForSelector('#trials-table[data-total="40"]');
    await p.page.evaluate('window.__sameDocument = true');
    const t0 = Date.now();
    await execFileAsync(process.execPath, [adder, url, 'alpha', '4']);
    const written = Date.now();
    await p.page.waitForSelector('#study-summary[data-n-trials="44"]', { timeout: 30_000 });
    const summaryAt = Date.now();
    await p.page.waitForSelector('#trials-table[data-total="44"]', { timeout: 30_000 });
    await p.page.waitForSelector('#charts[data-n-trials="44"]', { timeout: 60_000 });
    const chartsAt = Date.now();
    console.log(`study page: summary updated ${summaryAt - written} ms and plots ${chartsAt - written} ms after the writer process exited (it ran ${written - t0} ms)`);
    expect(await p.page.evaluate('window.__sameDocument === true')).toBe(true);
    // every plot still drawn, with the new trials in the history's data
    expect(await p.page.locator('.chart[data-drawn="true"]').count()).toBeGreaterThanOrEqual(9);
    await done(p, 'study-live.png');
  });

  it("opens a trial's page from the trials table: params, intermediate values, attributes", async () => {
    const p = await open(ro, `#/studies/${alpha}`);
    await p.page.waitForSelector('#trials-table tbody tr[data-number="6"]');
    await p.page.click('#trials-table tbody tr[data-number="6"]');
    await p.page.waitForSelector('#trial-facts[data-state="PRUNED"]');
    expect(await p.page.locator('#trial-params tr').count()).toBe(3);
    await p.page.waitForSelector('#intermediate-chart canvas');
    // sorting by value, descending, from the header
    await p.page.goto(`${ro.url}#/studies/${alpha}`);
    await p.page.waitForSelector('#trials-table[data-total]');
    await p.page.click('#trials-table th[data-sort="value"]');
    await p.page.click('#trials-table th[data-sort="value"]');
    await p.page.waitForSelector('#trials-table th[data-sort="value"]:has-text("▼")');
    const vals = (await p.page.locator('#trials-table tbody tr td:nth-child(3)').allTextContents()).filter((v) => v !== '').map(Number);
    expect(vals.length).toBeGreaterThan(10);
    expect(vals).toEqual([...vals].sort((a, b) => b - a));
    await done(p, 'trial.png');
  });

  it("shows a tuning study's best params as JSON and as gbtune train flags", async () => {
    const p = await open(ro, `#/studies/${tuned}`);
    await p.page.waitForSelector('#best-params-json');
    const json = JSON.parse((await p.page.textContent('#best-params-json')) as string) as Record<string, unknown>;
    expect(json).toEqual({ objective: 'binary', metric: 'accuracy', max_bin: 63, learning_rate: 0.02, num_leaves: 31, num_iterations: 41 });
    expect(await p.page.textContent('#best-params-cli')).toBe(
      'gbtune train DATA.csv --target y --param objective=binary --param metric=accuracy --param max_bin=63 --param learning_rate=0.02 --param num_leaves=31 --param num_iterations=41',
    );
    expect(await p.page.locator('#tuning button.copy').count()).toBe(2);
    await done(p, 'tuning.png');
  });

  it('saves notes that Python Optuna 3.1 reads back, and shows a note Optuna writes', async () => {
    const py = servicePath('python-optuna');
    const p = await open(rw, `#/studies/${gamma}`);
    await p.page.waitForSelector('.note button.edit-note');
    await p.page.click('.note button.edit-note');
    const text = '## Findings\n\n- lr above **0.1** diverges\n- see [Optuna](https://optuna.org)';
    await p.page.fill('.note textarea', text);
    await p.page.click('.note button.save-note');
    await p.page.waitForSelector('.note[data-version="1"] .markdown strong');
    expect(await p.page.textContent('.note .markdown h4')).toBe('Findings');
    const script = join(__dirname, 'optuna_notes.py');
    const got = JSON.parse((await execFileAsync(py, [script, 'read', url, 'gamma'])).stdout) as { study: { version: number; body: string } };
    expect(got.study).toEqual({ version: 1, body: text });
    // Optuna's side writes the next version: the open page shows it without a reload
    const file = join(dir, 'notes.json');
    writeFileSync(file, JSON.stringify({ study: 'written by *Optuna*', trial: 'trial two' }));
    await execFileAsync(py, [script, 'write', url, 'gamma', '2', file]);
    await p.page.waitForSelector('.note[data-version="2"] .markdown em', { timeout: 30_000 });
    expect(await p.page.textContent('.note .markdown')).toBe('written by Optuna');
    await p.page.goto(`${rw.url}#/studies/${gamma}/trials/2`);
    await p.page.waitForSelector('.note[data-version="1"]');
    expect(await p.page.textContent('.note .markdown')).toBe('trial two');
    await done(p, 'notes.png');
  }, 90_000);

  it('a read-only dashboard offers no write control, and refuses a write sent from its page', async () => {
    const p = await open(ro, `#/studies/${gamma}`);
    await p.page.waitForSelector('#study-summary');
    await p.page.waitForSelector('.note');
    expect(await p.page.locator('.edit-note, #stop-study, button.delete, button.rename').count()).toBe(0);
    const status = await p.page.evaluate(`fetch('/api/studies/${gamma}/note', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ version: 9, body: 'x' }) }).then((r) => r.status)`);
    expect(status).toBe(403);
    p.errors.splice(0); // the browser logs the refused request (403) as a console error
    await done(p, 'read-only.png');
  });

  it('compares the histories of several studies', async () => {
    const p = await open(ro, `#/compare?study=${alpha}&study=${gamma}`);
    await drawn(p.page, 2);
    expect(await p.page.locator('ul.compared li').count()).toBe(2);
    await done(p, 'compare.png');
  });
});
