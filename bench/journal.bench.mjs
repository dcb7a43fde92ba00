// Journal storages (journal:// file, redis://) against Optuna 3.1's JournalStorage +
// JournalFileStorage, measured in the same run (bench/python/optuna_journal_bench.py with
// /usr/bin/python3; skipped with the reason when Optuna is absent).
//
// (a) trials per second with a trivial objective (x^2 over one float param), 1 worker, new journal
//     file, RandomSampler on both sides. Both fsync each record, so the disk sets the pace; CPU ms
//     per trial is shown too. Median of 3 runs.
// (b) cold load of a 50,000-trial journal (250,001 records, written here in the journal format;
//     both read the same file): gbtune openJournalFileStorage + getAllTrials vs Optuna
//     JournalStorage(...) + get_all_trials (and the deep copy study.trials makes). Median of 3.
// (c) gbtune's incremental read: one trial appended by another writer, then getAllTrials again.
// (d) Redis journal trials per second (gbtune only; needs redis-server).
// Run: node bench/run.mjs journal   or   node bench/journal.bench.mjs [--quick]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStudy } from '../dist/tune/study/create-study.js';
import { RandomSampler } from '../dist/tune/samplers/random.js';
import { getStorage } from '../dist/tune/storages/registry.js';
import { openJournalFileStorage } from '../dist/tune/storages/journal/file-backend.js';
import { log } from '../dist/core/log.js';

const here = dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);
const quick = process.argv.includes('--quick');
log.setLevel('error');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x, d = 1) => (x === null || x === undefined ? 'n/a' : Number(x).toFixed(d));

function python(args) {
  const r = spawnSync('/usr/bin/python3', [join(here, 'python', 'optuna_journal_bench.py'), ...args], { encoding: 'utf8' });
  if (r.error) return { error: `cannot run /usr/bin/python3: ${r.error.message}` };
  if (r.status !== 0) return { error: r.stderr.trim().split('\n').pop() };
  return JSON.parse(r.stdout);
}

async function speed(url, n) {
  const storage = await getStorage(url);
  const study = await createStudy({ storage, sampler: new RandomSampler({ seed: 1 }) });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await study.optimize((t) => t.suggestFloat('x', -5, 5) ** 2, { nTrials: n });
  const dt = performance.now() - t0;
  const c = process.cpuUsage(c0);
  await storage.close();
  return { trials_per_s: (n / dt) * 1000, cpu_ms_per_trial: (c.user + c.system) / 1000 / n };
}

// ---- child mode: a cold-process load ----
if (process.argv[2] === '--load') {
  const path = process.argv[3];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const s = await openJournalFileStorage(path);
  const trials = await s.getAllTrials(0);
  const loadMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const other = await openJournalFileStorage(path);
  const id = await other.createNewTrial(0);
  await other.setTrialStateValues(id, 'COMPLETE', [0]);
  const t1 = performance.now();
  const after = await s.getAllTrials(0);
  const incMs = performance.now() - t1;
  await other.close();
  await s.close();
  console.log(JSON.stringify({ load_ms: loadMs, load_cpu_ms: (c.user + c.system) / 1000, inc_ms: incMs, n: trials.length, n2: after.length }));
  process.exit(0);
}

function writeJournal(path, n) {
  const w = 'bench';
  const ts = '2026-01-01T12:00:00.000000';
  const dx = JSON.stringify({ name: 'FloatDistribution', attributes: { log: false, step: null, low: -10, high: 10 } });
  const dk = JSON.stringify({ name: 'IntDistribution', attributes: { log: false, step: 1, low: 0, high: 100 } });
  const lines = [JSON.stringify({ op_code: 0, worker_id: w, study_name: 'big', directions: [1] })];
  for (let i = 0; i < n; i++) {
    lines.push(JSON.stringify({ op_code: 4, worker_id: w, study_id: 0, datetime_start: ts }));
    lines.push(JSON.stringify({ op_code: 5, worker_id: w, trial_id: i, param_name: 'x', param_value_internal: Math.sin(i) * 10, distribution: dx }));
    lines.push(JSON.stringify({ op_code: 5, worker_id: w, trial_id: i, param_name: 'k', param_value_internal: i % 101, distribution: dk }));
    lines.push(JSON.stringify({ op_code: 7, worker_id: w, trial_id: i, step: 0, intermediate_value: Math.cos(i) }));
    lines.push(JSON.stringify({ op_code: 6, worker_id: w, trial_id: i, state: 1, values: [Math.sin(i) ** 2], datetime_complete: ts }));
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

const dir = mkdtempSync(join(tmpdir(), 'gbtune-jbench-'));
const hasOptuna = spawnSync('/usr/bin/python3', ['-c', 'import optuna.storages; optuna.storages.JournalStorage'], { encoding: 'utf8' }).status === 0;
if (!hasOptuna) console.log('Optuna reference skipped: /usr/bin/python3 has no optuna 3.1 JournalStorage (Debian python3-optuna)');
try {
  const reps = 3;
  const nSpeed = quick ? 100 : 300;
  const gs = [];
  const os = [];
  for (let r = 0; r < reps; r++) {
    gs.push(await speed(`journal://${join(dir, `speed-${r}.log`)}`, nSpeed));
    if (hasOptuna) os.push(python(['speed', join(dir, `speed-py-${r}.log`), String(nSpeed)]));
  }
  const gT = median(gs.map((x) => x.trials_per_s));
  const gC = median(gs.map((x) => x.cpu_ms_per_trial));
  const oT = hasOptuna && !os[0].error ? median(os.map((x) => x.trials_per_s)) : null;
  const oC = hasOptuna && !os[0].error ? median(os.map((x) => x.cpu_ms_per_trial)) : null;
  console.log(`\n(a) trivial objective, 1 worker, journal file, ${nSpeed} trials, median of ${reps}`);
  console.log('| | gbtune | Optuna 3.1 | ratio |');
  console.log('|---|---:|---:|---:|');
  console.log(`| trials/s | ${fmt(gT)} | ${fmt(oT)} | ${oT ? fmt(gT / oT, 2) + 'x' : 'n/a'} |`);
  console.log(`| CPU ms/trial | ${fmt(gC, 2)} | ${fmt(oC, 2)} | ${oC ? fmt(oC / gC, 2) + 'x less' : 'n/a'} |`);

  const nBig = quick ? 10_000 : 50_000;
  const big = join(dir, 'big.log');
  const gl = [];
  const ol = [];
  for (let r = 0; r < reps; r++) {
    writeJournal(big, nBig); // fresh each time: the incremental step appends a trial
    const c = spawnSync(process.execPath, [self, '--load', big], { encoding: 'utf8' });
    if (c.status !== 0) throw new Error(c.stderr);
    gl.push(JSON.parse(c.stdout));
    if (hasOptuna) {
      writeJournal(big, nBig);
      ol.push(python(['load', big]));
    }
  }
  const g = (k) => median(gl.map((x) => x[k]));
  const o = (k) => (hasOptuna && !ol[0].error ? median(ol.map((x) => x[k])) : null);
  console.log(`\n(b) cold load of ${nBig.toLocaleString('en')} finished trials (${(nBig * 5 + 1).toLocaleString('en')} records), median of ${reps}`);
  console.log('| | gbtune | Optuna 3.1 | ratio |');
  console.log('|---|---:|---:|---:|');
  console.log(`| open + all trials, wall ms | ${fmt(g('load_ms'), 0)} | ${fmt(o('load_ms'), 0)} | ${o('load_ms') ? fmt(o('load_ms') / g('load_ms'), 1) + 'x faster' : 'n/a'} |`);
  console.log(`| same, CPU ms | ${fmt(g('load_cpu_ms'), 0)} | ${fmt(o('load_cpu_ms'), 0)} | ${o('load_cpu_ms') ? fmt(o('load_cpu_ms') / g('load_cpu_ms'), 1) + 'x less' : 'n/a'} |`);
  console.log(`| study.trials deep copy, ms | (snapshots, no copy) | ${fmt(o('trials_copy_ms'), 0)} | |`);
  console.log(`\n(c) gbtune incremental read after one more trial: ${fmt(g('inc_ms'), 2)} ms (median)`);

  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status !== 0) console.log('\n(d) Redis skipped: redis-server is not installed');
  else {
    const port = await new Promise((res) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = s.address().port;
        s.close(() => res(p));
      });
    });
    const child = spawn(which.stdout.trim(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 300));
    try {
      const rs = [];
      for (let r = 0; r < reps; r++) rs.push(await speed(`redis://127.0.0.1:${port}/0?prefix=b${r}`, nSpeed));
      console.log(`\n(d) Redis journal, trivial objective, 1 worker: ${fmt(median(rs.map((x) => x.trials_per_s)))} trials/s, ${fmt(median(rs.map((x) => x.cpu_ms_per_trial)), 2)} CPU ms/trial (median of ${reps})`);
    } finally {
      child.kill('SIGTERM');
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
