/**
 * The learning rate as a fidelity (issue 20): the search compares configurations at the rates the
 * sampler draws, which within the rounds a trial may run (`maxRounds`) and under round-level
 * pruning favours fast learners; the best configuration found so far is then cross-validated once
 * more at its learning rate divided by a factor, with that many times the rounds and the patience
 * of early stopping: a trial of the study (user attr {@link REFINED_FROM_ATTR}: the trial it
 * refines), not pruned, that becomes the best trial (and so the refitted model) only when its CV
 * value is better.
 *
 * When (see {@link RefineSchedule}): only in a run with a time budget, once the portfolio's trials
 * (portfolio.ts) have all finished, or without them once a fifth of the budget is spent (a fifth
 * of the budget is searched first, so that the refined configuration is a good one; the
 * portfolio's entries are good ones by construction), and only when the budget left holds the
 * refinement's estimated cost; later, each new best trial of the search is refined in turn, as
 * long as the refinements keep paying: once one of them is not better than the trial it refined,
 * the data gains nothing from a lower rate and the run refines no more.
 * Measured (bench/tune-time.bench.mjs, seeds 0-2, references cached, 2026-12-07): refining after
 * the portfolio instead of after a fifth of the budget (with {@link MIN_REFINED_RATE} 0.0125
 * instead of 0.02), ames seed 0 reached the reference's best (5.154e8) at 17.1 s, 0.26x its 64.8 s
 * (before: 5.166e8 at 23.4 s, the reference's reached at 49 s by a later search trial, 0.76x): the
 * portfolio's first entry (5.34e8 at 3 s) refined at rate 0.0125 (0.0374 / 2.99) gave 5.102e8.
 * Seed 2 as before (0.05x; its first trial beats the reference); seed 1, one trial at a time, not
 * reached either way (6.24e8 vs 6.17e8), with a trial per core (the default with a budget,
 * threads/jobs.ts) at 0.32x. breast_cancer, digits, spam and fertility (seeds 0-1) reach the reference's best during
 * or right after the portfolio, as before (0.03x-0.09x); credit_data seed 2 0.39x -> 0.31x.
 *
 * The search goes on at its own rates: refinements are left out of what the sampler models
 * ({@link SearchTrialsSampler}) and of the bar fold-level pruning sets ({@link bestSearchTrial}).
 * Measured on ames (seed 0, a 72.4 s budget: the reference's quiet time, one core busy with other
 * work): before, the first refinement (5.44e8, from a search best of 5.77e8) became the study's
 * best at 25 s and each of the next 64 trials was pruned (TPE drew at the refinement's low rate,
 * fold-level pruning compared every trial with the refinement's folds): best 5.44e8 within the
 * budget. After: 9 complete, 15 pruned, a new search best (5.37e8) at 46 s refined to 5.006e8 at
 * 60 s, better than the reference's 5.154e8.
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
import type { Distribution, ParamValue } from '../tune/distributions.js';
import type { Sampler, TrialSetup } from '../tune/samplers/base.js';
import type { StudyView } from '../tune/study/study-view.js';
import type { FrozenTrial, TrialState } from '../tune/trial/frozen-trial.js';
import { PORTFOLIO_ATTR, SECONDS_ATTR, type TimeBudget } from './time-budget.js';

/** User attribute of a refinement trial: the number of the trial whose configuration it refines. */
export const REFINED_FROM_ATTR = 'refined_from';
/** User attribute of a refinement trial: the factor its learning rate was divided by (and its rounds multiplied by). */
export const LR_FACTOR_ATTR = 'lr_factor';

/** The default factor: the best configuration's learning rate divided by 3, with 3 times the rounds. */
export const DEFAULT_LR_FACTOR = 3;
/** The share of the time budget searched before the first refinement, in a run without a portfolio. */
const FIRST_AT = 0.2;
/** A refinement's cost is estimated as its source trial's seconds times the factor, times this margin. */
const COST_MARGIN = 1.25;
/** A factor under this (the learning rate near the space's lower bound) is not worth a trial. */
const MIN_FACTOR = 1.5;
/**
 * A refinement's learning rate is at least this (or the distribution's lower bound when higher):
 * the factor shrinks to stay above it, and a source whose rate is already under 0.01875 (a factor
 * under {@link MIN_FACTOR}) is not refined. Measured on ames (bench/tune-time.bench.mjs, seeds 0-2,
 * one run each): refining rates near 0.1 paid 6-7% of l2 for 10-19 s; 0.0154 -> 0.0051 paid 0.7%
 * for 22 s of a 78 s budget (seed 1), which this floor rules out. The portfolio's first entry
 * (rate 0.0374) cross-validated on ames seed 0 at 0.02: 5.166e8 (8.2 s), 0.015: 5.170e8 (11.2 s),
 * 0.0125: 5.102e8 (13.3 s), 0.01: 5.104e8 (16.5 s), from 5.341e8 (3 s): about a third of its rate
 * is as good as lower ones, at less cost (one fold split: the steps between 0.02 and 0.0125 are noise).
 */
const MIN_REFINED_RATE = 0.0125;

/** A refinement trial to enqueue: its trial params and user attrs. */
export interface LrRefinement {
  params: Record<string, ParamValue>;
  userAttrs: Record<string, unknown>;
}

/**
 * The refinement of `source` (a COMPLETE trial that searched a float `learning_rate`): its trial
 * params with the learning rate divided by `factor`, at most down to 0.0125 or the lower bound of
 * its distribution, whichever is higher (the factor shrinks to fit); null when the trial has no
 * such param or the factor left is under 1.5.
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
  const f = Math.min(factor, lr / Math.max(d.low, MIN_REFINED_RATE, Number.MIN_VALUE));
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
 * const r = schedule.next(study.trials);
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

  /**
   * The refinement to enqueue now, or null: `trials` are the study's. The trial refined is the best
   * trial of the search ({@link bestSearchTrial}), not a refinement: a refinement's value comes
   * from a lower learning rate than any search trial runs at, so the search goes on at its own
   * rates, and each new best of the search is refined in turn.
   */
  next(trials: readonly FrozenTrial[]): LrRefinement | null {
    const best = bestSearchTrial(trials, this.maximize);
    if (best === null) return null;
    if (!portfolioDone(trials) && this.budget.elapsed() < FIRST_AT * this.budget.seconds) return null;
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

/** True when `trials` hold portfolio trials (portfolio.ts) and none of them is still queued or running. */
function portfolioDone(trials: readonly FrozenTrial[]): boolean {
  let any = false;
  for (const t of trials) {
    if (t.userAttrs[PORTFOLIO_ATTR] !== true) continue;
    if (t.state === 'WAITING' || t.state === 'RUNNING') return false;
    any = true;
  }
  return any;
}

/**
 * The best COMPLETE trial of the search among `trials`: refinements left out (their values come
 * from a lower learning rate than the search runs at); null when none. Fold-level pruning compares
 * a trial's first folds with this trial's, and {@link RefineSchedule} refines it.
 *
 * @example
 * ```ts
 * bestSearchTrial(study.trials, true)?.number; // 13, while the study's best is its refinement, 52
 * ```
 */
export function bestSearchTrial(trials: readonly FrozenTrial[], maximize: boolean): FrozenTrial | null {
  let best: FrozenTrial | null = null;
  let bestValue = 0;
  for (const t of trials) {
    const v = t.values?.[0];
    if (t.state !== 'COMPLETE' || v === undefined || Number.isNaN(v) || refinementFactor(t.userAttrs) !== null) continue;
    if (best === null || (maximize ? v > bestValue : v < bestValue)) {
      best = t;
      bestValue = v;
    }
  }
  return best;
}

/**
 * A sampler that does not see the refinement trials of its study: its base sampler models the
 * search's trials only. A refinement's params hold the lowered learning rate, and its value comes
 * from three times the rounds a search trial may run: told to TPE, it makes low rates look best,
 * and the trials TPE then draws at low rates are slow learners that round-level pruning stops
 * early. (ames, seed 0, a 72 s budget: after the first refinement became the study's best, its
 * next 64 trials were all pruned.)
 *
 * @example
 * ```ts
 * const sampler = new SearchTrialsSampler(new TPESampler({ seed: 0 }));
 * ```
 */
export class SearchTrialsSampler implements Sampler {
  constructor(readonly baseSampler: Sampler) {}

  inferRelativeSearchSpace(study: StudyView, trial: FrozenTrial): Record<string, Distribution> {
    return this.baseSampler.inferRelativeSearchSpace(searchView(study), trial);
  }

  sampleRelative(study: StudyView, trial: FrozenTrial, searchSpace: Record<string, Distribution>): Record<string, ParamValue> {
    return this.baseSampler.sampleRelative(searchView(study), trial, searchSpace);
  }

  sampleIndependent(study: StudyView, trial: FrozenTrial, paramName: string, distribution: Distribution): ParamValue {
    return this.baseSampler.sampleIndependent(searchView(study), trial, paramName, distribution);
  }

  beforeTrial(study: StudyView, trial: TrialSetup): void {
    this.baseSampler.beforeTrial?.(searchView(study), trial);
  }

  afterTrial(study: StudyView, trial: FrozenTrial, state: TrialState, values: readonly number[] | null): void {
    this.baseSampler.afterTrial?.(searchView(study), trial, state, values);
  }

  reseedRng(): void {
    this.baseSampler.reseedRng?.();
  }
}

/** `study` without its refinement trials (see {@link SearchTrialsSampler}). */
function searchView(study: StudyView): StudyView {
  const view: StudyView = {
    get studyName() {
      return study.studyName;
    },
    get studyId() {
      return study.studyId;
    },
    get directions() {
      return study.directions;
    },
    get userAttrs() {
      return study.userAttrs;
    },
    get systemAttrs() {
      return study.systemAttrs;
    },
    getTrials: (options) => study.getTrials(options).filter((t) => refinementFactor(t.userAttrs) === null),
    setSystemAttr: (key, value) => study.setSystemAttr(key, value),
  };
  if (study.stop !== undefined) view.stop = () => study.stop?.();
  return view;
}
