import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/core/rng.js';
import { Cma } from '../../../../src/tune/samplers/cmaes/cma.js';
import { symmetricEigen } from '../../../../src/tune/samplers/cmaes/eigen.js';
import { FloatDistribution, IntDistribution } from '../../../../src/tune/distributions.js';
import { CMAES_REFERENCE } from './cmaes-reference.data.js';

function randomSymmetric(n: number, rng: Rng): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = rng.normal();
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

describe('symmetricEigen (Jacobi)', () => {
  it('reconstructs A = B diag(w) B^T with orthonormal B, eigenvalues ascending', () => {
    const rng = new Rng(3);
    for (const n of [1, 2, 3, 6, 12]) {
      const a = randomSymmetric(n, rng);
      const w = new Float64Array(n);
      const b = new Float64Array(n * n);
      symmetricEigen(a, n, w, b);
      for (let i = 1; i < n; i++) expect(w[i]).toBeGreaterThanOrEqual(w[i - 1]);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let rec = 0;
          let orth = 0;
          for (let k = 0; k < n; k++) {
            rec += b[i * n + k] * w[k] * b[j * n + k];
            orth += b[k * n + i] * b[k * n + j];
          }
          expect(rec).toBeCloseTo(a[i * n + j], 11);
          expect(orth).toBeCloseTo(i === j ? 1 : 0, 12);
        }
      }
    }
  });

  it('matches known eigenvalues', () => {
    const w = new Float64Array(2);
    const v = new Float64Array(4);
    symmetricEigen(Float64Array.of(2, 1, 1, 2), 2, w, v);
    expect(w[0]).toBeCloseTo(1, 14);
    expect(w[1]).toBeCloseTo(3, 14);
    // numpy.linalg.eigvalsh([[4,1,2],[1,3,0],[2,0,5]]) = [1.6715..., 3.4798..., 6.8486...] (trace 12, det 43)
    const w3 = new Float64Array(3);
    symmetricEigen(Float64Array.of(4, 1, 2, 1, 3, 0, 2, 0, 5), 3, w3, new Float64Array(9));
    expect(w3[0] + w3[1] + w3[2]).toBeCloseTo(12, 12);
    expect(w3[0] * w3[1] * w3[2]).toBeCloseTo(43, 10);
  });
});

describe('Cma', () => {
  function run(es: Cma, f: (x: Float64Array) => number, gens: number, seed: number): number {
    const rng = new Rng(seed);
    let best = Infinity;
    for (let g = 0; g < gens; g++) {
      const sols = [];
      for (let k = 0; k < es.popsize; k++) {
        const x = es.ask(rng);
        const value = f(x);
        best = Math.min(best, value);
        sols.push({ x, value });
      }
      es.tell(sols);
    }
    return best;
  }

  it("has the cmaes library's default population and learns a rotated ellipsoid", () => {
    expect(new Cma({ mean: [0, 0], sigma: 1 }).popsize).toBe(6); // 4 + floor(3 ln 2)
    expect(new Cma({ mean: new Float64Array(10), sigma: 1 }).popsize).toBe(10);
    const quad = (x: Float64Array) => (x[0] - 3) ** 2 + (10 * (x[1] + 2)) ** 2; // the library's README example
    const es = new Cma({ mean: [0, 0], sigma: 1.3 });
    const best = run(es, quad, 80, 1);
    expect(best).toBeLessThan(1e-8);
    expect(es.mean[0]).toBeCloseTo(3, 3);
    expect(es.mean[1]).toBeCloseTo(-2, 4);
    // rotated, ill-conditioned ellipsoid in 5-D: the covariance must adapt
    const rot = (x: Float64Array) => {
      let s = 0;
      for (let i = 0; i < 5; i++) {
        let z = 0;
        for (let j = 0; j <= i; j++) z += x[j];
        s += 10 ** ((2 * i) / 4) * z * z;
      }
      return s;
    };
    expect(run(new Cma({ mean: [1, 1, 1, 1, 1], sigma: 0.5 }), rot, 250, 2)).toBeLessThan(1e-8);
  });

  it('separable CMA-ES solves a separable ellipsoid and keeps a diagonal covariance', () => {
    const ell = (x: Float64Array) => x.reduce((s, v, i) => s + 10 ** (i / 2) * v * v, 0);
    const es = new Cma({ mean: [1, 1, 1, 1, 1, 1], sigma: 0.5, separable: true });
    expect(run(es, ell, 200, 5)).toBeLessThan(1e-8);
    const c = es.covariance();
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) if (i !== j) expect(c[i * 6 + j]).toBe(0);
  });

  it('keeps solutions inside the bounds', () => {
    const es = new Cma({ mean: [0.9, 0.1], sigma: 2, bounds: [0, 1, 0, 1], nMaxResampling: 3 });
    const rng = new Rng(4);
    for (let i = 0; i < 200; i++) {
      const x = es.ask(rng);
      expect(x[0] >= 0 && x[0] <= 1 && x[1] >= 0 && x[1] <= 1).toBe(true);
    }
  });

  it('round-trips its state through JSON and continues identically', () => {
    const f = (x: Float64Array) => (x[0] - 0.3) ** 2 + 5 * (x[1] - 0.7) ** 2 + x[0] * x[1];
    const a = new Cma({ mean: [0.5, 0.5], sigma: 0.2, bounds: [0, 1, 0, 1] });
    run(a, f, 5, 9);
    const b = Cma.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(b.generation).toBe(5);
    expect(Array.from(b.covariance())).toEqual(Array.from(a.covariance()));
    const ra = run(a, f, 5, 10);
    const rb = run(b, f, 5, 10);
    expect(rb).toBe(ra);
    expect(Array.from(b.mean)).toEqual(Array.from(a.mean));
    expect(b.sigma).toBe(a.sigma);
  });

  it('rejects a bad start', () => {
    expect(() => new Cma({ mean: [0], sigma: 0 })).toThrow(/sigma/);
    expect(() => new Cma({ mean: [2], sigma: 1, bounds: [0, 1] })).toThrow(/bounds/);
  });
});

describe('Cma agrees with the cmaes library', () => {
  const f = (x: readonly number[]) => (x[0] - 0.2) ** 2 + 3 * (x[1] - 0.8) ** 2 + (x[2] - 0.5) ** 2 + x[0] * x[2];
  it.each(['full', 'sep'] as const)('%s: mean, sigma, C and paths after each tell', (kind) => {
    const ref = CMAES_REFERENCE[kind];
    const es = new Cma({ mean: [0.5, 0.4, 0.6], sigma: 0.2, bounds: [0, 1, 0, 1, 0, 1], separable: kind === 'sep' });
    expect(es.popsize).toBe(ref.popsize);
    for (const gen of ref.gens) {
      es.tell(gen.xs.map((x) => ({ x, value: f(x) })));
      const s = es.toJSON();
      for (let i = 0; i < 3; i++) {
        expect(s.mean[i]).toBeCloseTo(gen.mean[i], 12);
        expect(s.pSigma[i]).toBeCloseTo(gen.pSigma[i], 11);
        expect(s.pc[i]).toBeCloseTo(gen.pc[i], 11);
      }
      expect(s.sigma).toBeCloseTo(gen.sigma, 12);
      const c = es.covariance();
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(c[i * 3 + j]).toBeCloseTo(gen.C[i][j], 11);
    }
  });
});
