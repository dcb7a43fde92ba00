/**
 * Numeric search space <-> real vector, as Optuna's `_SearchSpaceTransform` does for CMA-ES and
 * NSGA-II (`optuna/_transform.py`): log params in log space; int and stepped params widened by half
 * a step each side (so every grid point gets an equal cell); optionally scaled to [0, 1].
 *
 * @example
 * ```ts
 * const t = new SearchSpaceTransform({ n: new IntDistribution(1, 5) }, { zeroOne: true });
 * t.transform({ n: 1 });  // Float64Array [0.1]  (the range is widened to [0.5, 5.5])
 * t.untransform([0.95]);  // { n: 5 }
 * ```
 */
import type { FloatDistribution, IntDistribution, ParamValue } from '../distributions.js';

/** A numeric distribution (float or int). */
export type NumericDistribution = FloatDistribution | IntDistribution;

/** See the module comment. */
export class SearchSpaceTransform {
  readonly names: readonly string[];
  readonly dists: readonly NumericDistribution[];
  /** Bounds in the transformed space: `[low0, high0, low1, high1, ...]` ([0, 1] each with `zeroOne`). */
  readonly bounds: Float64Array;
  private readonly raw: Float64Array;
  private readonly zeroOne: boolean;

  constructor(
    space: Readonly<Record<string, NumericDistribution>>,
    { transformStep = true, zeroOne = false }: { transformStep?: boolean; zeroOne?: boolean } = {},
  ) {
    this.names = Object.keys(space);
    this.dists = this.names.map((k) => space[k]);
    const n = this.names.length;
    this.raw = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const d = this.dists[i];
      const half = transformStep && (d.kind === 'int' || d.step !== null) ? 0.5 * (d.step as number) : 0;
      let lo: number;
      let hi: number;
      if (d.kind === 'int' && d.log) {
        lo = Math.log(d.low - half);
        hi = Math.log(d.high + half);
      } else if (d.log) {
        lo = Math.log(d.low);
        hi = Math.log(d.high);
      } else {
        lo = d.low - half;
        hi = d.high + half;
      }
      this.raw[2 * i] = lo;
      this.raw[2 * i + 1] = hi;
    }
    this.zeroOne = zeroOne;
    this.bounds = zeroOne ? new Float64Array(2 * n).map((_, j) => (j % 2 === 0 ? 0 : 1)) : Float64Array.from(this.raw);
  }

  get dim(): number {
    return this.names.length;
  }

  /** The vector of the params' (external) values. */
  transform(params: Readonly<Record<string, ParamValue>>): Float64Array {
    const n = this.dim;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const d = this.dists[i];
      const v = params[this.names[i]] as number;
      let t = d.log ? Math.log(v) : v;
      if (this.zeroOne) {
        const lo = this.raw[2 * i];
        const hi = this.raw[2 * i + 1];
        t = hi === lo ? 0.5 : (t - lo) / (hi - lo);
      }
      x[i] = t;
    }
    return x;
  }

  /** The params (external values, inside their distributions) of a vector. */
  untransform(x: ArrayLike<number>): Record<string, number> {
    const out: Record<string, number> = {};
    for (let i = 0; i < this.dim; i++) {
      const d = this.dists[i];
      let t = x[i];
      if (this.zeroOne) {
        const lo = this.raw[2 * i];
        const hi = this.raw[2 * i + 1];
        t = lo + t * (hi - lo);
      }
      let v: number;
      if (d.kind === 'float') {
        if (d.log) v = Math.exp(t);
        else if (d.step !== null) v = Math.round((t - d.low) / d.step) * d.step + d.low;
        else v = t;
        v = Math.min(Math.max(v, d.low), d.high);
      } else if (d.log) {
        v = Math.min(Math.max(Math.round(Math.exp(t)), d.low), d.high);
      } else {
        v = Math.floor((t - d.low) / d.step + 0.5) * d.step + d.low;
        v = Math.min(Math.max(v, d.low), d.high);
      }
      out[this.names[i]] = v;
    }
    return out;
  }
}
