/**
 * The GP's view of a search space (Optuna's `optuna/_gp/search_space.py`): every numeric param is
 * mapped to [0, 1] — through `log` for log-scaled ones, and with the range padded by half a step
 * on each side for int and stepped params, so every grid point owns an equal slice of [0, 1].
 * A categorical param is kept as its choice index; the kernel compares indices by equality (a
 * Hamming distance), so their order means nothing.
 *
 * @example
 * ```ts
 * const ss = new GPSearchSpace({ x: new FloatDistribution(-5, 5), n: new IntDistribution(1, 4) });
 * ss.normalize('n', 1);                          // 0.125 (n lives on [0.5, 4.5])
 * ss.unnormalize(new Float64Array([0.5, 0.9]));  // { x: 0, n: 4 }
 * ```
 */
import type { Rng } from '../../../core/rng.js';
import type { Distribution, ParamValue } from '../../distributions.js';

/** How a dimension is scaled. */
export const ScaleType = { LINEAR: 0, LOG: 1, CATEGORICAL: 2 } as const;
export type ScaleType = (typeof ScaleType)[keyof typeof ScaleType];

/** A search space in the GP's normalized coordinates. */
export class GPSearchSpace {
  readonly names: readonly string[];
  readonly distributions: readonly Distribution[];
  readonly dim: number;
  readonly scaleTypes: Uint8Array;
  /** 1 where the dimension is categorical (the kernel uses the Hamming distance there). */
  readonly isCategorical: Uint8Array;
  /** Grid step per dimension: 0 for continuous, the step for int/stepped, 1 for categorical. */
  readonly steps: Float64Array;
  readonly lows: Float64Array;
  readonly highs: Float64Array;
  /** Dimensions optimized by gradient (continuous floats). */
  readonly continuousIndices: readonly number[];
  /** Dimensions optimized by discrete search (int, stepped float, categorical). */
  readonly discreteIndices: readonly number[];

  constructor(searchSpace: Readonly<Record<string, Distribution>>) {
    this.names = Object.keys(searchSpace);
    this.distributions = this.names.map((k) => searchSpace[k]);
    const d = this.names.length;
    this.dim = d;
    this.scaleTypes = new Uint8Array(d);
    this.isCategorical = new Uint8Array(d);
    this.steps = new Float64Array(d);
    this.lows = new Float64Array(d);
    this.highs = new Float64Array(d);
    const cont: number[] = [];
    const disc: number[] = [];
    for (let i = 0; i < d; i++) {
      const dist = this.distributions[i];
      if (dist.kind === 'categorical') {
        this.scaleTypes[i] = ScaleType.CATEGORICAL;
        this.isCategorical[i] = 1;
        this.steps[i] = 1;
        this.lows[i] = 0;
        this.highs[i] = dist.choices.length;
      } else {
        this.scaleTypes[i] = dist.log ? ScaleType.LOG : ScaleType.LINEAR;
        this.lows[i] = dist.low;
        this.highs[i] = dist.high;
        this.steps[i] = dist.step ?? 0;
      }
      if (this.steps[i] === 0) cont.push(i);
      else disc.push(i);
    }
    this.continuousIndices = cont;
    this.discreteIndices = disc;
  }

  /** The padded, possibly log-transformed interval `[a, b]` that maps to [0, 1]. */
  private interval(i: number): [number, number] {
    const half = 0.5 * this.steps[i];
    let a = this.lows[i] - half;
    let b = this.highs[i] + half;
    if (this.scaleTypes[i] === ScaleType.LOG) {
      a = Math.log(a);
      b = Math.log(b);
    }
    return [a, b];
  }

  /** Maps an internal value of dimension `i` to normalized coordinates. */
  normalizeInternal(i: number, v: number): number {
    if (this.scaleTypes[i] === ScaleType.CATEGORICAL) return v;
    const [a, b] = this.interval(i);
    if (b === a) return 0.5;
    const t = this.scaleTypes[i] === ScaleType.LOG ? Math.log(v) : v;
    return (t - a) / (b - a);
  }

  /** Maps the external value of param `name` to normalized coordinates. */
  normalize(name: string, value: ParamValue): number {
    const i = this.names.indexOf(name);
    const dist = this.distributions[i];
    return this.normalizeInternal(i, dist.toInternal(value));
  }

  /** Maps a normalized coordinate of dimension `i` back to an internal value (not rounded). */
  unnormalizeInternal(i: number, u: number): number {
    if (this.scaleTypes[i] === ScaleType.CATEGORICAL) return u;
    const [a, b] = this.interval(i);
    const t = u * (b - a) + a;
    return this.scaleTypes[i] === ScaleType.LOG ? Math.exp(t) : t;
  }

  /** The normalized coordinates of each trial's params, n × dim row-major. */
  normalizeParams(params: readonly Readonly<Record<string, ParamValue>>[]): Float64Array {
    const d = this.dim;
    const out = new Float64Array(params.length * d);
    for (let r = 0; r < params.length; r++) {
      const p = params[r];
      for (let i = 0; i < d; i++) {
        const dist = this.distributions[i];
        out[r * d + i] = this.normalizeInternal(i, dist.toInternal(p[this.names[i]]));
      }
    }
    return out;
  }

  /** Snaps a normalized coordinate of a discrete dimension to its nearest grid point. */
  roundOne(i: number, u: number): number {
    const step = this.steps[i];
    if (step === 0) return u;
    if (this.scaleTypes[i] === ScaleType.CATEGORICAL) {
      return Math.min(Math.max(Math.floor(u), 0), this.highs[i] - 1);
    }
    const low = this.lows[i];
    const high = this.highs[i];
    const v = this.unnormalizeInternal(i, u);
    const snapped = Math.min(Math.max(low + Math.floor((v - low + 0.5 * step) / step) * step, low), high);
    return this.normalizeInternal(i, snapped);
  }

  /**
   * `n` normalized points spread over the space (Latin hypercube: one point per 1/n stratum of
   * every dimension), discrete dimensions snapped to their grid; n × dim row-major.
   */
  sampleNormalized(n: number, rng: Rng): Float64Array {
    const d = this.dim;
    const out = new Float64Array(n * d);
    const perm = new Int32Array(n);
    for (let i = 0; i < d; i++) {
      for (let r = 0; r < n; r++) perm[r] = r;
      rng.shuffle(perm);
      const isCat = this.scaleTypes[i] === ScaleType.CATEGORICAL;
      const nChoices = this.highs[i];
      for (let r = 0; r < n; r++) {
        const u = (perm[r] + rng.random()) / n;
        out[r * d + i] = isCat ? Math.min(Math.floor(u * nChoices), nChoices - 1) : this.roundOne(i, u);
      }
    }
    return out;
  }

  /** The sorted normalized grid of each discrete dimension, in the order of `discreteIndices`. */
  discreteChoices(): Float64Array[] {
    return this.discreteIndices.map((i) => {
      const step = this.steps[i];
      if (this.scaleTypes[i] === ScaleType.CATEGORICAL) {
        return Float64Array.from({ length: this.highs[i] }, (_, k) => k);
      }
      const low = this.lows[i];
      const count = Math.floor((this.highs[i] - low) / step + 1e-9) + 1;
      return Float64Array.from({ length: count }, (_, k) => this.normalizeInternal(i, low + k * step));
    });
  }

  /** The external param values of a normalized point (clipped to the ranges, on the grids). */
  unnormalize(x: ArrayLike<number>): Record<string, ParamValue> {
    const out: Record<string, ParamValue> = {};
    for (let i = 0; i < this.dim; i++) {
      const dist = this.distributions[i];
      const u = x[i];
      if (dist.kind === 'categorical') {
        out[this.names[i]] = dist.toExternal(Math.min(Math.max(Math.round(u), 0), dist.choices.length - 1));
        continue;
      }
      let v = Math.min(Math.max(this.unnormalizeInternal(i, u), dist.low), dist.high);
      const step = this.steps[i];
      if (step > 0) {
        v = Math.min(Math.max(dist.low + Math.round((v - dist.low) / step) * step, dist.low), dist.high);
      }
      out[this.names[i]] = dist.kind === 'int' ? Math.round(v) : v;
    }
    return out;
  }
}
