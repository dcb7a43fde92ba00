/**
 * Patience around another pruner (Optuna's `PatientPruner`, `optuna/pruners/_patient.py`).
 */
import { TunerError } from '../../core/errors.js';
import type { StudyView } from '../study/study-view.js';
import { lastStep } from '../trial/frozen-trial.js';
import type { Pruner, PrunerTrial } from './base.js';
import { checkInt, nanExtreme, singleDirection } from './util.js';

/** Options of {@link PatientPruner}. */
export interface PatientPrunerOptions {
  /** Steps without improvement before the wrapped pruner (or the early stop) may act. Required. */
  patience: number;
  /** Improvement smaller than this does not count (>= 0). Default 0. */
  minDelta?: number;
}

/**
 * Lets the wrapped pruner act only after the trial's intermediate values have not improved by
 * more than `minDelta` for `patience` consecutive steps; with `wrappedPruner` null it is plain
 * early stopping on the trial's own values. NaN values are ignored; when all values before (or
 * during) the patience window are NaN the trial is not pruned.
 *
 * @example
 * ```ts
 * const pruner = new PatientPruner(new MedianPruner(), { patience: 3 });
 * ```
 */
export class PatientPruner implements Pruner {
  readonly wrappedPruner: Pruner | null;
  readonly patience: number;
  readonly minDelta: number;

  constructor(wrappedPruner: Pruner | null, { patience, minDelta = 0 }: PatientPrunerOptions) {
    checkInt('PatientPruner', 'patience', patience, 0);
    if (!(minDelta >= 0)) throw new TunerError(`PatientPruner: minDelta (${minDelta}) must be >= 0`);
    this.wrappedPruner = wrappedPruner;
    this.patience = patience;
    this.minDelta = minDelta;
  }

  prune(study: StudyView, trial: PrunerTrial): boolean {
    if (lastStep(trial) === null) return false;
    const steps = [...trial.intermediateValues.keys()].sort((a, b) => a - b);
    if (steps.length <= this.patience + 1) return false;
    const split = steps.length - this.patience - 1;
    const before: number[] = [];
    const after: number[] = [];
    for (let i = 0; i < steps.length; i++) {
      const v = trial.intermediateValues.get(steps[i]) as number;
      (i < split ? before : after).push(v);
    }
    const maximize = singleDirection(study, 'PatientPruner') === 'MAXIMIZE';
    // NaN comparisons are false, so all-NaN windows never prune (numpy's nanmin gives NaN there)
    const maybePrune = maximize
      ? nanExtreme(before, 'max') - this.minDelta > nanExtreme(after, 'max')
      : nanExtreme(before, 'min') + this.minDelta < nanExtreme(after, 'min');
    if (!maybePrune) return false;
    return this.wrappedPruner === null ? true : this.wrappedPruner.prune(study, trial);
  }
}
