// TPESampler: search quality and per-trial overhead, against Optuna's TPESampler measured in the
// same run (bench/python/optuna_tpe.py with /usr/bin/python3; Debian's python3-optuna is 3.1).
//
// (a) quality: best value after 100 trials, 10 seeds, default options (and multivariate: true),
//     on Branin (x1 in [-5, 10], x2 in [0, 15]; min 0.397887), Hartmann6 ([0, 1]^6; min -3.32237),
//     Rosenbrock 4-D ([-5, 10]^4, the standard domain of Surjanovic & Bingham's library; min 0) and
//     Ackley 5-D ([-32.768, 32.768]^5; min 0). Median and quartiles of the best values.
// (b) overhead: time per ask + tell with a trivial objective over 6 float params, around trial 100
//     (median of trials 91-110) and trial 1,000 (median of trials 951-1,000); gbtune's figure is
//     the median of 4 studies (2 run before Optuna's, 2 after). Both through the public study API (createStudy / ask / tell).
//
// Optional: OPTUNA4_SRC=<dir holding an Optuna 4.x `optuna/` source tree> adds Optuna 4.x as a
// second quality reference (gbtune follows 4.x; Optuna <= 3.4's truncated-normal logpdf lacked the
// -log(sigma) term, fixed by optuna PR #5110 in 3.5, which changes TPE's behaviour).
//
// Run: node bench/run.mjs tpe   (builds dist/ first)   or   node bench/tpe.bench.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStudy } from '../dist/tune/study/create-study.js';
import { TPESampler } from '../dist/tune/samplers/tpe/sampler.js';
import { log } from '../dist/core/log.js';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const TRIALS = 100;
const SEEDS = quick ? 3 : 10;
const OVERHEAD_TRIALS = quick ? 300 : 1000;
log.setLevel('error');

// ---- test functions (same formulas as bench/python/optuna_tpe.py) ----
function branin([x1, x2]) {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}
const H6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]];
const H6_P = [
  [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
  [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
  [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.665],
  [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
];
const H6_ALPHA = [1.0, 1.2, 3.0, 3.2];
function hartmann6(x) {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < 6; j++) inner += H6_A[i][j] * (x[j] - H6_P[i][j]) ** 2;
    s += H6_ALPHA[i] * Math.exp(-inner);
  }
  return -s;
}
function rosenbrock(x) {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
  return s;
}
function ackley(x) {
  const d = x.length;
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    s1 += v * v;
    s2 += Math.cos(2 * Math.PI * v);
  }
  return -20 * Math.exp(-0.2 * Math.sqrt(s1 / d)) - Math.exp(s2 / d) + 20 + Math.E;
}
const FUNCTIONS = {
  branin: [branin, [[-5, 10], [0, 15]]],
  hartmann6: [hartmann6, Array(6).fill([0, 1])],
  rosenbrock4: [rosenbrock, Array(4).fill([-5, 10])],
  ackley5: [ackley, Array(5).fill([-32.768, 32.768])],
};

// ---- helpers ----
function quantile(values, q) {
  const a = [...values].sort((x, y) => x - y);
  const pos = (a.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return a[lo] + (a[hi] - a[lo]) * (pos - lo);
}
const median = (v) => quantile(v, 0.5);
const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(1) : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(3));
const iqr = (v) => `${fmt(median(v))} [${fmt(quantile(v, 0.25))}, ${fmt(quantile(v, 0.75))}]`;

const OPTUNA4_SRC = process.env.OPTUNA4_SRC;

function python(args, pythonPath) {
  const env = pythonPath === undefined ? process.env : { ...process.env, PYTHONPATH: pythonPath };
  const r = spawnSync('/usr/bin/python3', [join(here, 'python', 'optuna_tpe.py'), ...args], { encoding: 'utf8', maxBuffer: 1 << 26, env });
  if (r.error) return { error: `cannot run /usr/bin/python3: ${r.error.message}` };
  if (r.status !== 0) return { error: `optuna_tpe.py exited with ${r.status}: ${r.stderr.trim().split('\n').pop()}` };
  try {
    return JSON.parse(r.stdout);
  } catch {
    return { error: `unreadable output of optuna_tpe.py: ${r.stdout.slice(0, 200)}` };
  }
}

async function gbtuneQuality(multivariate) {
  const out = {};
  for (const [name, [f, bounds]] of Object.entries(FUNCTIONS)) {
    const bests = [];
    for (let seed = 0; seed < SEEDS; seed++) {
      const study = await createStudy({ sampler: new TPESampler({ seed, multivariate }) });
      await study.optimize((t) => f(bounds.map(([lo, hi], i) => t.suggestFloat(`x${i}`, lo, hi))), { nTrials: TRIALS });
      bests.push(study.bestValue);
    }
    out[name] = bests;
  }
  return out;
}

async function gbtuneOverhead(seed) {
  const study = await createStudy({ sampler: new TPESampler({ seed }) });
  const times = [];
  for (let i = 0; i < OVERHEAD_TRIALS; i++) {
    const t0 = performance.now();
    const trial = await study.ask();
    let s = 0;
    for (let k = 0; k < 6; k++) s += trial.suggestFloat(`x${k}`, -10, 10) ** 2;
    await study.tell(trial, s);
    times.push((performance.now() - t0) / 1000);
  }
  return times;
}

const windowAt = (times, from, to) => median(times.slice(from - 1, to));

// ---- (a) quality ----
console.log(`TPESampler search quality: best value after ${TRIALS} trials, ${SEEDS} seeds, median [q1, q3] (lower is better)`);
for (const multivariate of [false, true]) {
  const t0 = performance.now();
  const ours = await gbtuneQuality(multivariate);
  const ourSec = (performance.now() - t0) / 1000;
  const qArgs = ['quality', '--trials', String(TRIALS), '--seeds', String(SEEDS), ...(multivariate ? ['--multivariate'] : [])];
  const t1 = performance.now();
  const ref = python(qArgs);
  const refSec = (performance.now() - t1) / 1000;
  const ref4 = OPTUNA4_SRC === undefined ? null : python(qArgs, OPTUNA4_SRC);
  console.log(`\nmultivariate: ${multivariate}   (gbtune ${ourSec.toFixed(1)} s, Optuna ${refSec.toFixed(1)} s for all runs)`);
  if (ref.error) console.log(`  Optuna reference skipped: ${ref.error}`);
  if (ref4 !== null && ref4.error) console.log(`  Optuna 4.x reference skipped: ${ref4.error}`);
  const has4 = ref4 !== null && !ref4.error;
  const label = ref.error ? '' : `Optuna ${ref.optuna}`;
  const label4 = has4 ? `Optuna ${ref4.optuna}` : '';
  console.log(`  ${'function'.padEnd(12)} ${'gbtune TPE'.padEnd(34)} ${label.padEnd(34)} ${has4 ? label4.padEnd(34) + ' ' : ''}gbtune median <= Optuna ${ref.error ? '' : ref.optuna}'s`);
  for (const name of Object.keys(FUNCTIONS)) {
    const o = ours[name];
    const r = ref.error ? null : ref.best[name];
    const ok = r === null ? '-' : median(o) <= median(r) ? 'yes' : 'NO';
    const r4 = has4 ? iqr(ref4.best[name]).padEnd(34) + ' ' : '';
    console.log(`  ${name.padEnd(12)} ${iqr(o).padEnd(34)} ${(r === null ? '' : iqr(r)).padEnd(34)} ${r4}${ok}`);
  }
}

// ---- (b) overhead ----
console.log(`\nTPESampler overhead: seconds per ask+tell, trivial objective, 6 float params (median over a window of trials)`);
// gbtune's studies run before and after Optuna's, so a load change on the machine hits both sides
const runs = [];
for (let seed = 0; seed < 2; seed++) runs.push(await gbtuneOverhead(seed));
const ref = python(['overhead', '--trials', String(OVERHEAD_TRIALS), '--params', '6']);
for (let seed = 2; seed < 4; seed++) runs.push(await gbtuneOverhead(seed));
if (ref.error) console.log(`  Optuna reference skipped: ${ref.error}`);
const windows = [
  ['trial 100', 91, 110],
  [`trial ${OVERHEAD_TRIALS}`, OVERHEAD_TRIALS - 49, OVERHEAD_TRIALS],
];
console.log(`  ${'at'.padEnd(12)} ${'gbtune (ms)'.padEnd(14)} ${(ref.error ? '' : `Optuna ${ref.optuna} (ms)`).padEnd(20)} gbtune / Optuna`);
for (const [label, from, to] of windows) {
  const ours = median(runs.map((t) => windowAt(t, from, to))) * 1000;
  const theirs = ref.error ? null : windowAt(ref.seconds, from, to) * 1000;
  const ratio = theirs === null ? '-' : `${(ours / theirs).toFixed(3)}  (target <= 0.2 at trial 1,000)`;
  console.log(`  ${label.padEnd(12)} ${ours.toFixed(3).padEnd(14)} ${(theirs === null ? '' : theirs.toFixed(3)).padEnd(20)} ${ratio}`);
}
