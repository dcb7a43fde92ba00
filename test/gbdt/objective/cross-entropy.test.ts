// cross_entropy and cross_entropy_lambda (labels in [0, 1]) on hand examples, in LightGBM's
// arithmetic (src/objective/xentropy_objective.hpp), and trained models' predictions.
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/errors.js';
import { K_EPSILON } from '../../../src/core/constants.js';
import { Dataset } from '../../../src/data/dataset.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import { loadModel } from '../../../src/gbdt/boosting/model-io.js';
import { createObjective } from '../../../src/gbdt/objective/registry.js';
import { CrossEntropyLambdaObjective, CrossEntropyObjective } from '../../../src/gbdt/objective/cross-entropy.js';
import { resolveParams } from '../../../src/params/resolve.js';

function gradients(obj: { getGradients(s: Float64Array, g: Float32Array, h: Float32Array): void }, score: number[]) {
  const g = new Float32Array(score.length);
  const h = new Float32Array(score.length);
  obj.getGradients(Float64Array.from(score), g, h);
  return { g: Array.from(g), h: Array.from(h) };
}

describe('cross_entropy objective', () => {
  it('gradient p - y, hessian p (1 - p), in LightGBM\'s two forms; log-odds start; sigmoid output', () => {
    const obj = createObjective(resolveParams({ objective: 'xentropy' }));
    expect(obj).toBeInstanceOf(CrossEntropyObjective);
    obj.init(new Float64Array([0, 0.25, 1, 1]), null);
    expect(obj.boostFromScore(0)).toBe(Math.log(0.5625 / (1 - 0.5625)));
    const { g, h } = gradients(obj, [0, Math.log(3), -40, -40]);
    expect(g.slice(0, 2)).toEqual([0.5, 0.5].map(Math.fround));
    expect(h.slice(0, 2)).toEqual([0.25, 0.75 * 0.25].map(Math.fround));
    // below a score of -37: gradient exp(f) - y, hessian exp(f)
    expect(g[2]).toBe(Math.fround(Math.exp(-40) - 1));
    expect(h[2]).toBe(Math.fround(Math.exp(-40)));
    const out = new Float64Array(1);
    obj.convertOutput([Math.log(3)], out);
    expect(out[0]).toBeCloseTo(0.75, 15);
    expect(obj.toString()).toBe('cross_entropy');
  });

  it('takes 1 - label in float, as LightGBM', () => {
    const obj = new CrossEntropyObjective();
    obj.init(new Float64Array([0.1]), null);
    const y = Math.fround(0.1);
    const e = Math.exp(-0.3);
    expect(gradients(obj, [0.3]).g[0]).toBe(Math.fround((Math.fround(1 - y) - y * e) / (1 + e)));
  });

  it('clamps the start to [1e-15, 1 - 1e-15] (float kEpsilon) and weighs the mean label', () => {
    const obj = new CrossEntropyObjective();
    obj.init(new Float64Array([1, 1]), null);
    expect(obj.boostFromScore(0)).toBe(Math.log((1 - K_EPSILON) / (1 - (1 - K_EPSILON))));
    obj.init(new Float64Array([0, 1]), new Float64Array([3, 1]));
    expect(obj.boostFromScore(0)).toBe(Math.log(0.25 / 0.75));
    expect(gradients(obj, [0, 0]).g).toEqual([1.5, -0.5]);
  });

  it('refuses labels outside [0, 1], naming the row, and weights that sum to 0', () => {
    expect(() => new CrossEntropyObjective().init(new Float64Array([0, 1, 2]), null)).toThrow(/cross_entropy objective: label of row 2 is 2; labels must be in \[0, 1\]/);
    expect(() => new CrossEntropyObjective().init(new Float64Array([0.5]), new Float64Array([0]))).toThrow(/weights sum to 0/);
  });
});

describe('cross_entropy_lambda objective', () => {
  it('without weights: the gradients of cross_entropy; start log(expm1(mean)); output log(1 + exp(f))', () => {
    const obj = createObjective(resolveParams({ objective: 'xentlambda' }));
    expect(obj).toBeInstanceOf(CrossEntropyLambdaObjective);
    obj.init(new Float64Array([0, 0.5, 1]), null);
    expect(obj.boostFromScore(0)).toBe(Math.log(Math.expm1(0.5)));
    const xe = new CrossEntropyObjective();
    xe.init(new Float64Array([0, 0.5, 1]), null);
    const s = [-1.5, 0.2, 2];
    const a = gradients(obj, s);
    const b = gradients(xe, s);
    for (let i = 0; i < 3; i++) {
      expect(a.g[i]).toBeCloseTo(b.g[i], 6);
      expect(a.h[i]).toBeCloseTo(b.h[i], 6);
    }
    const out = new Float64Array(1);
    obj.convertOutput([0.7], out);
    expect(out[0]).toBe(Math.log1p(Math.exp(0.7)));
    expect(obj.toString()).toBe('cross_entropy_lambda');
  });

  it('weights enter the loss (p = 1 - exp(-w lambda)) and must be > 0', () => {
    const obj = new CrossEntropyLambdaObjective();
    obj.init(new Float64Array([1]), new Float64Array([2]));
    // d/df -log(1 - exp(-2 log(1 + e^f))) at f = 0: lambda = log 2, z = 1 - 1/4
    const z = 0.75;
    expect(gradients(obj, [0]).g[0]).toBe(Math.fround(((1 - 1 / z) * 2) / 2));
    expect(() => obj.init(new Float64Array([1, 0]), new Float64Array([1, 0]))).toThrow(/weight of row 1 is 0; weights must be > 0/);
    expect(() => obj.init(new Float64Array([-0.5]), null)).toThrow(DataError);
  });
});

describe('trained cross-entropy models', () => {
  // observed rates (in [0, 1], more than 50 distinct: a numeric target) rising with x
  const n = 300;
  const x = Float64Array.from({ length: n }, (_, i) => i / n);
  const rate = Float64Array.from(x, (v, i) => Math.min(1, Math.max(0, v * 0.8 + 0.1 + ((i * 37) % 11) / 100 - 0.05)));
  const data = Dataset.fromColumns({ x, target: rate });

  it('cross_entropy predicts probabilities (sigmoid of the raw score), not classes; model.txt round-trips', () => {
    const booster = train({ objective: 'cross_entropy', num_iterations: 30, min_data_in_leaf: 10, verbosity: -1 }, data);
    expect(booster.model.params.metric).toEqual(['cross_entropy']);
    expect(booster.classes).toBeNull();
    const raw = booster.predictRaw(data);
    const p = booster.predict(data) as Float64Array;
    for (let i = 0; i < n; i++) expect(p[i]).toBe(1 / (1 + Math.exp(-raw[i])));
    expect(p[n - 1] - p[0]).toBeGreaterThan(0.5);
    expect(() => booster.predictProba(data)).toThrow(/not a classification objective/);
    const back = loadModel(booster.modelToString());
    expect(back.objective).toBe('cross_entropy');
    expect(Array.from(back.predict(data) as Float64Array)).toEqual(Array.from(p));
  });

  it('cross_entropy_lambda predicts log(1 + exp(raw))', () => {
    const booster = train({ objective: 'cross_entropy_lambda', num_iterations: 10, min_data_in_leaf: 10, verbosity: -1 }, data);
    const raw = booster.predictRaw(data);
    const lambda = booster.predict(data) as Float64Array;
    for (let i = 0; i < n; i++) expect(lambda[i]).toBe(Math.log1p(Math.exp(raw[i])));
  });
});
