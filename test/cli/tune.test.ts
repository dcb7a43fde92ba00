import { spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { imbalancedBreastCancer } from '../helpers/imbalanced.js';

// The CLI as a user runs it: the compiled binary (npm test builds dist/ first).
const bin = join(__dirname, '..', '..', 'dist', 'cli', 'main.js');
const root = join(__dirname, '..', '..');

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let dir = '';
beforeAll(() => {
  if (!existsSync(bin)) throw new Error(`build the CLI first (npm run build): ${bin} is missing`);
  dir = mkdtempSync(join(tmpdir(), 'gbtune-cli-tune-'));
});

describe('gbtune tune', () => {
  it('--json prints one object with the best value, params, rounds, counts, seconds and paths; a second run resumes', () => {
    const out = join(dir, 'out1');
    const args = ['tune', 'datasets/breast_cancer.csv', '--trials', '3', '--folds', '3', '--seed', '1', '--out', out, '--param', 'num_iterations=50', '--json'];
    const r = run(args);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as {
      bestValue: number;
      bestParams: Record<string, unknown>;
      bestIteration: number;
      nTrials: number;
      nTrialsRun: number;
      seconds: number;
      metric: string;
      paths: Record<string, string>;
      trials: { number: number; state: string; value: number | null; rounds: number; folds: number; seconds: number; stopped: string | null }[];
      timeToBest: { trial: number; seconds: number; value: number }[];
      foldRounds: number;
    };
    expect(o.metric).toBe('accuracy');
    // where the time went: per trial rounds, folds and seconds; when each new best was reached
    expect(o.trials.map((t) => t.number)).toEqual([0, 1, 2]);
    for (const t of o.trials) {
      expect(t.rounds).toBeGreaterThan(0);
      expect(t.rounds).toBeLessThanOrEqual(50);
      expect(t.folds).toBe(3);
      expect(t.seconds).toBeGreaterThan(0);
      expect(t.stopped).toBeNull();
    }
    expect(o.foldRounds).toBe(o.trials.reduce((a, t) => a + 3 * t.rounds, 0));
    expect(o.timeToBest.length).toBeGreaterThan(0);
    expect(o.timeToBest[o.timeToBest.length - 1].value).toBe(o.bestValue);
    for (let i = 1; i < o.timeToBest.length; i++) {
      expect(o.timeToBest[i].value).toBeGreaterThan(o.timeToBest[i - 1].value);
      expect(o.timeToBest[i].seconds).toBeGreaterThanOrEqual(o.timeToBest[i - 1].seconds);
    }
    expect(o.bestValue).toBeGreaterThan(0.85);
    expect(o.bestParams.num_leaves).toBeTypeOf('number');
    expect(o.bestIteration).toBeGreaterThan(0);
    expect(o.nTrials).toBe(3);
    expect(o.seconds).toBeGreaterThan(0);
    expect(o.paths.storage).toBe(`sqlite:///${join(out, 'study.db')}`);
    for (const k of ['bestParams', 'modelJson', 'modelTxt', 'trialsCsv', 'report']) expect(existsSync(o.paths[k])).toBe(true);
    expect(existsSync(join(out, 'study.db'))).toBe(true);
    expect(readFileSync(o.paths.modelTxt, 'utf8')).toMatch(/^tree\n/);
    const again = JSON.parse(run(args).stdout) as { nTrials: number; nTrialsRun: number };
    expect(again.nTrialsRun).toBe(3);
    expect(again.nTrials).toBe(6);
  });

  it('a new study is not "continued": the portfolio queues its first trials, which were not run before', () => {
    const args = ['tune', 'datasets/breast_cancer.csv', '--trials', '2', '--folds', '3', '--out', join(dir, 'fresh'), '--param', 'num_iterations=20'];
    const first = run(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/\n {2}study 'gbtune' in sqlite:\/\/\/\S+study\.db\n/);
    const second = run(args);
    expect(second.stderr).toMatch(/\n {2}study 'gbtune' in sqlite:\/\/\/\S+study\.db: continuing after 2 trials\n/);
  });

  it('--space reads a JSON spec; a bad spec is one error line naming the key', () => {
    const good = join(dir, 'space.json');
    writeFileSync(good, JSON.stringify({ num_leaves: { type: 'int', low: 4, high: 8 }, learning_rate: { fixed: 0.2 } }));
    const r = run(['tune', 'datasets/breast_cancer.csv', '--trials', '2', '--folds', '3', '--out', join(dir, 'out2'), '--space', good, '--sampler', 'random', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as { bestParams: Record<string, number> };
    expect(o.bestParams.learning_rate).toBe(0.2);
    expect(o.bestParams.num_leaves).toBeGreaterThanOrEqual(4);
    expect(o.bestParams.num_leaves).toBeLessThanOrEqual(8);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ num_leaves: { type: 'int', low: 4 } }));
    const e = run(['tune', 'datasets/breast_cancer.csv', '--trials', '2', '--out', join(dir, 'out3'), '--space', bad]);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/gbtune: error: --space \S+bad.json: search space: 'num_leaves' needs a finite number 'high'/);
  });

  it('a study is continued only by the run it was made for: other data, --metric or --folds are refused before any trial; the same run continues', () => {
    const out = join(dir, 'ident');
    const base = ['--trials', '2', '--folds', '3', '--out', out, '--param', 'num_iterations=30', '--sampler', 'random'];
    const first = run(['tune', 'datasets/breast_cancer.csv', ...base, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const iris = run(['tune', 'datasets/iris.csv', ...base]);
    expect(iris.code).toBe(2);
    expect(iris.stdout).toBe('');
    expect(iris.stderr).toMatch(/gbtune: error: study 'gbtune' in sqlite:\/\/\/\S+study\.db was made for another tuning run/);
    expect(iris.stderr).toMatch(/data rows: 569 \(study\) → 150 \(this run\)/);
    expect(iris.stderr).toMatch(/data columns: 30 columns, 30 not in the other: mean radius, .* → 4 columns/);
    expect(iris.stderr).toMatch(/target \(--target\): target \(2 classes: 0, 1\) \(study\) → target \(3 classes: 0, 1, 2\) \(this run\)/);
    expect(iris.stderr).toMatch(/use another --out folder \(or --study-name\) for this run/);
    const auc = run(['tune', 'datasets/breast_cancer.csv', ...base, '--metric', 'auc']);
    expect(auc.code).toBe(2);
    expect(auc.stderr).toMatch(/\n {2}--metric: accuracy \(study\) → auc \(this run\)\n/);
    const folds = run(['tune', 'datasets/breast_cancer.csv', ...base.map((a) => (a === '3' ? '5' : a))]);
    expect(folds.code).toBe(2);
    expect(folds.stderr).toMatch(/\n {2}--folds: 3 \(study\) → 5 \(this run\)\n/);
    const other = run(['tune', 'datasets/breast_cancer.csv', ...base, '--storage', `sqlite:///${join(out, 'study.db')}`, '--param', 'max_bin=63']);
    expect(other.stderr).toMatch(/--param max_bin: \(not fixed\) \(study\) → 63 \(this run\)\n/);
    expect(other.stderr).toMatch(/use another --study-name \(or --storage\)/);
    const again = run(['tune', 'datasets/breast_cancer.csv', ...base, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { nTrials: number }).nTrials).toBe(4);
  });

  it('says what it tunes: target, objective, metric, classes, fixed and searched params (stderr and --json); --param fixes a param', () => {
    const out = join(dir, 'fixed');
    const r = run(['tune', 'datasets/iris.csv', '--trials', '3', '--folds', '3', '--out', out, '--param', 'num_iterations=30', '--param', 'num_leaves=3', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as Record<string, unknown> & { bestParams: Record<string, unknown>; states: Record<string, number> };
    expect(o).toMatchObject({ target: 'target', classes: ['0', '1', '2'], objective: 'multiclass', metric: 'accuracy', nFolds: 3, fixedParams: { num_iterations: 30, num_leaves: 3 } });
    expect(o.searchedParams).not.toContain('num_leaves');
    expect(o.bestParams.num_leaves).toBe(3);
    expect(o.states.complete + o.states.pruned + o.states.failed).toBe(3);
    const best = JSON.parse(readFileSync(join(out, 'best_params.json'), 'utf8')) as { params: Record<string, unknown> };
    expect(best.params.num_leaves).toBe(3);
    const text = run(['tune', 'datasets/iris.csv', '--trials', '1', '--folds', '3', '--out', out, '--param', 'num_iterations=30', '--param', 'num_leaves=3']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/^tune datasets\/iris.csv: 150 rows, 4 features, target 'target' \(3 classes: 0, 1, 2\)\n/);
    expect(text.stderr).toMatch(/\n {2}objective multiclass \(inferred from the target; override with --param objective=\.\.\.\), metric accuracy \(maximized\), 3-fold CV\n/);
    expect(text.stderr).toMatch(/\n {2}fixed: num_iterations=30, num_leaves=3\n {2}searched: lambda_l1, lambda_l2, feature_fraction, /);
    expect(text.stderr).toMatch(/continuing after 3 trials/);
    expect(text.stdout).toMatch(/\(1 trials run: \d complete, \d pruned, 0 failed; 4 in the study;/);
    expect(text.stdout).toMatch(/\n {2}num_leaves {9}3 \(fixed\)\n/);
    const space = join(dir, 'leaves.json');
    writeFileSync(space, JSON.stringify({ max_leaves: { type: 'int', low: 2, high: 8 } }));
    const clash = run(['tune', 'datasets/iris.csv', '--trials', '1', '--out', join(dir, 'clash'), '--param', 'num_leaves=3', '--space', space]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/--space \S+leaves.json: 'max_leaves' is also fixed by --param num_leaves=3; a param is either fixed or searched/);
  });

  it('a --space outside the params table is one line before anything is written (no study file)', () => {
    const space = join(dir, 'leaves1.json');
    writeFileSync(space, JSON.stringify({ num_leaves: { type: 'int', low: 1, high: 64 } }));
    const out = join(dir, 'space-range');
    const r = run(['tune', 'datasets/breast_cancer.csv', '--trials', '2', '--out', out, '--space', space]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gbtune: error: --space \S+leaves1.json: search space: 'num_leaves' low: num_leaves = 1 is out of range: must be an integer in \[2, 131072\]\n$/);
    expect(existsSync(join(out, 'study.db'))).toBe(false);
    writeFileSync(space, JSON.stringify({ num_leafs: { type: 'int', low: 2, high: 64 } }));
    expect(run(['tune', 'datasets/breast_cancer.csv', '--out', out, '--space', space]).stderr).toMatch(/'num_leafs' is not a booster param; did you mean 'num_leaves'\?/);
  });

  it('without a terminal prints a progress line every --progress-every (trial n/N, best so far, elapsed); the summary counts trial states', () => {
    const r = run(['tune', 'datasets/breast_cancer.csv', '--trials', '4', '--folds', '3', '--out', join(dir, 'progress'), '--param', 'num_iterations=30', '--progress-every', '0.01s']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('tune: '));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const l of lines) expect(l).toMatch(/^tune: \d\/4, (best 0\.\d{5}|no trial complete yet) \(trial \d (complete|pruned)\), \d+ s elapsed$/);
    expect(lines[lines.length - 1]).toMatch(/^tune: 4\/4, best 0\.\d{5} \(trial 3 /);
    expect(r.stdout).toMatch(/^best 3-fold CV accuracy: 0\.\d{5} \(4 trials run: \d complete, \d pruned, 0 failed; 4 in the study;/);
  });

  it('--stepwise takes --trials as the total budget and its progress names the step and the best over all steps', () => {
    const r = run(['tune', 'datasets/breast_cancer.csv', '--stepwise', '--trials', '6', '--folds', '3', '--out', join(dir, 'stepwise'), '--param', 'num_iterations=30', '--progress-every', '0.01s', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as { nTrialsRun: number; nTrials: number; bestValue: number; trialSeconds: number; foldRounds: number; trials: { step: string; number: number; seconds: number; rounds: number; folds: number }[] };
    expect(o.nTrialsRun).toBe(6);
    expect(o.nTrials).toBe(6);
    // where the time went: every step's trials (numbers start again in each step), not the best step's only
    expect(o.trials.length).toBe(6);
    expect(new Set(o.trials.map((t) => t.step)).size).toBeGreaterThan(1);
    expect(o.trialSeconds).toBeCloseTo(o.trials.reduce((s, t) => s + t.seconds, 0), 9);
    expect(o.foldRounds).toBe(o.trials.reduce((s, t) => s + t.rounds * t.folds, 0));
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('tune: '));
    expect(lines.some((l) => /^tune: \d\/6, step num_leaves, best 0\.\d{5} \(trial \d (complete|pruned)\)/.test(l))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^tune: 6/6, step regularization_factors, best ${o.bestValue.toFixed(5).replace('.', '\\.')} `));
  });

  it('warns about an ID-like column naming --ignore-column (cv and tune), which leaves it out; a one-column header holding ; suggests --delimiter', () => {
    const csv = join(dir, 'with-id.csv');
    const rows = readFileSync('datasets/iris.csv', 'utf8').trim().split('\n');
    writeFileSync(csv, [`row_id,${rows[0]}`, ...rows.slice(1).map((r, i) => `${1001 + i},${r}`)].join('\n'));
    const warn = /\[gbtune\] warn: \S+with-id\.csv: column 'row_id' looks like an identifier \(all 150 values are distinct integers\).*--ignore-column 'row_id'/;
    const cv = run(['cv', csv, '--folds', '3', '--param', 'num_iterations=10']);
    expect(cv.code, cv.stderr).toBe(0);
    expect(cv.stderr).toMatch(warn);
    const t = run(['tune', csv, '--trials', '1', '--folds', '3', '--out', join(dir, 'with-id'), '--param', 'num_iterations=10', '--json']);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).toMatch(warn);
    const ok = run(['tune', csv, '--trials', '1', '--folds', '3', '--out', join(dir, 'without-id'), '--param', 'num_iterations=10', '--ignore-column', 'row_id']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).not.toMatch(/warn/);
    expect(ok.stderr).toMatch(/: 150 rows, 4 features, target 'target'/);
    const semi = join(dir, 'semi.csv');
    writeFileSync(semi, rows.map((r) => r.replace(/,/g, ';')).join('\n'));
    const s = run(['tune', semi, '--trials', '1', '--out', join(dir, 'semi')]);
    expect(s.code).not.toBe(0);
    expect(s.stderr).toMatch(/\[gbtune\] warn: \S+semi\.csv: the header is one column \('sepal length \(cm\);sepal width \(cm\);.*'\) holding ';'; is the delimiter ';'\? Give it with --delimiter ';'/);
    const right = run(['cv', semi, '--delimiter', ';', '--folds', '3', '--param', 'num_iterations=10', '--json']);
    expect(right.code, right.stderr).toBe(0);
    expect((JSON.parse(right.stdout) as { features: number }).features).toBe(4);
  });

  it("--jobs auto runs a trial per core on small data, each on one trainer thread, and says so; --jobs takes n or 'auto'", () => {
    const cores = availableParallelism();
    const out = join(dir, 'jobs-auto');
    const r = run(['tune', 'datasets/iris.csv', '--trials', '2', '--folds', '3', '--out', out, '--param', 'num_iterations=20', '--jobs', 'auto', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ jobs: cores, threadsPerTrial: 1 });
    const text = run(['tune', 'datasets/iris.csv', '--trials', '1', '--folds', '3', '--out', out, '--param', 'num_iterations=20', '--jobs', '1']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toMatch(/\n {2}1 trial at once \(--jobs\), 1 trainer thread each\n/);
    // without --jobs: one trial at a time, or a trial per core with --time
    const plain = run(['tune', 'datasets/iris.csv', '--trials', '1', '--folds', '3', '--out', out, '--param', 'num_iterations=20', '--json']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ jobs: 1 });
    const timed = run(['tune', 'datasets/iris.csv', '--time', '4', '--trials', '3', '--folds', '3', '--out', join(dir, 'jobs-time'), '--param', 'num_iterations=20']);
    expect(timed.code, timed.stderr).toBe(0);
    const jobs = Math.min(cores, 3);
    expect(timed.stderr).toContain(`\n  ${jobs} trial${jobs > 1 ? 's' : ''} at once (--jobs), 1 trainer thread each\n`);
    // the trials' seconds are summed over the trials at once
    expect(timed.stdout).toMatch(jobs > 1 ? new RegExp(`\\ntime: [0-9.]+ s in trials \\(summed over ${jobs} at once\\), `) : /\ntime: [0-9.]+ s in trials, /);
    const bad = run(['tune', 'datasets/iris.csv', '--jobs', 'many']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--jobs must be a positive integer or 'auto', got 'many'/);
  });

  it('an imbalanced binary target (breast_cancer, a seeded tenth of class 1): scale_pos_weight searched and said, a hint naming --metric auc; --metric average_precision', () => {
    const { path, counts } = imbalancedBreastCancer(dir);
    const high = Number((counts[0] / counts[1]).toPrecision(3));
    const share = ((100 * counts[1]) / (counts[0] + counts[1])).toFixed(1);
    const r = run(['tune', path, '--trials', '3', '--folds', '3', '--seed', '1', '--out', join(dir, 'imb'), '--param', 'num_iterations=40']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`\n  imbalanced target: class '1' is ${share}% of the rows; scale_pos_weight is searched in [1, ${high}] (log scale; ${high} weighs the classes the same)\n`);
    expect(r.stderr).toMatch(/\n {2}hint: class '1' is [\d.]+% of the rows: accuracy may mislead on imbalanced data \(always predicting '0' scores [\d.]+%\); --metric auc or --metric average_precision rank/);
    expect(r.stderr).toMatch(/searched: .*scale_pos_weight/);
    const ap = run(['tune', path, '--trials', '3', '--folds', '3', '--seed', '1', '--out', join(dir, 'imb-ap'), '--param', 'num_iterations=40', '--metric', 'average_precision', '--json']);
    expect(ap.code, ap.stderr).toBe(0);
    const o = JSON.parse(ap.stdout) as { metric: string; direction: string; bestValue: number; hint: string | null; imbalance: { scalePosWeight: { low: number; high: number } }; bestParams: Record<string, number> };
    expect(o).toMatchObject({ metric: 'average_precision', direction: 'maximize', hint: null, imbalance: { scalePosWeight: { low: 1, high } } });
    expect(o.bestParams.scale_pos_weight).toBeGreaterThanOrEqual(1);
    expect(o.bestParams.scale_pos_weight).toBeLessThanOrEqual(high);
    expect(o.bestValue).toBeGreaterThan(0.8);
    // a balanced target says nothing of it
    const b = run(['tune', 'datasets/breast_cancer.csv', '--trials', '1', '--folds', '3', '--out', join(dir, 'bal'), '--param', 'num_iterations=20']);
    expect(b.stderr).not.toMatch(/imbalanced|scale_pos_weight|hint:/);
  });

  it('rejects a bad --timeout and an unknown sampler', () => {
    const t = run(['tune', 'datasets/breast_cancer.csv', '--timeout', '10 minutes']);
    expect(t.code).not.toBe(0);
    expect(t.stderr).toMatch(/--timeout must be a duration like 90, 30s, 10m or 1h/);
    const s = run(['tune', 'datasets/breast_cancer.csv', '--trials', '1', '--out', join(dir, 'out4'), '--sampler', 'nope']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/unknown sampler 'nope'/);
  });

  it('--time is the run\'s budget: the run stops, refits and reports with no RUNNING trial; --timeout is the same option', async () => {
    const out = join(dir, 'time');
    const r = run(['tune', 'datasets/breast_cancer.csv', '--time', '4s', '--trials', '100000', '--folds', '3', '--out', out, '--param', 'num_iterations=200', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as { nTrialsRun: number; states: { complete: number; pruned: number; failed: number }; paths: Record<string, string> };
    expect(o.nTrialsRun).toBeLessThan(100000);
    expect(o.states.complete).toBeGreaterThan(0);
    expect(existsSync(o.paths.modelTxt)).toBe(true);
    const { loadStudy } = await import('../../src/tune/study/create-study.js');
    const study = await loadStudy({ storage: o.paths.storage, studyName: 'gbtune' });
    expect(study.trials.length).toBe(o.nTrialsRun);
    expect(study.trials.some((t) => t.state === 'RUNNING')).toBe(false);
    await study.storage.close?.();
    // --no-refine-lr: no trial refines another at a lower learning rate (lr-refine.ts)
    const noRefine = run(['tune', 'datasets/diabetes.csv', '--time', '3s', '--trials', '100000', '--folds', '3', '--out', join(dir, 'time3'), '--no-refine-lr', '--json']);
    expect(noRefine.code, noRefine.stderr).toBe(0);
    const nr = await loadStudy({ storage: (JSON.parse(noRefine.stdout) as { paths: Record<string, string> }).paths.storage, studyName: 'gbtune' });
    expect(nr.trials.length).toBeGreaterThan(0);
    expect(nr.trials.filter((t) => t.userAttrs.refined_from !== undefined)).toEqual([]);
    await nr.storage.close?.();
    const both = run(['tune', 'datasets/breast_cancer.csv', '--time', '5s', '--timeout', '6', '--out', join(dir, 'time2')]);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toMatch(/--time \(5 s\) and --timeout \(6 s\) are the same option/);
    const bad = run(['tune', 'datasets/breast_cancer.csv', '--time', '5 minutes']);
    expect(bad.stderr).toMatch(/--time must be a duration like 90, 30s, 10m or 1h/);
  });
});
