// Derives tuneGbdt's first-trials portfolio (src/tune-gbdt/portfolio.ts) from studies on the repo's
// datasets, as auto-sklearn 2.0's and FLAML's zero-shot portfolios are built (Feurer et al. 2022,
// "Auto-Sklearn 2.0", greedy portfolio construction): not run by `npm run bench` (about an hour on
// one core); run it with `node bench/derive-portfolio.mjs` after `npx tsc -p tsconfig.build.json`.
//   1. one TPE study per dataset (default space, no portfolio, 5 folds of seed 100 — not the seeds
//      the benches use), large sets on a seeded row sample: PORTFOLIO_TRIALS trials, or on data
//      where those take under PORTFOLIO_SECONDS, a study of that many seconds (a time budget, no
//      learning-rate refinement): small data gets as much search as large data, not as few trials;
//   2. candidates: the PORTFOLIO_TOP best COMPLETE trials of each study;
//   3. every candidate cross-validated on every dataset (same folds): its CV score and seconds;
//   4. per dataset a candidate scores (v - worst) / (best - worst) over the candidates (1: the best
//      candidate there, 0: the worst; minimized metrics the other way round);
//   5. greedily, PORTFOLIO_SIZE times: add the candidate that most raises the mean over datasets of
//      the best score of the portfolio so far, less PORTFOLIO_COST x its mean seconds relative to
//      the mean candidate's (cheap first trials leave time for the search).
// Results are cached in bench/.cache/portfolio-*.json (a rerun resumes; PORTFOLIO_STOP_AFTER=s exits
// with code 3 after s seconds of evaluations, to run it in slices); the last lines print the table
// to paste into portfolio.ts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCsv, tuneGbdt, log } from '../dist/index.js';
import { kFold, stratifiedKFold } from '../dist/gbdt/index.js';
import { Rng } from '../dist/core/rng.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const cache = join(here, '.cache');
mkdirSync(cache, { recursive: true });
log.setLevel('error');
const env = process.env;
const nTrials = Number(env.PORTFOLIO_TRIALS ?? 30);
const top = Number(env.PORTFOLIO_TOP ?? 2);
const size = Number(env.PORTFOLIO_SIZE ?? 4);
const costWeight = Number(env.PORTFOLIO_COST ?? 0.05);
const minSeconds = Number(env.PORTFOLIO_SECONDS ?? 120);
const SEED = 100;
// name, file, rows kept (a seeded sample of the larger sets, to keep a study within minutes)
const SETS = [
  ['breast_cancer', 'breast_cancer.csv', null],
  ['wine', 'wine.csv', null],
  ['diabetes', 'diabetes.csv', null],
  ['digits', 'digits.csv', null],
  ['credit_data', 'credit_data.csv', null],
  ['spam', 'spam.csv', null],
  ['ames', 'ames.csv', null],
  ['letter_5k', 'letter.csv', 5000],
  ['shuttle_10k', 'shuttle.csv', 10000],
  ['fertility_10k', 'fertility.csv', 10000],
].filter(([n]) => env.PORTFOLIO_SETS === undefined || env.PORTFOLIO_SETS.split(',').includes(n));

/** A dataset, or a seeded sample of `rows` of its rows (written once to bench/.cache). */
async function load(file, rows) {
  if (rows === null) return readCsv(join(root, 'datasets', file));
  const path = join(cache, `portfolio-${rows}-${file}`);
  if (!existsSync(path)) {
    const lines = readFileSync(join(root, 'datasets', file), 'utf8').trimEnd().split('\n');
    const order = Uint32Array.from({ length: lines.length - 1 }, (_, i) => i + 1);
    new Rng(SEED).shuffle(order);
    const keep = Array.from(order.subarray(0, rows)).sort((a, b) => a - b);
    writeFileSync(path, `${lines[0]}\n${keep.map((i) => lines[i]).join('\n')}\n`);
  }
  return readCsv(path);
}

const foldsOf = (data) => (data.target.classIndex === null ? kFold(data.nRows, 5, { seed: SEED }) : stratifiedKFold(data.target.classIndex, 5, { seed: SEED }));
const readJson = (p, d) => (existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : d);

// 1-2: the studies and their best trials (the trial-count studies, then the timed ones where those were short)
const studiesPath = join(cache, `portfolio-studies-${nTrials}.json`);
const timedPath = join(cache, `portfolio-studies-${minSeconds}s.json`);
const trialStudies = readJson(studiesPath, {});
const timedStudies = readJson(timedPath, {});
const studies = {};
const datasets = {};
const summary = (r) => ({
  direction: r.direction,
  seconds: r.seconds,
  nTrials: r.nTrialsRun,
  trials: r.study.trials.filter((t) => t.state === 'COMPLETE').map((t) => ({ params: t.params, value: t.values[0] })),
});
for (const [name, file, rows] of SETS) {
  const data = await load(file, rows);
  datasets[name] = { data, folds: foldsOf(data) };
  const base = { folds: datasets[name].folds, seed: SEED, refit: false, portfolio: false };
  if (trialStudies[name] === undefined) {
    trialStudies[name] = summary(await tuneGbdt(data, { ...base, nTrials }));
    writeFileSync(studiesPath, JSON.stringify(trialStudies));
  }
  studies[name] = trialStudies[name];
  if (trialStudies[name].seconds < minSeconds) {
    if (timedStudies[name] === undefined) {
      timedStudies[name] = summary(await tuneGbdt(data, { ...base, nTrials: 1_000_000, timeout: minSeconds, refineLearningRate: false }));
      writeFileSync(timedPath, JSON.stringify(timedStudies));
    }
    studies[name] = timedStudies[name];
  }
  const s = studies[name];
  console.error(`${name}: ${s.nTrials ?? nTrials} trials in ${s.seconds.toFixed(1)} s, ${s.trials.length} complete`);
}
const candidates = [];
for (const [name] of SETS) {
  const s = studies[name];
  const sorted = [...s.trials].sort((a, b) => (s.direction === 'maximize' ? b.value - a.value : a.value - b.value));
  for (const t of sorted.slice(0, top)) candidates.push({ from: name, params: t.params });
}

// 3: every candidate on every dataset (cached by dataset and candidate params)
const evalPath = join(cache, 'portfolio-evals.json');
const evalCache = readJson(evalPath, {});
const evals = {};
const booster = (p) => {
  const { limit_depth, max_depth, ...rest } = p;
  return { ...rest, max_depth: limit_depth ? max_depth : -1 };
};
for (const [name] of SETS) {
  const cached = (evalCache[name] ??= {});
  const { data, folds } = datasets[name];
  evals[name] = [];
  for (const c of candidates) {
    const params = booster(c.params);
    const key = JSON.stringify(params);
    if (cached[key] === undefined) {
      // PORTFOLIO_STOP_AFTER=seconds: exit after that long (the cache keeps what was done; run again to go on)
      if (env.PORTFOLIO_STOP_AFTER !== undefined && process.uptime() > Number(env.PORTFOLIO_STOP_AFTER)) process.exit(3);
      const r = await tuneGbdt(data, { folds, seed: SEED, nTrials: 1, refit: false, pruner: 'nop', portfolio: false, searchSpace: () => params });
      cached[key] = { value: r.bestValue, seconds: r.seconds };
      writeFileSync(evalPath, JSON.stringify(evalCache));
    }
    evals[name].push(cached[key]);
  }
  console.error(`${name}: ${candidates.length} candidates evaluated`);
}

// 4-5: scores and the greedy portfolio
const names = SETS.map(([n]) => n);
const score = names.map((n) => {
  const vs = evals[n].map((e) => e.value);
  const max = studies[n].direction === 'maximize';
  const best = max ? Math.max(...vs) : Math.min(...vs);
  const worst = max ? Math.min(...vs) : Math.max(...vs);
  return vs.map((v) => (best === worst ? 1 : (v - worst) / (best - worst)));
});
const cost = candidates.map((_, c) => {
  let s = 0;
  for (const n of names) {
    const mean = evals[n].reduce((a, e) => a + e.seconds, 0) / candidates.length;
    s += evals[n][c].seconds / mean;
  }
  return s / names.length;
});
const chosen = [];
const have = names.map(() => 0);
for (let k = 0; k < Math.min(size, candidates.length); k++) {
  let bestC = -1;
  let bestGain = -Infinity;
  for (let c = 0; c < candidates.length; c++) {
    if (chosen.includes(c)) continue;
    let m = 0;
    for (let d = 0; d < names.length; d++) m += Math.max(have[d], score[d][c]);
    const gain = m / names.length - costWeight * cost[c];
    if (gain > bestGain) {
      bestGain = gain;
      bestC = c;
    }
  }
  chosen.push(bestC);
  for (let d = 0; d < names.length; d++) have[d] = Math.max(have[d], score[d][bestC]);
  console.log(`#${k + 1}: candidate ${bestC} (best trial of ${candidates[bestC].from}), mean best score ${(have.reduce((a, b) => a + b, 0) / names.length).toFixed(3)}, relative cost ${cost[bestC].toFixed(2)}`);
}
console.log('\n| dataset | ' + chosen.map((c, k) => `#${k + 1} (${candidates[c].from})`).join(' | ') + ' | best candidate |');
console.log('|---|' + chosen.map(() => '---:').join('|') + '|---:|');
for (let d = 0; d < names.length; d++) {
  const vs = evals[names[d]].map((e) => e.value);
  const max = studies[names[d]].direction === 'maximize';
  const fmt = (v) => (Math.abs(v) >= 1000 ? v.toExponential(3) : v.toFixed(4));
  console.log(`| ${names[d]} | ${chosen.map((c) => `${fmt(evals[names[d]][c].value)} (${evals[names[d]][c].seconds.toFixed(1)} s)`).join(' | ')} | ${fmt(max ? Math.max(...vs) : Math.min(...vs))} |`);
}
const round = (v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(3)) : v);
console.log('\nportfolio (trial params):');
for (const c of chosen) console.log(JSON.stringify(Object.fromEntries(Object.entries(candidates[c].params).map(([k, v]) => [k, round(v)]))) + ',');
