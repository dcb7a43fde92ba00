/**
 * Shared pieces of the importance evaluators (Optuna's `optuna/importance/_base.py`): the study
 * shape they read, the params to evaluate (the intersection search space of the COMPLETE trials),
 * the filtered trials and their target values, and the encoding of trials into a numeric matrix
 * (numeric params as their internal value, categorical params one-hot), as Optuna's
 * `_SearchSpaceTransform(transform_log=False, transform_step=False)` does.
 *
 * @example
 * ```ts
 * const space = importanceSearchSpace(study.trials, undefined);
 * const { X, nCols, groups } = encodeTrials(trials, space);
 * ```
 */
import { TunerError } from '../../core/errors.js';
import type { Distribution } from '../distributions.js';
import type { FrozenTrial, StudyDirection } from '../trial/frozen-trial.js';

/** What an importance evaluator reads of a study (a `Study` fits). */
export interface ImportanceStudy {
  readonly trials: readonly FrozenTrial[];
  readonly directions: readonly StudyDirection[];
}

/** Options every evaluator's `evaluate` takes. */
export interface EvaluateOptions {
  /** Params to evaluate. Default: those every COMPLETE trial has (the intersection search space). */
  params?: readonly string[];
  /** The value to explain. Default: the single objective value (required for several objectives). */
  target?: (t: FrozenTrial) => number;
}

/** An importance evaluator (Optuna's `BaseImportanceEvaluator`): param name → importance. */
export interface ImportanceEvaluator {
  evaluate(study: ImportanceStudy, options?: EvaluateOptions): Record<string, number>;
}

/** A param to evaluate with the union range of its distributions over the trials. */
export interface SpaceParam {
  name: string;
  dist: Distribution;
  /** Range of the internal values (for categoricals 0..choices-1). */
  low: number;
  high: number;
}

/**
 * The params to evaluate and their ranges: the given `params` (every COMPLETE trial must have
 * them) or the params every COMPLETE trial has with one kind. Sorted by name.
 */
export function importanceSearchSpace(complete: readonly FrozenTrial[], params: readonly string[] | undefined): SpaceParam[] {
  const names = params !== undefined ? [...params] : intersectionNames(complete);
  const out: SpaceParam[] = [];
  for (const name of names) {
    let low = Infinity;
    let high = -Infinity;
    let dist: Distribution | undefined;
    for (const t of complete) {
      const d = t.distributions[name];
      if (d === undefined) {
        throw new TunerError(`importance: trial ${t.number} has no param '${name}'; give params that every COMPLETE trial has`);
      }
      if (dist === undefined) dist = d;
      else if (dist.kind !== d.kind) {
        throw new TunerError(`importance: param '${name}' is ${dist.kind} in one trial and ${d.kind} in trial ${t.number}`);
      }
      if (d.kind === 'categorical') {
        low = 0;
        high = Math.max(high, d.choices.length - 1);
      } else {
        low = Math.min(low, d.low);
        high = Math.max(high, d.high);
      }
    }
    if (dist === undefined) continue;
    out.push({ name, dist, low, high });
  }
  return out;
}

function intersectionNames(complete: readonly FrozenTrial[]): string[] {
  if (complete.length === 0) return [];
  let names = Object.keys(complete[0].distributions);
  for (const t of complete) {
    names = names.filter((n) => {
      const a = t.distributions[n];
      const b = complete[0].distributions[n];
      return a !== undefined && a.kind === b.kind && (a.kind !== 'categorical' || a.choices.length === (b as typeof a).choices.length);
    });
  }
  return names.sort();
}

/** The COMPLETE trials having every param and their target values (NaN/infinite targets dropped). */
export function filteredTrials(
  study: ImportanceStudy,
  params: readonly string[] | undefined,
  target: ((t: FrozenTrial) => number) | undefined,
): { trials: FrozenTrial[]; values: Float64Array } {
  if (target === undefined && study.directions.length > 1) {
    throw new TunerError('importance: the study has several objectives; give target, e.g. { target: (t) => t.values[0] }');
  }
  const trials: FrozenTrial[] = [];
  const vals: number[] = [];
  for (const t of study.trials) {
    if (t.state !== 'COMPLETE' || t.values === null) continue;
    if (params !== undefined && params.some((p) => !(p in t.params))) continue;
    const v = target !== undefined ? target(t) : t.values[0];
    if (!Number.isFinite(v)) continue;
    trials.push(t);
    vals.push(v);
  }
  return { trials, values: Float64Array.from(vals) };
}

/** A trial matrix for the forest: row-major `nRows × nCols`, with each param's columns and bounds. */
export interface EncodedTrials {
  X: Float64Array;
  nRows: number;
  nCols: number;
  /** Per param (same order as the space), the columns that encode it. */
  groups: number[][];
  colLow: Float64Array;
  colHigh: Float64Array;
}

/** Encodes trials: a numeric param is one column (internal value), a categorical one one-hot column per choice. */
export function encodeTrials(trials: readonly FrozenTrial[], space: readonly SpaceParam[]): EncodedTrials {
  const groups: number[][] = [];
  const lows: number[] = [];
  const highs: number[] = [];
  let nCols = 0;
  for (const p of space) {
    const g: number[] = [];
    const width = p.dist.kind === 'categorical' ? p.high + 1 : 1;
    for (let k = 0; k < width; k++) {
      g.push(nCols++);
      lows.push(p.dist.kind === 'categorical' ? 0 : p.low);
      highs.push(p.dist.kind === 'categorical' ? 1 : p.high);
    }
    groups.push(g);
  }
  const nRows = trials.length;
  const X = new Float64Array(nRows * nCols);
  for (let r = 0; r < nRows; r++) {
    const t = trials[r];
    for (let i = 0; i < space.length; i++) {
      const p = space[i];
      const d = t.distributions[p.name];
      const x = d.toInternal(t.params[p.name]!);
      const g = groups[i];
      if (p.dist.kind === 'categorical') X[r * nCols + g[x]] = 1;
      else X[r * nCols + g[0]] = x;
    }
  }
  return { X, nRows, nCols, groups, colLow: Float64Array.from(lows), colHigh: Float64Array.from(highs) };
}

/** Sorts an importance record by decreasing importance (Optuna's `_sort_dict_by_importance`). */
export function sortByImportance(rec: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(rec).sort((a, b) => b[1] - a[1])) out[k] = v;
  return out;
}
