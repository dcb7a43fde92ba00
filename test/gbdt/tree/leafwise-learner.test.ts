import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { K_ZERO_THRESHOLD } from '../../../src/core/constants.js';
import { nextUp } from '../../../src/data/bin-mapper.js';
import { BinnedDataset } from '../../../src/data/binned-dataset.js';
import { Dataset, type Target } from '../../../src/data/dataset.js';
import { readCsv } from '../../../src/data/csv.js';
import { BoostingSession } from '../../../src/gbdt/boosting/session.js';
import { predictRawColumns } from '../../../src/gbdt/boosting/predict.js';
import { labelFor, metricsFor, modelOf, resolveForData } from '../../../src/gbdt/boosting/train-model.js';
import { createObjective } from '../../../src/gbdt/objective/registry.js';
import { resolveParams } from '../../../src/params/resolve.js';
import { LeafwiseLearner } from '../../../src/gbdt/tree/leafwise-learner.js';

function regressionTarget(y: Float64Array): Target {
  return { name: 'y', numeric: y, classes: null, classIndex: null, inferredTask: 'regression' };
}

describe('LeafwiseLearner', () => {
  it('learns the exact expected tree on a constructed dataset', () => {
    const n = 100;
    const x0 = new Float64Array(n);
    const x1 = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x0[i] = i % 10;
      x1[i] = (i >> 1) % 2;
      y[i] = x0[i] < 5 ? 0 : x1[i] === 0 ? 10 : 20;
    }
    const data = new Dataset(
      [
        { name: 'x0', kind: 'numeric', values: x0 },
        { name: 'x1', kind: 'numeric', values: x1 },
      ],
      regressionTarget(y),
    );
    const params = resolveParams({ objective: 'regression', num_leaves: 8, min_data_in_leaf: 5, min_data_in_bin: 1, verbosity: -1 });
    const binned = BinnedDataset.fromDataset(data, params);
    const learner = new LeafwiseLearner(binned, null, params);
    const grad = new Float32Array(n).map((_, i) => -y[i]);
    const tree = learner.train(grad, new Float32Array(n).fill(1), null, n);
    expect(tree.numLeaves).toBe(3);
    expect(Array.from(tree.splitFeature.subarray(0, 2))).toEqual([0, 1]);
    expect(tree.threshold[0]).toBe(nextUp(4.5));
    expect(tree.threshold[1]).toBe(K_ZERO_THRESHOLD);
    expect(Array.from(tree.leftChild.subarray(0, 2))).toEqual([~0, ~1]);
    expect(Array.from(tree.rightChild.subarray(0, 2))).toEqual([1, ~2]);
    expect(Array.from(tree.leafCount.subarray(0, 3))).toEqual([50, 25, 25]);
    expect(tree.leafValue[0]).toBeCloseTo(0, 12);
    expect(tree.leafValue[1]).toBeCloseTo(10, 12);
    expect(tree.leafValue[2]).toBeCloseTo(20, 12);
    expect(tree.splitGain[0]).toBeCloseTo(5625, 6);
    expect(tree.splitGain[1]).toBeCloseTo(1250, 6);
    expect(Array.from(tree.internalCount.subarray(0, 2))).toEqual([100, 50]);
    expect(tree.internalValue[0]).toBeCloseTo(7.5, 12);
    expect(tree.internalValue[1]).toBeCloseTo(15, 12);
    expect(tree.decisionType[0]).toBe(2); // default left, no missing values
  });

  it('honours num_leaves and max_depth', () => {
    const rng = new Rng(1);
    const n = 2000;
    const cols = [0, 1, 2].map(() => new Float64Array(n).map(() => rng.normal()));
    const y = new Float64Array(n).map((_, i) => Math.sin(3 * cols[0][i]) + cols[1][i] * cols[2][i]);
    const data = new Dataset(cols.map((values, j) => ({ name: `x${j}`, kind: 'numeric' as const, values })), regressionTarget(y));
    for (const [leaves, depth] of [[31, -1], [31, 3], [5, -1]] as const) {
      const params = resolveParams({ objective: 'regression', num_leaves: leaves, max_depth: depth, verbosity: -1 });
      const binned = BinnedDataset.fromDataset(data, params);
      const learner = new LeafwiseLearner(binned, null, params);
      const grad = new Float32Array(n).map((_, i) => -y[i]);
      const tree = learner.train(grad, new Float32Array(n).fill(1), null, n);
      expect(tree.numLeaves).toBe(depth > 0 ? Math.min(leaves, 2 ** depth) : leaves);
      // depth of every leaf
      const depthOf = (node: number, d: number): number =>
        node < 0 ? d : Math.max(depthOf(tree.leftChild[node], d + 1), depthOf(tree.rightChild[node], d + 1));
      if (depth > 0) expect(depthOf(0, 0)).toBeLessThanOrEqual(depth);
      expect(Array.from(tree.leafCount.subarray(0, tree.numLeaves)).reduce((a, b) => a + b, 0)).toBe(n);
    }
  });

  for (const maxBin of [255, 1023]) it(`training scores updated through the partition equal predictions on raw values (categorical, NaN, bagging; max_bin ${maxBin})`, async () => {
    const data = await readCsv('datasets/credit_data.csv');
    const params = resolveForData(
      { objective: 'binary', num_iterations: 15, bagging_fraction: 0.7, bagging_freq: 1, feature_fraction: 0.8, lambda_l1: 0.5, max_bin: maxBin, min_data_in_bin: 1, verbosity: -1 },
      data,
      'test',
    );
    const binned = BinnedDataset.fromDataset(data, params);
    // max_bin 1023: some features get more than 256 bins, so the column (Uint16) code paths run
    expect(binned.rowBins === null).toBe(maxBin > 256);
    const session = new BoostingSession(params, binned, labelFor(binned, params), null, createObjective(params), metricsFor(params, true), []);
    for (let i = 0; i < params.num_iterations; i++) session.trainOneIter();
    const model = modelOf(session, binned, params, 0);
    expect(model.trees.some((t) => t.numCat > 0)).toBe(true);
    expect(model.trees.some((t) => Array.from(t.decisionType.subarray(0, t.numLeaves - 1)).some((d) => (d >> 2) === 2))).toBe(true);
    const raw = predictRawColumns(model, data.features.map((c) => c.values));
    let maxDiff = 0;
    for (let i = 0; i < data.nRows; i++) maxDiff = Math.max(maxDiff, Math.abs(raw[i] - session.score[i]));
    expect(maxDiff).toBeLessThan(1e-9);
  });
});
