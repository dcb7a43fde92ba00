import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/core/rng.js';
import {
  cholesky,
  choleskySolve,
  inverseFromCholesky,
  solveLower,
  solveLowerTransposed,
} from '../../../../src/tune/samplers/gp/linalg.js';

/** A random SPD matrix B Bᵀ + n·I, row-major. */
function randomSpd(n: number, rng: Rng): Float64Array {
  const b = Array.from({ length: n * n }, () => rng.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
      a[i * n + j] = s;
    }
  return a;
}

/** Textbook column-by-column Cholesky on nested arrays (Cholesky–Crout), as the reference. */
function naiveCholesky(a: Float64Array, n: number): number[][] {
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let s = a[j * n + j];
    for (let k = 0; k < j; k++) s -= l[j][k] ** 2;
    l[j][j] = Math.sqrt(s);
    for (let i = j + 1; i < n; i++) {
      let t = a[i * n + j];
      for (let k = 0; k < j; k++) t -= l[i][k] * l[j][k];
      l[i][j] = t / l[j][j];
    }
  }
  return l;
}

/** Gaussian elimination with partial pivoting, as the reference solver. */
function naiveSolve(a: Float64Array, n: number, b: number[]): number[] {
  const m = Array.from({ length: n }, (_, i) => [...Array.from(a.subarray(i * n, (i + 1) * n)), b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k];
    x[r] = s / m[r][r];
  }
  return x;
}

describe('gp linalg', () => {
  it('Cholesky matches the textbook algorithm and reproduces A', () => {
    const rng = new Rng(3);
    for (const n of [1, 2, 7, 30]) {
      const a = randomSpd(n, rng);
      const l = new Float64Array(n * n);
      expect(cholesky(a, n, l)).toBe(true);
      const ref = naiveCholesky(a, n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          expect(l[i * n + j]).toBeCloseTo(j <= i ? ref[i][j] : 0, 9);
          let s = 0;
          for (let k = 0; k < n; k++) s += l[i * n + k] * l[j * n + k];
          expect(s).toBeCloseTo(a[i * n + j], 8);
        }
    }
  });

  it('Cholesky works in place and reports a matrix that is not positive definite', () => {
    const a = new Float64Array([4, 2, 2, 3]);
    expect(cholesky(a, 2, a)).toBe(true);
    expect(Array.from(a)).toEqual([2, 0, 1, Math.SQRT2]);
    expect(cholesky(new Float64Array([1, 2, 2, 1]), 2, new Float64Array(4))).toBe(false);
  });

  it('triangular and Cholesky solves match Gaussian elimination', () => {
    const rng = new Rng(5);
    const n = 12;
    const a = randomSpd(n, rng);
    const l = new Float64Array(n * n);
    cholesky(a, n, l);
    const b = Array.from({ length: n }, () => rng.normal());
    const x = new Float64Array(n);
    choleskySolve(l, n, b, x);
    const ref = naiveSolve(a, n, b);
    for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(ref[i], 9);
    // L y = b and Lᵀ z = b against elimination on the triangular matrices
    const lt = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) lt[i * n + j] = l[j * n + i];
    const y = new Float64Array(n);
    solveLower(l, n, b, y);
    const yRef = naiveSolve(l, n, b);
    const z = new Float64Array(n);
    solveLowerTransposed(l, n, b, z);
    const zRef = naiveSolve(lt, n, b);
    for (let i = 0; i < n; i++) {
      expect(y[i]).toBeCloseTo(yRef[i], 9);
      expect(z[i]).toBeCloseTo(zRef[i], 9);
    }
  });

  it('the inverse from the Cholesky factor satisfies A·A⁻¹ = I', () => {
    const rng = new Rng(8);
    const n = 20;
    const a = randomSpd(n, rng);
    const l = new Float64Array(n * n);
    cholesky(a, n, l);
    const inv = new Float64Array(n * n);
    inverseFromCholesky(l, n, inv, new Float64Array(n * n));
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += a[i * n + k] * inv[k * n + j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 10);
        expect(inv[i * n + j]).toBe(inv[j * n + i]);
      }
  });
});
