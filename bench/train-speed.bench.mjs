// Training speed and peak memory on a seeded 1,000,000 x 28 numeric binary dataset:
// gbtune (1 thread, 100 iterations, 31 leaves, 255 bins) vs XGBoost `hist` (nthread=1,
// lossguide, max_leaves=31, max_depth=0, max_bin=255, eta=0.1) measured in the same run.
// The data is generated here and written once to bench/.cache/ as raw float64 (column-major
// features, then labels) for the Python reference, which reads it with numpy.fromfile.
// Usage: node --expose-gc bench/train-speed.bench.mjs [nRows] [repeats]
import { existsSync, mkdirSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../dist/core/rng.js';
import { Dataset } from '../dist/data/dataset.js';
import { BinnedDataset } from '../dist/data/binned-dataset.js';
import { trainModel } from '../dist/gbdt/boosting/train-model.js';
import { predictRawColumns } from '../dist/gbdt/boosting/predict.js';

const here = dirname(fileURLToPath(import.meta.url));
const N = Number(process.argv[2] ?? 1_000_000);
const REPEATS = Number(process.argv[3] ?? 1);
const F = 28;
const PARAMS = { objective: 'binary', num_iterations: 100, num_leaves: 31, max_bin: 255, learning_rate: 0.1, num_threads: 1, verbosity: -1 };

/** Seeded features: mixtures of normals, some skewed, some discrete; label from a nonlinear logit. */
function generate(n) {
  const rng = new Rng(20240601);
  const cols = [];
  for (let j = 0; j < F; j++) cols.push(new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < F; j++) {
      const z = rng.normal();
      cols[j][i] = j % 7 === 3 ? Math.exp(0.5 * z) : j % 7 === 5 ? Math.round(2 * z) : z;
    }
    const logit = 0.8 * cols[0][i] - 0.6 * cols[1][i] + 0.5 * cols[2][i] * cols[3][i] + Math.sin(2 * cols[4][i]) + 0.3 * cols[5][i] * cols[5][i] - 0.4 * Math.abs(cols[6][i]) + 0.2 * cols[10][i] - 0.3;
    y[i] = rng.random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { cols, y };
}

function writeCache(path, cols, y) {
  const fd = openSync(path + '.tmp', 'w');
  for (const c of [...cols, y]) writeSync(fd, new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  closeSync(fd);
  spawnSync('mv', [path + '.tmp', path]);
}

function auc(score, y) {
  const idx = Array.from(score.keys()).sort((a, b) => score[a] - score[b]);
  let pos = 0;
  let rankSum = 0;
  for (let r = 0; r < idx.length; r++) if (y[idx[r]] === 1) {
    pos++;
    rankSum += r + 1;
  }
  const neg = idx.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

const median = (a) => [...a].sort((x, z) => x - z)[Math.floor((a.length - 1) / 2)];

const t0 = performance.now();
const { cols, y } = generate(N);
const genS = (performance.now() - t0) / 1000;
const cacheDir = join(here, '.cache');
mkdirSync(cacheDir, { recursive: true });
const cachePath = join(cacheDir, `train-speed-${N}x${F}.f64`);
if (!existsSync(cachePath) || statSync(cachePath).size !== (F + 1) * N * 8) writeCache(cachePath, cols, y);
const rawBytes = F * N * 8;

const features = cols.map((values, j) => ({ name: `f${j}`, kind: 'numeric', values }));
const target = { name: 'y', numeric: y, classes: ['0', '1'], classIndex: Int32Array.from(y), inferredTask: 'binary' };
const data = new Dataset(features, target);
globalThis.gc?.();
const baseRss = process.memoryUsage().rss;

const binTimes = [];
const trainTimes = [];
const binCpu = [];
const trainCpu = [];
const cpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
let model = null;
let peakAB = 0;
for (let r = 0; r < REPEATS; r++) {
  // the previous repeat's bins are garbage now: collect them so peak RSS is that of one training
  globalThis.gc?.();
  const c0 = cpuS();
  const b0 = performance.now();
  const binned = BinnedDataset.fromDataset(data, PARAMS);
  const b1 = performance.now();
  const c1 = cpuS();
  model = trainModel(PARAMS, binned);
  const b2 = performance.now();
  const c2 = cpuS();
  binCpu.push(c1 - c0);
  trainCpu.push(c2 - c1);
  peakAB = Math.max(peakAB, process.memoryUsage().arrayBuffers);
  binTimes.push((b1 - b0) / 1000);
  trainTimes.push((b2 - b1) / 1000);
}
const peakRss = process.resourceUsage().maxRSS * 1024;
const ours = median(binTimes) + median(trainTimes);
const raw = predictRawColumns(model, cols);
const ourAuc = auc(raw, y);

// XGBoost reference, same data, same run
let xgb = null;
const py = '/usr/bin/python3';
const script = join(here, 'python', 'xgb_train_speed.py');
if (!existsSync(py)) console.log('XGBoost reference skipped: /usr/bin/python3 not found');
else {
  const r = spawnSync(py, [script, cachePath, String(N), String(F), String(REPEATS)], { encoding: 'utf8' });
  if (r.status !== 0) console.log(`XGBoost reference skipped: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
  else xgb = JSON.parse(r.stdout.trim().split('\n').pop());
}

const mb = (x) => `${(x / 1e6).toFixed(0)} MB`;
console.log(`data: ${N} x ${F} float64 (${mb(rawBytes)}), generated in ${genS.toFixed(1)} s; ${REPEATS} repeat(s), medians`);
// CPU seconds are reported too: on a loaded machine wall time mostly measures waiting
const oursCpu = median(binCpu) + median(trainCpu);
console.log('| system | bin/DMatrix s | train s | total s | total CPU s | train AUC |');
console.log('|---|---|---|---|---|---|');
console.log(`| gbtune | ${median(binTimes).toFixed(2)} | ${median(trainTimes).toFixed(2)} | ${ours.toFixed(2)} | ${oursCpu.toFixed(2)} | ${ourAuc.toFixed(4)} |`);
if (xgb) {
  const xCpu = xgb.dmatrix_cpu_s + xgb.train_cpu_s;
  console.log(`| xgboost ${xgb.version} hist | ${xgb.dmatrix_s.toFixed(2)} | ${xgb.train_s.toFixed(2)} | ${(xgb.dmatrix_s + xgb.train_s).toFixed(2)} | ${xCpu.toFixed(2)} | ${xgb.auc.toFixed(4)} |`);
  console.log(`ratio gbtune / xgboost: wall ${(ours / (xgb.dmatrix_s + xgb.train_s)).toFixed(2)}x, CPU ${(oursCpu / xCpu).toFixed(2)}x (target <= 1.5x); train only: wall ${(median(trainTimes) / xgb.train_s).toFixed(2)}x, CPU ${(median(trainCpu) / xgb.train_cpu_s).toFixed(2)}x`);
}
console.log(`memory: peak RSS ${mb(peakRss)} (before binning ${mb(baseRss)}), ArrayBuffers after training ${mb(peakAB)}; raw float64 data ${mb(rawBytes)}; peak RSS / raw = ${(peakRss / rawBytes).toFixed(2)} (target < 2)`);
