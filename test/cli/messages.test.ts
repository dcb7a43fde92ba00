/**
 * The CLI's messages use the CLI's own names (`--folds`, `--skip-if-exists`, `--param`), never the
 * library's (`nFolds`, `loadIfExists`, `tuneGbdt:`), are one line, and suggest the nearest param
 * name for a misspelt one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from './run-cli.js';

/** Names of the library's options and functions that a CLI user never typed. */
const LIBRARY_NAMES = /tuneGbdt|nFolds|loadIfExists|runWorker|batchSize|loadStudy|createPruner|cv\(\)/;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gbtune-cli-msg-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a failing command: exit code 2, one line on stderr, in the CLI's words. */
async function fails(args: string[]): Promise<string> {
  const r = await runMain(args);
  expect(r.code, r.stdout).toBe(2);
  expect(r.stderr).toMatch(/^gbtune: error: [^\n]+\n$/);
  expect(r.stderr).not.toMatch(LIBRARY_NAMES);
  return r.stderr;
}

describe('messages name the CLI options', () => {
  it('--folds 1 (tune, cv)', async () => {
    expect(await fails(['tune', 'datasets/iris.csv', '--folds', '1', '--out', join(dir, 't')])).toBe("gbtune: error: --folds must be an integer >= 2, got '1'\n");
    expect(await fails(['cv', 'datasets/iris.csv', '--folds', '1'])).toBe("gbtune: error: --folds must be an integer >= 2, got '1'\n");
  });

  it('--folds above the rows, or above the rows of every class (stratified), before any work', async () => {
    const tiny = join(dir, 'tiny.csv');
    writeFileSync(tiny, 'a,b,target\n1,2,0\n3,4,1\n'); // 2 rows
    expect(await fails(['cv', tiny])).toBe('gbtune: error: --folds 5 is more than the 2 rows of the data\n');
    expect(await fails(['tune', tiny, '--out', join(dir, 't')])).toBe('gbtune: error: --folds 5 is more than the 2 rows of the data\n');
    const everyClass = 'gbtune: error: --folds 60 is more than the rows of every class (stratified folds; the largest class has 50 rows)\n';
    expect(await fails(['cv', 'datasets/iris.csv', '--folds', '60'])).toBe(everyClass);
    expect(await fails(['tune', 'datasets/iris.csv', '--folds', '60', '--out', join(dir, 't')])).toBe(everyClass);
    const plain = await runMain(['cv', 'datasets/iris.csv', '--folds', '60', '--no-stratified', '--param', 'num_iterations=2', '--json']);
    expect(plain.code, plain.stderr).toBe(0);
  });

  it('create-study on a taken name suggests --skip-if-exists', async () => {
    const url = `sqlite:///${join(dir, 's.db')}`;
    expect((await runMain(['create-study', '--storage', url, '--study-name', 'taken'])).code).toBe(0);
    expect(await fails(['create-study', '--storage', url, '--study-name', 'taken'])).toMatch(/'taken' already exists .*--skip-if-exists/);
  });

  it('tune --param and --metric are checked before any trial, naming the option', async () => {
    const tune = ['tune', 'datasets/iris.csv', '--trials', '2', '--out', join(dir, 'tune')];
    expect(await fails([...tune, '--param', 'num_leafs=8'])).toBe("gbtune: error: --param: unknown param 'num_leafs'; did you mean 'num_leaves'?\n");
    // before: every trial failed with "cv(): metric auc does not fit ..." and then "no trial completed"
    expect(await fails([...tune, '--metric', 'auc'])).toMatch(/^gbtune: error: --metric: metric auc does not fit objective multiclass/);
  });

  it('a misspelt param suggests the param itself in cv and train too', async () => {
    expect(await fails(['cv', 'datasets/iris.csv', '--param', 'num_leafs=8'])).toMatch(/did you mean 'num_leaves'\?/);
    expect(await fails(['train', 'datasets/iris.csv', '--param', 'num_leafs=8', '--out', join(dir, 'm.json')])).toMatch(/did you mean 'num_leaves'\?/);
  });

  it('a bad --timeout is one line, not the help page', async () => {
    expect(await fails(['tune', 'datasets/iris.csv', '--timeout', '10 minutes'])).toBe(
      "gbtune: error: --timeout must be a duration like 90, 30s, 10m or 1h; got '10 minutes'\n",
    );
  });

  it('worker --batch-size without --seed; report with an unknown --evaluator', async () => {
    const url = `sqlite:///${join(dir, 'w.db')}`;
    expect((await runMain(['create-study', '--storage', url, '--study-name', 'w'])).code).toBe(0);
    expect(await fails(['worker', '--storage', url, '--objective', 'o.mjs', '--n-trials', '1', '--batch-size', '2'])).toMatch(/--batch-size .*needs --seed/);
    expect(await fails(['report', '--storage', url, '--out', join(dir, 'r.html'), '--evaluator', 'shap'])).toMatch(/--evaluator must be fanova, mdi or ped-anova, got 'shap'/);
  });
});
