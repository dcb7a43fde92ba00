/**
 * The CMA-ES state machine with an ask-and-tell interface (Hansen, "The CMA Evolution Strategy:
 * A Tutorial", arXiv:1604.00772, with the negative weights of its eq. 50-53), following the `cmaes`
 * library's `CMA` class (CyberAgentAILab/cmaes, `cmaes/_cma.py`) that Optuna's CmaEsSampler uses,
 * and its separable variant `SepCMA` (Ros & Hansen, "A Simple Modification in CMA-ES Achieving
 * Linear Time and Space Complexity", PPSN 2008) with a diagonal covariance.
 *
 * Pure numerics on Float64Array; the state serializes to plain JSON so a study can resume it.
 */
import type { Rng } from '../../../core/rng.js';
import { symmetricEigen } from './eigen.js';

const EPS = 1e-8;
const SIGMA_MAX = 1e32;
const MEAN_MAX = 1e32;

/** Construction options of {@link Cma}. */
export interface CmaOptions {
  /** The initial mean (length = dimension). */
  mean: ArrayLike<number>;
  /** The initial step size (> 0). */
  sigma: number;
  /** Box bounds `[low0, high0, low1, high1, ...]`, or null for none. */
  bounds?: ArrayLike<number> | null;
  /** Resamples before clipping an infeasible solution into the bounds. Default 100. */
  nMaxResampling?: number;
  /** Offspring per generation; default `4 + floor(3 ln n)`. */
  populationSize?: number;
  /** A diagonal covariance (sep-CMA-ES) instead of a full one. Default false. */
  separable?: boolean;
}

/** The JSON form of a {@link Cma} (everything that changes between generations). */
export interface CmaState {
  version: 1;
  separable: boolean;
  dim: number;
  popsize: number;
  nMaxResampling: number;
  bounds: number[] | null;
  mean: number[];
  sigma: number;
  /** Full: upper triangle row by row; separable: the diagonal. */
  c: number[];
  pSigma: number[];
  pc: number[];
  generation: number;
}

/** A solution and its value (smaller is better). */
export interface CmaSolution {
  x: ArrayLike<number>;
  value: number;
}

/**
 * CMA-ES (full or separable covariance) with box bounds handled by resampling then clipping.
 *
 * @example
 * ```ts
 * const es = new Cma({ mean: [0, 0], sigma: 1.3 });
 * const rng = new Rng(1);
 * for (let g = 0; g < 50; g++) {
 *   const sols = Array.from({ length: es.popsize }, () => { const x = es.ask(rng); return { x, value: x[0] ** 2 + x[1] ** 2 }; });
 *   es.tell(sols);
 * }
 * ```
 */
export class Cma {
  readonly dim: number;
  readonly popsize: number;
  readonly separable: boolean;
  readonly nMaxResampling: number;
  readonly bounds: Float64Array | null;
  private readonly mu: number;
  private readonly muEff: number;
  private readonly cc: number;
  private readonly c1: number;
  private readonly cmu: number;
  private readonly cSigma: number;
  private readonly dSigma: number;
  private readonly cm = 1;
  private readonly chiN: number;
  private readonly weights: Float64Array;
  private weightSum = 0;
  mean: Float64Array;
  sigma: number;
  /** Full: n*n row-major; separable: the n diagonal entries. */
  private c: Float64Array;
  private pSigma: Float64Array;
  private pc: Float64Array;
  private g = 0;
  // eigen cache (full: B columns and D; separable: D only)
  private b: Float64Array | null = null;
  private d: Float64Array | null = null;

  constructor({ mean, sigma, bounds = null, nMaxResampling = 100, populationSize, separable = false }: CmaOptions) {
    const n = mean.length;
    if (!(sigma > 0)) throw new RangeError(`Cma: sigma (${sigma}) must be > 0`);
    if (n < 1) throw new RangeError('Cma: the dimension must be positive');
    for (let i = 0; i < n; i++) {
      if (!(Math.abs(mean[i]) < MEAN_MAX)) throw new RangeError(`Cma: mean[${i}] (${mean[i]}) is not finite`);
    }
    const lambda = populationSize ?? 4 + Math.floor(3 * Math.log(n));
    if (!(Number.isInteger(lambda) && lambda > 1)) throw new RangeError(`Cma: populationSize (${lambda}) must be an integer > 1`);
    this.dim = n;
    this.popsize = lambda;
    this.separable = separable;
    this.nMaxResampling = nMaxResampling;
    this.bounds = bounds === null ? null : Float64Array.from(bounds);
    const mu = Math.floor(lambda / 2);
    this.mu = mu;
    const alphaCov = 2;
    if (!separable) {
      // positive weights for the best mu, negative (active) weights for the rest (tutorial eq. 49-53)
      const wp = new Float64Array(lambda);
      for (let i = 0; i < lambda; i++) wp[i] = Math.log((lambda + 1) / 2) - Math.log(i + 1);
      let sPos = 0;
      let sPos2 = 0;
      let sNeg = 0;
      let sNeg2 = 0;
      for (let i = 0; i < lambda; i++) {
        const w = wp[i];
        if (i < mu) {
          sPos += w;
          sPos2 += w * w;
        } else {
          sNeg += w;
          sNeg2 += w * w;
        }
      }
      const muEff = (sPos * sPos) / sPos2;
      const muEffMinus = (sNeg * sNeg) / sNeg2;
      const c1 = alphaCov / ((n + 1.3) ** 2 + muEff);
      const cmu = Math.min(1 - c1 - 1e-8, (alphaCov * (muEff - 2 + 1 / muEff)) / ((n + 2) ** 2 + (alphaCov * muEff) / 2));
      const minAlpha = Math.min(1 + c1 / cmu, 1 + (2 * muEffMinus) / (muEff + 2), (1 - c1 - cmu) / (n * cmu));
      let positiveSum = 0;
      let negativeSum = 0;
      for (let i = 0; i < lambda; i++) {
        const w = wp[i];
        if (w > 0) positiveSum += w;
        else if (w < 0) negativeSum -= w;
      }
      this.weights = new Float64Array(lambda);
      for (let i = 0; i < lambda; i++) {
        const w = wp[i];
        this.weights[i] = w >= 0 ? w / positiveSum : (minAlpha / negativeSum) * w;
      }
      this.muEff = muEff;
      this.c1 = c1;
      this.cmu = cmu;
      this.cSigma = (muEff + 2) / (n + muEff + 5);
      this.cc = (4 + muEff / n) / (n + 4 + (2 * muEff) / n);
      this.c = new Float64Array(n * n);
      for (let i = 0; i < n; i++) this.c[i * n + i] = 1;
    } else {
      const w = new Float64Array(lambda); // only the best mu get (positive) weights
      let s = 0;
      for (let i = 0; i < mu; i++) {
        w[i] = Math.log(mu + 1) - Math.log(i + 1);
        s += w[i];
      }
      let s2 = 0;
      for (let i = 0; i < mu; i++) {
        w[i] = w[i] / s;
        s2 += w[i] ** 2;
      }
      this.weights = w;
      const muEff = 1 / s2;
      this.muEff = muEff;
      this.c1 = alphaCov / ((n + 1.3) ** 2 + muEff);
      const cmuFull =
        2 / muEff / (n + Math.SQRT2) ** 2 + (1 - 1 / muEff) * Math.min(1, (2 * muEff - 1) / ((n + 2) ** 2 + muEff));
      this.cmu = ((n + 2) / 3) * cmuFull;
      this.cSigma = (muEff + 2) / (n + muEff + 3);
      this.cc = 4 / (n + 4);
      this.c = new Float64Array(n).fill(1);
    }
    for (let i = 0; i < lambda; i++) this.weightSum += this.weights[i];
    this.dSigma = 1 + 2 * Math.max(0, Math.sqrt((this.muEff - 1) / (n + 1)) - 1) + this.cSigma;
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
    this.mean = Float64Array.from(mean);
    this.sigma = sigma;
    this.pSigma = new Float64Array(n);
    this.pc = new Float64Array(n);
    if (this.bounds !== null) {
      for (let i = 0; i < n; i++) {
        const m = this.mean[i];
        if (!(this.bounds[2 * i] <= m && m <= this.bounds[2 * i + 1])) {
          throw new RangeError(`Cma: mean[${i}] (${m}) is outside its bounds`);
        }
      }
    }
  }

  /** The number of completed generations (tells). */
  get generation(): number {
    return this.g;
  }

  /** One candidate solution (inside the bounds: resampled, then clipped). */
  ask(rng: Rng): Float64Array {
    for (let i = 0; i < this.nMaxResampling; i++) {
      const x = this.sampleSolution(rng);
      if (this.isFeasible(x)) return x;
    }
    const x = this.sampleSolution(rng);
    if (this.bounds !== null) {
      for (let i = 0; i < this.dim; i++) {
        x[i] = Math.min(Math.max(x[i], this.bounds[2 * i]), this.bounds[2 * i + 1]);
      }
    }
    return x;
  }

  /** Updates the distribution from exactly `popsize` evaluated solutions (values: smaller is better). */
  tell(solutions: readonly CmaSolution[]): void {
    const n = this.dim;
    const lambda = this.popsize;
    if (solutions.length !== lambda) throw new RangeError(`Cma.tell: ${solutions.length} solutions given, ${lambda} expected`);
    this.g++;
    const sorted = [...solutions].sort((a, b) => a.value - b.value);
    this.eigen();
    const B = this.b;
    const D = this.d as Float64Array;
    this.b = null;
    this.d = null;
    // y_k = (x_k - m) / sigma, rows in order of value
    const y = new Float64Array(lambda * n);
    for (let k = 0; k < lambda; k++) {
      const x = sorted[k].x;
      for (let i = 0; i < n; i++) y[k * n + i] = (x[i] - this.mean[i]) / this.sigma;
    }
    const yw = new Float64Array(n);
    for (let k = 0; k < this.mu; k++) {
      const w = this.weights[k];
      for (let i = 0; i < n; i++) yw[i] = yw[i] + w * y[k * n + i];
    }
    for (let i = 0; i < n; i++) this.mean[i] = this.mean[i] + this.cm * this.sigma * yw[i];
    // C^(-1/2) y_w
    const cy = new Float64Array(n);
    this.invSqrtC(B, D, yw, cy);
    const csn = Math.sqrt(this.cSigma * (2 - this.cSigma) * this.muEff);
    let norm2 = 0;
    for (let i = 0; i < n; i++) {
      const v = (1 - this.cSigma) * this.pSigma[i] + csn * cy[i];
      this.pSigma[i] = v;
      norm2 += v * v;
    }
    const normPSigma = Math.sqrt(norm2);
    this.sigma *= Math.exp((this.cSigma / this.dSigma) * (normPSigma / this.chiN - 1));
    this.sigma = Math.min(this.sigma, SIGMA_MAX);
    const left = normPSigma / Math.sqrt(1 - (1 - this.cSigma) ** (2 * (this.g + 1)));
    const hSigma = left < (1.4 + 2 / (n + 1)) * this.chiN ? 1 : 0;
    const ccn = hSigma * Math.sqrt(this.cc * (2 - this.cc) * this.muEff);
    for (let i = 0; i < n; i++) this.pc[i] = (1 - this.cc) * this.pc[i] + ccn * yw[i];
    const deltaH = (1 - hSigma) * this.cc * (2 - this.cc);
    const decay = 1 + this.c1 * deltaH - this.c1 - this.cmu * this.weightSum;
    if (this.separable) {
      for (let i = 0; i < n; i++) {
        let rankMu = 0;
        for (let k = 0; k < lambda; k++) rankMu += this.weights[k] * y[k * n + i] ** 2;
        this.c[i] = decay * this.c[i] + this.c1 * this.pc[i] ** 2 + this.cmu * rankMu;
      }
      return;
    }
    // active weights: negative ones rescaled by n / ||C^(-1/2) y_k||^2
    const wio = new Float64Array(lambda);
    const tmp = new Float64Array(n);
    const yk = new Float64Array(n);
    for (let k = 0; k < lambda; k++) {
      const w = this.weights[k];
      if (w >= 0) {
        wio[k] = w;
        continue;
      }
      for (let i = 0; i < n; i++) yk[i] = y[k * n + i];
      this.invSqrtC(B, D, yk, tmp);
      let s = 0;
      for (let i = 0; i < n; i++) s += tmp[i] ** 2;
      wio[k] = (w * n) / (s + EPS);
    }
    const C = this.c;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rankMu = 0;
        for (let k = 0; k < lambda; k++) rankMu += wio[k] * y[k * n + i] * y[k * n + j];
        C[i * n + j] = decay * C[i * n + j] + this.c1 * this.pc[i] * this.pc[j] + this.cmu * rankMu;
      }
    }
  }

  /** One draw from N(mean, sigma^2 C), ignoring the bounds (CMA-ES with margin handles them itself). */
  sampleUnbounded(rng: Rng): Float64Array {
    return this.sampleSolution(rng);
  }

  /** The i-th diagonal entry of the covariance C. */
  covarianceDiag(i: number): number {
    return (this.separable ? this.c[i] : this.c[i * this.dim + i]);
  }

  /** The current covariance as a full row-major matrix (a copy). */
  covariance(): Float64Array {
    const n = this.dim;
    if (!this.separable) return Float64Array.from(this.c);
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) out[i * n + i] = this.c[i];
    return out;
  }

  /** The JSON-safe state. */
  toJSON(): CmaState {
    const n = this.dim;
    let c: number[];
    if (this.separable) c = Array.from(this.c);
    else {
      c = [];
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) c.push(this.c[i * n + j]);
    }
    return {
      version: 1,
      separable: this.separable,
      dim: n,
      popsize: this.popsize,
      nMaxResampling: this.nMaxResampling,
      bounds: this.bounds === null ? null : Array.from(this.bounds),
      mean: Array.from(this.mean),
      sigma: this.sigma,
      c,
      pSigma: Array.from(this.pSigma),
      pc: Array.from(this.pc),
      generation: this.g,
    };
  }

  /** Rebuilds a {@link Cma} from {@link Cma.toJSON}'s output. */
  static fromJSON(s: CmaState): Cma {
    const es = new Cma({
      // the mean may have left the bounds (CMA-ES with margin moves it); it is set after construction
      mean: clipToBounds(s.mean, s.bounds),
      sigma: s.sigma,
      bounds: s.bounds,
      nMaxResampling: s.nMaxResampling,
      populationSize: s.popsize,
      separable: s.separable,
    });
    const n = s.dim;
    if (s.separable) es.c = Float64Array.from(s.c);
    else {
      let k = 0;
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          const v = s.c[k++];
          es.c[i * n + j] = v;
          es.c[j * n + i] = v;
        }
      }
    }
    es.mean = Float64Array.from(s.mean);
    es.pSigma = Float64Array.from(s.pSigma);
    es.pc = Float64Array.from(s.pc);
    es.g = s.generation;
    return es;
  }

  /** B and D with C = B diag(D^2) B^T (cached until the next tell); negative eigenvalues become EPS. */
  private eigen(): void {
    if (this.d !== null) return;
    const n = this.dim;
    if (this.separable) {
      const D = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        if (this.c[i] < 0) this.c[i] = EPS;
        D[i] = Math.sqrt(this.c[i]);
      }
      this.d = D;
      return;
    }
    const C = this.c;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const v = (C[i * n + j] + C[j * n + i]) / 2;
        C[i * n + j] = v;
        C[j * n + i] = v;
      }
    }
    const d2 = new Float64Array(n);
    const B = new Float64Array(n * n);
    symmetricEigen(C, n, d2, B);
    const D = new Float64Array(n);
    for (let i = 0; i < n; i++) D[i] = Math.sqrt(d2[i] < 0 ? EPS : d2[i]);
    // C = B diag(D^2) B^T, so that C stays exactly positive definite
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += B[i * n + k] * D[k] ** 2 * B[j * n + k];
        C[i * n + j] = s;
      }
    }
    this.b = B;
    this.d = D;
  }

  /** out = C^(-1/2) v = B diag(1/D) B^T v (separable: v / D). */
  private invSqrtC(B: Float64Array | null, D: Float64Array, v: Float64Array, out: Float64Array): void {
    const n = this.dim;
    if (B === null) {
      for (let i = 0; i < n; i++) out[i] = v[i] / D[i];
      return;
    }
    const t = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += B[i * n + k] * v[i];
      t[k] = s / D[k];
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += B[i * n + k] * t[k];
      out[i] = s;
    }
  }

  private sampleSolution(rng: Rng): Float64Array {
    this.eigen();
    const n = this.dim;
    const D = this.d as Float64Array;
    const B = this.b;
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = D[i] * rng.normal();
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let yi: number;
      if (B === null) yi = z[i];
      else {
        yi = 0;
        for (let k = 0; k < n; k++) yi += B[i * n + k] * z[k];
      }
      x[i] = this.mean[i] + this.sigma * yi;
    }
    return x;
  }

  private isFeasible(x: Float64Array): boolean {
    if (this.bounds === null) return true;
    for (let i = 0; i < this.dim; i++) {
      const v = x[i];
      if (v < this.bounds[2 * i] || v > this.bounds[2 * i + 1]) return false;
    }
    return true;
  }
}

function clipToBounds(x: readonly number[], bounds: readonly number[] | null): number[] {
  if (bounds === null) return [...x];
  return x.map((v, i) => Math.min(Math.max(v, bounds[2 * i]), bounds[2 * i + 1]));
}
