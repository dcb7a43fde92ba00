// The robust regression objectives (fair, quantile, mape) on hand examples, in LightGBM's
// arithmetic (src/objective/regression_objective.hpp): quantile's alpha is a 32-bit float,
// mape weighs rows by 1 / max(1, |label|), both re-fit leaves to percentiles of the residuals.
import { describe, expect, it } from 'vitest';
import { DataError, ParamError } from '../../../src/core/errors.js';
import { captureLogs } from '../../../src/core/log.js';
import { createObjective, parseObjectiveLine } from '../../../src/gbdt/objective/registry.js';
import { FairObjective } from '../../../src/gbdt/objective/regression.js';
import { QuantileObjective } from '../../../src/gbdt/objective/quantile.js';
import { MapeObjective } from '../../../src/gbdt/objective/mape.js';
import { resolveParams } from '../../../src/params/resolve.js';

function gradients(obj: { getGradients(s: Float64Array, g: Float32Array, h: Float32Array): void }, score: number[]) {
  const g = new Float32Array(score.length);
  const h = new Float32Array(score.length);
  obj.getGradients(Float64Array.from(score), g, h);
  return { g: Array.from(g), h: Array.from(h) };
}

describe('fair objective', () => {
  it('gradient c x / (|x| + c), hessian c^2 / (|x| + c)^2, mean start', () => {
    const obj = createObjective(resolveParams({ objective: 'fair', fair_c: 2 }));
    expect(obj).toBeInstanceOf(FairObjective);
    obj.init(new Float64Array([1, 4, 7]), null);
    expect(obj.boostFromScore(0)).toBe(4);
    const { g, h } = gradients(obj, [5, 4, 1]);
    expect(g).toEqual([8 / 6, 0, -12 / 8].map(Math.fround));
    expect(h).toEqual([4 / 36, 1, 4 / 64].map(Math.fround));
    expect(obj.isConstantHessian?.()).toBe(false);
    expect(obj.toString()).toBe('fair');
  });
});

describe('quantile objective', () => {
  it('holds alpha as a 32-bit float and starts from LightGBM\'s percentile of the labels', () => {
    const obj = createObjective(resolveParams({ objective: 'quantile', alpha: 0.9 })) as QuantileObjective;
    expect(obj.alpha).toBe(Math.fround(0.9));
    obj.init(Float64Array.from({ length: 10 }, (_, i) => i + 1), null);
    // from the top: floatPos = 9 (1 - alpha) = 0.9000002..., pos 1: d[0] - (d[0] - d[1]) * 0.9000002...
    const bias = 9 * (1 - Math.fround(0.9));
    expect(obj.boostFromScore(0)).toBe(Math.fround(10 - bias));
    expect(obj.boostFromScore(0)).not.toBe(Math.fround(10 - 9 * (1 - 0.9)));
  });

  it('gradients are 1 - alpha at or above the label, -alpha below (times the weight); hessians 1', () => {
    const obj = new QuantileObjective({ alpha: 0.3 });
    obj.init(new Float64Array([1, 2, 3]), null);
    const a = Math.fround(0.3);
    expect(gradients(obj, [1, 5, 0])).toEqual({ g: [Math.fround(1 - a), Math.fround(1 - a), -a], h: [1, 1, 1] });
    obj.init(new Float64Array([1, 2, 3]), new Float64Array([2, 0.5, 4]));
    expect(gradients(obj, [1, 5, 0])).toEqual({ g: [2 * Math.fround(1 - a), 0.5 * Math.fround(1 - a), Math.fround(-4 * a)], h: [2, 0.5, 4] });
  });

  it('re-fits a leaf to the alpha quantile of its residuals', () => {
    const obj = new QuantileObjective({ alpha: 0.75 });
    obj.init(new Float64Array([10, 20, 30, 40, 50, 60]), null);
    expect(obj.isRenewTreeOutput).toBe(true);
    const score = new Float64Array(6).fill(5);
    // rows 1..4: residuals 15, 25, 35, 45; from the top floatPos = 3 * 0.25 = 0.75: 45 - 10 * 0.75
    expect(obj.renewTreeOutput(new Uint32Array([0, 1, 2, 3, 4, 5]), 1, 4, score)).toBe(37.5);
    // weighted: cdf 1, 2, 3, 7 of 15, 25, 35, 45; threshold 5.25 → the last → 45
    obj.init(new Float64Array([10, 20, 30, 40, 50, 60]), new Float64Array([9, 1, 1, 1, 4, 9]));
    expect(obj.renewTreeOutput(new Uint32Array([0, 1, 2, 3, 4, 5]), 1, 4, score)).toBe(45);
  });

  it('alpha must be in (0, 1): the params check and the objective say so', () => {
    expect(() => resolveParams({ objective: 'quantile', alpha: 1 })).toThrow(ParamError);
    expect(() => resolveParams({ objective: 'quantile', alpha: 1.5 })).toThrow(/alpha = 1.5 is not valid for objective quantile: the quantile must be in \(0, 1\)/);
    expect(resolveParams({ objective: 'huber', alpha: 1.5 }).alpha).toBe(1.5);
    expect(() => new QuantileObjective({ alpha: 1 })).toThrow(DataError);
  });
});

describe('mape objective', () => {
  it('weighs rows by 1 / max(1, |label|) in float: gradients, start from the weighted median', () => {
    const obj = createObjective(resolveParams({ objective: 'mean_absolute_percentage_error' }));
    expect(obj).toBeInstanceOf(MapeObjective);
    obj.init(new Float64Array([2, 3, 4]), null);
    // weights 1/2, 1/3, 1/4: cdf 0.5, 0.83, 1.08, threshold 0.54 → position 1, its step 0.33 < 1 → the value before: 2
    expect(obj.boostFromScore(0)).toBe(2);
    expect(gradients(obj, [5, 3, 0])).toEqual({ g: [0.5, 0, -0.25], h: [1, 1, 1] });
    expect(gradients(obj, [-5, 0, 0]).g[1]).toBe(-Math.fround(1 / 3));
    obj.init(new Float64Array([2, 3, 4]), new Float64Array([2, 1, 4]));
    expect(gradients(obj, [5, 0, 0])).toEqual({ g: [1, -Math.fround(1 / 3), -1], h: [2, 1, 4] });
    expect(obj.isConstantHessian?.()).toBe(true);
  });

  it('re-fits a leaf to the weighted median residual', () => {
    const obj = new MapeObjective();
    obj.init(new Float64Array([100, 1, 1, 1]), null);
    // residuals 100, 1, 1, 1 (score 0) with weights 0.01, 1, 1, 1: the median is 1
    expect(obj.renewTreeOutput(new Uint32Array([0, 1, 2, 3]), 0, 4, new Float64Array(4))).toBe(1);
    const big = new MapeObjective();
    big.init(new Float64Array([100, 200, 300, 400]), null);
    // residuals 100..400 with weights 1/100..1/400: cdf .01, .015, .0183, .0208; threshold .0104 → position 1,
    // a step lighter than 1 → the value before it (LightGBM 4.7; 4.6 gave 200)
    expect(big.renewTreeOutput(new Uint32Array([0, 1, 2, 3]), 0, 4, new Float64Array(4))).toBe(100);
  });

  it('warns once (as LightGBM) when labels are below 1 in absolute value', () => {
    const logs = captureLogs(() => new MapeObjective().init(new Float64Array([5, 0.5, -0.2]), null));
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      'mape objective: some labels are < 1 in absolute value (row 1: 0.5); MAPE is unstable there, so they count as 1',
    ]);
  });
});

describe('model files', () => {
  it('reads fair, quantile and mape lines back as trainable objectives that write the same line', () => {
    for (const line of ['fair', 'quantile', 'mape']) {
      const obj = parseObjectiveLine(line);
      expect(obj.toString()).toBe(line);
      expect(() => obj.init(new Float64Array([1, 2]), null)).not.toThrow();
    }
  });
});
