// GPSampler search quality and speed. Quality: Branin (2-D) and Hartmann6 (6-D), 100 trials x
// 10 seeds, median best value of gbtune's GPSampler against gbtune's TPESampler and Optuna's
// TPESampler (bench/python/optuna_gp_tpe.py, /usr/bin/python3; Optuna 3.1 has no GPSampler, so
// an Optuna GP column appears only with an Optuna that has one). Issue 3's target: GPSampler's
// median beats both TPEs on both functions. Speed: the time of one GP trial (fit + acquisition
// optimization) with n = 100, 300, 1000 complete trials on a 6-D function; the first GP trial at
// n fits from scratch (cold), the next ones start from the previous fit (warm, as in a run).
// Env: SEEDS (default 10), TRIALS (default 100), SIZES (default 100,300,1000), SKIP_QUALITY=1.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { log } from '../dist/core/log.js';
import { Rng } from '../dist/core/rng.js';
import { FloatDistribution } from '../dist/tune/distributions.js';
import { GPSampler } from '../dist/tune/samplers/gp/sampler.js';
import { createStudy } from '../dist/tune/study/create-study.js';

const here = dirname(fileURLToPath(import.meta.url));
const nSeeds = Number(process.env.SEEDS ?? 10);
const nTrials = Number(process.env.TRIALS ?? 100);
const sizes = (process.env.SIZES ?? '100,300,1000').split(',').map(Number);
const seeds = Array.from({ length: nSeeds }, (_, i) => i);
log.setLevel('error');

let TPESampler = null;
try {
  ({ TPESampler } = await import('../dist/tune/samplers/tpe/sampler.js'));
} catch (e) {
  console.log(`gbtune TPESampler skipped: ${e.message}`);
}

const HA = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HP = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
];
const HALPHA = [1.0, 1.2, 3.0, 3.2];
const functions = {
  branin: {
    optimum: 0.397887,
    objective: (t) => {
      const x1 = t.suggestFloat('x1', -5, 10);
      const x2 = t.suggestFloat('x2', 0, 15);
      const b = 5.1 / (4 * Math.PI ** 2);
      const c = 5 / Math.PI;
      const s = 1 / (8 * Math.PI);
      return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - s) * Math.cos(x1) + 10;
    },
  },
  hartmann6: {
    optimum: -3.32237,
    objective: (t) => {
      const x = [];
      for (let i = 0; i < 6; i++) x.push(t.suggestFloat(`x${i}`, 0, 1));
      let total = 0;
      for (let i = 0; i < 4; i++) {
        let inner = 0;
        for (let j = 0; j < 6; j++) inner += HA[i][j] * (x[j] - 1e-4 * HP[i][j]) ** 2;
        total += HALPHA[i] * Math.exp(-inner);
      }
      return -total;
    },
  },
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
};

if (process.env.SKIP_QUALITY !== '1') {
  const samplers = { gbtune_gp: (seed) => new GPSampler({ seed }) };
  if (TPESampler !== null) samplers.gbtune_tpe = (seed) => new TPESampler({ seed });
  const results = {};
  const seconds = {};
  for (const [name, make] of Object.entries(samplers)) {
    results[name] = {};
    const t0 = performance.now();
    for (const [fname, f] of Object.entries(functions)) {
      results[name][fname] = [];
      for (const seed of seeds) {
        const study = await createStudy({ sampler: make(seed) });
        await study.optimize(f.objective, { nTrials });
        results[name][fname].push(study.bestValue);
      }
    }
    seconds[name] = (performance.now() - t0) / 1000;
    console.error(`${name}: ${seconds[name].toFixed(1)} s`);
  }
  const py = '/usr/bin/python3';
  const probe = existsSync(py) ? spawnSync(py, ['-c', 'import optuna'], { encoding: 'utf8' }) : { status: 1 };
  if (probe.status !== 0) {
    console.log('Optuna reference skipped: /usr/bin/python3 with optuna is absent (apt-get install python3-optuna)');
  } else {
    const r = spawnSync(py, [join(here, 'python', 'optuna_gp_tpe.py'), String(nTrials), ...seeds.map(String)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`optuna_gp_tpe.py failed with status ${r.status}`);
    const ref = JSON.parse(r.stdout);
    console.log(`Optuna ${ref.version}: samplers ${Object.keys(ref.samplers).join(', ')}${'optuna_gp' in ref.samplers ? '' : ' (no GPSampler in this version)'}`);
    for (const [name, byFn] of Object.entries(ref.samplers)) {
      results[name] = {};
      for (const fname of Object.keys(functions)) results[name][fname] = seeds.map((s) => byFn[fname][String(s)]);
      seconds[name] = ref.seconds[name];
    }
  }
  const names = Object.keys(results);
  console.log(`\nMedian best value over ${nSeeds} seeds, ${nTrials} trials (lower is better)\n`);
  console.log(`| function | optimum | ${names.join(' | ')} | GP beats all TPEs |`);
  console.log(`|---|---:|${names.map(() => '---:|').join('')}---|`);
  for (const [fname, f] of Object.entries(functions)) {
    const med = names.map((n) => median(results[n][fname]));
    const gp = med[0];
    const tpes = names.filter((n) => n.endsWith('tpe')).map((n) => median(results[n][fname]));
    const beats = tpes.every((v) => gp < v);
    console.log(`| ${fname} | ${f.optimum} | ${med.map((v) => v.toFixed(5)).join(' | ')} | ${beats ? 'yes' : 'NO'} |`);
  }
  console.log('\nGap to the optimum, median of (best - optimum):\n');
  console.log(`| function | ${names.join(' | ')} |`);
  console.log(`|---|${names.map(() => '---:|').join('')}`);
  for (const [fname, f] of Object.entries(functions)) {
    console.log(`| ${fname} | ${names.map((n) => median(results[n][fname].map((v) => v - f.optimum)).toExponential(2)).join(' | ')} |`);
  }
  console.log(`\nWall time for all ${2 * nSeeds} runs: ${names.map((n) => `${n} ${seconds[n].toFixed(1)} s`).join(', ')}`);
}

// ---- speed: one GP trial with n complete trials already in the study --------------------------
const space = {};
for (let i = 0; i < 6; i++) space[`x${i}`] = new FloatDistribution(0, 1);
const cheap = (p) => {
  let s = 0;
  for (let i = 0; i < 6; i++) s += (p[`x${i}`] - 0.3) ** 2 + 0.1 * Math.sin(10 * p[`x${i}`]);
  return s;
};
const frozen = (number, params, value) => ({
  number,
  trialId: number,
  state: 'COMPLETE',
  values: [value],
  datetimeStart: null,
  datetimeComplete: null,
  params,
  distributions: space,
  userAttrs: {},
  systemAttrs: {},
  intermediateValues: new Map(),
});
console.log('\nTime of one GPSampler trial (fit + acquisition optimization), 6 params, n complete trials\n');
console.log('| n | cold: first GP trial, ms | warm: next trials, ms (median of 3) |');
console.log('|---:|---:|---:|');
for (const n of sizes) {
  const rng = new Rng(n);
  const trials = [];
  const view = {
    studyName: 'bench',
    studyId: 0,
    directions: ['MINIMIZE'],
    userAttrs: {},
    systemAttrs: {},
    setSystemAttr() {},
    getTrials: ({ states } = {}) => (states ? trials.filter((t) => states.includes(t.state)) : trials),
  };
  for (let i = 0; i < n; i++) {
    const p = {};
    for (let k = 0; k < 6; k++) p[`x${k}`] = rng.random();
    trials.push(frozen(i, p, cheap(p)));
  }
  const sampler = new GPSampler({ seed: 1 });
  const times = [];
  for (let r = 0; r < 4; r++) {
    const t0 = performance.now();
    const probe = frozen(trials.length, {}, 0);
    const rel = sampler.sampleRelative(view, probe, sampler.inferRelativeSearchSpace(view, probe));
    times.push(performance.now() - t0);
    trials.pop(); // keep n complete trials: replace the oldest-added point by the new one
    trials.push(frozen(trials.length, rel, cheap(rel)));
  }
  console.log(`| ${n} | ${times[0].toFixed(0)} | ${median(times.slice(1)).toFixed(0)} |`);
}
