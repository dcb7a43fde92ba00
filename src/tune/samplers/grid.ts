/**
 * Grid search (Optuna's `GridSampler`, `optuna/samplers/_grid.py`): every point of the product
 * of the given value lists is evaluated once, in a seeded random order; the study stops when the
 * grid is exhausted. The grid point of a trial is chosen in `beforeTrial` and stored in its system
 * attributes (`grid_id`, `search_space`), so other workers see which points are taken.
 *
 * @example
 * ```ts
 * const sampler = new GridSampler({ x: [-1, 0, 1], kind: ['a', 'b'] }, { seed: 0 });
 * const study = await createStudy({ sampler });
 * await study.optimize((t) => t.suggestFloat('x', -1, 1) + (t.suggestCategorical('kind', ['a', 'b']) === 'a' ? 0 : 1));
 * study.trials.length; // 6: the study stopped by itself
 * ```
 */
import { TunerError } from '../../core/errors.js';
import { log } from '../../core/log.js';
import { Rng } from '../../core/rng.js';
import type { CategoricalChoice, Distribution, ParamValue } from '../distributions.js';
import type { StudyView } from '../study/study-view.js';
import { describeDistribution } from '../trial/create-trial.js';
import { isFinished, type FrozenTrial } from '../trial/frozen-trial.js';
import type { Sampler, TrialSetup } from './base.js';

/** Param name → the values to try. */
export type GridSearchSpace = Record<string, readonly CategoricalChoice[]>;

/** Options of {@link GridSampler}. */
export interface GridSamplerOptions {
  /** Seed of the order in which grid points are visited. Default 0 (as Optuna's `seed or 0`). */
  seed?: number;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

/** See the module comment. */
export class GridSampler implements Sampler {
  private readonly searchSpace: Record<string, CategoricalChoice[]> = {};
  private readonly paramNames: string[];
  private readonly grids: CategoricalChoice[][];
  private readonly rng: Rng;

  constructor(searchSpace: GridSearchSpace, { seed = 0 }: GridSamplerOptions = {}) {
    if (typeof searchSpace !== 'object' || searchSpace === null) {
      throw new TunerError('GridSampler: searchSpace must be an object of param name → array of values');
    }
    this.paramNames = Object.keys(searchSpace).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of this.paramNames) {
      const values = searchSpace[name];
      if (!Array.isArray(values) || values.length === 0) {
        throw new TunerError(`GridSampler: the values of '${name}' must be a non-empty array, got ${JSON.stringify(values)}`);
      }
      for (const v of values) {
        const t = typeof v;
        if (!(v === null || t === 'string' || t === 'number' || t === 'boolean')) {
          throw new TunerError(`GridSampler: '${name}' contains ${String(v)} of type ${t}; values must be null, boolean, number or string`);
        }
      }
      this.searchSpace[name] = [...(values as CategoricalChoice[])];
    }
    // the product, the last name varying fastest (itertools.product order)
    let grids: CategoricalChoice[][] = [[]];
    for (const name of this.paramNames) {
      const next: CategoricalChoice[][] = [];
      for (const g of grids) for (const v of this.searchSpace[name]) next.push([...g, v]);
      grids = next;
    }
    this.rng = new Rng(seed);
    this.grids = this.rng.shuffle(grids);
  }

  /** Number of grid points. */
  get size(): number {
    return this.grids.length;
  }

  inferRelativeSearchSpace(): Record<string, Distribution> {
    return {};
  }

  sampleRelative(): Record<string, ParamValue> {
    return {};
  }

  beforeTrial(study: StudyView, trial: TrialSetup): void {
    if ('grid_id' in trial.systemAttrs || 'fixed_params' in trial.systemAttrs) return;
    let gridId: number;
    if (trial.number >= 0 && trial.number < this.grids.length && !this.isTaken(study, trial.number, trial.number)) {
      gridId = trial.number;
    } else {
      let targets = this.unvisitedGridIds(study, trial.number);
      if (targets.length === 0) {
        log.warn('GridSampler is re-evaluating a grid point because the grid has been exhausted (distributed optimization, or an already finished study)');
        targets = this.grids.map((_g, i) => i);
      }
      gridId = targets[this.rng.below(targets.length)];
    }
    trial.setSystemAttr('search_space', this.searchSpace);
    trial.setSystemAttr('grid_id', gridId);
  }

  sampleIndependent(_study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue {
    const gridId = trial.systemAttrs['grid_id'];
    if (typeof gridId !== 'number') {
      throw new TunerError(`GridSampler: trial ${trial.number} has no grid point; give every parameter when enqueueing trials with GridSampler (missing '${paramName}')`);
    }
    const idx = this.paramNames.indexOf(paramName);
    if (idx < 0) {
      throw new TunerError(`GridSampler: the parameter '${paramName}' is not in the grid (grid params: ${this.paramNames.join(', ')})`);
    }
    const value = this.grids[gridId][idx];
    let inside = false;
    try {
      inside = distribution.contains(distribution.toInternal(value));
    } catch {
      throw new TunerError(
        `GridSampler: the grid value ${JSON.stringify(value)} of '${paramName}' does not fit the suggested ${describeDistribution(distribution)}`,
      );
    }
    if (!inside) {
      log.warn(
        `GridSampler: the value ${JSON.stringify(value)} is out of range of the parameter '${paramName}'; it is used, but the suggested distribution is ${describeDistribution(distribution)}`,
      );
    }
    return value;
  }

  afterTrial(study: StudyView, trial: FrozenTrial): void {
    const targets = this.unvisitedGridIds(study, -1);
    if (targets.length === 0) study.stop?.();
    else if (targets.length === 1 && trial.systemAttrs['grid_id'] === targets[0]) study.stop?.();
  }

  /** True when every grid point has been evaluated (or is being evaluated) in `study`. */
  isExhausted(study: StudyView): boolean {
    return this.unvisitedGridIds(study, -1).length === 0;
  }

  private sameSearchSpace(s: unknown): boolean {
    if (typeof s !== 'object' || s === null) return false;
    const other = s as Record<string, unknown>;
    const keys = Object.keys(other);
    if (keys.length !== this.paramNames.length) return false;
    for (const name of keys) {
      const mine = this.searchSpace[name];
      const theirs = other[name];
      if (mine === undefined || !Array.isArray(theirs) || theirs.length !== mine.length) return false;
      for (let i = 0; i < mine.length; i++) if (!sameValue(theirs[i], mine[i])) return false;
    }
    return true;
  }

  /** True when grid `gridId` is finished or running in another trial than `self`. */
  private isTaken(study: StudyView, gridId: number, self: number): boolean {
    for (const t of study.getTrials()) {
      if (t.number !== self && t.systemAttrs['grid_id'] === gridId && this.sameSearchSpace(t.systemAttrs['search_space'])) {
        if (isFinished(t.state) || t.state === 'RUNNING') return true;
      }
    }
    return false;
  }

  /** Grid ids neither finished nor running; when all are started, those not finished (Optuna's rule). */
  private unvisitedGridIds(study: StudyView, self: number): number[] {
    const visited = new Set<number>();
    const running = new Set<number>();
    for (const t of study.getTrials()) {
      if (t.number === self) continue;
      const g = t.systemAttrs['grid_id'];
      if (typeof g !== 'number' || !this.sameSearchSpace(t.systemAttrs['search_space'])) continue;
      if (isFinished(t.state)) visited.add(g);
      else if (t.state === 'RUNNING') running.add(g);
    }
    let out: number[] = [];
    for (let i = 0; i < this.grids.length; i++) if (!visited.has(i) && !running.has(i)) out.push(i);
    if (out.length === 0) {
      out = [];
      for (let i = 0; i < this.grids.length; i++) if (!visited.has(i)) out.push(i);
    }
    return out;
  }

  reseedRng(): void {
    this.rng.reseed(Math.floor(Math.random() * 2147483647));
  }
}
