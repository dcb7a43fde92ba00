/**
 * The learning rate as a fidelity (issue 20): the search compares configurations at the rates the
 * sampler draws, which within the rounds a trial may run (`maxRounds`) and under round-level
 * pruning favours fast learners; the best configuration found so far is then cross-validated once
 * more at its learning rate divided by a factor, with that many times the rounds and the patience
 * of early stopping: a trial of the study (user attr {@link REFINED_FROM_ATTR}: the trial it
 * refines), not pruned, that becomes the best trial (and so the refitted model) only when its CV
 * value is better.
 *
 * When (see {@link RefineSchedule}): only in a run with a time budget, once a fifth of it is
 * spent (a fifth of the budget is searched first, so that the refined configuration is a good
 * one), and only when the budget left holds the refinement's estimated cost; later, each new best
 * trial of the search is refined in turn, as long as the refinements keep paying: once one of them
 * is not better than the trial it refined, the data gains nothing from a lower rate and the run
 * refines no more.
 *
 * Measured (issue 20, the folds of bench/tune-time.bench.mjs, seed 0, on a loaded shared machine):
 * on ames (l2 on sale prices) the search's best configurations learn at rates 0.1-0.15 and early
 * stopping picks 600-860 of their at most 1000 rounds, while the reference's best (XGBoost) was a
 * startup trial at rate 0.018 cut at 1000 rounds. One of them (rate 0.105, CV l2 5.42e8) cross-
 * validated at rate / 2 gave 5.03e8, / 3 4.94e8 (1782 rounds), / 4 4.87e8 (3906 rounds: twice the
 * cost of / 3 for 1.3% more). With a 350 s budget, the study's best went from 5.35e8 (the
 * reference's 5.15e8 never reached) to 5.01e8, reached after 95 s (a refinement of trial 13, at 0.27x
 * the reference's time; first refinement after a quarter of the budget: 112 s, 0.32x). On
 * credit_data, breast_cancer and a 50,000-row sample of fertility (accuracy) the refinement did not
 * beat its source (80.22% vs 80.36%, 96.84% vs 97.37%, 63.17% vs 63.20%): one trial each (4% of the
 * fertility budget), then none.
 */
import type { ParamValue } from '../tune/distributions.js';
import type { FrozenTrial } from '../tune/trial/frozen-trial.js';
import { SECONDS_ATTR, type TimeBudget } from './time-budget.js';

/** User attribute of a refinement trial: the number of the trial whose configuration it refines. */
export const REFINED_FROM_ATTR = 'refined_from';
/** User attribute of a refinement trial: the factor its learning rate was divided by (and its rounds multiplied by). */
export const LR_FACTOR_ATTR = 'lr_factor';

/** The default factor: the best configuration's learning rate divided by 3, with 3 times the rounds. */
export const DEFAULT_LR_FACTOR = 3;
/** The share of the time budget searched before the first refinement. */
const FIRST_AT = 0.2;
/** A refinement's cost is estimated as its source trial's seconds times the factor, times this margin. */
const COST_MARGIN = 1.25;
/** A factor under this (the learning rate near the space's lower bound) is not worth a trial. */
const MIN_FACTOR = 1.5;

/** A refinement trial to enqueue: its trial params and user attrs. */
export interface LrRefinement {
  params: Record<string, ParamValue>;
  userAttrs: Record<string, unknown>;
}

/**
 * The refinement of `source` (a COMPLETE trial that searched a float `learning_rate`): its trial
 * params with the learning rate divided by `factor`, at most down to the lower bound of its
 * distribution (the factor shrinks to fit); null when the trial has no such param or the factor
 * left is under 1.5.
 *
 * @example
 * ```ts
 * lrRefinement(study.bestTrial, 3); // { params: { ..., learning_rate: 0.035 }, userAttrs: { refined_from: 13, lr_factor: 3 } }
 * ```
 */
export function lrRefinement(source: FrozenTrial, factor: number): LrRefinement | null {
  const lr = source.params.learning_rate;
  const d = source.distributions.learning_rate;
  if (typeof lr !== 'number' || !(lr > 0) || d?.kind !== 'float' || d.step !== null) return null;
  const f = Math.min(factor, lr / Math.max(d.low, Number.MIN_VALUE));
  if (!(f >= MIN_FACTOR)) return null;
  return { params: { ...source.params, learning_rate: lr / f }, userAttrs: { [REFINED_FROM_ATTR]: source.number, [LR_FACTOR_ATTR]: f } };
}

/**
 * The factor of a refinement trial (from its user attrs), or null for a trial of the search.
 *
 * @example
 * ```ts
 * refinementFactor(trial.userAttrs); // 3, or null
 * ```
 */
export function refinementFactor(userAttrs: Readonly<Record<string, unknown>>): number | null {
  const f = userAttrs[LR_FACTOR_ATTR];
  return typeof userAttrs[REFINED_FROM_ATTR] === 'number' && typeof f === 'number' && f > 1 ? f : null;
}

/**
 * Decides, after each finished trial of a run with a time budget, whether to enqueue a refinement
 * of the best trial (see the module comment).
 *
 * @example
 * ```ts
 * const schedule = new RefineSchedule(budget, 3, false);
 * const r = schedule.next(study.trials, study.bestTrial);
 * if (r !== null) await study.enqueueTrial(r.params, { userAttrs: r.userAttrs });
 * ```
 */
export class RefineSchedule {
  /**
   * @param budget the run's time budget
   * @param factor the learning rate's divisor (> 1)
   * @param maximize the study's direction
   */
  constructor(
    private readonly budget: TimeBudget,
    private readonly factor: number,
    private readonly maximize: boolean,
  ) {}

  /** The refinement to enqueue now, or null: `trials` are the study's, `best` its best trial (null: none yet). */
  next(trials: readonly FrozenTrial[], best: FrozenTrial | null): LrRefinement | null {
    if (best === null || refinementFactor(best.userAttrs) !== null) return null;
    if (this.budget.elapsed() < FIRST_AT * this.budget.seconds) return null;
    const byNumber = new Map(trials.map((t) => [t.number, t]));
    for (const t of trials) {
      const from = t.userAttrs[REFINED_FROM_ATTR];
      if (typeof from !== 'number') continue;
      // queued or running: wait for it; already refined: done
      if (t.state === 'WAITING' || t.state === 'RUNNING' || from === best.number) return null;
      // a refinement that did not beat the trial it refined (or failed): the data gains nothing from a lower rate
      const src = byNumber.get(from);
      const v = t.state === 'COMPLETE' ? t.values?.[0] : undefined;
      const s = src?.values?.[0];
      if (v === undefined || s === undefined || !(this.maximize ? v > s : v < s)) return null;
    }
    const r = lrRefinement(best, this.factor);
    const seconds = best.userAttrs[SECONDS_ATTR];
    if (r === null || typeof seconds !== 'number') return null;
    const cost = COST_MARGIN * seconds * (r.userAttrs[LR_FACTOR_ATTR] as number);
    return cost <= this.budget.left() ? r : null;
  }
}
