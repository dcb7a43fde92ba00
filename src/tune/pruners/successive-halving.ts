/**
 * Asynchronous Successive Halving (Li et al., "A System for Massively Parallel Hyperparameter
 * Tuning", MLSys 2020), as Optuna's `SuccessiveHalvingPruner` implements it
 * (`optuna/pruners/_successive_halving.py`).
 *
 * Rung k ends at step `minResource * reductionFactor^(minEarlyStoppingRate + k)`. When a trial
 * reaches it, its latest value is recorded in its system attrs as `completed_rung_<k>` and the
 * trial goes on only if that value is in the top `1 / reductionFactor` of the values recorded for
 * that rung by all trials so far (the first `reductionFactor - 1` trials go on only if best).
 */
import { TunerError } from '../../core/errors.js';
import type { StudyView } from '../study/study-view.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';
import { lastStep } from '../trial/frozen-trial.js';
import type { Pruner, PrunerTrial } from './base.js';
import { checkInt, singleDirection } from './util.js';

/** Options of {@link SuccessiveHalvingPruner}. */
export interface SuccessiveHalvingPrunerOptions {
  /**
   * Steps of the first rung (`r` in the paper), or `'auto'`: the largest last step of the COMPLETE
   * trials when first needed, divided by 100 (at least 1); no pruning until a trial completes.
   * Default `'auto'`.
   */
  minResource?: number | 'auto';
  /** The `eta` of the paper: the top `1/eta` of each rung is promoted (>= 2). Default 4. */
  reductionFactor?: number;
  /** The `s` of the paper: the first rung ends at `minResource * eta^s`. Default 0. */
  minEarlyStoppingRate?: number;
  /** Trials a rung needs before any trial is promoted (not with `minResource: 'auto'`). Default 0. */
  bootstrapCount?: number;
}

/** The system attribute key Optuna uses for a trial's value at the end of rung `rung`. */
export function completedRungKey(rung: number): string {
  return `completed_rung_${rung}`;
}

/**
 * Prunes by asynchronous successive halving.
 *
 * @example
 * ```ts
 * const study = await createStudy({ pruner: new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 }) });
 * ```
 */
export class SuccessiveHalvingPruner implements Pruner {
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;
  readonly bootstrapCount: number;
  private minResource: number | null;
  /** Rung values recorded by this pruner, for storages/trials that cannot take a system attr write. */
  private readonly recorded = new Map<string, number>();

  constructor({
    minResource = 'auto',
    reductionFactor = 4,
    minEarlyStoppingRate = 0,
    bootstrapCount = 0,
  }: SuccessiveHalvingPrunerOptions = {}) {
    if (typeof minResource === 'string' && minResource !== 'auto') {
      throw new TunerError(`SuccessiveHalvingPruner: minResource ('${minResource}') must be an integer >= 1 or 'auto'`);
    }
    if (minResource !== 'auto') checkInt('SuccessiveHalvingPruner', 'minResource', minResource, 1);
    checkInt('SuccessiveHalvingPruner', 'reductionFactor', reductionFactor, 2);
    checkInt('SuccessiveHalvingPruner', 'minEarlyStoppingRate', minEarlyStoppingRate, 0);
    checkInt('SuccessiveHalvingPruner', 'bootstrapCount', bootstrapCount, 0);
    if (bootstrapCount > 0 && minResource === 'auto') {
      throw new TunerError(
        `SuccessiveHalvingPruner: bootstrapCount (${bootstrapCount}) > 0 cannot be used with minResource 'auto'`,
      );
    }
    this.minResource = minResource === 'auto' ? null : minResource;
    this.reductionFactor = reductionFactor;
    this.minEarlyStoppingRate = minEarlyStoppingRate;
    this.bootstrapCount = bootstrapCount;
  }

  prune(study: StudyView, trial: PrunerTrial): boolean {
    const step = lastStep(trial);
    if (step === null) return false;
    let rung = this.currentRung(study, trial);
    const value = trial.intermediateValues.get(step) as number;
    let trials: readonly FrozenTrial[] | null = null;
    for (;;) {
      if (this.minResource === null) {
        trials ??= study.getTrials();
        this.minResource = estimateMinResource(trials);
        if (this.minResource === null) return false;
      }
      const promotionStep = this.minResource * this.reductionFactor ** (this.minEarlyStoppingRate + rung);
      if (step < promotionStep) return false;
      if (Number.isNaN(value)) return true;
      trials ??= study.getTrials();
      const key = completedRungKey(rung);
      this.record(study, trial, key, value);
      const competing = this.competingValues(study, trials, trial, key);
      competing.push(value);
      // `competing` includes the trial itself, hence `<=`
      if (competing.length <= this.bootstrapCount) return true;
      if (!isPromotable(value, competing, this.reductionFactor, singleDirection(study, 'SuccessiveHalvingPruner'))) {
        return true;
      }
      rung++;
    }
  }

  private memoKey(study: StudyView, trialId: number, key: string): string {
    return `${study.studyName}\u0000${trialId}\u0000${key}`;
  }

  private rungValue(study: StudyView, t: FrozenTrial, key: string): number | undefined {
    const v = t.systemAttrs[key];
    if (typeof v === 'number') return v;
    return this.recorded.get(this.memoKey(study, t.trialId, key));
  }

  private currentRung(study: StudyView, trial: FrozenTrial): number {
    let rung = 0;
    while (this.rungValue(study, trial, completedRungKey(rung)) !== undefined) rung++;
    return rung;
  }

  private record(study: StudyView, trial: PrunerTrial, key: string, value: number): void {
    this.recorded.set(this.memoKey(study, trial.trialId, key), value);
    if (typeof trial.setSystemAttr === 'function') trial.setSystemAttr(key, value);
  }

  private competingValues(study: StudyView, trials: readonly FrozenTrial[], self: FrozenTrial, key: string): number[] {
    const out: number[] = [];
    for (const t of trials) {
      if (t.trialId === self.trialId) continue;
      const v = this.rungValue(study, t, key);
      if (v !== undefined) out.push(v);
    }
    return out;
  }
}

/** Optuna's 'auto' rule: the largest last step among COMPLETE trials, divided by 100, at least 1. */
function estimateMinResource(trials: readonly FrozenTrial[]): number | null {
  let maxStep: number | null = null;
  for (const t of trials) {
    if (t.state !== 'COMPLETE') continue;
    const s = lastStep(t);
    if (s !== null && (maxStep === null || s > maxStep)) maxStep = s;
  }
  if (maxStep === null) return null;
  return Math.max(Math.floor(maxStep / 100), 1);
}

/** True when `value` is within the top `floor(n / eta)` of the `n` competing values (or the best, when that is 0). */
function isPromotable(value: number, competing: number[], reductionFactor: number, direction: string): boolean {
  let idx = Math.floor(competing.length / reductionFactor) - 1;
  if (idx === -1) idx = 0; // no suspended trials in Optuna: the first eta-1 trials go on only if best
  competing.sort((a, b) => a - b);
  if (direction === 'MAXIMIZE') return value >= competing[competing.length - 1 - idx];
  return value <= competing[idx];
}
