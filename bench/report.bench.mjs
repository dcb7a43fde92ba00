// The HTML report over a 10,000-trial study (4 params: log float, int, categorical, and a
// conditional float), opened in headless Chromium (Debian chromium + playwright-core): time from
// navigation start until every chart has drawn (the page's `__gbtuneReady`, set on each chart's
// ECharts 'finished' event), target < 3 s. Median of 5 cold page loads (new browser context each).
// Also: report build time in Node, HTML size, SVG export time, and importances (fANOVA, MDI,
// PED-ANOVA) time and top param against Optuna 3.1's evaluators on the same trials
// (bench/python/optuna_importance.py with /usr/bin/python3; skipped with the reason when absent).
// Run: node bench/run.mjs report   or   node bench/report.bench.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../dist/core/rng.js';
import { log } from '../dist/core/log.js';
import { CategoricalDistribution, FloatDistribution, IntDistribution } from '../dist/tune/distributions.js';
import { freezeTrial } from '../dist/tune/trial/create-trial.js';
import { getParamImportances } from '../dist/tune/importance/param-importances.js';
import { FanovaImportanceEvaluator } from '../dist/tune/importance/fanova.js';
import { MeanDecreaseImpurityImportanceEvaluator } from '../dist/tune/importance/mdi.js';
import { writeHtmlReport, writeSvgPlots } from '../dist/viz/report.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
log.setLevel('error');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const N = quick ? 2000 : 10_000;
const CHROMIUM = '/usr/bin/chromium';

const D = {
  lr: new FloatDistribution(1e-4, 1, { log: true }),
  depth: new IntDistribution(1, 12),
  booster: new CategoricalDistribution(['gbdt', 'dart', 'goss']),
  drop_rate: new FloatDistribution(0, 0.5),
};

function makeStudy(n) {
  const rng = new Rng(42);
  const t0 = Date.UTC(2026, 0, 1);
  const trials = [];
  for (let i = 0; i < n; i++) {
    const lr = Math.exp(rng.uniform(Math.log(1e-4), 0));
    const depth = rng.int(1, 12);
    const booster = rng.choice(['gbdt', 'dart', 'goss']);
    const params = [['lr', Math.log(lr) === 0 ? lr : lr], ['depth', depth], ['booster', ['gbdt', 'dart', 'goss'].indexOf(booster)]];
    const distributions = { lr: D.lr, depth: D.depth, booster: D.booster };
    let value = (Math.log10(lr) + 2) ** 2 + 0.05 * (depth - 6) ** 2 + (booster === 'goss' ? 0.3 : 0) + 0.1 * rng.normal();
    if (booster === 'dart') {
      const dr = rng.uniform(0, 0.5);
      params.push(['drop_rate', dr]);
      distributions.drop_rate = D.drop_rate;
      value += dr;
    }
    const state = i % 13 === 12 ? 'PRUNED' : i % 29 === 28 ? 'FAIL' : 'COMPLETE';
    const iv = [];
    if (state !== 'FAIL') for (let s = 0; s < (state === 'PRUNED' ? 3 : 10); s++) iv.push([s, value + 2 / (s + 1)]);
    trials.push(
      freezeTrial({
        number: i,
        trialId: i,
        state,
        values: state === 'COMPLETE' ? [value] : null,
        datetimeStart: new Date(t0 + 2000 * i),
        datetimeComplete: new Date(t0 + 2000 * i + 1500 + (i % 7) * 300),
        params,
        distributions,
        userAttrs: [],
        systemAttrs: [],
        intermediateValues: iv,
      }),
    );
  }
  return { studyName: `bench-${n}`, trials, directions: ['MINIMIZE'], metricNames: null };
}

const dir = mkdtempSync(join(tmpdir(), 'gbtune-report-bench-'));
const rows = [];
try {
  const study = makeStudy(N);
  let t = performance.now();
  const { plots } = writeHtmlReport(study, join(dir, 'report.html'), { now: Date.UTC(2026, 0, 2) });
  const buildMs = performance.now() - t;
  const sizeMb = statSync(join(dir, 'report.html')).size / 1e6;
  rows.push(['report build in Node (incl. fANOVA)', `${(buildMs / 1000).toFixed(2)} s`, `${plots.length} plots, ${sizeMb.toFixed(1)} MB`]);
  t = performance.now();
  const svgs = writeSvgPlots(study, join(dir, 'svg'), { now: Date.UTC(2026, 0, 2) });
  rows.push(['SVG export in Node', `${((performance.now() - t) / 1000).toFixed(2)} s`, `${svgs.length} files`]);

  if (!existsSync(CHROMIUM)) {
    rows.push(['Chromium load', 'skipped', `${CHROMIUM} absent`]);
  } else {
    const { chromium } = await import('playwright-core');
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args });
    const loads = [];
    const walls = [];
    for (let r = 0; r < 5; r++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      const w0 = performance.now();
      await page.goto(`file://${join(dir, 'report.html')}`);
      await page.waitForFunction('window.__gbtuneReady === true', undefined, { timeout: 60_000 });
      walls.push(performance.now() - w0);
      loads.push(await page.evaluate('window.__gbtuneReadyAt'));
      if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
      await ctx.close();
    }
    await browser.close();
    const m = median(loads);
    rows.push([`Chromium: navigation start -> all ${plots.length} charts drawn`, `${(m / 1000).toFixed(2)} s`, `target 3 s, ratio ${(m / 3000).toFixed(2)}; runs ${loads.map((x) => (x / 1000).toFixed(2)).join(', ')} s`]);
    rows.push(['Chromium: goto() -> ready, wall (incl. IPC)', `${(median(walls) / 1000).toFixed(2)} s`, '']);
  }

  // importances: gbtune vs Optuna 3.1 on the same COMPLETE trials (on the first 1,000: Optuna's fANOVA takes ~17 s on 500)
  const sub = { ...study, trials: study.trials.filter((x) => x.state === 'COMPLETE').slice(0, quick ? 500 : 1000) };
  const ours = {};
  for (const [name, ev] of [
    ['fanova', new FanovaImportanceEvaluator({ seed: 0 })],
    ['mdi', new MeanDecreaseImpurityImportanceEvaluator({ seed: 0 })],
    ['ped-anova', 'ped-anova'],
  ]) {
    const s0 = performance.now();
    ours[name] = { imp: getParamImportances(sub, { evaluator: ev, params: ['booster', 'depth', 'lr'] }), s: (performance.now() - s0) / 1000 };
  }
  const spec = {
    direction: 'minimize',
    params: Object.fromEntries(['booster', 'depth', 'lr'].map((k) => [k, D[k].kind === 'categorical' ? { kind: 'categorical', choices: D[k].choices } : { kind: D[k].kind, low: D[k].low, high: D[k].high, log: D[k].log }])),
    trials: sub.trials.map((x) => ({ params: { booster: x.params.booster, depth: x.params.depth, lr: x.params.lr }, value: x.values[0] })),
  };
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(spec));
  const py = spawnSync('/usr/bin/python3', [join(here, 'python', 'optuna_importance.py'), join(dir, 'spec.json')], { encoding: 'utf8' });
  const ref = py.status === 0 ? JSON.parse(py.stdout) : null;
  const fmtImp = (imp) => Object.entries(imp).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ');
  for (const name of ['fanova', 'mdi', 'ped-anova']) {
    const o = ours[name];
    const r = ref !== null && ref[name] !== undefined ? ref[name] : null;
    const rs = ref !== null ? ref[`${name}_s`] : null;
    rows.push([
      `${name} importances, ${sub.trials.length} trials`,
      `${o.s.toFixed(2)} s`,
      `gbtune: ${fmtImp(o.imp)}` +
        (r !== null ? ` | Optuna ${ref.version}: ${fmtImp(r)} (${rs.toFixed(2)} s, ratio ${(o.s / rs).toFixed(2)}); top param ${Object.keys(o.imp)[0] === Object.keys(r)[0] ? 'matches' : 'DIFFERS'}` : ref === null ? ` | Optuna reference skipped: ${(py.stderr || py.error?.message || '').trim().split('\n').pop()}` : ' | no Optuna 3.1 evaluator'),
    ]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`report bench, ${N} trials`);
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
for (const r of rows) console.log(`${r[0].padEnd(w0)}  ${r[1].padStart(w1)}  ${r[2]}`);
