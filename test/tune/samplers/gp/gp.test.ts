import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/core/rng.js';
import { LogEIAcquisition } from '../../../../src/tune/samplers/gp/acquisition.js';
import { GPRegressor, MarginalLikelihoodObjective, fitKernelParams, type KernelParams } from '../../../../src/tune/samplers/gp/gp.js';
import { kernelMatrix, matern52, matern52Grad } from '../../../../src/tune/samplers/gp/kernel.js';

function randomData(n: number, d: number, cat: Uint8Array, rng: Rng): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) x[i * d + k] = cat[k] === 1 ? rng.below(3) : rng.random();
    y[i] = Math.sin(4 * x[i * d]) + 0.3 * rng.normal();
  }
  return { x, y };
}

describe('Matern 5/2 kernel', () => {
  it('has the closed form and a derivative matching finite differences', () => {
    for (const r2 of [0.01, 0.3, 1, 4.5]) {
      const r = Math.sqrt(r2);
      expect(matern52(r2)).toBeCloseTo((1 + Math.sqrt(5) * r + (5 / 3) * r2) * Math.exp(-Math.sqrt(5) * r), 14);
      const h = 1e-6;
      expect(matern52Grad(r2)).toBeCloseTo((matern52(r2 + h) - matern52(r2 - h)) / (2 * h), 8);
    }
    expect(matern52(0)).toBe(1);
    expect(matern52Grad(0)).toBeCloseTo(-5 / 6, 15);
  });

  it('builds the matrix with squared differences for numbers and Hamming terms for categories', () => {
    const x = new Float64Array([0.1, 0, 0.4, 2, 0.1, 2]); // 3 points: (x, category)
    const ils = new Float64Array([2, 0.5]);
    const out = new Float64Array(9);
    kernelMatrix(x, 3, 2, ils, 1.5, new Uint8Array([0, 1]), out);
    expect(out[0 * 3 + 1]).toBeCloseTo(1.5 * matern52(2 * 0.09 + 0.5), 14);
    expect(out[0 * 3 + 2]).toBeCloseTo(1.5 * matern52(0.5), 14);
    expect(out[1 * 3 + 2]).toBeCloseTo(1.5 * matern52(2 * 0.09), 14);
    expect(out[4]).toBe(1.5);
    expect(out[2 * 3 + 1]).toBe(out[1 * 3 + 2]);
  });
});

describe('GP marginal likelihood', () => {
  it('equals the closed form for two points', () => {
    const x = new Float64Array([0.2, 0.7]);
    const y = new Float64Array([1, -0.5]);
    const obj = new MarginalLikelihoodObjective(x, y, 2, 1, new Uint8Array(1), 1e-6, false);
    const raw = new Float64Array([Math.log(3), Math.log(0.8), Math.log(0.05)]);
    const s = 0.8;
    const nu = 0.05 + 1e-6;
    const k = s * matern52(3 * 0.25);
    const det = (s + nu) ** 2 - k * k;
    const quad = ((s + nu) * (1 + 0.25) - 2 * k * (1 * -0.5)) / det;
    const mll = -0.5 * Math.log(det) - 0.5 * quad;
    const prior = -(0.1 / 3 + 0.3) + Math.log(s) - s + 0.1 * Math.log(nu) - 30 * nu;
    expect(obj.evaluate(raw, null)).toBeCloseTo(-(mll + prior), 12);
  });

  it('has a gradient matching central finite differences (numeric and categorical dims)', () => {
    const rng = new Rng(11);
    const cat = new Uint8Array([0, 1, 0]);
    const { x, y } = randomData(15, 3, cat, rng);
    for (const deterministic of [false, true]) {
      const obj = new MarginalLikelihoodObjective(x, y, 15, 3, cat, 1e-6, deterministic);
      const raw = new Float64Array([0.3, -0.7, 1.1, -0.2, Math.log(0.02)]);
      const grad = new Float64Array(5);
      obj.evaluate(raw, grad);
      for (let k = 0; k < 5; k++) {
        // the deterministic case (noise 1e-6) is ill-conditioned: a wider step keeps FD noise down
        const h = deterministic ? 1e-4 : 1e-6;
        const rp = Float64Array.from(raw);
        const rm = Float64Array.from(raw);
        rp[k] = rp[k] + h;
        rm[k] = rm[k] - h;
        const fd = (obj.evaluate(rp, null) - obj.evaluate(rm, null)) / (2 * h);
        expect(Math.abs(grad[k] - fd)).toBeLessThan((deterministic ? 2e-5 : 1e-6) * Math.max(1, Math.abs(fd)));
      }
      if (deterministic) expect(grad[4]).toBe(0);
    }
  });

  it('the fitted GP interpolates its training points when the objective is deterministic', () => {
    const n = 12;
    const x = Float64Array.from({ length: n }, (_, i) => i / (n - 1));
    const y = Float64Array.from(x, (v) => Math.sin(6 * v));
    const gp = fitKernelParams({ x, y, n, d: 1, isCategorical: new Uint8Array(1), deterministicObjective: true });
    expect(gp.params.noiseVar).toBe(1e-6);
    const out = new Float64Array(2);
    for (let i = 0; i < n; i++) {
      gp.posterior(x.subarray(i, i + 1), out);
      expect(Math.abs(out[0] - y[i])).toBeLessThan(1e-3);
      expect(out[1]).toBeLessThan(1e-4);
    }
    // between training points it predicts the smooth function well
    gp.posterior(new Float64Array([0.5 / (n - 1)]), out);
    expect(out[0]).toBeCloseTo(Math.sin(6 * (0.5 / (n - 1))), 2);
    expect(out[1]).toBeGreaterThan(0);
  });

  it('a noisy fit finds a noise variance near the true one', () => {
    const rng = new Rng(2);
    const n = 80;
    const x = Float64Array.from({ length: n }, () => rng.random());
    const y = Float64Array.from(x, (v) => Math.sin(6 * v) + 0.3 * rng.normal());
    const gp = fitKernelParams({ x, y, n, d: 1, isCategorical: new Uint8Array(1) });
    expect(gp.params.noiseVar).toBeGreaterThan(0.03);
    expect(gp.params.noiseVar).toBeLessThan(0.2);
  });
});

describe('GP fit on many points', () => {
  it('reaches the same optimum through the subset pre-fit as from the default start', () => {
    const rng = new Rng(12);
    const n = 260;
    const d = 2;
    const x = Float64Array.from({ length: n * d }, () => rng.random());
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = Math.sin(5 * x[2 * i]) * x[2 * i + 1] + 0.05 * rng.normal();
    const cat = new Uint8Array(d);
    const viaSubset = fitKernelParams({ x, y, n, d, isCategorical: cat });
    const ones = { inverseSquaredLengthscales: new Float64Array(d).fill(1), kernelScale: 1, noiseVar: 1 };
    const direct = fitKernelParams({ x, y, n, d, isCategorical: cat, initial: ones });
    const obj = new MarginalLikelihoodObjective(x, y, n, d, cat, 1e-6, false);
    const raw = (p: KernelParams) => Float64Array.from([...Array.from(p.inverseSquaredLengthscales, Math.log), Math.log(p.kernelScale), Math.log(p.noiseVar - 1e-6)]);
    const a = obj.evaluate(raw(viaSubset.params), null);
    const b = obj.evaluate(raw(direct.params), null);
    expect(Math.abs(a - b)).toBeLessThan(0.05);
    expect(viaSubset.params.noiseVar).toBeGreaterThan(0.001);
    expect(viaSubset.params.noiseVar).toBeLessThan(0.006);
  });
});

describe('GP posterior and logEI gradients', () => {
  it('match finite differences in the continuous dimensions', () => {
    const rng = new Rng(4);
    const cat = new Uint8Array([0, 0, 1]);
    const { x, y } = randomData(20, 3, cat, rng);
    const gp = new GPRegressor(x, y, 20, 3, cat, {
      inverseSquaredLengthscales: new Float64Array([3, 0.5, 1]),
      kernelScale: 1.3,
      noiseVar: 0.01,
    });
    const acqf = new LogEIAcquisition(gp, 1.2);
    const xq = new Float64Array([0.3, 0.6, 1]);
    const out = new Float64Array(2);
    const dm = new Float64Array(3);
    const dv = new Float64Array(3);
    gp.posteriorWithGrad(xq, out, dm, dv);
    const plain = new Float64Array(2);
    gp.posterior(xq, plain);
    expect(out[0]).toBe(plain[0]);
    expect(out[1]).toBeCloseTo(plain[1], 15);
    const ga = new Float64Array(3);
    const va = acqf.evaluateWithGrad(xq, ga);
    expect(va).toBeCloseTo(acqf.evaluate(xq), 12);
    for (const k of [0, 1]) {
      const h = 1e-6;
      const xp = Float64Array.from(xq);
      const xm = Float64Array.from(xq);
      xp[k] = xp[k] + h;
      xm[k] = xm[k] - h;
      const op = new Float64Array(2);
      const om = new Float64Array(2);
      gp.posterior(xp, op);
      gp.posterior(xm, om);
      expect(dm[k]).toBeCloseTo((op[0] - om[0]) / (2 * h), 6);
      expect(dv[k]).toBeCloseTo((op[1] - om[1]) / (2 * h), 6);
      expect(ga[k]).toBeCloseTo((acqf.evaluate(xp) - acqf.evaluate(xm)) / (2 * h), 5);
    }
    expect(dm[2]).toBe(0);
    expect(ga[2]).toBe(0);
  });
});

describe('GP batched posterior', () => {
  it('equals the one-point posterior and logEI', () => {
    const rng = new Rng(9);
    const cat = new Uint8Array([0, 1]);
    const { x, y } = randomData(70, 2, cat, rng);
    const gp = new GPRegressor(x, y, 70, 2, cat, { inverseSquaredLengthscales: new Float64Array([4, 0.7]), kernelScale: 0.9, noiseVar: 1e-4 });
    const m = 150; // more than one block of 64
    const xs = new Float64Array(m * 2);
    for (let c = 0; c < m; c++) {
      xs[2 * c] = rng.random();
      xs[2 * c + 1] = rng.below(3);
    }
    const mean = new Float64Array(m);
    const variance = new Float64Array(m);
    gp.posteriorBatch(xs, m, mean, variance);
    const acqf = new LogEIAcquisition(gp, 0.5);
    const lei = new Float64Array(m);
    acqf.evaluateBatch(xs, m, lei);
    const out = new Float64Array(2);
    for (let c = 0; c < m; c++) {
      const xc = xs.subarray(2 * c, 2 * c + 2);
      gp.posterior(xc, out);
      expect(mean[c]).toBeCloseTo(out[0], 12);
      expect(variance[c]).toBeCloseTo(out[1], 12);
      expect(Math.abs(lei[c] - acqf.evaluate(xc))).toBeLessThan(1e-9 * Math.max(1, Math.abs(lei[c])));
    }
  });
});
