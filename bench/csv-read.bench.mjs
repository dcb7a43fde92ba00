// CSV read speed and peak memory: readCsv's byte reader (the default) against papaparse reading
// every row (`parser: 'papaparse'`, the reader before the byte reader) and pandas.read_csv, all
// measured in this run. The big file is the train-speed bench's data (seeded 1,000,000 x 28,
// numbers written as String(x): 17 significant digits, about 480 MB), written once to
// bench/.cache/; each read runs in its own process (peak RSS is that process's). Then every
// datasets/*.csv, read in this process (best CPU time of several reads).
// Usage: node bench/csv-read.bench.mjs [nRows] [repeats]
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, statSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../dist/core/rng.js';
import { readCsv } from '../dist/data/csv.js';
import { captureLogsAsync } from '../dist/core/log.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const N = Number(process.argv[2] ?? 1_000_000);
const REPEATS = Number(process.argv[3] ?? 2);
const F = 28;

/** The train-speed bench's generator (same seed, same values), written row by row as CSV text. */
function writeCsv(path, n) {
  const rng = new Rng(20240601);
  const fd = openSync(`${path}.tmp`, 'w');
  writeSync(fd, `${Array.from({ length: F }, (_, j) => `f${j}`).join(',')},target\n`);
  const row = new Float64Array(F);
  let text = '';
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < F; j++) {
      const z = rng.normal();
      row[j] = j % 7 === 3 ? Math.exp(0.5 * z) : j % 7 === 5 ? Math.round(2 * z) : z;
    }
    const logit = 0.8 * row[0] - 0.6 * row[1] + 0.5 * row[2] * row[3] + Math.sin(2 * row[4]) + 0.3 * row[5] * row[5] - 0.4 * Math.abs(row[6]) + 0.2 * row[10] - 0.3;
    const y = rng.random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    text += `${row.join(',')},${y}\n`;
    if (text.length > 1 << 20) {
      writeSync(fd, text);
      text = '';
    }
  }
  writeSync(fd, text);
  closeSync(fd);
  renameSync(`${path}.tmp`, path);
}

/** One read of `path` in a fresh process: wall and CPU seconds of the read, peak RSS, shape. */
function readInChild(path, parser) {
  const script = `
    const { readCsv } = await import(${JSON.stringify(join(root, 'dist', 'data', 'csv.js'))});
    const c0 = process.cpuUsage(); const t0 = performance.now();
    const d = await readCsv(${JSON.stringify(path)}, { parser: ${JSON.stringify(parser)} });
    const wall = (performance.now() - t0) / 1000; const c = process.cpuUsage(c0);
    console.log(JSON.stringify({ wall_s: wall, cpu_s: (c.user + c.system) / 1e6, peak_rss: process.resourceUsage().maxRSS * 1024, rows: d.nRows, cols: d.nFeatures + 1 }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`readCsv (${parser}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function pandasRead(path) {
  const py = '/usr/bin/python3';
  if (!existsSync(py)) return { skipped: '/usr/bin/python3 not found' };
  const r = spawnSync(py, [join(here, 'python', 'pandas_read_csv.py'), path], { encoding: 'utf8' });
  if (r.status !== 0) return { skipped: (r.stderr || r.stdout).trim().split('\n').pop() };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const median = (a) => [...a].sort((x, z) => x - z)[Math.floor((a.length - 1) / 2)];
const mb = (x) => `${(x / 1e6).toFixed(0)} MB`;

const cacheDir = join(here, '.cache');
mkdirSync(cacheDir, { recursive: true });
const csvPath = join(cacheDir, `csv-read-${N}x${F}.csv`);
if (!existsSync(csvPath)) {
  const t0 = performance.now();
  writeCsv(csvPath, N);
  console.log(`wrote ${csvPath} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const size = statSync(csvPath).size;

// the readers take turns, so that a change in the machine's load hits them alike
const runs = { auto: [], papaparse: [], pandas: [] };
let pandasSkipped = null;
for (let r = 0; r < REPEATS; r++) {
  runs.auto.push(readInChild(csvPath, 'auto'));
  runs.papaparse.push(readInChild(csvPath, 'papaparse'));
  const p = pandasRead(csvPath);
  if (p.skipped !== undefined) pandasSkipped = p.skipped;
  else runs.pandas.push(p);
}
const summary = (xs) => ({ wall: median(xs.map((x) => x.wall_s)), cpu: median(xs.map((x) => x.cpu_s)), rss: Math.max(...xs.map((x) => x.peak_rss)), shape: `${xs[0].rows} x ${xs[0].cols}` });
const auto = summary(runs.auto);
const papa = summary(runs.papaparse);
console.log(`file: ${N} x ${F + 1} (${mb(size)}), ${REPEATS} read(s) per reader, medians (CPU: the reading process's, wall: on a loaded machine mostly waiting)`);
console.log('| reader | wall s | CPU s | peak RSS | shape |');
console.log('|---|---|---|---|---|');
console.log(`| gbtune readCsv (byte reader) | ${auto.wall.toFixed(2)} | ${auto.cpu.toFixed(2)} | ${mb(auto.rss)} | ${auto.shape} |`);
console.log(`| gbtune readCsv parser: 'papaparse' | ${papa.wall.toFixed(2)} | ${papa.cpu.toFixed(2)} | ${mb(papa.rss)} | ${papa.shape} |`);
let pandas = null;
if (runs.pandas.length > 0) {
  pandas = summary(runs.pandas);
  console.log(`| pandas ${runs.pandas[0].version} read_csv | ${pandas.wall.toFixed(2)} | ${pandas.cpu.toFixed(2)} | ${mb(pandas.rss)} | ${pandas.shape} |`);
} else console.log(`pandas reference skipped: ${pandasSkipped}`);
console.log(`ratio byte reader / papaparse: wall ${(auto.wall / papa.wall).toFixed(2)}x, CPU ${(auto.cpu / papa.cpu).toFixed(2)}x, peak RSS ${(auto.rss / papa.rss).toFixed(2)}x`);
if (pandas !== null) console.log(`ratio byte reader / pandas: wall ${(auto.wall / pandas.wall).toFixed(2)}x, CPU ${(auto.cpu / pandas.cpu).toFixed(2)}x, peak RSS ${(auto.rss / pandas.rss).toFixed(2)}x`);

// the repository's datasets: best CPU time of several reads in this process, readers alternating
console.log('\n| dataset | size | byte reader ms | papaparse ms | ratio |');
console.log('|---|---|---|---|---|');
for (const file of readdirSync(join(root, 'datasets')).filter((f) => f.endsWith('.csv')).sort()) {
  const path = join(root, 'datasets', file);
  const best = { auto: Infinity, papaparse: Infinity };
  for (let r = 0; r < 8; r++) {
    for (const parser of ['auto', 'papaparse']) {
      const c0 = process.cpuUsage();
      await captureLogsAsync(() => readCsv(path, { parser }));
      const c = process.cpuUsage(c0);
      if (r > 0) best[parser] = Math.min(best[parser], (c.user + c.system) / 1000);
    }
  }
  console.log(`| ${file} | ${(statSync(path).size / 1e3).toFixed(0)} kB | ${best.auto.toFixed(1)} | ${best.papaparse.toFixed(1)} | ${(best.auto / best.papaparse).toFixed(2)} |`);
}
