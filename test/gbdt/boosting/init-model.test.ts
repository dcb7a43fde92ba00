/**
 * Continued training (`train(params, data, { initModel })`, LightGBM's init_model). Tree-for-tree
 * parity with LightGBM is the `breast_cancer_continued` fixture in train.test.ts; here: the sources
 * of an init model, validation scores, round numbering, a round with no split, and the checks.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { captureLogs } from '../../../src/core/log.js';
import { BinnedDataset } from '../../../src/data/binned-dataset.js';
import { readCsv } from '../../../src/data/csv.js';
import { Dataset } from '../../../src/data/dataset.js';
import { loadModel } from '../../../src/gbdt/boosting/model-io.js';
import { train } from '../../../src/gbdt/boosting/train.js';

const FX = 'test/fixtures/lightgbm';
const P = { objective: 'binary', num_leaves: 7, learning_rate: 0.1, verbosity: -1 } as const;

const bc = () => readCsv('datasets/breast_cancer.csv');

/** Mean binary log loss of raw scores. */
function logloss(raw: Float64Array, label: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < raw.length; i++) {
    const p = 1 / (1 + Math.exp(-raw[i]));
    s -= label[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return s / raw.length;
}

describe('train({ initModel })', () => {
  it('keeps the init model\'s trees, then adds num_iterations rounds; a Booster, a model.txt path and a JSON path give the same model', async () => {
    const data = await bc();
    const init = train({ ...P, num_iterations: 8 }, data);
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-init-'));
    init.saveModel(join(dir, 'init.txt'));
    init.saveModel(join(dir, 'init.json'));
    const fromBooster = train({ ...P, learning_rate: 0.05, num_iterations: 5 }, data, { initModel: init });
    expect(fromBooster.numTrees).toBe(13);
    expect(fromBooster.model.trees.slice(0, 8).map((t) => Array.from(t.leafValue.subarray(0, t.numLeaves)))).toEqual(
      init.model.trees.map((t) => Array.from(t.leafValue.subarray(0, t.numLeaves))),
    );
    expect(fromBooster.model.trees[0]).not.toBe(init.model.trees[0]);
    // the rows option (a cv fold) picks the init scores of its rows
    const everyRow = Uint32Array.from({ length: data.nRows }, (_, i) => i);
    expect(train({ ...P, learning_rate: 0.05, num_iterations: 5 }, data, { initModel: init, rows: everyRow }).modelToString()).toBe(fromBooster.modelToString());
    for (const path of ['init.txt', 'init.json']) {
      const other = train({ ...P, learning_rate: 0.05, num_iterations: 5 }, data, { initModel: join(dir, path) });
      expect(other.modelToString()).toBe(fromBooster.modelToString());
    }
    // the new trees start from the init model's scores: no second boost_from_average bias
    const raw = fromBooster.predictRaw(data);
    const initRaw = init.predictRaw(data);
    let newPart = 0;
    for (let t = 8; t < 13; t++) newPart += Math.abs(fromBooster.model.trees[t].leafValue[0]);
    expect(newPart).toBeLessThan(1);
    expect(logloss(raw, data.target!.classIndex!)).toBeLessThan(logloss(initRaw, data.target!.classIndex!));
  });

  it('starts validation scores from the init model too, and numbers rounds after its rounds (callbacks, best iteration)', async () => {
    const data = await bc();
    const rows = Array.from({ length: data.nRows }, (_, i) => i);
    const pick = (keep: (i: number) => boolean) => {
      const cols: Record<string, Float64Array | number[]> = {};
      for (const c of data.features) cols[c.name] = Float64Array.from(rows.filter(keep).map((i) => c.values[i]));
      cols.target = rows.filter(keep).map((i) => Number(data.target!.classes![data.target!.classIndex![i]]));
      return Dataset.fromColumns(cols, { target: 'target' });
    };
    const tr = pick((i) => i % 4 !== 0);
    const va = pick((i) => i % 4 === 0);
    const init = train({ ...P, num_iterations: 6 }, tr);
    const seen: { iteration: number; endIteration: number; value: number }[] = [];
    const b = train({ ...P, learning_rate: 0.5, num_iterations: 60, early_stopping_round: 3, metric: 'binary_logloss' }, tr, {
      initModel: init,
      validSets: [va],
      callbacks: [({ iteration, endIteration, evaluations }) => void seen.push({ iteration, endIteration, value: evaluations[0].value })],
    });
    expect(seen[0].iteration).toBe(6);
    expect(seen[0].endIteration).toBe(66);
    const label = va.target!.classIndex!;
    for (const s of seen.slice(0, 4)) expect(s.value).toBeCloseTo(logloss(b.predictRaw(va, { numIteration: s.iteration + 1 }), label), 12);
    expect(b.bestIteration).toBeGreaterThan(6);
    expect(b.bestIteration).toBe(seen.reduce((best, s) => (s.value < seen[best - 7].value ? s.iteration + 1 : best), 7));
    expect(b.numIterations).toBeGreaterThan(b.bestIteration);
  });

  it('a first round with no split ends training with the init model\'s trees only (no constant trees added)', async () => {
    const data = await bc();
    const init = train({ ...P, num_iterations: 4 }, data);
    let result = init;
    const logs = captureLogs(() => {
      result = train({ ...P, verbosity: 0, min_data_in_leaf: 400, num_iterations: 5 }, data, { initModel: init });
    });
    expect(result).not.toBe(init);
    expect(result.numTrees).toBe(4);
    expect(result.modelToString()).toContain('Tree=3\n');
    expect(logs.some((l) => /no more leaves/.test(l.message))).toBe(true);
  });

  it("continues a LightGBM model.txt (categorical features, unlabelled classes) from the data's raw values", async () => {
    const data = await readCsv('datasets/credit_data.csv');
    const init = loadModel(`${FX}/credit_categorical_missing.model.txt`);
    const b = train({ objective: 'binary', num_iterations: 3, verbosity: -1 }, data, { initModel: `${FX}/credit_categorical_missing.model.txt` });
    expect(b.numTrees).toBe(init.numTrees + 3);
    expect(Array.from(b.predictRaw(data, { numIteration: init.numIterations }))).toEqual(Array.from(init.predictRaw(data)));
    expect(b.classes).toEqual(['bad', 'good']);
  });
});

describe('train({ initModel }) checks', () => {
  it('names a feature that differs, a different order, an objective or classes that differ', async () => {
    const data = await bc();
    const init = train({ ...P, num_iterations: 2 }, data);
    const cols: Record<string, Float64Array | string[]> = {};
    for (const c of data.features) cols[c.name] = c.values;
    const target = Array.from(data.target!.classIndex!, (k) => (k === 1 ? 'yes' : 'no'));
    const [a, b, ...rest] = data.features.map((c) => c.name);
    const swapped = Dataset.fromColumns(Object.fromEntries([[b, cols[b]], [a, cols[a]], ...rest.map((n) => [n, cols[n]]), ['target', data.target!.numeric!]]), { target: 'target' });
    expect(() => train({ ...P, num_iterations: 1 }, swapped, { initModel: init })).toThrow(/initModel: feature 0 is 'mean radius' in the model but 'mean texture' in the data/);
    const fewer = Dataset.fromColumns(Object.fromEntries([...rest.map((n) => [n, cols[n]]), ['target', data.target!.numeric!]]), { target: 'target' });
    expect(() => train({ ...P, num_iterations: 1 }, fewer, { initModel: init })).toThrow(/the model has 30 features .* the data 28/);
    const relabelled = Dataset.fromColumns({ ...cols, target }, { target: 'target' });
    const labelled = train({ ...P, num_iterations: 1 }, relabelled);
    expect(() => train({ ...P, num_iterations: 1 }, data, { initModel: labelled })).toThrow(/the model's classes \[no, yes\] differ from the data's \[0, 1\]/);
    // a model with LightGBM's class indices as labels (as a model.txt has) fits any two labels
    expect(train({ ...P, num_iterations: 1 }, relabelled, { initModel: init }).classes).toEqual(['no', 'yes']);
    expect(() => train({ objective: 'regression', num_iterations: 1, verbosity: -1 }, data, { initModel: init })).toThrow(/objective is 'binary sigmoid:1' but training asks for 'regression'/);
    expect(() => train({ ...P, num_iterations: 1 }, data, { initModel: init })).not.toThrow();
  });

  it('needs raw Datasets (the init model scores feature values) and a loadable model', async () => {
    const data = await bc();
    const init = train({ ...P, num_iterations: 2 }, data);
    const binned = BinnedDataset.fromDataset(data, {});
    expect(() => train({ ...P, num_iterations: 1 }, binned, { initModel: init })).toThrow(DataError);
    expect(() => train({ ...P, num_iterations: 1 }, binned, { initModel: init })).toThrow(/training data is a BinnedDataset; pass the Dataset/);
    expect(() => train({ ...P, num_iterations: 1 }, data, { initModel: 'no/such/model.txt' })).toThrow(/no such model file/);
  });

  it('refuses categorical codes that differ from the model\'s', async () => {
    const data = await readCsv('datasets/credit_data.csv');
    const init = train({ objective: 'binary', num_iterations: 2, verbosity: -1 }, data);
    const cols: Record<string, unknown> = {};
    for (const c of data.features) cols[c.name] = c.kind === 'categorical' ? Array.from(c.values, (v) => (Number.isNaN(v) ? null : c.categories![v])) : c.values;
    const home = cols.Home as (string | null)[];
    cols.Home = home.map((h) => (h === 'ignore' ? 'other' : h));
    cols.target = Array.from(data.target!.classIndex!, (k) => data.target!.classes![k]);
    const changed = Dataset.fromColumns(cols as Record<string, (string | null)[]>, { target: 'target' });
    expect(() => train({ objective: 'binary', num_iterations: 1, verbosity: -1 }, changed, { initModel: init })).toThrow(/categorical 'Home' has the categories \[ignore, other, .*\] in the model but \[other, owner, .*\] in the data/);
  });
});
