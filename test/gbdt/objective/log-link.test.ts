// The log-link objectives (poisson, gamma, tweedie) on hand examples, in LightGBM's arithmetic
// (src/objective/regression_objective.hpp), and a trained model's predictions (exp of the raw score).
import { describe, expect, it } from 'vitest';
import { DataError, ParamError } from '../../../src/core/errors.js';
import { Dataset } from '../../../src/data/dataset.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import { loadModel } from '../../../src/gbdt/boosting/model-io.js';
import { createObjective, parseObjectiveLine } from '../../../src/gbdt/objective/registry.js';
import { GammaObjective, PoissonObjective, TweedieObjective } from '../../../src/gbdt/objective/log-link.js';
import { resolveParams } from '../../../src/params/resolve.js';

function gradients(obj: { getGradients(s: Float64Array, g: Float32Array, h: Float32Array): void }, score: number[]) {
  const g = new Float32Array(score.length);
  const h = new Float32Array(score.length);
  obj.getGradients(Float64Array.from(score), g, h);
  return { g: Array.from(g), h: Array.from(h) };
}

describe('poisson objective', () => {
  it('gradient exp(f) - y, hessian exp(f) exp(poisson_max_delta_step), start log(mean), output exp', () => {
    const obj = createObjective(resolveParams({ objective: 'poisson', poisson_max_delta_step: 0.5 }));
    expect(obj).toBeInstanceOf(PoissonObjective);
    obj.init(new Float64Array([0, 1, 5]), null);
    expect(obj.boostFromScore(0)).toBe(Math.log(2));
    expect(gradients(obj, [0, Math.log(2), 1])).toEqual({
      g: [1, 1, Math.E - 5].map(Math.fround),
      h: [Math.exp(0.5), 2 * Math.exp(0.5), Math.E * Math.exp(0.5)].map(Math.fround),
    });
    obj.init(new Float64Array([0, 1, 5]), new Float64Array([1, 3, 0]));
    expect(obj.boostFromScore(0)).toBe(Math.log(3 / 4));
    expect(gradients(obj, [0, 0, 0]).g).toEqual([1, 0, -0]); // (1 - 5) * 0, as LightGBM
    const out = new Float64Array(1);
    obj.convertOutput([2], out);
    expect(out[0]).toBe(Math.exp(2));
    expect(obj.toString()).toBe('poisson');
  });

  it('refuses negative labels and all-zero labels, as LightGBM, naming the row', () => {
    const obj = new PoissonObjective({ poisson_max_delta_step: 0.7 });
    expect(() => obj.init(new Float64Array([1, -2]), null)).toThrow(/poisson objective: label of row 1 is -2; labels must be >= 0/);
    expect(() => obj.init(new Float64Array([0, 0]), null)).toThrow(/every label is 0/);
    expect(() => new GammaObjective().init(new Float64Array([3, -0.5]), null)).toThrow(/gamma objective: label of row 1 is -0.5/);
    expect(() => new TweedieObjective({ tweedie_variance_power: 1.5 }).init(new Float64Array([-1]), null)).toThrow(DataError);
  });
});

describe('gamma objective', () => {
  it('gradient 1 - y exp(-f), hessian y exp(-f), start log(mean)', () => {
    const obj = createObjective(resolveParams({ objective: 'gamma' }));
    obj.init(new Float64Array([2, 6]), null);
    expect(obj.boostFromScore(0)).toBe(Math.log(4));
    expect(gradients(obj, [0, Math.log(2)])).toEqual({ g: [-1, -2], h: [2, 3] });
    expect(obj.toString()).toBe('gamma');
  });
});

describe('tweedie objective', () => {
  it('gradient -y e^((1-rho) f) + e^((2-rho) f), hessian -y (1-rho) e^((1-rho) f) + (2-rho) e^((2-rho) f)', () => {
    const obj = createObjective(resolveParams({ objective: 'tweedie', tweedie_variance_power: 1.25 }));
    expect((obj as TweedieObjective).rho).toBe(1.25);
    obj.init(new Float64Array([3, 1]), null);
    expect(obj.boostFromScore(0)).toBe(Math.log(2));
    const f = 0.4;
    const e1 = Math.exp(-0.25 * f);
    const e2 = Math.exp(0.75 * f);
    expect(gradients(obj, [f, 0])).toEqual({ g: [Math.fround(-3 * e1 + e2), 0], h: [Math.fround(-3 * -0.25 * e1 + 0.75 * e2), Math.fround(0.25 + 0.75)] });
    expect(obj.toString()).toBe('tweedie');
  });

  it('tweedie_variance_power must be in [1, 2)', () => {
    expect(() => resolveParams({ objective: 'tweedie', tweedie_variance_power: 2 })).toThrow(ParamError);
    expect(() => new TweedieObjective({ tweedie_variance_power: 0.5 })).toThrow(/must be in \[1, 2\)/);
  });
});

describe('trained log-link models', () => {
  // counts that grow with x: a poisson model predicts exp(raw), and LightGBM's model.txt keeps the objective
  const n = 200;
  const x = Float64Array.from({ length: n }, (_, i) => i / n);
  const y = Float64Array.from(x, (v, i) => Math.round(Math.exp(2 * v) * (1 + (i % 5) / 4)));
  const data = Dataset.fromColumns({ x, target: y });

  it.each(['poisson', 'gamma', 'tweedie'] as const)('%s: predict() is exp(predictRaw()), the default metric is its own, model.txt round-trips', (objective) => {
    const booster = train({ objective, num_iterations: 20, min_data_in_leaf: 10, verbosity: -1 }, data);
    expect(booster.model.params.metric).toEqual([objective]);
    const raw = booster.predictRaw(data);
    const pred = booster.predict(data) as Float64Array;
    for (let i = 0; i < n; i++) expect(pred[i]).toBe(Math.exp(raw[i]));
    // the fit follows the counts (a constant model would have a correlation of 0)
    expect(pred[n - 1]).toBeGreaterThan(2 * pred[0]);
    const back = loadModel(booster.modelToString());
    expect(back.objective).toBe(objective);
    expect(Array.from(back.predict(data) as Float64Array)).toEqual(Array.from(pred));
    expect(parseObjectiveLine(objective).toString()).toBe(objective);
  });
});
