import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { coarseScale, GradientQuantizer, SCALE_BITS } from '../../../src/gbdt/boosting/gradient-quantizer.js';

/** `n` gradients ~ N(0, sd) and hessians in (0.01, 0.26], rounded to float32 as the objectives write them. */
function gradients(seed: number, n: number, sd = 0.3): { grad: Float32Array; hess: Float32Array } {
  const rng = new Rng(seed);
  const grad = new Float32Array(n);
  const hess = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    grad[i] = sd * rng.normal();
    hess[i] = 0.01 + 0.25 * rng.random();
  }
  return { grad, hess };
}

function maxAbs(a: Float32Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/** Quantizes with `options` into new arrays. */
function run(grad: Float32Array, hess: Float32Array, q: GradientQuantizer): { qg: Float32Array; qh: Float32Array } {
  const qg = new Float32Array(grad.length);
  const qh = new Float32Array(grad.length);
  q.quantize(grad, hess, qg, qh);
  return { qg, qh };
}

describe('coarseScale', () => {
  it('rounds up to SCALE_BITS significant bits, within 2^-(SCALE_BITS-1) relative', () => {
    const rng = new Rng(4);
    for (let k = 0; k < 2000; k++) {
      const x = Math.exp(20 * (rng.random() - 0.5));
      const s = coarseScale(x);
      expect(s).toBeGreaterThanOrEqual(x);
      expect((s - x) / x).toBeLessThan(2 ** -(SCALE_BITS - 1));
      // s / 2^(exponent - 16) is an integer below 2^17
      const unit = 2 ** (Math.floor(Math.log2(s)) - (SCALE_BITS - 1));
      expect(Number.isInteger(s / unit)).toBe(true);
      expect(s / unit).toBeLessThan(2 ** SCALE_BITS);
    }
  });
});

describe('GradientQuantizer', () => {
  const n = 5000;
  const { grad, hess } = gradients(1, n);

  it.each([2, 4, 7, 16, 127])('bins = %i: scales from the largest |gradient| and hessian, integer steps in [-B/2, B/2] and [0, B]', (bins) => {
    const q = new GradientQuantizer(n, { bins, seed: 3 });
    const { qg, qh } = run(grad, hess, q);
    const half = bins >> 1;
    const gMax = maxAbs(grad) / half;
    const hMax = maxAbs(hess) / bins;
    expect(q.gradScale).toBeGreaterThanOrEqual(gMax);
    expect(q.gradScale).toBeLessThan(gMax * (1 + 2 ** -16));
    expect(q.hessScale).toBeGreaterThanOrEqual(hMax);
    expect(q.hessScale).toBeLessThan(hMax * (1 + 2 ** -16));
    const seenG = new Set<number>();
    for (let i = 0; i < n; i++) {
      const sg = qg[i] / q.gradScale;
      const sh = qh[i] / q.hessScale;
      expect(Number.isInteger(sg)).toBe(true);
      expect(Number.isInteger(sh)).toBe(true);
      expect(Math.abs(sg)).toBeLessThanOrEqual(half);
      expect(sh).toBeGreaterThanOrEqual(0);
      expect(sh).toBeLessThanOrEqual(bins);
      // stochastic rounding goes to one of the two neighbours of the true value
      expect(Math.abs(sg - grad[i] / q.gradScale)).toBeLessThan(1);
      expect(Math.abs(sh - hess[i] / q.hessScale)).toBeLessThan(1);
      seenG.add(sg);
    }
    // the largest |gradient| is B/2 steps (less the scale's rounding up): it quantizes to B/2 or B/2 - 1
    expect(seenG.size).toBeLessThanOrEqual(2 * half + 1);
    expect(Math.max(...Array.from(seenG, Math.abs))).toBeGreaterThanOrEqual(half - 1);
  });

  it('stochastic rounding is unbiased: the mean quantized value over many rows is the true mean', () => {
    // every row the same value, a third of a step above a step: each row rounds down 2/3 and up 1/3 of the time
    const rows = 60000;
    const g = new Float32Array(rows).fill(0.3);
    g[0] = 1; // sets the scale: 1 / 2 per step at B = 4; 0.3 is 0.6 steps
    const h = new Float32Array(rows).fill(0.1);
    h[0] = 0.4; // 0.1 per step: 0.1 is one step exactly, 0.25 below would be 2.5 steps
    for (let i = 1; i < rows; i += 2) h[i] = 0.25;
    const q = new GradientQuantizer(rows, { bins: 4, seed: 7 });
    const { qg, qh } = run(g, h, q);
    let sg = 0;
    let sh = 0;
    let sh25 = 0;
    for (let i = 1; i < rows; i++) {
      sg += qg[i];
      if (i % 2 === 1) sh25 += qh[i];
      else sh += qh[i];
    }
    const m = rows - 1;
    // the standard error of a mean of m Bernoulli steps is at most 0.5 step / sqrt(m); allow 5 of them
    const tol = (5 * 0.5) / Math.sqrt(m / 2);
    expect(Math.abs(sg / m / q.gradScale - 0.3 / q.gradScale)).toBeLessThan(tol);
    expect(Math.abs(sh25 / (m / 2) / q.hessScale - 0.25 / q.hessScale)).toBeLessThan(tol);
    // 0.1 is an exact step up to the scale's rounding (2^-16): it rounds to that step almost always
    expect(Math.abs(sh / (m / 2) - 0.1)).toBeLessThan(1e-4);
  });

  it('round-to-nearest (stochastic_rounding = false) takes the nearest step, and needs no draws', () => {
    const q = new GradientQuantizer(n, { bins: 8, stochastic: false, seed: 3 });
    const { qg, qh } = run(grad, hess, q);
    for (let i = 0; i < n; i++) {
      expect(Math.abs(qg[i] / q.gradScale - grad[i] / q.gradScale)).toBeLessThanOrEqual(0.5 + 1e-12);
      expect(Math.abs(qh[i] / q.hessScale - hess[i] / q.hessScale)).toBeLessThanOrEqual(0.5 + 1e-12);
    }
    // the same values whatever the seed
    const other = run(grad, hess, new GradientQuantizer(n, { bins: 8, stochastic: false, seed: 99 }));
    expect(other.qg).toEqual(qg);
    expect(other.qh).toEqual(qh);
  });

  it('a constant hessian is one step of the hessian', () => {
    const h = new Float32Array(n).fill(1);
    const q = new GradientQuantizer(n, { bins: 4, seed: 1, constantHessian: true });
    const { qh } = run(grad, h, q);
    expect(q.hessScale).toBe(1);
    expect(qh.every((v) => v === 1)).toBe(true);
  });

  it('is deterministic given the seed; another seed (or the next tree) draws differently', () => {
    const a = new GradientQuantizer(n, { seed: 11 });
    const b = new GradientQuantizer(n, { seed: 11 });
    const first = run(grad, hess, a);
    expect(run(grad, hess, b)).toEqual(first);
    const second = run(grad, hess, a);
    expect(run(grad, hess, b)).toEqual(second);
    expect(second.qg).not.toEqual(first.qg);
    expect(run(grad, hess, new GradientQuantizer(n, { seed: 12 })).qg).not.toEqual(first.qg);
  });

  it('sums of quantized values are exact: (integer sum) x scale in any order', () => {
    const big = gradients(5, 200000, 3);
    const q = new GradientQuantizer(big.grad.length, { bins: 16, seed: 2 });
    const { qg, qh } = run(big.grad, big.hess, q);
    let fwd = 0;
    let back = 0;
    let ints = 0;
    let fh = 0;
    let ih = 0;
    for (let i = 0; i < qg.length; i++) {
      fwd += qg[i];
      ints += Math.round(qg[i] / q.gradScale);
      fh += qh[i];
      ih += Math.round(qh[i] / q.hessScale);
    }
    for (let i = qg.length - 1; i >= 0; i--) back += qg[i];
    expect(fwd).toBe(ints * q.gradScale);
    expect(back).toBe(fwd);
    expect(fh).toBe(ih * q.hessScale);
  });

  it('all-zero gradients quantize to zero', () => {
    const z = new Float32Array(10);
    const { qg, qh } = run(z, z, new GradientQuantizer(10, { seed: 1 }));
    expect(Array.from(qg)).toEqual(new Array(10).fill(0));
    expect(Array.from(qh)).toEqual(new Array(10).fill(0));
  });
});
