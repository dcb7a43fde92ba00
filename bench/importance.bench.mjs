// Issue 6: on the breast-cancer tuning study (tuneGbdt, 100 trials, 5-fold CV, SQLite), gbtune's
// fANOVA importances against Optuna 3.1's FanovaImportanceEvaluator on the same trials, read by
// Optuna from the same study file. Target: the same top param. Also prints both timings.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, tuneGbdt } from '../dist/index.js';
import { getParamImportances } from '../dist/tune/index.js';

const here = dirname(fileURLToPath(import.meta.url));
log.setLevel('error');
const dir = mkdtempSync(join(tmpdir(), 'gbtune-importance-'));
const storage = `sqlite:///${join(dir, 'study.db')}`;
const seeds = (process.env.IMPORTANCE_SEEDS ?? '0,1,2').split(',').map(Number);
const py = '/usr/bin/python3';
const havePy = existsSync(py) && spawnSync(py, ['-c', 'import optuna'], { encoding: 'utf8' }).status === 0;
if (!havePy) console.log('Optuna reference skipped: /usr/bin/python3 has no optuna (apt-get install python3-optuna)');

console.log('| seed | gbtune top 3 | Optuna 3.1 top 3 | same top param | gbtune s | Optuna s |');
console.log('|---|---|---|---|---:|---:|');
let same = 0;
for (const seed of seeds) {
  const studyName = `breast-cancer-${seed}`;
  const r = await tuneGbdt(join(here, '..', 'datasets', 'breast_cancer.csv'), { nTrials: 100, nFolds: 5, seed, storage, studyName, refit: false });
  const t0 = performance.now();
  const ours = getParamImportances(r.study, { evaluator: 'fanova' });
  const tOurs = (performance.now() - t0) / 1000;
  const top = (imp) => Object.entries(imp).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ');
  if (!havePy) {
    console.log(`| ${seed} | ${top(ours)} | - | - | ${tOurs.toFixed(2)} | - |`);
    continue;
  }
  const t1 = performance.now();
  const p = spawnSync(py, [join(here, 'python', 'optuna_fanova.py'), storage, studyName], { encoding: 'utf8' });
  const tRef = (performance.now() - t1) / 1000;
  if (p.status !== 0) throw new Error(`optuna_fanova.py failed: ${p.stderr}`);
  const theirs = JSON.parse(p.stdout);
  const topOurs = Object.entries(ours).sort((a, b) => b[1] - a[1])[0][0];
  const topTheirs = Object.entries(theirs).sort((a, b) => b[1] - a[1])[0][0];
  if (topOurs === topTheirs) same++;
  console.log(`| ${seed} | ${top(ours)} | ${top(theirs)} | ${topOurs === topTheirs ? 'yes' : 'NO'} | ${tOurs.toFixed(2)} | ${tRef.toFixed(2)} |`);
}
if (havePy) console.log(`\nsame top param on ${same} of ${seeds.length} studies (target: all): ${same === seeds.length ? 'PASS' : 'FAIL'}`);
