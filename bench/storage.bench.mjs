// RDB storage on SQLite against Optuna 3.1's RDBStorage, measured in the same run
// (bench/python/optuna_storage.py with /usr/bin/python3; Debian's python3-optuna is 3.1).
//
// (a) trials per second with a trivial objective (x^2 over one float param), 1 worker, on a new
//     SQLite file, through the public API (createStudy({ storage: 'sqlite:///...' }).optimize).
//     Both sides use RandomSampler so that the figure is storage + study overhead, not sampling.
//     Median of 3 runs each (gbtune 1,000 trials per run, Optuna 200).
// (b) time to load a study of 50,000 finished trials (3 params: float, int, categorical; one value)
//     from SQLite in a cold process: gbtune loadStudy + study.trials vs Optuna load_study +
//     study.trials, both on the same file (written by gbtune; Optuna reads it as is). Median of 3.
//     Also shown: gbtune's warm re-read after one more trial (the in-process cache at work).
//
// Target (issue 4): (a) >= 10x Optuna, (b) <= 1/10 of Optuna's time.
// Run: node bench/run.mjs storage   or   node bench/storage.bench.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStudy, loadStudy } from '../dist/tune/study/create-study.js';
import { RandomSampler } from '../dist/tune/samplers/random.js';
import { openSqliteStorage } from '../dist/tune/storages/rdb/sqlite-driver.js';
import { CategoricalDistribution, FloatDistribution, IntDistribution } from '../dist/tune/distributions.js';
import { log } from '../dist/core/log.js';

const here = dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);
const quick = process.argv.includes('--quick');
log.setLevel('error');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function python(args) {
  const r = spawnSync('/usr/bin/python3', [join(here, 'python', 'optuna_storage.py'), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) return { error: `cannot run /usr/bin/python3: ${r.error.message}` };
  if (r.status !== 0) return { error: r.stderr.trim().split('\n').pop() };
  return JSON.parse(r.stdout);
}

// ---- child mode: a cold-process load of the big study ----
if (process.argv[2] === '--load') {
  const path = process.argv[3];
  const t0 = performance.now();
  const study = await loadStudy({ studyName: 'big', storage: `sqlite:///${path}` });
  const n = study.trials.length;
  const cold = performance.now() - t0;
  // one more trial by another writer, then a warm re-read
  const other = await openSqliteStorage(path);
  const sid = await other.getStudyIdFromName('big');
  const id = await other.createNewTrial(sid);
  await other.setTrialStateValues(id, 'COMPLETE', [0]);
  const t1 = performance.now();
  await study.refresh();
  const warm = performance.now() - t1;
  process.stdout.write(JSON.stringify({ cold, warm, n, n2: study.trials.length }));
  await other.close();
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'gbtune-bench-storage-'));
const rows = [];
try {
  // ---- (a) trials per second ----
  const N_G = quick ? 300 : 1000;
  const N_O = quick ? 60 : 200;
  const g = [];
  for (let r = 0; r < 3; r++) {
    const path = join(dir, `g${r}.db`);
    const study = await createStudy({ storage: `sqlite:///${path}`, studyName: 'speed', sampler: new RandomSampler({ seed: r }) });
    const t0 = performance.now();
    await study.optimize((t) => t.suggestFloat('x', -10, 10) ** 2, { nTrials: N_G });
    g.push(N_G / ((performance.now() - t0) / 1000));
    await study.storage.close();
  }
  const o = [];
  let oErr = null;
  for (let r = 0; r < 3 && oErr === null; r++) {
    const res = python(['trials', join(dir, `o${r}.db`), String(N_O), String(r)]);
    if (res.error) oErr = res.error;
    else o.push(res.trials_per_sec);
  }
  const gT = median(g);
  const oT = oErr === null ? median(o) : null;
  rows.push({
    measure: 'trials/s, trivial objective, 1 worker, SQLite',
    gbtune: gT.toFixed(1),
    'optuna 3.1': oT === null ? `skipped (${oErr})` : oT.toFixed(1),
    ratio: oT === null ? '-' : `${(gT / oT).toFixed(1)}x faster (target >= 10x)`,
  });

  // ---- (b) load 50k finished trials ----
  const N_BIG = quick ? 10_000 : 50_000;
  const big = join(dir, 'big.db');
  {
    const st = await openSqliteStorage(big);
    const sid = await st.createNewStudy(['MINIMIZE'], 'big');
    const dists = { x: new FloatDistribution(-10, 10), k: new IntDistribution(1, 64, { log: true }), c: new CategoricalDistribution(['a', 'b', 'c']) };
    const t0 = new Date(2024, 0, 1);
    for (let i = 0; i < N_BIG; i++) {
      const x = -10 + (20 * ((i * 7919) % N_BIG)) / N_BIG;
      await st.createNewTrial(sid, {
        state: 'COMPLETE',
        values: [x * x],
        params: { x, k: 1 + (i % 64), c: i % 3 },
        distributions: dists,
        datetimeStart: new Date(t0.getTime() + i * 1000),
        datetimeComplete: new Date(t0.getTime() + i * 1000 + 500),
      });
    }
    await st.close();
  }
  const loads = [];
  for (let r = 0; r < 3; r++) {
    const c = spawnSync(process.execPath, [self, '--load', big], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (c.status !== 0) throw new Error(c.stderr);
    loads.push(JSON.parse(c.stdout));
  }
  const ol = [];
  let olErr = null;
  for (let r = 0; r < 3 && olErr === null; r++) {
    const res = python(['load', big, 'big']);
    if (res.error) olErr = res.error;
    else ol.push(res.seconds * 1000);
  }
  const gL = median(loads.map((l) => l.cold));
  const oL = olErr === null ? median(ol) : null;
  rows.push({
    measure: `load ${N_BIG} finished trials (cold process), ms`,
    gbtune: gL.toFixed(0),
    'optuna 3.1': oL === null ? `skipped (${olErr})` : oL.toFixed(0),
    ratio: oL === null ? '-' : `${(gL / oL).toFixed(3)} of Optuna's time (target <= 0.1)`,
  });
  rows.push({
    measure: 're-read after 1 new trial (warm cache), ms',
    gbtune: median(loads.map((l) => l.warm)).toFixed(2),
    'optuna 3.1': '-',
    ratio: '-',
  });
  console.log(`gbtune runs: trials/s ${g.map((x) => x.toFixed(0)).join(', ')}; loads ms ${loads.map((l) => l.cold.toFixed(0)).join(', ')} (n=${loads[0].n}, then ${loads[0].n2})`);
  if (oErr === null) console.log(`optuna runs: trials/s ${o.map((x) => x.toFixed(1)).join(', ')}; loads ms ${ol.map((x) => x.toFixed(0)).join(', ')}`);
  console.table(rows);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
