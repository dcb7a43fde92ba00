/**
 * Shared pieces of the plot info functions: the study shape they read (a `Study` fits), the
 * target (objective value or a user function), and how a param is drawn on an axis (linear, log or
 * category, with its range over the trials that have it) — Optuna's `optuna/visualization/_utils.py`.
 *
 * @example
 * ```ts
 * const axis = paramAxis(study.trials, 'lr'); // { param: 'lr', scale: 'log', min: 1e-5, max: 0.3, categories: null }
 * ```
 */
import { TunerError } from '../../core/errors.js';
import type { Distribution, ParamValue } from '../../tune/distributions.js';
import type { FrozenTrial, StudyDirection } from '../../tune/trial/frozen-trial.js';

/** What a plot reads of a study (a `Study` fits). */
export interface VizStudy {
  readonly studyName?: string;
  readonly trials: readonly FrozenTrial[];
  readonly directions: readonly StudyDirection[];
  readonly metricNames?: string[] | null;
}

/** Options shared by the single-target plots. */
export interface TargetOptions {
  /** The value to plot. Default: the objective value (required with several objectives). */
  target?: (t: FrozenTrial) => number;
  /** The value's name on axes. Default 'Objective Value' (or the study's metric name). */
  targetName?: string;
}

/** A param's axis: its scale, range and (for categoricals) its labels in choice order. */
export interface ParamAxis {
  param: string;
  scale: 'linear' | 'log' | 'category';
  /** Range of the distributions (numeric) or null. */
  min: number | null;
  max: number | null;
  /** Choice labels (categorical) or null. */
  categories: string[] | null;
}

/** Resolves the target function and its name, checking the study's objectives. */
export function resolveTarget(
  study: VizStudy,
  { target, targetName }: TargetOptions,
  plot: string,
): { value: (t: FrozenTrial) => number; name: string } {
  if (target === undefined && study.directions.length > 1) {
    throw new TunerError(`${plot}: the study has ${study.directions.length} objectives; give target, e.g. { target: (t) => t.values[0] }`);
  }
  const metric = study.metricNames?.[0];
  return {
    value: target ?? ((t) => (t.values as readonly number[])[0]),
    name: targetName ?? (target === undefined && metric !== undefined ? metric : 'Objective Value'),
  };
}

/** COMPLETE trials with a finite target value. */
export function completeTrials(study: VizStudy, value: (t: FrozenTrial) => number): { trials: FrozenTrial[]; values: number[] } {
  const trials: FrozenTrial[] = [];
  const values: number[] = [];
  for (const t of study.trials) {
    if (t.state !== 'COMPLETE' || t.values === null) continue;
    const v = value(t);
    if (!Number.isFinite(v)) continue;
    trials.push(t);
    values.push(v);
  }
  return { trials, values };
}

/** A label for a categorical choice (null → 'None', true → 'True', as Optuna prints them). */
export function choiceLabel(v: ParamValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

/** The axis of `param` over the trials that have it. */
export function paramAxis(trials: readonly FrozenTrial[], param: string): ParamAxis {
  let dist: Distribution | undefined;
  let min = Infinity;
  let max = -Infinity;
  const labels: string[] = [];
  const seen = new Set<string>();
  for (const t of trials) {
    const d = t.distributions[param];
    if (d === undefined) continue;
    dist ??= d;
    if (d.kind === 'categorical') {
      for (const c of d.choices) {
        const l = choiceLabel(c);
        if (!seen.has(l)) {
          seen.add(l);
          labels.push(l);
        }
      }
    } else {
      min = Math.min(min, d.low);
      max = Math.max(max, d.high);
    }
  }
  if (dist === undefined) return { param, scale: 'linear', min: null, max: null, categories: null };
  if (dist.kind === 'categorical') return { param, scale: 'category', min: null, max: null, categories: labels };
  return { param, scale: dist.log ? 'log' : 'linear', min, max, categories: null };
}

/** The value drawn for a param: the number, or the choice label for categoricals. */
export function axisValue(axis: ParamAxis, v: ParamValue): number | string {
  return axis.scale === 'category' ? choiceLabel(v) : (v as number);
}

/** The param names of the trials, sorted (Optuna sorts them), or the given ones checked. */
export function paramNames(trials: readonly FrozenTrial[], params: readonly string[] | undefined, plot: string): string[] {
  const all = new Set<string>();
  for (const t of trials) for (const k of Object.keys(t.params)) all.add(k);
  if (params === undefined) return [...all].sort();
  for (const p of params) {
    if (!all.has(p)) throw new TunerError(`${plot}: param '${p}' does not exist in the study's trials; known: ${[...all].sort().join(', ')}`);
  }
  return [...params];
}

/** Compact JSON-safe params of a trial for tooltips. */
export function paramsText(t: FrozenTrial): string {
  return Object.keys(t.params)
    .map((k) => `${k}: ${formatValue(t.params[k])}`)
    .join('<br>');
}

/** A short number or label for tooltips and tables. */
export function formatValue(v: ParamValue | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Number(v.toPrecision(6)).toString();
  return choiceLabel(v);
}
