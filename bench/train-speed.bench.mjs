// Training speed and peak memory on a seeded 1,000,000 x 28 numeric binary dataset:
// gbtune (100 iterations, 31 leaves, 255 bins) at each thread count asked for vs XGBoost `hist`
// (lossguide, max_leaves=31, max_depth=0, max_bin=255, eta=0.1) at the same thread counts,
// measured in the same run. The thread counts of one repeat run one after another (their order
// rotating between repeats), so each repeat gives a ratio to 1 thread measured seconds apart: the
// table prints the median of those paired ratios beside the ratio of the medians. Every thread
// count must write the same model bytes (checked here; the tests check it on small data).
// XGBoost runs its thread counts the same way, and its paired ratios are printed too: on a shared
// host, how far its own ratio moves between repeats tells the host's swings from the trainer's.
// The data is generated here and written once to bench/.cache/ as raw float64 (column-major
// features, then labels) for the Python reference, which reads it with numpy.fromfile.
// Usage: node --expose-gc bench/train-speed.bench.mjs [nRows] [repeats] [threads, e.g. 1,2]
// (default threads: 1 and the machine's cores). On a shared machine wall times mostly measure
// waiting: use several repeats and read the paired ratios and the CPU seconds.
// TRAIN_QUANT=1 also trains with use_quantized_grad=true (LightGBM 4's quantized gradients, 4 bins)
// right after each default training, and prints its rows and the paired ratio quantized / default.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { F, generate, rawCache } from './speed-data.mjs';
import { Dataset } from '../dist/data/dataset.js';
import { BinnedDataset } from '../dist/data/binned-dataset.js';
import { trainModel } from '../dist/gbdt/boosting/train-model.js';
import { predictRawColumns } from '../dist/gbdt/boosting/predict.js';
import { Booster } from '../dist/gbdt/boosting/booster.js';
import { trainerPoolStats } from '../dist/gbdt/threads/trainer-pool.js';
import { crossCoreRoundTrip } from './core-probe.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const N = Number(process.argv[2] ?? 1_000_000);
const REPEATS = Number(process.argv[3] ?? 1);
const THREADS = [...new Set((process.argv[4] ?? `1,${availableParallelism()}`).split(',').map(Number))].sort((a, b) => a - b);
if (THREADS.some((t) => !(Number.isInteger(t) && t >= 1))) throw new Error(`threads: positive integers, comma-separated (got ${process.argv[4]})`);
const PARAMS = { objective: 'binary', num_iterations: 100, num_leaves: 31, max_bin: 255, learning_rate: 0.1, verbosity: -1 };
const QUANT = process.env.TRAIN_QUANT === '1';
const QUANT_PARAMS = { ...PARAMS, use_quantized_grad: true, seed: 1 };

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
const cachePath = rawCache(N, cols, y);
const rawBytes = F * N * 8;

const features = cols.map((values, j) => ({ name: `f${j}`, kind: 'numeric', values }));
const target = { name: 'y', numeric: y, classes: ['0', '1'], classIndex: Int32Array.from(y), inferredTask: 'binary' };
const data = new Dataset(features, target);
globalThis.gc?.();
const baseRss = process.memoryUsage().rss;

const binTimes = [];
const binCpu = [];
// per thread count: train wall and CPU seconds per repeat, the calling thread's waits for workers
const trainTimes = THREADS.map(() => []);
const trainCpu = THREADS.map(() => []);
const waits = THREADS.map(() => []);
// per thread count and repeat: the cross-core round trip before and after the training (ns)
const probes = THREADS.map(() => []);
// TRAIN_QUANT: the quantized trainings' wall and CPU seconds, their model (AUC) and bytes
const quantTimes = THREADS.map(() => []);
const quantCpu = THREADS.map(() => []);
let quantModel = null;
let quantText = null;
let quantSameBytes = true;
const cpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
// XGBoost reference, same data, each repeat right after gbtune's trainings
const py = '/usr/bin/python3';
const script = join(here, 'python', 'xgb_train_speed.py');
let xgbSkipped = existsSync(py) ? null : 'XGBoost reference skipped: /usr/bin/python3 not found';
let xgb = null;
const xgbTimes = THREADS.map(() => []);
const xgbCpu = THREADS.map(() => []);
const xgbDm = THREADS.map(() => []);
function xgbRepeat(order) {
  if (xgbSkipped !== null) return;
  const r = spawnSync(py, [script, cachePath, String(N), String(F), '1', order.join(',')], { encoding: 'utf8' });
  if (r.status !== 0) {
    xgbSkipped = `XGBoost reference skipped: ${(r.stderr || r.stdout).trim().split('\n').pop()}`;
    return;
  }
  xgb = JSON.parse(r.stdout.trim().split('\n').pop());
  for (const x of xgb.runs) {
    const q = THREADS.indexOf(x.nthread);
    xgbTimes[q].push(x.train_s);
    xgbCpu[q].push(x.train_cpu_s);
    xgbDm[q].push(x.dmatrix_s);
  }
}
let model = null;
let firstText = null;
let sameBytes = true;
let peakAB = 0;
for (let r = 0; r < REPEATS; r++) {
  // the previous repeat's bins are garbage now: collect them so peak RSS is that of one training
  globalThis.gc?.();
  const c0 = cpuS();
  const b0 = performance.now();
  const binned = BinnedDataset.fromDataset(data, PARAMS);
  binTimes.push((performance.now() - b0) / 1000);
  binCpu.push(cpuS() - c0);
  for (let k = 0; k < THREADS.length; k++) {
    const q = (k + r) % THREADS.length;
    const before = THREADS[q] > 1 ? await crossCoreRoundTrip() : 0;
    const w0 = trainerPoolStats()?.waitMs ?? 0;
    const c1 = cpuS();
    const t1 = performance.now();
    model = trainModel({ ...PARAMS, num_threads: THREADS[q] }, binned);
    trainTimes[q].push((performance.now() - t1) / 1000);
    if (THREADS[q] > 1) probes[q].push([before, await crossCoreRoundTrip()]);
    trainCpu[q].push(cpuS() - c1);
    waits[q].push(((trainerPoolStats()?.waitMs ?? 0) - w0) / 1000);
    peakAB = Math.max(peakAB, process.memoryUsage().arrayBuffers);
    const text = new Booster(model).modelToString();
    if (firstText === null) firstText = text;
    else if (text !== firstText) sameBytes = false;
    if (QUANT) {
      globalThis.gc?.();
      const c2 = cpuS();
      const t2 = performance.now();
      quantModel = trainModel({ ...QUANT_PARAMS, num_threads: THREADS[q] }, binned);
      quantTimes[q].push((performance.now() - t2) / 1000);
      quantCpu[q].push(cpuS() - c2);
      const qt = new Booster(quantModel).modelToString();
      if (quantText === null) quantText = qt;
      else if (qt !== quantText) quantSameBytes = false;
    }
  }
  xgbRepeat(THREADS.map((_, k) => THREADS[(k + r) % THREADS.length]));
}
const peakRss = process.resourceUsage().maxRSS * 1024;
const raw = predictRawColumns(model, cols);
const ourAuc = auc(raw, y);

const mb = (x) => `${(x / 1e6).toFixed(0)} MB`;
const f2 = (x) => x.toFixed(2);
console.log(`data: ${N} x ${F} float64 (${mb(rawBytes)}), generated in ${genS.toFixed(1)} s; ${REPEATS} repeat(s), medians; binning ${f2(median(binTimes))} s (CPU ${f2(median(binCpu))} s)`);
console.log('| system | threads | train s | train CPU s | waits s | speed-up vs 1 thread (of medians, paired) | train AUC |');
console.log('|---|---|---|---|---|---|---|');
const one = THREADS.indexOf(1);
for (let q = 0; q < THREADS.length; q++) {
  const paired = one < 0 ? null : median(trainTimes[q].map((t, r) => trainTimes[one][r] / t));
  const ratio = one < 0 ? '' : `${f2(median(trainTimes[one]) / median(trainTimes[q]))}x, ${f2(paired)}x`;
  console.log(`| gbtune | ${THREADS[q]} | ${f2(median(trainTimes[q]))} | ${f2(median(trainCpu[q]))} | ${f2(median(waits[q]))} | ${ratio} | ${ourAuc.toFixed(4)} |`);
}
// each repeat's paired ratios, with where the host had put the cores (the round trip around the run)
if (one >= 0) {
  for (let r = 0; r < REPEATS; r++) {
    const cols = THREADS.map((t, q) => (q === one ? `1 thread ${f2(trainTimes[q][r])} s` : `${t} threads ${f2(trainTimes[q][r])} s = ${f2(trainTimes[one][r] / trainTimes[q][r])}x (core round trip ${probes[q][r].map((x) => x.toFixed(0)).join(' / ')} ns)`));
    console.log(`repeat ${r + 1}: ${cols.join(', ')}`);
  }
}
if (QUANT) {
  const quantAuc = auc(predictRawColumns(quantModel, cols), y);
  for (let q = 0; q < THREADS.length; q++) {
    // paired per repeat: the quantized training ran right after the default one
    const wall = median(quantTimes[q].map((t, r) => t / trainTimes[q][r]));
    const cpu = median(quantCpu[q].map((t, r) => t / trainCpu[q][r]));
    console.log(`| gbtune use_quantized_grad | ${THREADS[q]} | ${f2(median(quantTimes[q]))} | ${f2(median(quantCpu[q]))} | | quantized / default: wall ${f2(wall)}x, CPU ${f2(cpu)}x | ${quantAuc.toFixed(4)} |`);
  }
}
if (xgbSkipped !== null) console.log(xgbSkipped);
else if (xgb !== null) {
  const x1 = THREADS.indexOf(1);
  for (let q = 0; q < THREADS.length; q++) {
    const paired = x1 < 0 ? null : median(xgbTimes[q].map((t, r) => xgbTimes[x1][r] / t));
    const ratio = x1 < 0 ? '' : `${f2(median(xgbTimes[x1]) / median(xgbTimes[q]))}x, ${f2(paired)}x`;
    console.log(`| xgboost ${xgb.version} hist | ${THREADS[q]} | ${f2(median(xgbTimes[q]))} | ${f2(median(xgbCpu[q]))} | | ${ratio} | ${xgb.auc.toFixed(4)} |`);
  }
  // per repeat: XGBoost's own ratios (what the host's swings do to a reference trainer), and gbtune's
  // train time over XGBoost's, each measured within a minute of the other
  for (let r = 0; r < REPEATS; r++) {
    const own = x1 < 0 ? [] : THREADS.flatMap((t, q) => (q === x1 ? [] : [`${t} threads ${f2(xgbTimes[x1][r] / xgbTimes[q][r])}x`]));
    const vs = THREADS.map((t, q) => `at ${t}: ${f2(trainTimes[q][r] / xgbTimes[q][r])}x`);
    console.log(`repeat ${r + 1}: xgboost ${THREADS.map((t, q) => `${t} thread${t > 1 ? "s" : ""} ${f2(xgbTimes[q][r])} s`).join(', ')}${own.length > 0 ? ` (${own.join(', ')})` : ''}; gbtune / xgboost train ${vs.join(', ')}`);
  }
  for (let q = 0; q < THREADS.length; q++) {
    const ours = median(binTimes) + median(trainTimes[q]);
    const paired = median(trainTimes[q].map((t, r) => t / xgbTimes[q][r]));
    console.log(`ratio gbtune / xgboost at ${THREADS[q]} thread(s): bin+train wall ${f2(ours / (median(xgbDm[q]) + median(xgbTimes[q])))}x; train only: wall ${f2(median(trainTimes[q]) / median(xgbTimes[q]))}x (paired ${f2(paired)}x), CPU ${f2(median(trainCpu[q]) / median(xgbCpu[q]))}x`);
  }
}
console.log(`same model bytes at ${THREADS.join(', ')} thread(s): ${sameBytes ? 'yes' : 'NO'}`);
if (QUANT) console.log(`same quantized model bytes at ${THREADS.join(', ')} thread(s): ${quantSameBytes ? 'yes' : 'NO'}`);
console.log(`memory: peak RSS ${mb(peakRss)} (before binning ${mb(baseRss)}), ArrayBuffers after training ${mb(peakAB)}; raw float64 data ${mb(rawBytes)}; peak RSS / raw = ${(peakRss / rawBytes).toFixed(2)} (target < 2)`);
if (!sameBytes || !quantSameBytes) process.exitCode = 1;
