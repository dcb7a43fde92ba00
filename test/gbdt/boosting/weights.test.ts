import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/data/csv.js';
import { BinnedDataset } from '../../../src/data/binned-dataset.js';
import { Dataset } from '../../../src/data/dataset.js';
import { DataError } from '../../../src/core/errors.js';
import { cv } from '../../../src/gbdt/boosting/cv.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import { trainModel } from '../../../src/gbdt/boosting/train-model.js';
import type { BoosterModel } from '../../../src/gbdt/boosting/model.js';
import type { Evaluation } from '../../../src/gbdt/boosting/callbacks.js';

const base = { num_leaves: 15, learning_rate: 0.1, min_data_in_leaf: 10, verbosity: -1 } as const;

/** Row i weighs 1 + (i mod 3), as the breast_cancer_weighted fixture. */
const cyclic = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));

/** Every tree's structure and leaf values (not split gains). */
function treesOf(m: BoosterModel): string[] {
  return m.trees.map((t) => JSON.stringify([t.numLeaves, Array.from(t.splitFeature.subarray(0, t.numLeaves - 1)), Array.from(t.threshold.subarray(0, t.numLeaves - 1)), Array.from(t.leafValue.subarray(0, t.numLeaves))]));
}

/** The breast_cancer table with a weight column `w` (1 + row mod 3) before the target. */
async function withWeightFeature(): Promise<Dataset> {
  const d = await readCsv('datasets/breast_cancer.csv');
  const columns: Record<string, Float64Array | string[]> = {};
  for (const c of d.features) columns[c.name] = c.values;
  columns.w = cyclic(d.nRows);
  columns.target = Array.from(d.target!.classIndex!, String);
  return Dataset.fromColumns(columns);
}

describe('row weights in training', () => {
  it('min_sum_hessian_in_leaf sums weighted hessians: weights 0.001 stop the splits that weights 1 make', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    // the hessian sums fall 1000-fold, so min_sum_hessian_in_leaf = 0.05 stops most splits
    const tiny = await readCsv('datasets/breast_cancer.csv', { weight: new Float64Array(data.nRows).fill(0.001) });
    const ones = await readCsv('datasets/breast_cancer.csv', { weight: new Float64Array(data.nRows).fill(1) });
    const leaves = (m: BoosterModel): number => m.trees.reduce((s, t) => s + t.numLeaves, 0);
    const q = { ...base, objective: 'binary', num_iterations: 10, min_sum_hessian_in_leaf: 0.05 } as const;
    expect(leaves(trainModel(q, ones))).toBe(leaves(trainModel(q, data)));
    expect(leaves(trainModel(q, tiny))).toBeLessThan(leaves(trainModel(q, data)) / 2);
  });

  it('bagging draws the same rows with or without weights (LightGBM bags by row; zero-weight rows included)', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const w = Float64Array.from({ length: data.nRows }, (_, i) => (i % 4 === 0 ? 0 : 0.1 + ((i * 7) % 13) / 10));
    const weighted = await readCsv('datasets/breast_cancer.csv', { weight: w });
    const p = { ...base, objective: 'binary', num_iterations: 12, bagging_fraction: 0.6, bagging_freq: 2, bagging_seed: 5 } as const;
    // a tree's leaf counts add up to the rows in its bag
    const bagSizes = (m: BoosterModel): number[] => m.trees.map((t) => t.leafCount.subarray(0, t.numLeaves).reduce((a, b) => a + b, 0));
    const a = bagSizes(trainModel(p, weighted));
    expect(a).toEqual(bagSizes(trainModel(p, data)));
    expect(new Set(a).size).toBeGreaterThan(1); // a new bag every 2 rounds
    expect(Math.max(...a)).toBeLessThan(data.nRows);
  });

  it("the weight_column param takes the column out of the features, as the weight option does (LightGBM's name: prefix too)", async () => {
    const raw = await withWeightFeature();
    expect(raw.featureNames).toContain('w');
    const given = await readCsv('datasets/breast_cancer.csv', { weight: cyclic(raw.nRows) });
    const p = { ...base, objective: 'binary', num_iterations: 8 } as const;
    const want = treesOf(trainModel(p, given));
    const viaParam = trainModel({ ...p, weight_column: 'w' }, raw);
    expect(viaParam.features.map((f) => f.name)).not.toContain('w');
    expect(treesOf(viaParam)).toEqual(want);
    expect(treesOf(trainModel({ ...p, weight: 'name:w' }, raw))).toEqual(want);
    // without it, w is a feature and the rows weigh 1
    expect(treesOf(trainModel(p, raw))).not.toEqual(want);
  });

  it('weight_column with a BinnedDataset built without that column is an error saying what to do', async () => {
    const binned = BinnedDataset.fromDataset(await readCsv('datasets/breast_cancer.csv'));
    expect(() => train({ objective: 'binary', weight_column: 'w', verbosity: -1 }, binned)).toThrow(DataError);
    expect(() => train({ objective: 'binary', weight_column: 'w', verbosity: -1 }, binned)).toThrow(/weight_column = w, but the BinnedDataset was built without a weight column/);
    const raw = await withWeightFeature();
    expect(() => train({ objective: 'binary', weight_column: 'nope', verbosity: -1 }, raw)).toThrow(/no column 'nope' to take the weights from/);
  });

  // LightGBM 4.7, the validation set weighted 0.1 + (i*7 mod 13)/10 (not exact in 32 bits):
  //   df = pd.read_csv('datasets/breast_cancer.csv'); y = df.pop('target'); i = np.arange(len(y))
  //   tr = lgb.Dataset(df, y, weight=1 + i % 3); va = lgb.Dataset(df, y, weight=0.1 + (i * 7 % 13) / 10, reference=tr); ev = {}
  //   lgb.train(dict(objective='binary', metric=['binary_logloss', 'auc', 'average_precision', 'binary_error'], verbosity=-1,
  //             num_leaves=15, learning_rate=0.1, min_data_in_leaf=10), tr, 20, valid_sets=[va], valid_names=['v'],
  //             callbacks=[lgb.record_evaluation(ev)]); print({k: v[-1] for k, v in ev['v'].items()})
  it("weighs a validation set's metrics by its own weights, as LightGBM's Booster", async () => {
    const data = await readCsv('datasets/breast_cancer.csv', { weight: cyclic(569) });
    const valid = await readCsv('datasets/breast_cancer.csv', { weight: Float64Array.from({ length: 569 }, (_, i) => 0.1 + ((i * 7) % 13) / 10) });
    let last: Evaluation[] = [];
    train({ ...base, objective: 'binary', metric: ['binary_logloss', 'auc', 'average_precision', 'binary_error'], num_iterations: 20 }, data, {
      validSets: [valid],
      callbacks: [(env) => void (last = env.evaluations)],
    });
    const got = Object.fromEntries(last.map((e) => [e.metricName, e.value]));
    expect(got.binary_logloss).toBeCloseTo(0.09362816520546983, 13);
    expect(got.auc).toBeCloseTo(0.9996083732220814, 13);
    expect(got.average_precision).toBeCloseTo(0.999775605437577, 13);
    expect(got.binary_error).toBeCloseTo(0.005781799749517085, 13);
  });
});

// LightGBM 4.7's lgb.cv on gbtune's own folds (stratifiedKFold / kFold, 5 folds, seed 0, written to JSON and
// passed as folds=), rows weighted 1 + (i mod 3), 20 rounds, num_leaves=15, learning_rate=0.1, min_data_in_leaf=10:
//   w = 1 + np.arange(len(y)) % 3
//   r = lgb.cv(dict(objective=..., metric=[...], verbosity=-1, num_leaves=15, learning_rate=0.1, min_data_in_leaf=10),
//              lgb.Dataset(df, y, weight=w), num_boost_round=20, folds=[(train, valid), ...])
//   {k: v[-1] for k, v in r.items()}
// Stratified folds ignore the weights (as lgb.cv / scikit-learn); each fold's metrics are weighted.
describe("cv with weights equals LightGBM's lgb.cv on the same folds", () => {
  const cases = [
    {
      data: 'breast_cancer', params: { objective: 'binary' }, want: {
        binary_logloss: [0.17223729581243147, 0.02194375067888044], auc: [0.9856937431496323, 0.006939956772452546],
        binary_error: [0.06080422432484791, 0.019586037916635022], average_precision: [0.9842553584402733, 0.016679477963183576],
      },
    },
    {
      data: 'breast_cancer', params: { objective: 'binary', is_unbalance: true }, want: {
        binary_logloss: [0.16722552413857883, 0.03378366789483287], auc: [0.9875271384490816, 0.006926746183867604],
        average_precision: [0.9913040804667299, 0.0054291537941345384],
      },
    },
    { data: 'wine', params: { objective: 'multiclass' }, want: { multi_logloss: [0.17273427200548147, 0.04342689829166467], multi_error: [0.033612758127172356, 0.028458968698950926] } },
    {
      data: 'diabetes', params: { objective: 'regression' }, want: {
        l2: [3293.379410750823, 349.6069470109604], l1: [46.576037357261704, 2.1712885660761003],
        rmse: [57.31097393912838, 2.9718137390104116], huber: [41.51515800940101, 1.9534087611841064],
      },
    },
  ] as const;
  it.each(cases)('$data $params.objective', async ({ data: name, params, want }) => {
    const n = (await readCsv(`datasets/${name}.csv`)).nRows;
    const data = await readCsv(`datasets/${name}.csv`, { weight: cyclic(n) });
    const metric = Object.keys(want);
    const r = cv({ ...base, ...params, metric, num_iterations: 20 } as Record<string, unknown>, data, { nfold: 5, seed: 0 });
    for (const [m, [mean, std]] of Object.entries(want) as [string, readonly [number, number]][]) {
      expect(r.best[m].mean, m).toBeCloseTo(mean, 10);
      expect(r.best[m].std, m).toBeCloseTo(std, 10);
    }
  });
});
