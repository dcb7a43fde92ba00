/**
 * `booster.refit(data, { decayRate })` against LightGBM 4.7's `Booster.refit(X, y, decay_rate)`.
 * The reference numbers were computed once with LightGBM 4.7.0 (Python) and written here: each
 * case loads a model, refits it on some rows of a dataset, and predicts raw scores on all rows.
 *
 *   df = pd.read_csv('datasets/NAME.csv'); y = df.pop('target') mapped to 0..K-1 in sorted order;
 *   credit_data's Home/Marital/Records/Job as pd.Categorical with sorted categories;
 *   r = lgb.Booster(model_file=MODEL).refit(df[idx], y[idx], decay_rate=D).predict(df, raw_score=True)
 *   print(r.ravel()[:6].tolist(), r.sum())
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../../src/core/errors.js';
import { readCsv } from '../../../src/data/csv.js';
import type { Dataset } from '../../../src/data/dataset.js';
import { loadModel } from '../../../src/gbdt/boosting/model-io.js';
import { train } from '../../../src/gbdt/boosting/train.js';

const FX = 'test/fixtures/lightgbm';
const dir = mkdtempSync(join(tmpdir(), 'gbtune-refit-'));

/** The rows of datasets/NAME.csv whose 0-based index passes `keep`, read as readCsv reads a file. */
async function rowsOf(name: string, keep: (i: number) => boolean): Promise<Dataset> {
  const [header, ...lines] = readFileSync(`datasets/${name}.csv`, 'utf8').trim().split('\n');
  const path = join(dir, `${name}-${lines.length}-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, `${[header, ...lines.filter((_, i) => keep(i))].join('\n')}\n`);
  return readCsv(path);
}

interface Case {
  name: string;
  model: () => ReturnType<typeof loadModel>;
  data: string;
  keep: (i: number) => boolean;
  decayRate: number;
  first: number[];
  sum: number;
}

const CASES: Case[] = [
  {
    name: 'binary (breast_cancer_binary), even rows, decay 0.9',
    model: () => loadModel(`${FX}/breast_cancer_binary.model.txt`),
    data: 'breast_cancer',
    keep: (i) => i % 2 === 0,
    decayRate: 0.9,
    first: [-4.495429977545033, -5.731538120019944, -5.752176449573265, -3.9100340152384834, -4.495429977545033, -3.0514986262633412],
    sum: 910.8137624460114,
  },
  {
    name: 'multiclass (iris_multiclass), rows i % 3 != 0, decay 0.5',
    model: () => loadModel(`${FX}/iris_multiclass.model.txt`),
    data: 'iris',
    keep: (i) => i % 3 !== 0,
    decayRate: 0.5,
    first: [2.8350050962346853, -3.1966760484125216, -3.2408476411203258, 2.577926551483084, -3.1966760484125216, -3.1738603435653943],
    sum: -526.6637915909953,
  },
  {
    name: 'categorical splits, missing values, lambda_l1 0.5, lambda_l2 1 (credit_categorical_missing_contrib), odd rows, decay 0.9',
    model: () => loadModel(`${FX}/credit_categorical_missing_contrib.model.txt`),
    data: 'credit_data',
    keep: (i) => i % 2 === 1,
    decayRate: 0.9,
    first: [2.163898553554687, 2.507235077535188, -0.0515403288288731, 2.2104203793150297, 1.246323322458094, 2.895974201324828],
    sum: 5731.75390560715,
  },
  {
    // this model is gbtune's (below), saved as model.txt for LightGBM to refit
    name: 'a gbtune model with max_delta_step 0.3, lambda_l1 0.2, lambda_l2 2, rows i % 4 != 1, decay 0.7',
    model: () => null as never,
    data: 'breast_cancer',
    keep: (i) => i % 4 !== 1,
    decayRate: 0.7,
    first: [0.22990235547325139, -0.3161953450246614, -0.3161953450246614, 0.05614552244466886, 0.22990235547325139, 0.05614552244466886],
    sum: 291.7021819161621,
  },
  {
    name: 'regression (diabetes_regression), rows i % 3 == 0, decay 0.2',
    model: () => loadModel(`${FX}/diabetes_regression.model.txt`),
    data: 'diabetes',
    keep: (i) => i % 3 === 0,
    decayRate: 0.2,
    first: [202.95515116290179, 83.49014163816702, 154.37476858614386, 223.68776081443826, 103.46381075491402, 109.01993606664837],
    sum: 67454.16295268155,
  },
];

describe.each(CASES)('refit vs LightGBM 4.7: $name', (c) => {
  it('predicts LightGBM\'s raw scores after the refit (first rows to 1e-12, the sum to 1e-9)', async () => {
    const all = await readCsv(`datasets/${c.data}.csv`);
    const booster = c.name.startsWith('a gbtune model')
      ? train({ objective: 'binary', num_leaves: 7, num_iterations: 20, max_delta_step: 0.3, lambda_l1: 0.2, lambda_l2: 2, verbosity: -1 }, all)
      : c.model();
    const refitted = booster.refit(await rowsOf(c.data, c.keep), { decayRate: c.decayRate });
    expect(refitted).not.toBe(booster);
    expect(refitted.numTrees).toBe(booster.numTrees);
    const raw = refitted.predictRaw(all);
    c.first.forEach((v, i) => expect(Math.abs(raw[i] - v), `raw[${i}]`).toBeLessThan(1e-12 * Math.max(1, Math.abs(v))));
    let sum = 0;
    for (const v of raw) sum += v;
    expect(Math.abs(sum - c.sum)).toBeLessThan(1e-9 * Math.max(1, Math.abs(c.sum)));
    // the structure is kept: same leaves for every row and tree
    expect(Array.from(refitted.predictLeaf(all))).toEqual(Array.from(booster.predictLeaf(all)));
  });
});

describe('refit', () => {
  it('decayRate 1 keeps every leaf value; decayRate 0 is the pure refit', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const booster = loadModel(`${FX}/breast_cancer_binary.model.txt`);
    const same = booster.refit(data, { decayRate: 1 });
    expect(same.modelToString()).toBe(booster.modelToString());
    const fresh = booster.refit(data, { decayRate: 0 });
    const half = booster.refit(data, { decayRate: 0.5 });
    // tree 0's refit starts from zero scores, so its blend is linear in the decay rate
    const t0 = (b: typeof booster) => b.model.trees[0].leafValue;
    for (let l = 0; l < booster.model.trees[0].numLeaves; l++) expect(t0(half)[l]).toBeCloseTo((t0(booster)[l] + t0(fresh)[l]) / 2, 14);
    expect(booster.model.trees[0].leafValue[0]).not.toBe(t0(fresh)[0]);
  });

  it('refuses what it cannot do: no target, a class the model does not know, a decay rate outside [0, 1], path_smooth', async () => {
    const booster = loadModel(`${FX}/breast_cancer_binary.model.txt`);
    const data = await readCsv('datasets/breast_cancer.csv');
    const noTarget = await readCsv('datasets/breast_cancer.csv', { target: false });
    expect(() => booster.refit(noTarget)).toThrow(/refit: the data has no target column/);
    expect(() => booster.refit(data, { decayRate: 1.5 })).toThrow(ParamError);
    const iris = await readCsv('datasets/iris.csv');
    const irisModel = train({ objective: 'multiclass', num_iterations: 3, verbosity: -1 }, iris);
    const [header, ...lines] = readFileSync('datasets/iris.csv', 'utf8').trim().split('\n');
    const path = join(dir, 'iris-new-class.csv');
    writeFileSync(path, `${[header, ...lines.slice(0, 20), lines[20].replace(/,[^,]*$/, ',7')].join('\n')}\n`);
    await expect(readCsv(path).then((d) => irisModel.refit(d))).rejects.toThrow(/refit: class '7' of target 'target' is not one of the model's classes \[0, 1, 2\]/);
    const smooth = train({ objective: 'binary', num_iterations: 3, path_smooth: 2, verbosity: -1 }, data);
    expect(() => smooth.refit(data)).toThrow(/path_smooth = 2/);
  });
});
