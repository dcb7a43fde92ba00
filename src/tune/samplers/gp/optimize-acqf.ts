/**
 * Maximizes an acquisition function over a mixed search space, following Optuna's
 * `optuna/_gp/optim_mixed.py`: score many space-filling candidates, start local searches from the
 * best one, from candidates drawn by a roulette over `exp(acqf)` and from given warm starts (the
 * best trial's params), and keep the best result. A local search alternates
 * - gradient ascent (L-BFGS with box bounds) over the continuous dimensions, preconditioned by
 *   optimizing `z = x / ℓ` (ℓ the GP's length scales) so every direction has a similar curvature,
 * - and, for each discrete dimension, an exhaustive search (categoricals and grids of at most 16
 *   points) or a discrete line search (longer grids),
 * until a full pass changes nothing.
 *
 * @example
 * ```ts
 * const { x, value } = optimizeAcqfMixed(acqf, space, { rng: new Rng(1) });
 * space.unnormalize(x);
 * ```
 */
import { log } from '../../../core/log.js';
import type { Rng } from '../../../core/rng.js';
import type { LogEIAcquisition } from './acquisition.js';
import { minimizeLbfgs } from './lbfgs.js';
import type { GPSearchSpace } from './search-space.js';

/** Options of {@link optimizeAcqfMixed}. */
export interface OptimizeAcqfOptions {
  rng: Rng;
  /** Normalized points to also start a local search from (default none). */
  warmStarts?: readonly Float64Array[];
  /** Number of space-filling candidates scored first (default 2048, as Optuna). */
  nPreliminarySamples?: number;
  /** Number of local searches, warm starts included (default 10, as Optuna). */
  nLocalSearch?: number;
  /** Tolerance: the gradient ascent stops at a projected gradient of √tol (default 1e-4). */
  tol?: number;
  /** Cap on the alternations of a local search (default 100). */
  maxLocalIter?: number;
}

/** Grids with at most this many points are searched exhaustively (Optuna's value). */
const MAX_EXHAUSTIVE_CHOICES = 16;

/** Returns the best normalized point found and its acquisition value. */
export function optimizeAcqfMixed(
  acqf: LogEIAcquisition,
  space: GPSearchSpace,
  { rng, warmStarts = [], nPreliminarySamples = 2048, nLocalSearch = 10, tol = 1e-4, maxLocalIter = 100 }: OptimizeAcqfOptions,
): { x: Float64Array; value: number } {
  const d = space.dim;
  const samples = space.sampleNormalized(nPreliminarySamples, rng);
  const values = new Float64Array(nPreliminarySamples);
  acqf.evaluateBatch(samples, nPreliminarySamples, values);
  let maxI = 0;
  for (let r = 1; r < nPreliminarySamples; r++) if (values[r] > values[maxI]) maxI = r;
  // roulette over exp(acqf − max), without the best (taken anyway) and without replacement
  const probs = new Float64Array(nPreliminarySamples);
  let nNonZero = 0;
  for (let r = 0; r < nPreliminarySamples; r++) {
    const p = r === maxI ? 0 : Math.exp(values[r] - values[maxI]);
    probs[r] = Number.isFinite(p) ? p : 0;
    if (probs[r] > 0) nNonZero++;
  }
  const nAdditional = Math.max(0, Math.min(nLocalSearch - warmStarts.length - 1, nNonZero));
  const starts: Float64Array[] = [samples.slice(maxI * d, (maxI + 1) * d)];
  for (let k = 0; k < nAdditional; k++) {
    const r = rng.weightedIndex(probs);
    probs[r] = 0;
    starts.push(samples.slice(r * d, (r + 1) * d));
  }
  for (const w of warmStarts) starts.push(Float64Array.from(w));

  const search = new LocalSearch(acqf, space, tol);
  let bestX = starts[0];
  let bestValue = -Infinity;
  for (const x0 of starts) {
    const { x, value } = search.run(x0, maxLocalIter);
    if (value > bestValue || bestValue === -Infinity) {
      bestX = x;
      bestValue = value;
    }
  }
  return { x: bestX, value: bestValue };
}

const CONTINUOUS = -1;

/** One local search of Optuna's `local_search_mixed`, with its buffers. */
class LocalSearch {
  private readonly cont: readonly number[];
  private readonly disc: readonly number[];
  private readonly choices: Float64Array[];
  private readonly lengthScales: Float64Array;
  private readonly lower: Float64Array;
  private readonly upper: Float64Array;
  private readonly gradFull: Float64Array;
  private readonly xWork: Float64Array;
  private warnedNoConvergence = false;

  constructor(
    private readonly acqf: LogEIAcquisition,
    private readonly space: GPSearchSpace,
    private readonly tol: number,
  ) {
    this.cont = space.continuousIndices;
    this.disc = space.discreteIndices;
    this.choices = space.discreteChoices();
    const all = acqf.gp.lengthScales();
    this.lengthScales = Float64Array.from(this.cont, (i) => all[i]);
    this.lower = new Float64Array(this.cont.length);
    this.upper = Float64Array.from(this.lengthScales, (l) => 1 / l);
    this.gradFull = new Float64Array(space.dim);
    this.xWork = new Float64Array(space.dim);
  }

  run(x0: Float64Array, maxIter: number): { x: Float64Array; value: number } {
    const x = Float64Array.from(x0);
    let value = this.acqf.evaluate(x);
    let lastChanged = CONTINUOUS;
    for (let iter = 0; iter < maxIter; iter++) {
      const v = this.gradientAscent(x, value);
      if (v > value) {
        value = v;
        lastChanged = CONTINUOUS;
      }
      for (let k = 0; k < this.disc.length; k++) {
        const i = this.disc[k];
        if (lastChanged === i) return { x, value };
        const grid = this.choices[k];
        const useExhaustive = this.space.isCategorical[i] === 1 || grid.length <= MAX_EXHAUSTIVE_CHOICES;
        const v2 = useExhaustive ? this.exhaustive(x, value, i, grid) : this.lineSearch(x, value, i, grid);
        if (v2 > value) {
          value = v2;
          lastChanged = i;
        }
      }
      if (lastChanged === CONTINUOUS) return { x, value };
    }
    if (!this.warnedNoConvergence) {
      this.warnedNoConvergence = true;
      log.debug('GPSampler: a local search of the acquisition function did not converge');
    }
    return { x, value };
  }

  /** L-BFGS over the continuous dims of `x` (in place when it improves); returns the new value. */
  private gradientAscent(x: Float64Array, value: number): number {
    const cont = this.cont;
    const nc = cont.length;
    if (nc === 0) return value;
    const ls = this.lengthScales;
    const xw = this.xWork;
    const grad = this.gradFull;
    const acqf = this.acqf;
    xw.set(x);
    const z0 = new Float64Array(nc);
    for (let k = 0; k < nc; k++) z0[k] = x[cont[k]] / ls[k];
    const res = minimizeLbfgs(
      (z, g) => {
        for (let k = 0; k < nc; k++) xw[cont[k]] = z[k] * ls[k];
        const v = acqf.evaluateWithGrad(xw, grad);
        for (let k = 0; k < nc; k++) g[k] = -grad[cont[k]] * ls[k];
        return -v;
      },
      z0,
      { lower: this.lower, upper: this.upper, pgtol: Math.sqrt(this.tol), maxIter: 200 },
    );
    const v = -res.f;
    if (res.iterations > 0 && v > value) {
      for (let k = 0; k < nc; k++) x[cont[k]] = Math.min(Math.max(res.x[k] * ls[k], 0), 1);
      return this.acqf.evaluate(x);
    }
    return value;
  }

  /** Tries every other grid value of dimension `i`; moves `x` to the best if it improves. */
  private exhaustive(x: Float64Array, value: number, i: number, grid: Float64Array): number {
    if (grid.length <= 1) return value;
    const current = x[i];
    let best = value;
    let bestU = current;
    for (let k = 0; k < grid.length; k++) {
      const u = grid[k];
      if (u === current) continue;
      x[i] = u;
      const v = this.acqf.evaluate(x);
      if (v > best) {
        best = v;
        bestU = u;
      }
    }
    x[i] = bestU;
    return best;
  }

  /**
   * Discrete line search on a long grid: from the nearest grid point, walk towards the better
   * neighbour with doubling steps while the acquisition improves, then restart with unit steps;
   * stops at a grid point better than both neighbours.
   */
  private lineSearch(x: Float64Array, value: number, i: number, grid: Float64Array): number {
    const m = grid.length;
    if (m <= 1) return value;
    let cur = nearestIndex(grid, x[i]);
    const startU = x[i];
    const cache = new Map<number, number>();
    cache.set(cur, value);
    const at = (j: number): number => {
      const c = cache.get(j);
      if (c !== undefined) return c;
      x[i] = grid[j];
      const v = this.acqf.evaluate(x);
      cache.set(j, v);
      return v;
    };
    let best = value;
    for (;;) {
      let moved = false;
      for (let dir = 1; dir >= -1 && !moved; dir -= 2) {
        let step = 1;
        for (;;) {
          const j = cur + dir * step;
          if (j < 0 || j >= m) break;
          const v = at(j);
          if (!(v > best)) break;
          best = v;
          cur = j;
          moved = true;
          step *= 2;
        }
      }
      if (!moved) break;
    }
    x[i] = best > value ? grid[cur] : startU;
    return best;
  }
}

function nearestIndex(grid: Float64Array, u: number): number {
  let lo = 0;
  let hi = grid.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (grid[mid] <= u) lo = mid;
    else hi = mid;
  }
  return Math.abs(u - grid[lo]) <= Math.abs(u - grid[hi]) ? lo : hi;
}
