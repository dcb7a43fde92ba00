// Training from a CSV file, the path a user takes: the seeded 1,000,000 x 28 dataset of the
// train-speed bench (speed-data.mjs) written once as a CSV in bench/.cache/, then `gbtune train
// file.csv` (the CLI: read + bin + train, 100 iterations x 31 leaves x 255 bins) timed from the
// file, beside XGBoost `hist` loading the same file with pandas.read_csv, building its DMatrix and
// training with the same params (bench/python/xgb_train_csv.py), at each thread count. Each run is
// its own process, so its peak RSS is that of one read + train (gbtune's printed by a preload,
// peak-rss-on-exit.mjs; XGBoost's from ru_maxrss). Both systems' thread counts alternate.
// Usage: node bench/train-csv-speed.bench.mjs [nRows] [threads, e.g. 1,2]
// (default threads: 1 and the machine's cores). On a shared machine wall times mostly measure waiting.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { F, csvCache, generate } from './speed-data.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const N = Number(process.argv[2] ?? 1_000_000);
const THREADS = [...new Set((process.argv[3] ?? `1,${availableParallelism()}`).split(',').map(Number))].sort((a, b) => a - b);
if (THREADS.some((t) => !(Number.isInteger(t) && t >= 1))) throw new Error(`threads: positive integers, comma-separated (got ${process.argv[3]})`);

const g0 = performance.now();
let csvPath = join(here, '.cache', `train-speed-${N}x${F}.csv`);
if (!existsSync(csvPath)) {
  const { cols, y } = generate(N);
  csvPath = csvCache(N, cols, y);
}
const genS = (performance.now() - g0) / 1000;
const out = mkdtempSync(join(tmpdir(), 'gbtune-train-csv-'));

/** gbtune train on the CSV in a child process: its seconds (read, bin, train) and peak RSS. */
function gbtune(threads) {
  const args = ['--import', join(here, 'peak-rss-on-exit.mjs'), join(here, '..', 'dist', 'cli', 'main.js'), 'train', csvPath, '--target', 'y', '-o', join(out, `model-${threads}.txt`), '--json'];
  for (const p of ['objective=binary', 'num_iterations=100', 'num_leaves=31', 'max_bin=255', 'learning_rate=0.1', `num_threads=${threads}`]) args.push('-p', p);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`gbtune train failed: ${r.stderr}`);
  const rss = Number(/peak_rss (\d+)/.exec(r.stderr)?.[1]);
  return { ...JSON.parse(r.stdout).seconds, peakRss: rss };
}

/** XGBoost in its own process, or null when python3, pandas or xgboost is missing. */
function xgboost(threads) {
  const py = '/usr/bin/python3';
  if (!existsSync(py)) return null;
  const r = spawnSync(py, [join(here, 'python', 'xgb_train_csv.py'), csvPath, String(threads)], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.log(`XGBoost reference skipped: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
    return null;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const runs = THREADS.map((t) => ({ threads: t, ours: gbtune(t), xgb: xgboost(t) }));
rmSync(out, { recursive: true, force: true });

const mb = (x) => `${(x / 1e6).toFixed(0)} MB`;
const f2 = (x) => x.toFixed(2);
console.log(`data: ${N} x ${F} CSV (${mb(statSync(csvPath).size)})${genS > 1 ? `, written in ${genS.toFixed(1)} s` : ''}; raw float64 ${mb(8 * N * F)}`);
console.log('| system | threads | read s | bin / DMatrix s | train s | total s | peak RSS |');
console.log('|---|---|---|---|---|---|---|');
for (const { threads, ours, xgb } of runs) {
  console.log(`| gbtune | ${threads} | ${f2(ours.read)} | ${f2(ours.bin)} | ${f2(ours.train)} | ${f2(ours.read + ours.bin + ours.train)} | ${mb(ours.peakRss)} |`);
  if (xgb) console.log(`| xgboost ${xgb.version} (pandas) | ${threads} | ${f2(xgb.read_s)} | ${f2(xgb.dmatrix_s)} | ${f2(xgb.train_s)} | ${f2(xgb.read_s + xgb.dmatrix_s + xgb.train_s)} | ${mb(xgb.peak_rss)} |`);
}
for (const { threads, ours, xgb } of runs) {
  if (!xgb) continue;
  const total = ours.read + ours.bin + ours.train;
  const xTotal = xgb.read_s + xgb.dmatrix_s + xgb.train_s;
  console.log(`ratio gbtune / xgboost at ${threads} thread(s): read+bin+train wall ${f2(total / xTotal)}x (read ${f2(ours.read / xgb.read_s)}x, train ${f2(ours.train / xgb.train_s)}x); peak RSS ${f2(ours.peakRss / xgb.peak_rss)}x (target <= 1)`);
}
