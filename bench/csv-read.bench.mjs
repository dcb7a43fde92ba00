// CSV read speed and peak memory: readCsv's byte reader (the default), alone and with worker
// threads, against papaparse reading every row (`parser: 'papaparse'`, the reader before the
// byte reader) and pandas.read_csv, all measured in this run. The big file is the train-speed bench's data (seeded 1,000,000 x 28,
// numbers written as String(x): 17 significant digits, about 480 MB), written once to
// bench/.cache/; each read runs in its own process (peak RSS is that process's). Then every
// datasets/*.csv, read in this process (best CPU time of several reads).
// Usage: node bench/csv-read.bench.mjs [nRows] [repeats]
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, statSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
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

/**
 * One read of `path` in a fresh process: wall and CPU seconds of the read, the CPU seconds of its
 * busiest thread (Linux: /proc/self/task; on a loaded machine wall time is mostly waiting, and
 * max(busiest thread, CPU / cores) is the wall time the same work takes on idle cores), peak RSS, shape.
 */
function readInChild(path, parser, threads) {
  const script = `
    import { readFileSync, readdirSync, existsSync } from 'node:fs';
    const perThread = () => {
      if (!existsSync('/proc/self/task')) return {};
      const out = {};
      for (const tid of readdirSync('/proc/self/task')) {
        const stat = readFileSync('/proc/self/task/' + tid + '/stat', 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out[tid] = (Number(f[11]) + Number(f[12])) / 100;
      }
      return out;
    };
    const { readCsv } = await import(${JSON.stringify(join(root, 'dist', 'data', 'csv.js'))});
    const before = perThread();
    const c0 = process.cpuUsage(); const t0 = performance.now();
    const d = await readCsv(${JSON.stringify(path)}, { parser: ${JSON.stringify(parser)}, threads: ${threads} });
    const wall = (performance.now() - t0) / 1000; const c = process.cpuUsage(c0);
    const after = perThread();
    const busiest = Math.max(0, ...Object.keys(after).map((k) => after[k] - (before[k] ?? 0)));
    console.log(JSON.stringify({ wall_s: wall, cpu_s: (c.user + c.system) / 1e6, busiest_s: busiest, peak_rss: process.resourceUsage().maxRSS * 1024, rows: d.nRows, cols: d.nFeatures + 1 }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`readCsv (${parser}, threads ${threads}) failed: ${r.stderr}`);
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
const CORES = availableParallelism();
const THREADS = Math.max(1, Math.min(3, CORES - 1));
const runs = { auto: [], threads: [], papaparse: [], pandas: [] };
let pandasSkipped = null;
for (let r = 0; r < REPEATS; r++) {
  runs.auto.push(readInChild(csvPath, 'auto', 0));
  runs.threads.push(readInChild(csvPath, 'auto', THREADS));
  runs.papaparse.push(readInChild(csvPath, 'papaparse', 0));
  const p = pandasRead(csvPath);
  if (p.skipped !== undefined) pandasSkipped = p.skipped;
  else runs.pandas.push(p);
}
const summary = (xs) => ({
  wall: median(xs.map((x) => x.wall_s)),
  cpu: median(xs.map((x) => x.cpu_s)),
  // the wall time on idle cores: the busiest thread, or the CPU shared out over the cores
  idle: median(xs.map((x) => Math.max(x.busiest_s ?? x.cpu_s, x.cpu_s / Math.min(CORES, (x.threads ?? 0) + 1)))),
  rss: Math.max(...xs.map((x) => x.peak_rss)),
  shape: `${xs[0].rows} x ${xs[0].cols}`,
});
for (const x of runs.threads) x.threads = THREADS;
const auto = summary(runs.auto);
const threaded = summary(runs.threads);
const papa = summary(runs.papaparse);
console.log(`file: ${N} x ${F + 1} (${mb(size)}), ${REPEATS} read(s) per reader, medians; ${CORES} cores`);
console.log('(CPU: the whole process; idle-cores wall: max(busiest thread CPU, CPU / min(cores, threads)), what the same work takes on idle cores: on a loaded machine wall time is mostly waiting)');
console.log('| reader | wall s | CPU s | idle-cores wall s | peak RSS | shape |');
console.log('|---|---|---|---|---|---|');
const line = (name, x) => console.log(`| ${name} | ${x.wall.toFixed(2)} | ${x.cpu.toFixed(2)} | ${x.idle === undefined || Number.isNaN(x.idle) ? '' : x.idle.toFixed(2)} | ${mb(x.rss)} | ${x.shape} |`);
line('gbtune readCsv (byte reader)', auto);
line(`gbtune readCsv (byte reader), threads: ${THREADS}`, threaded);
line("gbtune readCsv parser: 'papaparse'", papa);
let pandas = null;
if (runs.pandas.length > 0) {
  pandas = summary(runs.pandas.map((p) => ({ ...p, busiest_s: p.cpu_s })));
  line(`pandas ${runs.pandas[0].version} read_csv`, pandas);
} else console.log(`pandas reference skipped: ${pandasSkipped}`);
console.log(`ratio byte reader / papaparse: wall ${(auto.wall / papa.wall).toFixed(2)}x, CPU ${(auto.cpu / papa.cpu).toFixed(2)}x, peak RSS ${(auto.rss / papa.rss).toFixed(2)}x`);
console.log(`ratio byte reader with ${THREADS} thread(s) / without: wall ${(threaded.wall / auto.wall).toFixed(2)}x, idle-cores wall ${(threaded.idle / auto.idle).toFixed(2)}x, CPU ${(threaded.cpu / auto.cpu).toFixed(2)}x, peak RSS ${(threaded.rss / auto.rss).toFixed(2)}x`);
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
