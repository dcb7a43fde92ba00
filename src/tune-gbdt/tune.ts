/**
 * `tuneGbdt(data, options)`: tunes the booster's hyperparameters by k-fold CV (Optuna's
 * LightGBM example, anchor `optuna-examples/lightgbm/lightgbm_integration.py`, and
 * `LightGBMTunerCV`): bins built once, each trial a CV with early stopping on the validation folds
 * (so `num_iterations` is not tuned), every round's fold mean reported for pruning, trials in N
 * worker threads over one shared copy of the bins, then a refit on all rows with the best params
 * and the best number of rounds.
 */
import type { Dataset } from '../data/dataset.js';
import { StorageError, TunerError } from '../core/errors.js';
import type { Booster } from '../gbdt/boosting/booster.js';
import type { Pruner } from '../tune/pruners/base.js';
import { createPruner } from '../tune/pruners/registry.js';
import { MedianPruner } from '../tune/pruners/median.js';
import type { Sampler } from '../tune/samplers/base.js';
import { checkOptionKeys } from '../tune/option-keys.js';
import { createSampler, SAMPLERS } from '../tune/samplers/registry.js';
import type { GridSearchSpace } from '../tune/samplers/grid.js';
import { TPESampler } from '../tune/samplers/tpe/sampler.js';
import type { CategoricalChoice } from '../tune/distributions.js';
import type { Storage } from '../tune/storages/base.js';
import { createStudy, loadStudy } from '../tune/study/create-study.js';
import { stopRequestCallback } from '../tune/stop-request.js';
import { getStorage } from '../tune/storages/registry.js';
import type { Study } from '../tune/study/study.js';
import type { FrozenTrial } from '../tune/trial/frozen-trial.js';
import type { Trial } from '../tune/trial/trial.js';
import { prepareContext, releaseContext, evaluateParams, fixedParamsOf, refit, refitParams, trialBoosterParams, type TuneContext, type TuneDataOptions } from './context.js';
import { recordOutputs, writeTuneOutputs, type BestParamsFile, type TuneOutputPaths } from './output.js';
import { detectImbalance } from './imbalance.js';
import { runImbalance, runInfo, type TuneRunInfo } from './run-info.js';
import { runSpace } from './run-space.js';
import type { BoosterParams, SearchSpaceFn, SearchSpaceSpec } from './search-space.js';
import { checkStudyIdentity, studyIdentity, type StudyIdentity } from './study-identity.js';
import { checkJobs, defaultJobs, trialsAtOnce, type JobsOption } from './threads/jobs.js';
import { PORTFOLIO_ATTR, TimeBudget } from './time-budget.js';
import { DEFAULT_LR_FACTOR, RefineSchedule, SearchTrialsSampler } from './lr-refine.js';
import { DEFAULT_PORTFOLIO, portfolioTrials, type PortfolioEntry } from './portfolio.js';

/** Options of {@link tuneGbdt}. */
export interface TuneGbdtOptions extends TuneDataOptions {
  /** Number of trials to run in this call. Default 100 (unless only `timeout` is given). */
  nTrials?: number;
  /**
   * The run's time budget in seconds: reading the data, the trials, the refit and the outputs. No
   * trial starts once the budget less a reserve for the refit (estimated from the best trial so
   * far) is spent, and a trial still running then is stopped at its next round (PRUNED, with the
   * user attr `stopped: 'time budget'`); then the best trial is refitted. With `nTrials` too,
   * whichever ends first. Default none.
   */
  timeout?: number;
  /**
   * The search space: a define-by-run function or a declarative spec (checked in full against the
   * params table before anything is read or written). Default {@link defaultSearchSpace}, plus
   * `scale_pos_weight` (log scale, from 1 to negatives / positives) on a binary target whose
   * minority class is under 20% of the rows (see `imbalance.ts`; `info.imbalance` says so). The
   * fixed `params` are not searched; a spec that names one is an error.
   */
  searchSpace?: SearchSpaceFn | SearchSpaceSpec;
  /**
   * A name for a define-by-run `searchSpace`, recorded in the study: a run with another key (or
   * none, or a spec) cannot continue it. Change it whenever you change the function. Default none:
   * the function is recorded as unnamed and cannot be checked (a warning says so when continuing).
   */
  searchSpaceKey?: string;
  /** A sampler or its registry name. Default `TPESampler({ multivariate: true, group: true, constantLiar: nJobs > 1, seed })` (group: the max_depth param is conditional). */
  sampler?: Sampler | string;
  /** Options of the sampler named by `sampler` (or of the default TPE), over the defaults above; not `seed` (use `seed`). Default `{}`. */
  samplerOptions?: Record<string, unknown>;
  /** A pruner or its registry name. Default `MedianPruner({ nStartupTrials: 5, nWarmupSteps: 20 })` (see {@link DEFAULT_PRUNER_OPTIONS}). */
  pruner?: Pruner | string;
  /** Options of the pruner named by `pruner` (or of the default median pruner, over its defaults above). Default `{}`. */
  prunerOptions?: Record<string, unknown>;
  /**
   * Storage URL or instance; the study continues when it already exists, if it was made for the
   * same data, target, objective, metric, folds, rounds, fixed params and search space (else a
   * StudyMismatchError naming each difference, before any trial). Default in-memory.
   */
  storage?: string | Storage;
  /** Default 'gbtune'. */
  studyName?: string;
  /**
   * Trials at once, each in a worker thread over one shared copy of the bins; each trial trains on
   * `floor(cores / nJobs)` threads (at least 1) unless its params set `num_threads`. `'auto'`:
   * as many trials at once as cores, or as trials when fewer (see tune-gbdt/threads/jobs.ts for the
   * rule and its measurement). The workers stay (idle, unref'd) for the process's next
   * study with the same number of trials at once; `closeIdleWorkers()` ends them. Default 1 (main
   * thread; the same seed gives the same study), or `'auto'` with a `timeout` (a time budget's run
   * is not repeatable anyway; see tune-gbdt/threads/jobs.ts).
   */
  nJobs?: JobsOption;
  /** Refit the best params on all rows. Default true. */
  refit?: boolean;
  /**
   * First trials of a new study with the default search space: `true` enqueues
   * {@link DEFAULT_PORTFOLIO} (configurations that did well across many datasets, see
   * portfolio.ts) before the sampler takes over, `false` none, or a list of trial params of the
   * default space. At most `nTrials` of them; a continued study gets none. Default true.
   */
  portfolio?: boolean | readonly PortfolioEntry[];
  /**
   * Fold-level pruning: with a pruner that gives per-step thresholds (the default median pruner,
   * percentile, nop) and at least 3 folds, each trial trains its first half of the folds first and
   * stops there (PRUNED, user attr `stopped: 'first folds'`) when each of them is worse than the
   * best trial's same fold (see fold-cv.ts). A trial that goes on gets the same value as without.
   * Default true.
   */
  foldPruning?: boolean;
  /**
   * The learning rate as a fidelity (see lr-refine.ts), with a `timeout` and a search space with a
   * float `learning_rate` (the default one): once the portfolio's trials have finished (without
   * them: once a fifth of the budget is spent), the best trial's
   * configuration is cross-validated again at its learning rate divided by this factor, with that
   * many times the rounds and patience (a trial of the study, user attr `refined_from`, not pruned),
   * and each later best trial of the search in turn (refinements left out: they neither guide the
   * sampler nor set the bar of fold-level pruning) while that keeps beating the trial it refines (never with a
   * fixed `num_iterations` in `params`: the trials' rounds are the user's). `true`: factor
   * {@link DEFAULT_LR_FACTOR} (3); a number > 1: that factor; `false`: never. Default true.
   */
  refineLearningRate?: boolean | number;
  /** Called after every finished trial. */
  onTrial?: (trial: FrozenTrial, study: Study) => void;
  /** Called once the data is read and the study checked, before the first trial: what is tuned and how. */
  onStart?: (info: TuneRunInfo) => void;
  /** Write best_params.json, model.json, model.txt and trials.csv here. Default: write nothing. */
  outDir?: string;
  /** Aborting stops the study: first abort → no new trials; running trials finish. Default none. */
  signal?: AbortSignal;
}

/** What {@link tuneGbdt} returns. */
export interface TuneGbdtResult {
  /** Best CV value of the tuned metric (over all trials of the study, earlier runs included). */
  bestValue: number;
  /** The best trial's booster params (LightGBM names): the fixed params and the searched ones. */
  bestParams: BoosterParams;
  /** The best trial's raw params (search-space names). */
  bestTrialParams: Record<string, unknown>;
  /** The best trial's best round: the model is refitted with this many rounds. */
  bestIteration: number;
  /** The tuned metric and its direction. */
  metric: string;
  direction: 'maximize' | 'minimize';
  /** Finished trials in the study (all states, earlier runs included). */
  nTrials: number;
  /** Trials run by this call. */
  nTrialsRun: number;
  /** The trials run by this call, by how they ended. */
  states: TrialCounts;
  /** What was tuned and how (the same object `onStart` got). */
  info: TuneRunInfo;
  /** Wall time of this call. */
  seconds: number;
  study: Study;
  /** The refitted model, or null with `refit: false`. */
  booster: Booster | null;
  paths: TuneOutputPaths;
}

/**
 * Makes the sampler of a study (see TuneGbdtOptions.sampler and samplerOptions): `options` (keys
 * checked against the sampler's, see {@link checkOptionKeys}) over the tuner's defaults.
 */
export async function resolveTuneSampler(
  sampler: Sampler | string | undefined,
  seed: number,
  nJobs: number,
  spec: SearchSpaceSpec | null,
  options: Readonly<Record<string, unknown>> = {},
): Promise<Sampler> {
  if (sampler !== undefined && typeof sampler !== 'string') {
    if (Object.keys(options).length > 0) throw new TunerError('samplerOptions apply to a sampler given by name, not to a Sampler instance');
    return sampler;
  }
  const name = SAMPLERS.resolve(sampler ?? 'tpe');
  checkOptionKeys('sampler', name, options);
  if ('seed' in options) throw new TunerError("samplerOptions: give the sampler's seed with the seed option (it seeds the folds too and moves on when a study resumes)");
  if (name === 'tpe') {
    // group needs multivariate: a user's multivariate: false turns the default group off too
    return new TPESampler({ multivariate: true, group: options.multivariate !== false, constantLiar: nJobs > 1, ...options, seed });
  }
  if (name === 'grid') {
    if (spec === null) throw new TunerError("sampler 'grid' needs a declarative search space (--space) whose entries are categorical, int or fixed");
    return createSampler('grid', { searchSpace: gridFromSpec(spec), ...options, seed });
  }
  return createSampler(name, { ...options, seed });
}

/** A grid (param → values) from a spec: categorical choices, every int of a range; floats cannot be gridded. */
function gridFromSpec(spec: SearchSpaceSpec): GridSearchSpace {
  const grid: Record<string, CategoricalChoice[]> = {};
  for (const [k, e] of Object.entries(spec)) {
    if ('fixed' in e) continue;
    if (e.type === 'categorical') grid[k] = [...e.choices];
    else if (e.type === 'int') {
      const vals: number[] = [];
      for (let v = e.low; v <= e.high; v += e.step ?? 1) vals.push(v);
      grid[k] = vals;
    } else throw new TunerError(`sampler 'grid': '${k}' is a float range; give it as {"type": "categorical", "choices": [...]}`);
  }
  return grid;
}

/**
 * The default median pruner's settings. Optuna's LightGBM example prunes from round 11
 * (`n_warmup_steps=10`) at LightGBM's fixed learning rate of 0.1; the default space also searches
 * the learning rate (0.005 to 0.3), and at round 11 the fast learners lead: on breast_cancer (100
 * trials, seeds 0-4) 20 pruned trials, most at round 11, would have beaten their study's best had
 * they run on, and a study whose first complete trials learn fast prunes all the others (seed 6: 95
 * of 100). From round 21 (issue 20, bench/example.bench.mjs, 100 trials, seeds 0-9, median best CV
 * accuracy and fold-rounds trained over the 10 studies): 97.63% → 97.80% (seeds 0-4: 97.54% →
 * 97.89%), 1.26x the rounds, 1.13x once fold-level pruning lets the k-fold mean be judged at the
 * first check (see context.ts; seeds 0-4: 77,244 against 100,790 before issue 20's changes); the
 * same bests on digits, credit_data and spam (20 trials, seeds 0-2) at 1.01x-1.05x their rounds. Rejected
 * (seeds 0-4, rounds against round 11's in the same count): from round 31, 97.89% at 1.5x; from
 * round 51, 98.07% at 2.9x; 10 startup trials, 97.89% at 1.4x; a 75th-percentile pruner (prunes
 * only the worst quarter), 97.71% at 1.6x; the Hyperband pruner, 97.54% at 1.0x.
 */
export const DEFAULT_PRUNER_OPTIONS = { nStartupTrials: 5, nWarmupSteps: 20 } as const;

/**
 * Makes the pruner of a study (see TuneGbdtOptions.pruner and prunerOptions): `options` (keys
 * checked against the pruner's) over the default median pruner's settings, or for the named
 * pruner. The patient pruner's `wrappedPruner` may be a name or `{ name, ...its options }`.
 */
export function resolveTunePruner(pruner: Pruner | string | undefined, options: Readonly<Record<string, unknown>> = {}): Pruner {
  if (pruner !== undefined && typeof pruner !== 'string') {
    if (Object.keys(options).length > 0) throw new TunerError('prunerOptions apply to a pruner given by name, not to a Pruner instance');
    return pruner;
  }
  checkOptionKeys('pruner', pruner ?? 'median', options);
  if (pruner === undefined) return new MedianPruner({ ...DEFAULT_PRUNER_OPTIONS, ...options });
  const { wrappedPruner, ...rest } = options;
  const opts: Record<string, unknown> = { ...rest };
  if (wrappedPruner !== undefined) {
    const w = wrappedPruner;
    if (w !== null && typeof w === 'object' && !Array.isArray(w) && typeof (w as { prune?: unknown }).prune !== 'function') {
      const { name, ...wOpts } = w as Record<string, unknown>;
      if (typeof name !== 'string') throw new TunerError(`pruner '${pruner}': wrappedPruner ${JSON.stringify(w)} needs a "name" (e.g. {"name": "median"})`);
      opts.wrappedPruner = resolveTunePruner(name, wOpts);
    } else opts.wrappedPruner = w;
  }
  return createPruner(pruner, opts);
}

/** The refinement schedule of a run (see TuneGbdtOptions.refineLearningRate): null without a budget or when off. */
function refineSchedule(option: boolean | number, budget: TimeBudget | null, maximize: boolean): RefineSchedule | null {
  if (budget === null || option === false) return null;
  return new RefineSchedule(budget, option === true ? DEFAULT_LR_FACTOR : option, maximize);
}

/** Checks TuneGbdtOptions.refineLearningRate (before the data is read). */
function checkRefineOption(option: unknown): void {
  if (option === undefined || typeof option === 'boolean') return;
  if (typeof option !== 'number' || !(Number.isFinite(option) && option > 1)) {
    throw new TunerError(`tuneGbdt: refineLearningRate (${JSON.stringify(option)}) must be true, false or a factor > 1`);
  }
}

/** Trials by how they ended. */
export interface TrialCounts {
  complete: number;
  pruned: number;
  failed: number;
}

/** Adds `b` to `a`. */
export function addCounts(a: TrialCounts, b: TrialCounts): TrialCounts {
  return { complete: a.complete + b.complete, pruned: a.pruned + b.pruned, failed: a.failed + b.failed };
}

/**
 * Runs `nTrials` more trials of `space` in `study` (sharing the context), honouring the time
 * budget (see time-budget.ts: no trial starts once the trials' share is spent, a running one is
 * stopped at its next round; the reserve for the refit follows the best trial), the signal and
 * stop requests stored in the study (`requestStudyStop`, the dashboard's Stop button: the running
 * trials finish, `onStopRequest` is called); returns how they ended.
 */
export async function runTrials(
  ctx: TuneContext,
  study: Study,
  space: SearchSpaceFn,
  { nTrials, budget = null, nJobs = 1, onTrial, signal, refit = true, outputs = false, foldPruning = false, refine = null, onStopRequest }: RunTrialsOptions,
): Promise<TrialCounts> {
  const counts: TrialCounts = { complete: 0, pruned: 0, failed: 0 };
  const onAbort = (): void => study.stop();
  if (signal?.aborted === true) return counts;
  const bestOf = (s: Study): FrozenTrial | null => {
    try {
      return s.bestTrial;
    } catch {
      return null; // no completed trial yet
    }
  };
  budget?.setReserve(bestOf(study), ctx.nFolds, refit, outputs);
  if (budget?.spent() === true) return counts;
  const stopRequested = await stopRequestCallback(study, { onStop: onStopRequest });
  signal?.addEventListener('abort', onAbort);
  try {
    await study.optimize((trial: Trial) => evaluateParams(ctx, trial, space(trial), budget, foldPruning), {
      ...(nTrials !== undefined ? { nTrials } : {}),
      nJobs,
      callbacks: [
        async (s, t) => {
          if (t.state === 'COMPLETE') counts.complete++;
          else if (t.state === 'PRUNED') counts.pruned++;
          else counts.failed++;
          // the trials pruning themselves in workers get thresholds that count the finished trial
          ctx.pool?.refreshPruning();
          if (budget !== null) {
            budget.setReserve(bestOf(s), ctx.nFolds, refit, outputs);
            if (budget.spent()) s.stop();
          }
          // a refinement is queued only when this run will run it (not after its last trial)
          const last = nTrials !== undefined && counts.complete + counts.pruned + counts.failed >= nTrials;
          const more = last ? null : refine?.next(s.trials) ?? null;
          if (more !== null) await s.enqueueTrial(more.params, { userAttrs: more.userAttrs });
          onTrial?.(t, s);
          // a main-thread trial never leaves the microtask queue (sync CV, sync SQLite): yield to the
          // event loop once per trial so that signals (Ctrl-C → abort) and timers are handled
          await new Promise((res) => setImmediate(res));
        },
        stopRequested,
      ],
    });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return counts;
}

/** Options of {@link runTrials}. */
export interface RunTrialsOptions {
  /** Trials to run. Default: until the budget or the signal stops them. */
  nTrials?: number;
  /** The run's time budget. Default none. */
  budget?: TimeBudget | null;
  nJobs?: number;
  onTrial?: (t: FrozenTrial, s: Study) => void;
  signal?: AbortSignal;
  /** The run refits the best trial (the budget keeps time for it). Default true. */
  refit?: boolean;
  /** The run writes outputs (the budget keeps time for them). Default false. */
  outputs?: boolean;
  /** Fold-level pruning (see evaluateParams and fold-cv.ts). Default false. */
  foldPruning?: boolean;
  /** Called when a stop request stored in the study stops the run. Default none. */
  onStopRequest?: () => void;
  /** Enqueues refinements of the best trial at a lower learning rate (lr-refine.ts). Default none. */
  refine?: RefineSchedule | null;
}

/**
 * Opens the study of a run: loads it when `studyName` exists in `store` (the sampler made for
 * the number of trials it has) and checks that it was made for this run (else a
 * StudyMismatchError, before anything is written), or creates it. Either way the study then
 * records `identity`.
 */
export async function openTuningStudy(
  store: Storage,
  studyName: string,
  identity: StudyIdentity,
  samplerFor: (existingTrials: number) => Promise<Sampler>,
  pruner: Pruner,
): Promise<Study> {
  let id: number | null = null;
  try {
    id = await store.getStudyIdFromName(studyName);
  } catch (e) {
    if (!(e instanceof StorageError && e.code === 'STUDY_NOT_FOUND')) throw e;
  }
  const existing = id === null ? 0 : await store.getNTrials(id);
  const sampler = await samplerFor(existing);
  const study =
    id === null
      ? await createStudy({ direction: identity.direction, sampler, pruner, storage: store, studyName, loadIfExists: true })
      : await loadStudy({ storage: store, studyName, sampler, pruner });
  await checkStudyIdentity(study, identity);
  return study;
}

/** The result fields from the study's best trial, the refit and the outputs. */
export async function finishTuning(
  ctx: TuneContext,
  study: Study,
  { refit: doRefit = true, outDir, storage, budget = null }: { refit?: boolean; outDir?: string; storage?: string | Storage; budget?: TimeBudget | null },
): Promise<Pick<TuneGbdtResult, 'bestValue' | 'bestParams' | 'bestTrialParams' | 'bestIteration' | 'booster' | 'paths' | 'nTrials' | 'metric' | 'direction'>> {
  await study.refresh();
  const finished = study.trials.filter((t) => t.state !== 'RUNNING' && t.state !== 'WAITING').length;
  let bestTrial: FrozenTrial;
  try {
    bestTrial = study.bestTrial;
  } catch {
    const time = budget !== null && budget.spent() ? `; the time budget (${budget.seconds} s) was spent before a trial completed: give more time` : '';
    throw new TunerError(`no trial of study '${study.studyName}' completed (${finished} finished: pruned or failed); nothing to refit${time}`);
  }
  const { params, bestIteration } = trialBoosterParams(bestTrial);
  const fitParams = refitParams(ctx, params, bestIteration);
  const booster = doRefit ? refit(ctx, fitParams) : null;
  const best: BestParamsFile = {
    metric: ctx.metric,
    direction: ctx.direction,
    bestValue: study.bestValue,
    bestIteration,
    bestTrial: bestTrial.number,
    nFolds: ctx.nFolds,
    params: fitParams,
    trialParams: { ...bestTrial.params },
    fixedParams: { ...ctx.fixedParams },
  };
  let paths: TuneOutputPaths = {};
  if (outDir !== undefined) {
    paths = writeTuneOutputs(outDir, study, best, booster, ctx.dataset);
    await recordOutputs(study, paths);
  }
  if (typeof storage === 'string') paths.storage = storage;
  return {
    bestValue: study.bestValue,
    bestParams: { ...ctx.fixedParams, ...params },
    bestTrialParams: { ...bestTrial.params },
    bestIteration,
    booster,
    paths,
    nTrials: finished,
    metric: ctx.metric,
    direction: ctx.direction,
  };
}

/**
 * Tunes a boosted model on a CSV file (or a Dataset) by k-fold CV.
 *
 * @example
 * ```ts
 * const r = await tuneGbdt('datasets/breast_cancer.csv', { nTrials: 50, seed: 1 });
 * r.bestValue;  // mean 5-fold CV accuracy of the best trial, ~0.975
 * r.bestParams; // { num_leaves: ..., learning_rate: ..., ... }
 * r.booster?.predict(records);
 * ```
 */
export async function tuneGbdt(data: string | Dataset, options: TuneGbdtOptions = {}): Promise<TuneGbdtResult> {
  const t0 = performance.now();
  const { timeout, searchSpace, searchSpaceKey, sampler, samplerOptions, pruner, prunerOptions, storage, studyName = 'gbtune', nJobs = defaultJobs(timeout), refit: doRefit = true, onTrial, onStart, outDir, signal } = options;
  const nTrials = options.nTrials ?? (timeout !== undefined ? undefined : 100);
  const seed = options.seed ?? 0;
  const budget = timeout === undefined ? null : new TimeBudget(timeout, t0);
  // the space (its shape, its keys and bounds against the params table, the fixed params) and the
  // sampler and pruner names are checked before the data is read and before the study is touched
  let space = runSpace(searchSpace, fixedParamsOf(options.params ?? {}), searchSpaceKey);
  const spec = searchSpace !== undefined && typeof searchSpace !== 'function' ? searchSpace : null;
  checkJobs(nJobs, 'tuneGbdt');
  const jobs = trialsAtOnce(nJobs, nTrials);
  const firstSampler = await resolveTuneSampler(sampler, seed, jobs, spec, samplerOptions);
  const prunerObj = resolveTunePruner(pruner, prunerOptions);
  checkRefineOption(options.refineLearningRate);
  const ctx = await prepareContext(data, options, nJobs, nTrials);
  try {
    // an imbalanced binary target: the default space also searches scale_pos_weight (imbalance.ts)
    const fixed = fixedParamsOf(options.params ?? {});
    const spw = searchSpace === undefined && !('scale_pos_weight' in fixed) && fixed.is_unbalance !== true ? detectImbalance(ctx.dataset, ctx.objective)?.scalePosWeight ?? null : null;
    if (spw !== null) space = runSpace(undefined, fixed, searchSpaceKey, [['scale_pos_weight', { type: 'float', low: spw.low, high: spw.high, log: true }]]);
    const identity = studyIdentity(ctx, space.record);
    const store = await getStorage(storage);
    // a user's num_iterations is the trials' number of rounds: a refinement would run past it
    const refine = 'num_iterations' in ctx.fixedParams ? null : refineSchedule(options.refineLearningRate ?? true, budget, ctx.direction === 'maximize');
    // a resumed study: a seeded sampler made anew would repeat the first run's draws, so offset its seed;
    // with refinements, the sampler models the search's trials only (lr-refine.ts)
    const samplerFor = async (existing: number): Promise<Sampler> => {
      const s = space.wrapSampler(existing > 0 && typeof sampler !== 'object' ? await resolveTuneSampler(sampler, seed + existing, jobs, spec, samplerOptions) : firstSampler);
      return refine === null ? s : new SearchTrialsSampler(s);
    };
    const study = await openTuningStudy(store, studyName, identity, samplerFor, prunerObj);
    // trials run before this one (not the portfolio's, nor others still waiting in the queue)
    const before = study.trials.filter((t) => t.state !== 'WAITING').length;
    const portfolio = options.portfolio ?? true;
    if (portfolio !== false && space.record.kind === 'default' && study.trials.length === 0) {
      const first = portfolioTrials(portfolio === true ? DEFAULT_PORTFOLIO : portfolio, space.searched ?? []);
      for (const p of first.slice(0, nTrials ?? first.length)) await study.enqueueTrial(p, { userAttrs: { [PORTFOLIO_ATTR]: true } });
    }
    const info = runInfo(ctx, space, studyName, before, nTrials ?? null, runImbalance(ctx, spw));
    onStart?.(info);
    const states = await runTrials(ctx, study, space.fn, { nTrials, budget, nJobs: jobs, onTrial, signal, refit: doRefit, outputs: outDir !== undefined, foldPruning: options.foldPruning ?? true, refine });
    const fin = await finishTuning(ctx, study, { refit: doRefit, outDir, storage, budget });
    return { ...fin, nTrialsRun: states.complete + states.pruned + states.failed, states, info, seconds: (performance.now() - t0) / 1000, study };
  } finally {
    releaseContext(ctx);
  }
}
