/**
 * The metric values LightGBM 4.7 computes, on 12 rows written here, with and without weights:
 * LightGBM's `Booster.eval_train()` of a Booster whose training set has the raw scores below as
 * `init_score` (so the scores it evaluates are exactly these), for the objectives whose output
 * transform the metric applies (identity, exp, sigmoid, log1p(exp)). Computed with:
 *
 * ```python
 * import lightgbm as lgb, numpy as np   # 4.7.0
 * X = np.arange(12, dtype=float).reshape(-1, 1)
 * def ev(obj, metrics, y, s, w, extra={}):
 *     ds = lgb.Dataset(X, y, weight=w, init_score=s, params={'verbosity': -1})
 *     b = lgb.Booster(params={'objective': obj, 'metric': metrics, 'verbosity': -1, **extra}, train_set=ds)
 *     return {m: v for (_, m, v, _) in b.eval_train()}
 * for w in [None, W]:
 *     ev('regression', ['quantile', 'mape', 'fair', 'l1', 'l2', 'huber'], Y_REG, S_REG, w)
 *     ev('regression', ['quantile', 'fair', 'huber'], Y_REG, S_REG, w, {'alpha': 0.3, 'fair_c': 2.5})
 *     ev('poisson', ['poisson', 'gamma', 'gamma_deviance', 'tweedie'], Y_REG, S_LOG, w)
 *     ev('tweedie', ['tweedie'], Y_REG, S_LOG, w, {'tweedie_variance_power': 1.2})
 *     ev('cross_entropy', ['cross_entropy', 'kullback_leibler', 'cross_entropy_lambda', 'binary_logloss'], Y_PROB, S_LOGIT, w)
 *     ev('cross_entropy_lambda', ['cross_entropy_lambda', 'cross_entropy'], Y_PROB, S_LOGIT, w)
 * ```
 */
import { describe, expect, it } from 'vitest';
import { createMetric, type CreateMetricOptions } from '../../../src/gbdt/metric/registry.js';
import { parseObjectiveLine } from '../../../src/gbdt/objective/registry.js';

const Y_REG = new Float64Array([3.5, 0.25, 12, 7.75, 1, 0.5, 20, 4, 9.5, 2.25, 6, 15]);
const Y_PROB = new Float64Array([0, 1, 0.25, 0.5, 1, 0.75, 0, 0.125, 1, 0.875, 0.5, 0.0625]);
const W = new Float64Array([1, 2, 0.5, 1.5, 3, 1, 0.25, 2, 1, 0.75, 1.25, 2.5]);
const S_REG = new Float64Array([3.0, 1.2, 10.5, 8.1, -0.4, 0.9, 17.0, 4.4, 9.0, 2.0, 7.3, 13.9]);
const S_LOG = new Float64Array([1.2, -0.8, 2.6, 2.0, 0.1, -1.3, 2.9, 1.5, 2.2, 0.7, 1.9, 2.8]);
const S_LOGIT = new Float64Array([-2.0, 1.5, -0.7, 0.2, 3.1, 0.9, -4.0, -1.6, 2.4, 1.1, -0.3, -2.9]);

interface Case {
  objective: string;
  label: Float64Array;
  score: Float64Array;
  options?: CreateMetricOptions;
  /** LightGBM's values without and with the weights W. */
  values: Record<string, [number, number]>;
}

const CASES: Case[] = [
  {
    objective: 'regression', label: Y_REG, score: S_REG,
    values: {
      quantile: [0.6470833333333333, 0.5491791044776119],
      mape: [0.3138967602698502, 0.4537749646142318],
      fair: [0.3518456246823846, 0.2857835727066557],
      l1: [0.9708333333333332, 0.8888059701492537],
      l2: [1.5014583333333331, 1.0392910447761192],
      huber: [0.533125, 0.4498694029850746],
    },
  },
  {
    objective: 'regression', label: Y_REG, score: S_REG, options: { alpha: 0.3, fair_c: 2.5 },
    values: {
      quantile: [0.4045833333333333, 0.39201492537313426],
      fair: [0.5018722268115398, 0.3849759414982902],
      huber: [0.24635416666666665, 0.22169776119402984],
    },
  },
  {
    objective: 'poisson', label: Y_REG, score: S_LOG,
    values: {
      poisson: [-8.933326284003515, -6.6267313398331735],
      gamma: [2.338556389838942, 2.0783845945648785],
      gamma_deviance: [0.825395003802404, 1.1421725245914451],
      tweedie: [9.261655323507844, 8.278237197748489],
    },
  },
  {
    objective: 'tweedie', label: Y_REG, score: S_LOG, options: { tweedie_variance_power: 1.2 },
    values: { tweedie: [27.104514556453637, 23.0452925285949] },
  },
  {
    objective: 'cross_entropy', label: Y_PROB, score: S_LOGIT,
    values: {
      cross_entropy: [0.33898118472712135, 0.31102562865364913],
      kullback_leibler: [0.04745646542905135, 0.05011490903040067],
      cross_entropy_lambda: [0.47337194280943456, 0.42580928835641024],
    },
  },
  {
    objective: 'cross_entropy_lambda', label: Y_PROB, score: S_LOGIT,
    values: {
      cross_entropy_lambda: [0.3389811847271213, 0.34184745953461704],
      cross_entropy: [0.8607793567774554, 0.4636807050370002],
    },
  },
];

// multi_logloss of multiclassova: LightGBM takes -log of each class's own sigmoid (not normalised):
//   S = [[1.2, -0.5, -2.0], [-0.3, 0.8, -1.1], [-1.5, -0.2, 0.9], [0.1, -0.9, 0.4], [-0.7, 1.6, -0.4],
//        [2.2, -1.3, -0.6], [-1.0, 0.3, 1.8], [0.5, 0.6, -0.8]]     (rows x classes, the init_score)
//   ds = lgb.Dataset(np.arange(8.0).reshape(-1, 1), [0, 1, 2, 2, 1, 0, 2, 1], weight=w, init_score=S)
//   lgb.Booster({'objective': 'multiclassova', 'num_class': 3, 'sigmoid': sig, 'metric': ['multi_logloss']}, ds).eval_train()
describe('metric values of LightGBM 4.7: multi_logloss of multiclassova', () => {
  const S = [[1.2, -0.5, -2.0], [-0.3, 0.8, -1.1], [-1.5, -0.2, 0.9], [0.1, -0.9, 0.4], [-0.7, 1.6, -0.4], [2.2, -1.3, -0.6], [-1.0, 0.3, 1.8], [0.5, 0.6, -0.8]];
  const label = new Float64Array([0, 1, 2, 2, 1, 0, 2, 1]);
  const w = W.subarray(0, 8);
  const score = new Float64Array(24); // class-major
  S.forEach((row, i) => row.forEach((v, c) => (score[c * 8 + i] = v)));
  it.each([
    { sigmoid: 1, values: [0.2960002352608555, 0.31249684099880554] },
    { sigmoid: 2, values: [0.14215133095406327, 0.15583504267897177] },
  ])('sigmoid $sigmoid, without and with weights', ({ sigmoid, values }) => {
    const objective = parseObjectiveLine(`multiclassova num_class:3 sigmoid:${sigmoid}`);
    expect(createMetric('multi_logloss').eval(score, label, objective)).toBeCloseTo(values[0], 14);
    expect(createMetric('multi_logloss').eval(score, label, objective, w)).toBeCloseTo(values[1], 14);
  });
});

describe.each(CASES)('metric values of LightGBM 4.7: objective $objective $options', (c) => {
  const objective = parseObjectiveLine(c.objective);
  for (const [name, [unweighted, weighted]] of Object.entries(c.values)) {
    it(`${name}, without and with weights`, () => {
      const metric = createMetric(name, c.options);
      expect(metric.eval(c.score, c.label, objective)).toBeCloseTo(unweighted, 14);
      expect(metric.eval(c.score, c.label, objective, W)).toBeCloseTo(weighted, 14);
    });
  }
});
