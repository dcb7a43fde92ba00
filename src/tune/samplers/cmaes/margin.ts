/**
 * CMA-ES with margin (Hamano et al., "CMA-ES with Margin: Lower-Bounding Marginal Probability for
 * Mixed-Integer Black-Box Optimization", GECCO 2022), following the `cmaes` library's `CMAwM`
 * (CyberAgentAILab/cmaes, `cmaes/_cmawm.py`) that Optuna's `CmaEsSampler(with_margin=True)` uses.
 *
 * Discrete coordinates (those with a step) are encoded to their grid after an affine stretch `A`,
 * and after each update the mean and `A` are corrected so that the probability of leaving the
 * current grid cell stays at least `margin / 2` on each side: the search never freezes on one
 * integer value. `ask` returns both the encoded solution (to evaluate) and the raw one (to tell).
 *
 * @example
 * ```ts
 * const es = new CmaWithMargin({ mean: [0.5, 0.5], sigma: 0.3, bounds: [0, 1, 0, 1], steps: [0, 0.25] });
 * const rng = new Rng(1);
 * const sols = Array.from({ length: es.popsize }, () => {
 *   const { x, encoded } = es.ask(rng); // encoded[1] is one of 0, 0.25, ..., 1
 *   return { x, value: (encoded[0] - 0.2) ** 2 + (encoded[1] - 0.5) ** 2 };
 * });
 * es.tell(sols);
 * ```
 */
import type { Rng } from '../../../core/rng.js';
import { Cma } from './cma.js';
import type { CmaOptions, CmaSolution, CmaState } from './cma.js';
import { chi2Ppf1, normalCdf } from '../../../core/stats.js';

/** Construction options of {@link CmaWithMargin}. */
export interface CmaWithMarginOptions extends CmaOptions {
  /** Bounds are required: `[low0, high0, ...]`. */
  bounds: ArrayLike<number>;
  /** Grid step per coordinate (in the same space as the bounds); 0 for a continuous coordinate. */
  steps: ArrayLike<number>;
  /** The lower bound on the marginal probability; default `1 / (n * popsize)`. */
  margin?: number | null;
}

/** The JSON form of a {@link CmaWithMargin}. */
export interface CmaWithMarginState {
  cma: CmaState;
  steps: number[];
  margin: number;
  a: number[];
}

/** One solution of {@link CmaWithMargin.ask}: `encoded` to evaluate, `x` to tell. */
export interface MarginSample {
  x: Float64Array;
  encoded: Float64Array;
}

/** See the module comment. */
export class CmaWithMargin {
  readonly cma: Cma;
  readonly margin: number;
  private readonly steps: Float64Array;
  private readonly discrete: number[] = [];
  private readonly continuous: number[] = [];
  private readonly zLow: Float64Array;
  private readonly zStep: Float64Array;
  private readonly zSize: Int32Array;
  private readonly a: Float64Array;

  constructor({ steps, margin = null, ...cmaOptions }: CmaWithMarginOptions) {
    this.cma = new Cma(cmaOptions);
    const n = this.cma.dim;
    if (steps.length !== n) throw new RangeError(`CmaWithMargin: ${steps.length} steps for ${n} dimensions`);
    this.steps = Float64Array.from(steps);
    const bounds = this.cma.bounds as Float64Array;
    for (let i = 0; i < n; i++) (this.steps[i] > 0 ? this.discrete : this.continuous).push(i);
    const k = this.discrete.length;
    this.zLow = new Float64Array(k);
    this.zStep = new Float64Array(k);
    this.zSize = new Int32Array(k);
    for (let j = 0; j < k; j++) {
      const i = this.discrete[j];
      const step = this.steps[i];
      const low = bounds[2 * i];
      this.zLow[j] = low;
      this.zStep[j] = step;
      this.zSize[j] = Math.ceil((bounds[2 * i + 1] + step / 2 - low) / step);
      if (this.zSize[j] < 2) throw new RangeError(`CmaWithMargin: discrete coordinate ${i} has fewer than two values`);
    }
    this.margin = margin ?? 1 / (n * this.cma.popsize);
    if (!(this.margin > 0)) throw new RangeError(`CmaWithMargin: margin (${this.margin}) must be > 0`);
    this.a = new Float64Array(n).fill(1);
  }

  get dim(): number {
    return this.cma.dim;
  }

  get popsize(): number {
    return this.cma.popsize;
  }

  get generation(): number {
    return this.cma.generation;
  }

  /** A solution: resampled until its continuous coordinates are in bounds (then clipped), discrete ones encoded. */
  ask(rng: Rng): MarginSample {
    const bounds = this.cma.bounds as Float64Array;
    let x: Float64Array | null = null;
    for (let r = 0; r < this.cma.nMaxResampling && x === null; r++) {
      const cand = this.cma.sampleUnbounded(rng);
      let ok = true;
      for (const i of this.continuous) if (!(cand[i] >= bounds[2 * i] && cand[i] <= bounds[2 * i + 1])) ok = false;
      if (ok) x = cand;
    }
    if (x === null) {
      x = this.cma.sampleUnbounded(rng);
      for (const i of this.continuous) x[i] = Math.min(Math.max(x[i], bounds[2 * i]), bounds[2 * i + 1]);
    }
    const encoded = Float64Array.from(x);
    const mean = this.cma.mean;
    for (let j = 0; j < this.discrete.length; j++) {
      const i = this.discrete[j];
      const v = (x[i] - mean[i]) * this.a[i] + mean[i];
      encoded[i] = this.value(j, this.index(j, v));
    }
    return { x, encoded };
  }

  /** Updates from `popsize` solutions given by their raw `x` (not the encoded one). */
  tell(solutions: readonly CmaSolution[]): void {
    this.cma.tell(solutions);
    const k = this.discrete.length;
    if (k === 0) return;
    const mean = this.cma.mean;
    const sigma = this.cma.sigma;
    const m = this.margin;
    for (let j = 0; j < k; j++) {
      const i = this.discrete[j];
      const mz = mean[i];
      const pos = this.index(j, mz);
      const size = this.zSize[j];
      const limLow = this.limit(j, Math.min(Math.max(pos - 1, 0), size - 2));
      const limUp = this.limit(j, Math.min(Math.max(pos, 0), size - 2));
      const cii = this.cma.covarianceDiag(i);
      const zScale = sigma * this.a[i] * Math.sqrt(cii);
      let lowCdf = normalCdf((limLow - mz) / zScale);
      let upCdf = 1 - normalCdf((limUp - mz) / zScale);
      const midCdf = 1 - (lowCdf + upCdf);
      const edge = Math.max(lowCdf, upCdf) > 0.5;
      if (edge) {
        // at the edge of the range: pull the mean back so that the inner cell keeps probability >= margin
        if (Math.min(lowCdf, upCdf) < m) {
          const sign = Math.sign(mz - limUp);
          const dist = sigma * this.a[i] * Math.sqrt(chi2Ppf1(1 - 2 * m) * cii);
          mean[i] = limUp + sign * dist;
        }
        continue;
      }
      // inside: stretch A and place the mean so that each neighbouring cell has probability >= margin / 2
      lowCdf = Math.max(lowCdf, m / 2);
      upCdf = Math.max(upCdf, m / 2);
      const denom = lowCdf + midCdf + upCdf - (3 * m) / 2;
      const rest = 1 - lowCdf - upCdf - midCdf;
      const modLow = Math.min(Math.max(lowCdf + (rest * (lowCdf - m / 2)) / denom, 1e-10), 0.5 - 1e-10);
      const modUp = Math.min(Math.max(upCdf + (rest * (upCdf - m / 2)) / denom, 1e-10), 0.5 - 1e-10);
      const chiLow = Math.sqrt(chi2Ppf1(1 - 2 * modLow));
      const chiUp = Math.sqrt(chi2Ppf1(1 - 2 * modUp));
      this.a[i] = (limUp - limLow) / ((chiLow + chiUp) * sigma * Math.sqrt(cii));
      mean[i] = (limLow * chiUp + limUp * chiLow) / (chiLow + chiUp);
    }
  }

  /** The JSON-safe state. */
  toJSON(): CmaWithMarginState {
    return { cma: this.cma.toJSON(), steps: Array.from(this.steps), margin: this.margin, a: Array.from(this.a) };
  }

  /** Rebuilds from {@link CmaWithMargin.toJSON}'s output. */
  static fromJSON(s: CmaWithMarginState): CmaWithMargin {
    const c = s.cma;
    const w = new CmaWithMargin({
      mean: c.mean.map((v, i) => Math.min(Math.max(v, c.bounds![2 * i]), c.bounds![2 * i + 1])),
      sigma: c.sigma,
      bounds: c.bounds as number[],
      nMaxResampling: c.nMaxResampling,
      populationSize: c.popsize,
      steps: s.steps,
      margin: s.margin,
    });
    (w as { cma: Cma }).cma = Cma.fromJSON(c);
    w.a.set(s.a);
    return w;
  }

  /** The grid index nearest to `v` on discrete coordinate `j`, with ties resolved by the cell limits. */
  private index(j: number, v: number): number {
    const size = this.zSize[j];
    let idx = Math.floor((v - this.zLow[j]) / this.zStep[j] + 0.5);
    idx = Math.min(Math.max(idx, 0), size - 1);
    if (idx > 0 && v <= this.limit(j, Math.max(idx - 1, 0))) idx--;
    else if (idx < size - 1 && v > this.limit(j, Math.min(idx, size - 2))) idx++;
    return idx;
  }

  private value(j: number, idx: number): number {
    return this.zLow[j] + idx * this.zStep[j];
  }

  /** The boundary between grid values `idx` and `idx + 1`. */
  private limit(j: number, idx: number): number {
    return (this.value(j, idx) + this.value(j, idx + 1)) / 2;
  }
}
