/**
 * Sobol' low-discrepancy sequence in up to {@link SOBOL_MAX_DIM} dimensions, with SciPy's kind of
 * randomization: a linear matrix scramble (a random lower-triangular binary matrix with unit
 * diagonal per dimension, applied to the direction numbers) plus a random digital shift
 * (Matoušek 1998; Owen 2003). Points are in Gray-code order, as `scipy.stats.qmc.Sobol` gives
 * them: point 0 of the unscrambled sequence is the origin.
 *
 * Direction numbers: Joe & Kuo, "Constructing Sobol sequences with better two-dimensional
 * projections", SIAM J. Sci. Comput. 30 (2008), table `new-joe-kuo-6.21201` (first rows).
 *
 * @example
 * ```ts
 * const sobol = new SobolEngine(3, { scramble: true, seed: 7 });
 * const p = sobol.point(5); // Float64Array(3) in [0, 1)
 * ```
 */
import { TunerError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';

/**
 * Rows of Joe & Kuo's table for dimensions 2.., each `[s, a, m_1, ..., m_s]`: the degree `s` of
 * the primitive polynomial, its interior coefficients `a` as bits, and the initial direction
 * integers. Dimension 1 is the van der Corput sequence (all m = 1).
 */
const JOE_KUO: readonly (readonly number[])[] = [
  [1, 0, 1],
  [2, 1, 1, 3],
  [3, 1, 1, 3, 1],
  [3, 2, 1, 1, 1],
  [4, 1, 1, 1, 3, 3],
  [4, 4, 1, 3, 5, 13],
  [5, 2, 1, 1, 5, 5, 17],
  [5, 4, 1, 1, 5, 5, 5],
  [5, 7, 1, 1, 7, 11, 19],
  [5, 11, 1, 1, 5, 1, 1],
  [5, 13, 1, 1, 1, 3, 11],
  [5, 14, 1, 3, 5, 5, 31],
  [6, 1, 1, 3, 3, 9, 7, 49],
  [6, 13, 1, 1, 1, 15, 21, 21],
  [6, 16, 1, 3, 1, 13, 27, 49],
  [6, 19, 1, 1, 1, 15, 7, 5],
  [6, 22, 1, 3, 1, 15, 13, 25],
  [6, 25, 1, 1, 5, 5, 19, 61],
  [7, 1, 1, 3, 7, 11, 23, 15, 103],
  [7, 4, 1, 3, 7, 13, 13, 15, 69],
  [7, 7, 1, 1, 3, 13, 7, 35, 63],
  [7, 8, 1, 3, 5, 9, 1, 25, 53],
  [7, 14, 1, 3, 1, 13, 9, 35, 107],
  [7, 19, 1, 3, 1, 5, 27, 61, 31],
  [7, 21, 1, 1, 5, 11, 19, 41, 61],
  [7, 28, 1, 3, 5, 3, 3, 13, 69],
  [7, 31, 1, 1, 7, 13, 1, 19, 1],
  [7, 32, 1, 3, 7, 5, 13, 19, 59],
  [7, 37, 1, 1, 3, 9, 25, 29, 41],
  [7, 41, 1, 3, 5, 13, 23, 1, 55],
  [7, 42, 1, 3, 7, 3, 13, 59, 17],
  [7, 50, 1, 3, 1, 3, 5, 53, 69],
  [7, 55, 1, 1, 5, 5, 23, 33, 13],
  [7, 56, 1, 1, 7, 7, 1, 61, 123],
  [7, 59, 1, 1, 7, 9, 13, 61, 49],
  [7, 62, 1, 3, 3, 5, 3, 55, 33],
  [8, 14, 1, 3, 1, 15, 31, 13, 49, 245],
  [8, 21, 1, 3, 5, 15, 31, 59, 63, 97],
  [8, 22, 1, 3, 1, 11, 11, 11, 77, 249],
];

/** The largest dimension supported. */
export const SOBOL_MAX_DIM = JOE_KUO.length + 1;

/** Bits per coordinate (as SciPy's default): points are multiples of 2^-30. */
export const SOBOL_BITS = 30;

/**
 * The direction numbers `V[d * BITS + j]` (30-bit integers, digit j most significant first) of
 * dimension d, from the recurrence of Bratley & Fox (1988) over Joe & Kuo's table.
 */
export function sobolDirections(dim: number): Uint32Array {
  if (!Number.isInteger(dim) || dim < 1 || dim > SOBOL_MAX_DIM) {
    throw new TunerError(`Sobol: dimension ${dim} must be an integer in 1..${SOBOL_MAX_DIM}`);
  }
  const B = SOBOL_BITS;
  const v = new Uint32Array(dim * B);
  for (let j = 0; j < B; j++) v[j] = 1 << (B - 1 - j);
  const m = new Array<number>(B);
  for (let d = 1; d < dim; d++) {
    const row = JOE_KUO[d - 1];
    const s = row[0];
    const a = row[1];
    for (let j = 0; j < s; j++) m[j] = row[2 + j];
    for (let j = s; j < B; j++) {
      // m_j = 2 a_1 m_{j-1} ^ 4 a_2 m_{j-2} ^ ... ^ 2^{s-1} a_{s-1} m_{j-s+1} ^ 2^s m_{j-s} ^ m_{j-s}
      let x = m[j - s] ^ (m[j - s] * 2 ** s);
      for (let k = 1; k < s; k++) {
        if ((a >>> (s - 1 - k)) & 1) x ^= m[j - k] * 2 ** k;
      }
      m[j] = x;
    }
    for (let j = 0; j < B; j++) v[d * B + j] = (m[j] * 2 ** (B - 1 - j)) >>> 0;
  }
  return v;
}

/** Parity of the set bits of a 32-bit integer. */
function parity(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/** Options of {@link SobolEngine}. */
export interface SobolOptions {
  /** Randomize with a linear matrix scramble and a digital shift. Default true (as SciPy). */
  scramble?: boolean;
  /** Seed of the scrambling. Default 0. */
  seed?: number;
}

/** See the module comment. */
export class SobolEngine {
  readonly dim: number;
  private readonly v: Uint32Array;
  private readonly shift: Uint32Array;

  constructor(dim: number, { scramble = true, seed = 0 }: SobolOptions = {}) {
    this.dim = dim;
    const B = SOBOL_BITS;
    const v = sobolDirections(dim);
    this.shift = new Uint32Array(dim);
    if (scramble) {
      const rng = new Rng(seed);
      for (let d = 0; d < dim; d++) this.shift[d] = rng.nextUint32() >>> (32 - B);
      // per dimension, L (lower triangular, unit diagonal, digit 0 = most significant):
      // output digit i = XOR of the input digits k <= i selected by row i
      const rows = new Uint32Array(B);
      for (let d = 0; d < dim; d++) {
        for (let i = 0; i < B; i++) {
          const own = 1 << (B - 1 - i);
          const higher = i === 0 ? 0 : (rng.nextUint32() >>> (32 - i)) << (B - i); // random bits at digits 0..i-1
          rows[i] = (own | higher) >>> 0;
        }
        for (let j = 0; j < B; j++) {
          const x = v[d * B + j];
          let y = 0;
          for (let i = 0; i < B; i++) if (parity(rows[i] & x)) y |= 1 << (B - 1 - i);
          v[d * B + j] = y >>> 0;
        }
      }
    }
    this.v = v;
  }

  /** The `index`-th point (0-based, Gray-code order), written into `out` if given. */
  point(index: number, out: Float64Array = new Float64Array(this.dim)): Float64Array {
    if (!Number.isInteger(index) || index < 0 || index >= 2 ** SOBOL_BITS) {
      throw new TunerError(`Sobol: point index ${index} must be an integer in [0, 2^${SOBOL_BITS})`);
    }
    const B = SOBOL_BITS;
    const gray = (index ^ (index >>> 1)) >>> 0;
    const scale = 2 ** -B;
    for (let d = 0; d < this.dim; d++) {
      let x = this.shift[d];
      for (let j = 0; j < B && gray >>> j !== 0; j++) if ((gray >>> j) & 1) x ^= this.v[d * B + j];
      out[d] = (x >>> 0) * scale;
    }
    return out;
  }
}
