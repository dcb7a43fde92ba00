import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TunerError } from '../../src/core/errors.js';
import { readCsv } from '../../src/data/csv.js';
import { tuneGbdt, type TuneGbdtOptions } from '../../src/tune-gbdt/tune.js';
import { getAllStudyNames } from '../../src/tune/study/create-study.js';
import { InMemoryStorage } from '../../src/tune/storages/memory.js';
import type { Trial } from '../../src/tune/trial/trial.js';

const BC = 'datasets/breast_cancer.csv';
const fast: TuneGbdtOptions = { nFolds: 3, maxRounds: 40, earlyStoppingRounds: 10, seed: 5, sampler: 'random', pruner: 'nop' };

describe('fixed params (params / --param) leave the search space', () => {
  it('a fixed num_leaves is what every trial trains with: not searched, in every trial\'s params, in the refit, bestParams and best_params.json', async () => {
    const data = await readCsv(BC);
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-fixed-'));
    // as the CLI passes it: a record of strings (not the typed input), under an alias
    const cliParams: Record<string, unknown> = { num_leaf: '2' };
    const r = await tuneGbdt(data, { ...fast, nTrials: 4, params: cliParams, outDir: dir });
    expect(r.info.fixedParams).toEqual({ num_leaves: 2 });
    expect(r.info.searchedParams).toEqual(['lambda_l1', 'lambda_l2', 'feature_fraction', 'bagging_fraction', 'bagging_freq', 'min_child_samples', 'learning_rate', 'limit_depth', 'max_depth']);
    for (const t of r.study.trials) {
      expect('num_leaves' in t.params).toBe(false);
      expect((t.userAttrs.gbdt_params as Record<string, unknown>).num_leaves).toBe(2);
    }
    // each trial's value is the CV of its recorded params (so it trained with num_leaves 2)
    for (const t of r.study.trials.slice(0, 2)) {
      const again = await tuneGbdt(data, { ...fast, nTrials: 1, refit: false, searchSpace: () => ({ ...(t.userAttrs.gbdt_params as Record<string, unknown>) }) });
      expect(again.bestValue).toBe(t.values![0]);
    }
    for (const tree of r.booster!.model.trees) expect(tree.numLeaves).toBeLessThanOrEqual(2);
    expect(r.bestParams.num_leaves).toBe(2);
    const file = JSON.parse(readFileSync(join(dir, 'best_params.json'), 'utf8')) as { params: Record<string, unknown>; fixedParams: Record<string, unknown> };
    expect(file.params.num_leaves).toBe(2);
    expect(file.fixedParams).toEqual({ num_leaves: 2 });
  });

  it('an alias of a default-space param (min_data_in_leaf vs min_child_samples) and max_depth (with its limit_depth) are left out', async () => {
    const r = await tuneGbdt(BC, { ...fast, nTrials: 3, refit: false, params: { min_data_in_leaf: 30, max_depth: 4 } });
    expect(r.info.searchedParams).toEqual(['lambda_l1', 'lambda_l2', 'num_leaves', 'feature_fraction', 'bagging_fraction', 'bagging_freq', 'learning_rate']);
    for (const t of r.study.trials) {
      expect(Object.keys(t.params).sort()).toEqual(['bagging_fraction', 'bagging_freq', 'feature_fraction', 'lambda_l1', 'lambda_l2', 'learning_rate', 'num_leaves']);
      expect(t.userAttrs.gbdt_params).toMatchObject({ min_data_in_leaf: 30, max_depth: 4 });
    }
  });

  it('GOSS fixed (data_sample_strategy or boosting = goss) also leaves out bagging_fraction and bagging_freq, which GOSS cannot use', async () => {
    for (const params of [{ data_sample_strategy: 'goss' }, { boosting_type: 'GOSS' }] as Record<string, unknown>[]) {
      const r = await tuneGbdt(BC, { ...fast, nTrials: 2, refit: false, params: { ...params, verbosity: -1 } });
      expect(r.info.searchedParams).toEqual(['lambda_l1', 'lambda_l2', 'num_leaves', 'feature_fraction', 'min_child_samples', 'learning_rate', 'limit_depth', 'max_depth']);
      // both ran (the portfolio's second trial may be pruned on its first folds), neither failed
      expect(r.states.failed).toBe(0);
      expect(r.states.complete + r.states.pruned).toBe(2);
      expect(r.states.complete).toBeGreaterThanOrEqual(1);
      for (const t of r.study.trials) expect(t.userAttrs.gbdt_params).not.toHaveProperty('bagging_freq');
    }
  });

  it('a spec that names a fixed param is an error, before any study is made', async () => {
    const storage = new InMemoryStorage();
    const run = tuneGbdt(BC, { ...fast, nTrials: 1, storage, params: { num_leaves: 7 }, searchSpace: { num_leaf: { type: 'int', low: 2, high: 64 }, learning_rate: { type: 'float', low: 0.01, high: 0.3 } } });
    await expect(run).rejects.toThrow(TunerError);
    await expect(run).rejects.toThrow(/search space: 'num_leaf' \(fixed: num_leaves = 7\) is also fixed; a fixed param is not searched/);
    expect(await getAllStudyNames({ storage })).toEqual([]);
  });

  it('a define-by-run space gets the fixed value for its suggestion of that param (PartialFixedSampler)', async () => {
    const space = (t: Trial): Record<string, unknown> => ({ num_leaves: t.suggestInt('num_leaves', 2, 64), learning_rate: t.suggestFloat('learning_rate', 0.01, 0.3) });
    const r = await tuneGbdt(BC, { ...fast, nTrials: 3, refit: false, params: { num_leaves: 5 }, searchSpace: space });
    expect(r.info.searchedParams).toBeNull();
    for (const t of r.study.trials) {
      expect(t.params.num_leaves).toBe(5);
      expect((t.userAttrs.gbdt_params as Record<string, unknown>).num_leaves).toBe(5);
    }
  });

  it('no study file is written when a spec fails the params table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-fixed-'));
    const storage = `sqlite:///${join(dir, 'study.db')}`;
    await expect(tuneGbdt(BC, { ...fast, nTrials: 1, storage, searchSpace: { num_leaves: { type: 'int', low: 1, high: 64 } } })).rejects.toThrow(
      /search space: 'num_leaves' low: num_leaves = 1 is out of range: must be an integer in \[2, 131072\]/,
    );
    expect(existsSync(join(dir, 'study.db'))).toBe(false);
  });
});
