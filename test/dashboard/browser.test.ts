/**
 * The dashboard in headless Chromium (Debian chromium through playwright-core): the list shows
 * the studies and its search filters them; a study page draws the report's plots and follows
 * another process adding trials without a reload (the delay is printed; the bench measures it);
 * the trials table opens a trial's page; the tuning box shows the best params; notes saved in the
 * page are read by Python Optuna 3.1 and a note Optuna writes appears in the page; a read-only
 * dashboard offers no write control and refuses a write sent from the page; the compare page
 * overlays studies; a trial of a study tuned by `tuneGbdt` shows its fold scores (as stored), their
 * mean, the rounds and folds it ran and its seconds, and a trial of a plain study shows no such
 * section; a reader's zoom of a plot stays as it was when a live update redraws it (one adding a
 * trial pruned at its first report). On every page: no console error and no request to anywhere but the
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
import { createStudy, loadStudy } from '../../src/tune/study/create-study.js';
import { tuneGbdt } from '../../src/tune-gbdt/tune.js';
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
  let cancer = 0;
  let beta = 0;

  beforeAll(async () => {
    storage = await getStorage(url);
    alpha = (await seedStudy(storage, 'alpha', 40)).studyId;
    beta = (await seedStudy(storage, 'beta', 30, { seed: 2, direction: 'maximize' })).studyId;
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
    // a real tuning study: 6 trials of breast_cancer by tuneGbdt, each with its fold scores
    cancer = (await tuneGbdt(join(repoRoot, 'datasets', 'breast_cancer.csv'), { nTrials: 6, nFolds: 5, maxRounds: 60, earlyStoppingRounds: 10, seed: 3, refit: false, storage, studyName: 'cancer' })).study.studyId;
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
    expect(await p.page.locator('#studies-table tbody tr').count()).toBe(5);
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
    await drawn(p.page, 10);
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
    expect(await p.page.locator('.chart[data-drawn="true"]').count()).toBeGreaterThanOrEqual(10);
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

  it("shows a tuneGbdt trial's fold scores, their mean, its rounds, folds and seconds as stored", async () => {
    const trials = await storage.getAllTrials(cancer);
    const complete = trials.filter((t) => t.state === 'COMPLETE');
    expect(complete.length).toBeGreaterThan(2);
    const t = complete[complete.length - 1];
    const folds = t.userAttrs.fold_values as number[];
    expect(folds).toHaveLength(5);
    const p = await open(ro, `#/studies/${cancer}/trials/${t.number}`);
    await p.page.waitForSelector('#fold-scores tbody tr[data-fold="5"]');
    // every fold's score in full (data-value) and as shown (6 significant digits), fold 1 first
    const cells = p.page.locator('#fold-scores tbody tr td:nth-child(2)');
    expect((await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-value')))).map(Number)).toEqual(folds);
    expect(await cells.allTextContents()).toEqual(folds.map((v) => String(Number(v.toPrecision(6)))));
    expect(await p.page.locator('#fold-scores tbody tr td:nth-child(1)').allTextContents()).toEqual(['1', '2', '3', '4', '5']);
    // their mean is the trial's value (the k-fold mean at the best round)
    const mean = Number(await p.page.getAttribute('#fold-scores tfoot td[data-value]', 'data-value'));
    expect(mean).toBeCloseTo(t.values?.[0] as number, 12);
    expect(mean).toBeCloseTo(folds.reduce((a, b) => a + b, 0) / 5, 14);
    // one deviation bar per fold, the ones above the mean on the better side (maximize: accent)
    expect(await p.page.locator('#fold-scores .dev span.better').count()).toBe(folds.filter((v) => v > mean).length);
    const facts = Object.fromEntries(
      await p.page.locator('#trial-cv-facts tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent])),
    ) as Record<string, string>;
    expect(facts['Folds evaluated']).toBe('5 of 5');
    expect(facts['Rounds run']).toBe(String(t.userAttrs.rounds_run));
    expect(facts['Best round']).toBe(String(t.userAttrs.best_iteration));
    const { metric } = (await storage.getStudyUserAttrs(cancer)).gbtune_study as { metric: string };
    expect(facts.Metric).toBe(`5-fold CV ${metric}`);
    const seconds = t.userAttrs.seconds as number;
    expect(facts['CV time']).toBe(seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(1)} s`);
    await p.page.screenshot({ path: join(shots, 'fold-scores.png'), fullPage: true });
    // a trial of a plain study: no CV section, nothing broken
    await p.page.goto(`${ro.url}#/studies/${gamma}/trials/1`);
    await p.page.waitForSelector('#trial-facts');
    await p.page.waitForSelector('h2:has-text("User attributes")');
    expect(await p.page.locator('#trial-cv, #fold-scores').count()).toBe(0);
    await done(p, 'plain-trial.png');
  });

  it("keeps a reader's zoom of a plot when a live update redraws it", async () => {
    const p = await open(ro, `#/studies/${beta}`);
    await drawn(p.page, 10);
    await p.page.waitForSelector('#charts[data-n-trials="30"]');
    // zoom the history plot in with the mouse wheel at its middle (its 'inside' dataZoom)
    const box = (await p.page.locator('#chart-optimization-history').boundingBox()) as { x: number; y: number; width: number; height: number };
    await p.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 3; i++) await p.page.mouse.wheel(0, -300);
    type Zoom = { start: number; end: number; startValue: number; endValue: number }[];
    const zoomOf = async (): Promise<Zoom | null> => {
      const z = await p.page.getAttribute('#chart-optimization-history', 'data-zoom');
      return z === null ? null : (JSON.parse(z) as Zoom);
    };
    const t0 = Date.now();
    let before = await zoomOf();
    while ((before === null || before[0].start < 1 || before[0].end > 99) && Date.now() - t0 < 10_000) {
      await new Promise((r) => setTimeout(r, 100));
      before = await zoomOf();
    }
    expect(before).not.toBeNull();
    const [lo, hi] = [(before as Zoom)[0].startValue, (before as Zoom)[0].endValue];
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(29);
    // another connection to the storage adds trials: the plots are redrawn with them
    const other = await getStorage(url);
    const s = await loadStudy({ storage: other, studyName: 'beta' });
    // (and a trial pruned at its first report: a one-point curve, which ECharts' polyline could not draw)
    await s.addTrials([
      ...[0.5, 0.7, 0.9].map((v, i) => createTrial({ value: v, params: { lr: 0.01 * (i + 1) }, distributions: { lr: DASH_DISTS.lr } })),
      createTrial({ state: 'PRUNED', params: { lr: 0.05 }, distributions: { lr: DASH_DISTS.lr }, intermediateValues: { 0: 0.4 } }),
    ]);
    await other.close?.();
    await p.page.waitForSelector('#charts[data-n-trials="34"]', { timeout: 30_000 });
    expect(await p.page.textContent('#chart-status')).toMatch(/^Plots of 34 trials\./);
    const after = (await zoomOf()) as Zoom;
    // the same trials shown, on both of the plot's zooms (the wheel's and the slider's); the percentages moved as the axis grew
    for (const z of after) {
      expect(z.startValue).toBeCloseTo(lo, 9);
      expect(z.endValue).toBeCloseTo(hi, 9);
    }
    expect(after[0].end).toBeLessThan((before as Zoom)[0].end);
    await done(p, 'zoom-kept.png');
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

  it('shows a note whose version and text another process wrote in two steps, read in between', async () => {
    // optuna-dashboard's writers set the version, then the text, in separate writes: a poll between
    // the two reads the new version with the old text; the page must take the text when it comes
    const p = await open(rw, `#/studies/${beta}`);
    await p.page.waitForSelector('.note[data-version="0"]');
    await storage.setStudySystemAttr(beta, 'dashboard:note_ver', 1);
    await p.page.waitForSelector('.note[data-version="1"]');
    expect(await p.page.textContent('.note p.muted')).toBe('No note.');
    await storage.setStudySystemAttr(beta, 'dashboard:note_str:0', 'text after its *version*');
    await p.page.waitForSelector('.note[data-version="1"] .markdown em', { timeout: 30_000 });
    expect(await p.page.textContent('.note .markdown')).toBe('text after its version');
    await done(p, 'note-two-steps.png');
  }, 60_000);

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
