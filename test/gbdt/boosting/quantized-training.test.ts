// use_quantized_grad (LightGBM 4's quantized training): params, reproducibility, accuracy against
// full precision on real data, and quant_train_renew_leaf's leaf values from the true gradients.
import { describe, expect, it } from 'vitest';
import { ParamError } from '../../../src/core/errors.js';
import { readCsv } from '../../../src/data/csv.js';
import { cv } from '../../../src/gbdt/boosting/cv.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import { resolveParams } from '../../../src/params/resolve.js';
import type { GbdtParamsInput } from '../../../src/params/resolved.js';

const BASE: GbdtParamsInput = { objective: 'binary', num_leaves: 15, verbosity: -1 };

describe('use_quantized_grad params', () => {
  it("resolve with LightGBM's defaults", () => {
    const p = resolveParams({});
    expect([p.use_quantized_grad, p.num_grad_quant_bins, p.quant_train_renew_leaf, p.stochastic_rounding]).toEqual([false, 4, false, true]);
    const q = resolveParams({ use_quantized_grad: 'true', num_grad_quant_bins: '8', quant_train_renew_leaf: 1, stochastic_rounding: 'false' } as unknown as GbdtParamsInput);
    expect([q.use_quantized_grad, q.num_grad_quant_bins, q.quant_train_renew_leaf, q.stochastic_rounding]).toEqual([true, 8, true, false]);
  });

  it.each([1, 128, 0])('num_grad_quant_bins = %i is out of range (2..127)', (bins) => {
    expect(() => resolveParams({ num_grad_quant_bins: bins })).toThrow(ParamError);
    expect(() => resolveParams({ num_grad_quant_bins: bins })).toThrow(/num_grad_quant_bins = \d+ is out of range: must be an integer in \[2, 127\]/);
  });
});

describe('quantized training', async () => {
  const bc = await readCsv('datasets/breast_cancer.csv');

  it('changes the trees, and is reproducible for a seed; stochastic rounding follows the seed, round-to-nearest does not', () => {
    const plain = train({ ...BASE, num_iterations: 10 }, bc).modelToString();
    const q = (extra: GbdtParamsInput): string => train({ ...BASE, num_iterations: 10, use_quantized_grad: true, ...extra }, bc).modelToString();
    const a = q({ seed: 1 });
    expect(a).not.toBe(plain);
    expect(a).toContain('[use_quantized_grad: 1]');
    expect(q({ seed: 1 })).toBe(a);
    expect(q({ seed: 2 })).not.toBe(a);
    const nearest = q({ seed: 1, stochastic_rounding: false });
    expect(q({ seed: 2, stochastic_rounding: false }).replace(/\[(seed|\w+_seed): \d+\]/g, '')).toBe(nearest.replace(/\[(seed|\w+_seed): \d+\]/g, ''));
  });

  it('more bins come closer to full precision', () => {
    // the first tree's raw score of every row, mean distance to full precision's (quantization
    // noise may split pure leaves, or win over a real split of small gain: compare outputs, not trees)
    const raw = (extra: GbdtParamsInput): Float64Array => train({ ...BASE, num_iterations: 1, ...extra }, bc).predict(bc, { raw: true }) as Float64Array;
    const full = raw({});
    const dist = (bins: number): number => {
      const q = raw({ use_quantized_grad: true, num_grad_quant_bins: bins, seed: 3 });
      let sum = 0;
      for (let i = 0; i < q.length; i++) sum += Math.abs(q[i] - full[i]);
      return sum / q.length;
    };
    // leaf outputs are 0.25..0.68 here
    expect(dist(127)).toBeLessThan(0.005);
    expect(dist(4)).toBeGreaterThan(4 * dist(127));
  });

  it('cv logloss and accuracy on breast_cancer stay within a stated tolerance of full precision (seeded)', () => {
    const run = (extra: GbdtParamsInput): { logloss: number; error: number } => {
      const r = cv({ ...BASE, metric: ['binary_logloss', 'binary_error'], num_iterations: 100, learning_rate: 0.1, ...extra }, bc, { nfold: 5, seed: 0 });
      return { logloss: r.best.binary_logloss.mean, error: r.best.binary_error.mean };
    };
    const full = run({});
    for (const extra of [{ use_quantized_grad: true, seed: 0 }, { use_quantized_grad: true, quant_train_renew_leaf: true, seed: 0 }]) {
      const q = run(extra);
      // no more than 0.03 worse in logloss (renewed leaves are better here: full precision
      // overfits at 100 rounds) and 1.5 points in accuracy
      expect(q.logloss - full.logloss, JSON.stringify(extra)).toBeLessThan(0.03);
      expect(q.error - full.error, JSON.stringify(extra)).toBeLessThan(0.015);
      expect(q.logloss).not.toBe(full.logloss);
    }
  });

  it('quant_train_renew_leaf: leaf values from the true gradients (L2: the mean label of the leaf), else from the quantized ones', async () => {
    const data = await readCsv('datasets/diabetes.csv');
    const y = Float32Array.from(data.target!.numeric!);
    const lr = 0.5;
    const p: GbdtParamsInput = { objective: 'regression', num_iterations: 1, num_leaves: 8, learning_rate: lr, boost_from_average: false, verbosity: -1, use_quantized_grad: true, seed: 5 };
    const check = (renew: boolean): number => {
      const booster = train({ ...p, quant_train_renew_leaf: renew }, data);
      const tree = booster.model.trees[0];
      const leaves = booster.predictLeaf(data);
      let worst = 0;
      for (let l = 0; l < tree.numLeaves; l++) {
        let s = 0;
        let c = 0;
        for (let i = 0; i < y.length; i++) {
          if (leaves[i] === l) {
            s += y[i];
            c++;
          }
        }
        // the gradient at score 0 is -label (hessian 1): the leaf's output is lr * mean label
        worst = Math.max(worst, Math.abs(tree.leafValue[l] - (lr * s) / c) / Math.abs((lr * s) / c));
      }
      return worst;
    };
    expect(check(true)).toBeLessThan(1e-12);
    // quantized to 4 steps of max |label| / 2, the leaves' means are off by percents
    expect(check(false)).toBeGreaterThan(1e-3);
  });

  it('random forest and multiclass train with it', async () => {
    const rf = train({ ...BASE, boosting: 'rf', bagging_fraction: 0.7, bagging_freq: 1, num_iterations: 5, use_quantized_grad: true, quant_train_renew_leaf: true }, bc);
    expect(rf.numTrees).toBe(5);
    const iris = await readCsv('datasets/iris.csv');
    const mc = train({ objective: 'multiclass', num_iterations: 20, min_data_in_leaf: 5, verbosity: -1, use_quantized_grad: true }, iris);
    const labels = mc.predict(iris) as string[];
    const { classes, classIndex } = iris.target!;
    let right = 0;
    for (let i = 0; i < iris.nRows; i++) if (labels[i] === classes![classIndex![i]]) right++;
    expect(right / iris.nRows).toBeGreaterThan(0.95);
  });
});
