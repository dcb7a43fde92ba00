import { afterEach, describe, expect, it } from 'vitest';
import type { GbdtParamsInput } from '../../../src/params/resolved.js';
import { Rng } from '../../../src/core/rng.js';
import { Dataset } from '../../../src/data/dataset.js';
import { cv } from '../../../src/gbdt/boosting/cv.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import { learnerSwitches } from '../../../src/gbdt/tree/leafwise-learner.js';

/** 600 rows, 6 numeric features with many distinct values (so small leaves go sparse), some NaN and zeros. */
function data(seed: number, classes: number): Dataset {
  const rng = new Rng(seed);
  const cols: Record<string, number[]> = {};
  for (let f = 0; f < 6; f++) cols[`x${f}`] = [];
  const y: number[] = [];
  for (let i = 0; i < 600; i++) {
    let s = 0;
    for (let f = 0; f < 6; f++) {
      const r = rng.random();
      const v = r < 0.05 ? NaN : r < 0.15 ? 0 : rng.normal() * (f + 1);
      cols[`x${f}`].push(v);
      if (!Number.isNaN(v)) s += v * (f % 2 === 0 ? 1 : -0.5);
    }
    y.push(Math.min(classes - 1, Math.max(0, Math.floor((Math.tanh(s / 4 + rng.normal() * 0.3) + 1) * classes / 2))));
  }
  return Dataset.fromColumns({ ...cols, y }, { target: 'y' });
}

afterEach(() => {
  learnerSwitches.sparseHistograms = true;
});

describe('sparse histograms for small leaves', () => {
  it('give the same models, bit for bit, as dense histograms over random params', () => {
    const rng = new Rng(5);
    for (let rep = 0; rep < 12; rep++) {
      const classes = rep % 3 === 0 ? 3 : 2;
      const d = data(rep, classes);
      const p: GbdtParamsInput = {
        objective: classes === 2 ? 'binary' : 'multiclass',
        num_iterations: 8,
        num_leaves: 2 + rng.below(120),
        min_data_in_leaf: 1 + rng.below(10),
        max_depth: rng.random() < 0.3 ? 3 + rng.below(5) : -1,
        lambda_l1: rng.random() < 0.5 ? 0 : rng.random(),
        lambda_l2: rng.random() < 0.5 ? 0 : rng.random() * 5,
        feature_fraction: 0.5 + rng.random() * 0.5,
        feature_fraction_bynode: rng.random() < 0.3 ? 0.6 : 1,
        bagging_fraction: rng.random() < 0.5 ? 1 : 0.6,
        bagging_freq: 1,
        max_delta_step: rng.random() < 0.2 ? 0.5 : 0,
        path_smooth: rng.random() < 0.2 ? 2 : 0,
        verbosity: -1,
      };
      learnerSwitches.sparseHistograms = false;
      const dense = train(p, d).modelToString();
      const denseCv = cv(p, d, { nfold: 3, seed: rep }).history;
      learnerSwitches.sparseHistograms = true;
      const sparse = train(p, d).modelToString();
      const sparseCv = cv(p, d, { nfold: 3, seed: rep }).history;
      expect(sparse, JSON.stringify(p)).toBe(dense);
      expect(sparseCv).toEqual(denseCv);
    }
  });

  it('give the same models with monotone and interaction constraints (the re-searched leaves read sparse histograms too)', () => {
    for (let rep = 0; rep < 3; rep++) {
      const d = data(100 + rep, 2);
      const p: GbdtParamsInput = {
        objective: 'binary', num_iterations: 8, num_leaves: 63, min_data_in_leaf: 1 + (rep % 3), verbosity: -1,
        monotone_constraints: [1, -1, 0, 1, 0, -1], monotone_constraints_method: (['basic', 'intermediate', 'advanced'] as const)[rep % 3],
        interaction_constraints: rep !== 1 ? [[0, 1, 2, 3], [3, 4, 5]] : [],
      };
      learnerSwitches.sparseHistograms = false;
      const dense = train(p, d).modelToString();
      learnerSwitches.sparseHistograms = true;
      expect(train(p, d).modelToString(), JSON.stringify(p)).toBe(dense);
    }
  });
});
