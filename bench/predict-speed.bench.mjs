// Batch prediction speed on the seeded 1,000,000 x 28 dataset of the train-speed bench
// (speed-data.mjs): a gbtune model of 100 trees x 31 leaves trained on it (cached in
// bench/.cache/ as model.txt, since only its shape matters here), raw scores of the first `batch`
// rows at each thread count, beside XGBoost's `inplace_predict` (margin) on an XGBoost `hist`
// model trained with the same params on the same data (bench/python/xgb_predict_speed.py),
// measured in the same run. Every thread count must give the same bits (checked here; the tests
// check it on the LightGBM fixtures). The small batches show where threads start to pay
// (predictThreadSwitches.minWork, rows x trees).
// Usage: node --expose-gc bench/predict-speed.bench.mjs [nRows] [repeats] [threads, e.g. 1,2]
// (default threads: 1 and the machine's cores). On a shared machine wall times mostly measure
// waiting: read the CPU seconds too.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dataset } from '../dist/data/dataset.js';
import { BinnedDataset } from '../dist/data/binned-dataset.js';
import { trainModel } from '../dist/gbdt/boosting/train-model.js';
import { predictRawColumns } from '../dist/gbdt/boosting/predict.js';
import { predictThreadSwitches } from '../dist/gbdt/boosting/predict-threads.js';
import { Booster } from '../dist/gbdt/boosting/booster.js';
import { parseModel } from '../dist/gbdt/boosting/model-io.js';
import { cacheDir, F, generate, rawCache } from './speed-data.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const N = Number(process.argv[2] ?? 1_000_000);
const REPEATS = Number(process.argv[3] ?? 3);
const THREADS = [...new Set((process.argv[4] ?? `1,${availableParallelism()}`).split(',').map(Number))].sort((a, b) => a - b);
if (THREADS.some((t) => !(Number.isInteger(t) && t >= 1))) throw new Error(`threads: positive integers, comma-separated (got ${process.argv[4]})`);
const BATCHES = [...new Set([1000, 10_000, 100_000, N].filter((b) => b <= N))];
const PARAMS = { objective: 'binary', num_iterations: 100, num_leaves: 31, max_bin: 255, learning_rate: 0.1, verbosity: -1 };

const { cols, y } = generate(N);
const cachePath = rawCache(N, cols, y);
const modelPath = join(cacheDir, `predict-speed-${N}x${F}.model.txt`);
let model;
if (existsSync(modelPath)) model = parseModel(readFileSync(modelPath, 'utf8'));
else {
  const features = cols.map((values, j) => ({ name: `f${j}`, kind: 'numeric', values }));
  const target = { name: 'y', numeric: y, classes: ['0', '1'], classIndex: Int32Array.from(y), inferredTask: 'binary' };
  const data = new Dataset(features, target);
  model = trainModel(PARAMS, BinnedDataset.fromDataset(data, PARAMS));
  writeFileSync(modelPath, new Booster(model).modelToString());
}
const nLeaves = model.trees.reduce((s, t) => s + t.numLeaves, 0);

const median = (a) => [...a].sort((x, z) => x - z)[Math.floor((a.length - 1) / 2)];
const cpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const sameBits = (a, b) => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

// per batch and thread count: median seconds and CPU seconds per call; batches under
// predictThreadSwitches.minWork (which stay on one thread) again with it at 0 ('forced'), to show
// what threads would cost or give there
const ours = [];
let identical = true;
const minWork = predictThreadSwitches.minWork;
const forcedBatches = BATCHES.filter((b) => b * model.trees.length < minWork);
for (const [batch, forced] of [...BATCHES.map((b) => [b, false]), ...forcedBatches.map((b) => [b, true])]) {
  predictThreadSwitches.minWork = forced ? 0 : minWork;
  const part = cols.map((c) => c.subarray(0, batch));
  const calls = Math.max(1, Math.floor(200_000 / batch));
  const times = THREADS.map(() => []);
  const cpu = THREADS.map(() => []);
  let first = null;
  for (let r = 0; r < REPEATS; r++) {
    globalThis.gc?.();
    for (let k = 0; k < THREADS.length; k++) {
      const q = (k + r) % THREADS.length;
      const c0 = cpuS();
      const t0 = performance.now();
      let raw = null;
      for (let c = 0; c < calls; c++) raw = predictRawColumns(model, part, { numThreads: THREADS[q] });
      times[q].push((performance.now() - t0) / 1000 / calls);
      cpu[q].push((cpuS() - c0) / calls);
      if (first === null) first = raw;
      else if (!sameBits(raw, first)) identical = false;
    }
  }
  THREADS.forEach((t, q) => ours.push({ batch, forced, threads: t, s: median(times[q]), cpu: median(cpu[q]) }));
}
predictThreadSwitches.minWork = minWork;

let xgb = null;
const py = '/usr/bin/python3';
if (!existsSync(py)) console.log('XGBoost reference skipped: /usr/bin/python3 not found');
else {
  const script = join(here, 'python', 'xgb_predict_speed.py');
  const r = spawnSync(py, [script, cachePath, String(N), String(F), THREADS.join(','), BATCHES.join(','), String(REPEATS)], { encoding: 'utf8' });
  if (r.status !== 0) console.log(`XGBoost reference skipped: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
  else xgb = JSON.parse(r.stdout.trim().split('\n').pop());
}

const rate = (rows, s) => `${(rows / s / 1e6).toFixed(3)} M`;
console.log(`model: ${model.trees.length} trees, ${nLeaves} leaves; data ${N} x ${F}; ${REPEATS} repeat(s), medians per call; threads from ${minWork} rows x trees`);
console.log('| batch rows | threads | gbtune s | gbtune CPU s | gbtune rows/s | xgboost rows/s | gbtune / xgboost rows/s | gbtune vs 1 thread |');
console.log('|---|---|---|---|---|---|---|---|');
for (const o of ours) {
  const x = xgb?.runs.find((z) => z.nthread === o.threads && z.batch === o.batch);
  const one = ours.find((z) => z.threads === 1 && z.batch === o.batch && z.forced === o.forced);
  const cells = [`${o.batch}${o.forced ? ' (threads forced)' : ''}`, o.threads, o.s.toFixed(4), o.cpu.toFixed(4), rate(o.batch, o.s), x ? rate(o.batch, x.s) : '', x ? `${(x.s / o.s).toFixed(2)}x` : '', one ? `${(one.s / o.s).toFixed(2)}x` : ''];
  console.log(`| ${cells.join(' | ')} |`);
}
if (xgb) console.log(`xgboost ${xgb.version} inplace_predict (margin) on a row-major numpy matrix`);
console.log(`same raw score bits at ${THREADS.join(', ')} thread(s): ${identical ? 'yes' : 'NO'}`);
if (!identical) process.exitCode = 1;
