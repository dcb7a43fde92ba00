/**
 * Symmetric eigendecomposition by the cyclic Jacobi method (Golub & Van Loan, "Matrix
 * Computations", 4th ed., section 8.5): repeated plane rotations that zero one off-diagonal entry
 * each, until the off-diagonal mass is negligible. O(n^3) per sweep and a handful of sweeps; exact
 * enough (orthonormal eigenvectors to ~1e-15) for the small covariance matrices of CMA-ES.
 *
 * Matrices are row-major `Float64Array(n * n)`.
 */

/**
 * Eigenvalues (into `values`, ascending) and eigenvectors (into the columns of `vectors`, row-major)
 * of the symmetric matrix `a` (not modified; only its upper triangle is read).
 *
 * @example
 * ```ts
 * const w = new Float64Array(2), v = new Float64Array(4);
 * symmetricEigen(Float64Array.of(2, 1, 1, 2), 2, w, v); // w = [1, 3]
 * ```
 */
export function symmetricEigen(a: Float64Array, n: number, values: Float64Array, vectors: Float64Array): void {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const x = a[i * n + j];
      m[i * n + j] = x;
      m[j * n + i] = x;
    }
  }
  vectors.fill(0);
  for (let i = 0; i < n; i++) vectors[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += m[i] * m[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q] ** 2;
    if (off <= 1e-30 * scale || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        const app = m[p * n + p];
        const aqq = m[q * n + q];
        const theta = (aqq - app) / (2 * apq);
        const t =
          Math.abs(theta) > 1e150 ? 1 / (2 * theta) : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // columns p and q of m (m J)
        for (let k = 0; k < n; k++) {
          const kp = m[k * n + p];
          const kq = m[k * n + q];
          m[k * n + p] = c * kp - s * kq;
          m[k * n + q] = s * kp + c * kq;
        }
        // rows p and q (J^T m J)
        for (let k = 0; k < n; k++) {
          const pk = m[p * n + k];
          const qk = m[q * n + k];
          m[p * n + k] = c * pk - s * qk;
          m[q * n + k] = s * pk + c * qk;
        }
        m[p * n + q] = 0;
        m[q * n + p] = 0;
        for (let k = 0; k < n; k++) {
          const vp = vectors[k * n + p];
          const vq = vectors[k * n + q];
          vectors[k * n + p] = c * vp - s * vq;
          vectors[k * n + q] = s * vp + c * vq;
        }
      }
    }
  }
  // sort ascending (as numpy.linalg.eigh), permuting the eigenvector columns alike
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[i * n + i] - m[j * n + j]);
  const vecCopy = Float64Array.from(vectors);
  for (let c = 0; c < n; c++) {
    const src = order[c];
    values[c] = m[src * n + src];
    for (let r = 0; r < n; r++) vectors[r * n + c] = vecCopy[r * n + src];
  }
}
