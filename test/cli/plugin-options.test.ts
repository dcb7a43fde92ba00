/**
 * `--pruner-option(s)` and `--sampler-option(s)`: the patient and threshold pruners are usable from
 * the command line, options are parsed as JSON when they parse (else text), in snake_case or
 * camelCase, and an unknown key names the pruner or sampler and its options.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginOptions } from '../../src/cli/commands/plugin-options.js';
import { runMain } from './run-cli.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gbtune-cli-plugins-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pluginOptions', () => {
  it('parses key=value pairs as JSON when they parse, else as text, over a JSON object; keys in camelCase', () => {
    expect(
      pluginOptions('pruner', ['patience=3', 'wrapped_pruner=median', 'min_delta=0.01', 'lower=null'], '{"patience": 1, "n_warmup_steps": 4}'),
    ).toEqual({ patience: 3, nWarmupSteps: 4, wrappedPruner: 'median', minDelta: 0.01, lower: null });
    expect(pluginOptions('pruner', [], '{"patience": 2, "wrapped_pruner": {"name": "median", "n_warmup_steps": 5}}')).toEqual({
      patience: 2,
      wrappedPruner: { name: 'median', nWarmupSteps: 5 },
    });
    // a param name inside a value keeps its spelling
    expect(pluginOptions('sampler', ['x0={"num_leaves": 31}', 'restart_strategy=ipop'])).toEqual({ x0: { num_leaves: 31 }, restartStrategy: 'ipop' });
  });

  it('names the option in its errors', () => {
    expect(() => pluginOptions('pruner', ['patience'])).toThrow("--pruner-option 'patience' is not of the form key=value");
    expect(() => pluginOptions('sampler', [], '{bad')).toThrow(/^--sampler-options: not valid JSON/);
    expect(() => pluginOptions('sampler', [], '[1, 2]')).toThrow(/--sampler-options must be a JSON object/);
  });
});

/** Runs tune on breast_cancer (3 trials, 3 folds, 20 rounds) and returns the exit code and the trials' states. */
async function tuneStates(out: string, extra: string[]): Promise<{ code: number; stderr: string; states: string[] }> {
  const args = ['tune', 'datasets/breast_cancer.csv', '--trials', '3', '--folds', '3', '--param', 'num_iterations=20', '--no-refit', '--out', out, '--json'];
  const r = await runMain([...args, ...extra]);
  const t = await runMain(['trials', '--storage', `sqlite:///${join(out, 'study.db')}`, '--json']);
  const states = t.code === 0 ? (JSON.parse(t.stdout) as { trials: { state: string }[] }).trials.map((x) => x.state) : [];
  return { code: r.code, stderr: r.stderr, states };
}

describe('gbtune tune --pruner with options', () => {
  it('threshold: upper=0 prunes every trial (accuracy > 0), upper=2 none', async () => {
    const all = await tuneStates(join(dir, 'thr0'), ['--pruner', 'threshold', '--pruner-option', 'upper=0']);
    expect(all.states).toEqual(['PRUNED', 'PRUNED', 'PRUNED']);
    expect(all.code).toBe(2); // no trial completed
    const none = await tuneStates(join(dir, 'thr2'), ['--pruner', 'threshold', '--pruner-options', '{"upper": 2}']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.states).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE']);
  });

  it('patient: patience above the number of rounds never prunes; the wrapped pruner given as {name, ...options}', async () => {
    const never = await tuneStates(join(dir, 'pat'), ['--pruner', 'patient', '--pruner-option', 'patience=1000']);
    expect(never.code, never.stderr).toBe(0);
    expect(never.states).toEqual(['COMPLETE', 'COMPLETE', 'COMPLETE']);
    const wrapped = await tuneStates(join(dir, 'patw'), [
      '--pruner',
      'patient',
      '--pruner-options',
      '{"patience": 0, "wrapped_pruner": {"name": "threshold", "upper": 0}}',
    ]);
    // patience 0: the threshold pruner acts from the first round that is no better than the best so far
    expect(wrapped.states.filter((s) => s === 'PRUNED').length).toBeGreaterThan(0);
  });

  it('an unknown key names the pruner and its options; a missing required one says what to type', async () => {
    const tune = ['tune', 'datasets/iris.csv', '--out', join(dir, 'bad')];
    const cases: [string[], string][] = [
      [['--pruner', 'threshold', '--pruner-option', 'lowr=0.5'], "pruner 'threshold' has no option 'lowr'; its options: lower, upper, n_warmup_steps, interval_steps"],
      [['--pruner-option', 'n_warmup_step=5'], "pruner 'median' has no option 'n_warmup_step'; its options: n_startup_trials, n_warmup_steps, interval_steps, n_min_trials"],
      [['--pruner', 'patient', '--pruner-options', '{"patience": 1, "wrapped_pruner": {"name": "median", "patience": 2}}'], "pruner 'median' has no option 'patience'"],
      [['--pruner', 'percentile'], '--pruner percentile needs --pruner-option percentile=P'],
      [['--pruner', 'patient'], '--pruner patient needs --pruner-option patience=N'],
      [['--pruner', 'threshold'], '--pruner threshold needs --pruner-option lower=X and/or upper=X'],
      [['--sampler', 'random', '--sampler-option', 'n_startup_trials=3'], "sampler 'random' has no option 'n_startup_trials'; its options: seed"],
      [['--sampler-option', 'gamma=0.1'], "sampler 'tpe': option 'gamma' takes a function or an object, set from code"],
      [['--sampler-option', 'seed=3'], '--sampler-option seed: give the seed with --seed'],
    ];
    for (const [extra, message] of cases) {
      const r = await runMain([...tune, ...extra]);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.split('\n')).toHaveLength(2);
    }
  });

  it('an unknown sampler, a bad sampler option value and grid without --space fail before the output folder is made', async () => {
    const out = join(dir, 'never');
    for (const extra of [['--sampler', 'cmaess'], ['--sampler-option', 'n_startup_trials=-1'], ['--sampler', 'grid']]) {
      const r = await runMain(['tune', 'datasets/iris.csv', '--out', out, ...extra]);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('ask --sampler-kwargs checks its keys too', async () => {
    const url = `sqlite:///${join(dir, 'ask.db')}`;
    expect((await runMain(['create-study', '--storage', url, '--study-name', 's'])).code).toBe(0);
    const r = await runMain(['ask', '--storage', url, '--sampler', 'tpe', '--sampler-kwargs', '{"n_startup_trial": 5}']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/sampler 'tpe' has no option 'n_startup_trial'; its options: .*n_startup_trials/);
  });
});
