/**
 * The Matern 5/2 kernel with automatic relevance determination (one length scale per dimension),
 * as Optuna's GP uses it (`optuna/_gp/gp.py`): `k(x, x') = scale · m(r²)` with
 * `r² = Σ_d (x_d − x'_d)² / ℓ_d²` for continuous dimensions and the Hamming term
 * `[x_d ≠ x'_d] / ℓ_d²` for categorical ones, and `m(r²) = exp(−√(5r²)) (5r²/3 + √(5r²) + 1)`.
 * The kernel is written as a function of r² so that its derivative is finite at r² = 0.
 *
 * Reference: Rasmussen & Williams, "Gaussian Processes for Machine Learning" (2006), eq. 4.17.
 *
 * @example
 * ```ts
 * matern52(0);          // 1
 * matern52Grad(0);      // -5/6
 * ```
 */

/** `m(r²) = exp(−√(5r²)) (5r²/3 + √(5r²) + 1)`. */
export function matern52(r2: number): number {
  const s = Math.sqrt(5 * r2);
  return Math.exp(-s) * ((5 / 3) * r2 + s + 1);
}

/** `dm/d(r²) = −(5/6)(1 + √(5r²)) exp(−√(5r²))`. */
export function matern52Grad(r2: number): number {
  const s = Math.sqrt(5 * r2);
  return (-5 / 6) * (1 + s) * Math.exp(-s);
}

/**
 * The weighted squared distance `r²` between row `i` of `a` and row `j` of `b` (both row-major
 * with `d` columns): `Σ ils_k · δ_k`, where `δ_k` is the squared difference for a continuous
 * dimension and `1` or `0` (differs or not) for a categorical one.
 */
export function weightedSqDist(
  a: Float64Array,
  i: number,
  b: Float64Array,
  j: number,
  d: number,
  ils: Float64Array,
  isCategorical: Uint8Array,
): number {
  const ra = i * d;
  const rb = j * d;
  let r2 = 0;
  for (let k = 0; k < d; k++) {
    const diff = a[ra + k] - b[rb + k];
    if (isCategorical[k] === 1) {
      if (diff !== 0) r2 += ils[k];
    } else {
      r2 += ils[k] * diff * diff;
    }
  }
  return r2;
}

/**
 * Writes the n × n kernel matrix `scale · m(r²(x_i, x_j))` of the rows of `x` into `out`
 * (row-major, symmetric, diagonal `scale`), without the noise term.
 */
export function kernelMatrix(
  x: Float64Array,
  n: number,
  d: number,
  ils: Float64Array,
  scale: number,
  isCategorical: Uint8Array,
  out: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    out[i * n + i] = scale;
    for (let j = 0; j < i; j++) {
      const v = scale * matern52(weightedSqDist(x, i, x, j, d, ils, isCategorical));
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
}
