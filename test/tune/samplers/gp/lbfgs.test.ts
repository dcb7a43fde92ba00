import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from '../../../../src/tune/samplers/gp/lbfgs.js';

function rosenbrock(x: Float64Array, g: Float64Array): number {
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i];
    const b = x[i + 1];
    f += 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    g[i] = g[i] - 400 * a * (b - a * a) - 2 * (1 - a);
    g[i + 1] = g[i + 1] + 200 * (b - a * a);
  }
  return f;
}

describe('minimizeLbfgs', () => {
  it('converges on the 2-D and 6-D Rosenbrock function', () => {
    for (const x0 of [[-1.2, 1], [-1, 1.5, -0.5, 2, 0, 1]]) {
      const res = minimizeLbfgs(rosenbrock, Float64Array.from(x0), { maxIter: 1000, pgtol: 1e-8, factr: 10 });
      expect(res.converged).toBe(true);
      expect(res.f).toBeLessThan(1e-10);
      for (const v of res.x) expect(v).toBeCloseTo(1, 4);
    }
  });

  it('respects box bounds: the minimum on the boundary is found', () => {
    // minimum of (x0-3)² + (x1+1)² + (x2-0.5)² over [0,1]³ is at (1, 0, 0.5)
    const res = minimizeLbfgs(
      (x, g) => {
        g[0] = 2 * (x[0] - 3);
        g[1] = 2 * (x[1] + 1);
        g[2] = 2 * (x[2] - 0.5);
        return (x[0] - 3) ** 2 + (x[1] + 1) ** 2 + (x[2] - 0.5) ** 2;
      },
      new Float64Array([0.2, 0.9, 0.1]),
      { lower: new Float64Array(3), upper: new Float64Array([1, 1, 1]), pgtol: 1e-9 },
    );
    expect(res.x[0]).toBe(1);
    expect(res.x[1]).toBe(0);
    expect(res.x[2]).toBeCloseTo(0.5, 8);
    expect(res.f).toBeCloseTo(5, 10);
  });

  it('backs off from steps where f is not finite', () => {
    // f = x - log(x) is undefined for x ≤ 0; minimum at x = 1
    const res = minimizeLbfgs(
      (x, g) => {
        const v = x[0];
        g[0] = 1 - 1 / v;
        return v > 0 ? v - Math.log(v) : Infinity;
      },
      new Float64Array([0.05]),
      { pgtol: 1e-10 },
    );
    expect(res.x[0]).toBeCloseTo(1, 6);
  });

  it('stops at the evaluation cap with the best point accepted so far', () => {
    let calls = 0;
    const res = minimizeLbfgs(
      (x, g) => {
        calls++;
        return rosenbrock(x, g);
      },
      new Float64Array([-1.2, 1]),
      { maxEvaluations: 5 },
    );
    expect(calls).toBe(5);
    expect(res.evaluations).toBe(5);
    expect(res.converged).toBe(false);
    const g = new Float64Array(2);
    expect(res.f).toBe(rosenbrock(res.x, g));
    expect(res.f).toBeLessThan(rosenbrock(new Float64Array([-1.2, 1]), g));
  });
});
