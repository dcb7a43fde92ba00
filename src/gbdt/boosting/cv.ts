/**
 * `cv(params, data, options)`: k-fold cross-validation as LightGBM's `lgb.cv` (anchor
 * `python-package/lightgbm/engine.py`): the data is binned once and every fold trains on row
 * subsets of the same bins; the folds advance in lockstep, one round at a time, so every round's
 * fold-mean (and std) of each metric is known — for callbacks (pruning) and early stopping on the
 * mean. For classification `accuracy` is always evaluated too. With row weights (or initial
 * scores) each fold trains on its rows' and weighs its metrics by its validation rows' weights.
 */
import { groupKFold, kFold, stratifiedKFold, type Fold } from '../../data/split.js';
import { subsetQueries } from '../../data/queries.js';
import type { BinnedDataset } from '../../data/binned-dataset.js';
import { foldCopiesFor } from './fold-copies.js';
import { DataError } from '../../core/errors.js';
import type { Dataset } from '../../data/dataset.js';
import { log } from '../../core/log.js';
import { createObjective } from '../objective/registry.js';
import type { GbdtParams, GbdtParamsInput } from '../../params/resolved.js';
import type { Metric } from '../metric/metric.js';
import { isClassificationObjective, isRankingObjective, modelsPerRound } from '../../params/objectives.js';
import { roundedToFloat32 } from '../objective/float32.js';
import { Booster } from './booster.js';
import { EarlyStopping, type CvCallback, type CvEvaluation } from './callbacks.js';
import { createSession } from './create-session.js';
import { checkMonotoneData } from '../tree/monotone-constraints.js';
import { checkInitScore, subsetRows, type BoostingSession, type ValidBins } from './session.js';
import { binnedFor, labelFor, metricsFor, modelOf, resolveForData, warnRareClassStart, withGroupsOf } from './train-model.js';

/** Explicit folds: non-empty, every row index an integer in [0, nRows). */
function checkFolds(folds: readonly Fold[], nRows: number): void {
  if (folds.length === 0) throw new DataError('cv: folds is empty; give at least one { train, valid } fold');
  for (let f = 0; f < folds.length; f++) {
    const fold = folds[f];
    for (const part of ['train', 'valid'] as const) {
      const rows = fold[part];
      if (rows === undefined || rows.length === 0) throw new DataError(`cv: fold ${f} has no ${part} rows`);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        if (!(Number.isInteger(r) && r >= 0 && r < nRows)) throw new DataError(`cv: fold ${f} ${part} row ${i} is ${r}; the data has ${nRows} rows (0..${nRows - 1})`);
      }
    }
  }
}

export { adoptFoldCopies, cvSwitches, foldCopiesFor, type FoldCopy } from './fold-copies.js';


/** Options of {@link cv} (LightGBM's `lgb.cv` keyword arguments). */
export interface CvOptions {
  /** Number of folds. Default 5. */
  nfold?: number;
  /**
   * Stratified folds for classification (ignored for regression), by label: row weights do not
   * change the folds (as lgb.cv). Default true. Data with query groups gets group folds instead
   * (scikit-learn's GroupKFold, as `lgb.cv` for ranking): whole queries per fold, deterministic
   * (no shuffle, no seed).
   */
  stratified?: boolean;
  /** Shuffle rows before splitting. Default true. */
  shuffle?: boolean;
  /** Seed of the fold split. Default 0. */
  seed?: number;
  /** Called after every round with the fold means; return true to stop, throw to abort. Default none. */
  callbacks?: CvCallback[];
  /** Also return each fold's Booster. Default false. */
  returnBoosters?: boolean;
  /** Explicit folds (row indices of the data); overrides nfold/stratified/shuffle/seed. */
  folds?: Fold[];
}

/** Per metric, per round: mean and std over folds. */
export interface CvResult {
  history: Record<string, { mean: number[]; std: number[] }>;
  /** With early stopping the best round (history is cut there, as lgb.cv), else the number of rounds run. */
  bestIteration: number;
  /** Each metric at `bestIteration`. */
  best: Record<string, { mean: number; std: number }>;
  boosters?: Booster[];
}

/**
 * Cross-validates a model. Bins are built once (or taken from a {@link BinnedDataset}) and shared
 * by every fold.
 *
 * @example
 * ```ts
 * const data = await readCsv('datasets/breast_cancer.csv');
 * const r = cv({ objective: 'binary' }, data, { nfold: 5, seed: 0 });
 * r.best.accuracy.mean; // ~0.96
 * ```
 */
export function cv(
  userParams: GbdtParamsInput,
  data: Dataset | BinnedDataset,
  { nfold = 5, stratified = true, shuffle = true, seed = 0, callbacks = [], returnBoosters = false, folds }: CvOptions = {},
): CvResult {
  const grouped = withGroupsOf(userParams, data, 'cv()');
  const params = resolveForData(userParams, grouped, 'cv()');
  const binned = binnedFor(grouped, params, 'cv()');
  const label = labelFor(binned, params);
  warnRareClassStart(params, binned, label);
  checkMonotoneData(params, binned);
  const classification = isClassificationObjective(params.objective);
  const qb = binned.queryBoundaries;
  const foldList =
    folds ??
    (qb !== null
      ? groupKFold(qb, nfold)
      : classification && stratified
        ? stratifiedKFold(Int32Array.from(label), nfold, { shuffle, seed })
        : kFold(binned.nRows, nfold, { shuffle, seed }));
  if (folds !== undefined) checkFolds(folds, binned.nRows);
  if (qb === null && isRankingObjective(params.objective)) {
    throw new DataError(`cv(): objective ${params.objective} needs query groups: give the data a group column (--group-column, or the group option of readCsv / Dataset.fromRecords / fromColumns)`);
  }
  const { metrics, requested, sessions } = foldSessions(params, binned, label, foldList, classification, returnBoosters);
  try {
    const history: CvResult['history'] = {};
    for (const m of metrics) history[m.name] = { mean: [], std: [] };
    let es: EarlyStopping | null = null;
    // no early stopping with DART (see checkConflicts), as LightGBM
    if (params.early_stopping_round > 0 && requested > 0 && params.boosting !== 'dart') {
      es = new EarlyStopping(
        params.early_stopping_round,
        metrics.map((m) => m.higherIsBetter),
        metrics.map((_, k) => k < requested && (!params.first_metric_only || k === 0)),
      );
    }
    const nIter = params.num_iterations;
    const nf = sessions.length;
    const vals = new Float64Array(nf);
    const means = new Float64Array(metrics.length);
    let rounds = 0;
    let bestIteration = 0;
    for (let it = 0; it < nIter; it++) {
      let ok = true;
      for (const s of sessions) if (!s.trainOneIter()) ok = false;
      if (!ok) {
        if (params.verbosity >= 0) log.warn(`cv stopped at round ${it + 1}: no more leaves meet the split requirements`);
        break;
      }
      rounds++;
      const perFold = sessions.map((s) => s.evaluate());
      const evaluations: CvEvaluation[] = [];
      for (let k = 0; k < metrics.length; k++) {
        for (let f = 0; f < nf; f++) vals[f] = perFold[f][k].value;
        let mean = 0;
        for (let f = 0; f < nf; f++) mean += vals[f];
        mean /= nf;
        let v = 0;
        for (let f = 0; f < nf; f++) v += (vals[f] - mean) ** 2;
        const std = Math.sqrt(v / nf);
        means[k] = mean;
        const h = history[metrics[k].name];
        h.mean.push(mean);
        h.std.push(std);
        evaluations.push({ metricName: metrics[k].name, mean, std, higherIsBetter: metrics[k].higherIsBetter });
      }
      let stop = false;
      for (const cb of callbacks) if (cb({ iteration: it, endIteration: nIter, evaluations }) === true) stop = true;
      if (es !== null && es.update(it, means, it === nIter - 1)) {
        bestIteration = es.bestIteration;
        break;
      }
      if (stop) break;
    }
    if (bestIteration === 0) bestIteration = rounds;
    else for (const k of Object.keys(history)) {
      history[k].mean.length = bestIteration;
      history[k].std.length = bestIteration;
    }
    const best: CvResult['best'] = {};
    for (const k of Object.keys(history)) {
      const h = history[k];
      best[k] = { mean: h.mean[bestIteration - 1] ?? NaN, std: h.std[bestIteration - 1] ?? NaN };
    }
    const result: CvResult = { history, bestIteration, best };
    if (returnBoosters) {
      const esBest = es !== null ? bestIteration : 0;
      result.boosters = sessions.map((s) => new Booster(modelOf(s, binned, params, esBest)));
    }
    return result;
  } finally {
    // the folds' histogram buffers go back to the pool for the next cv (tuning trials)
    for (const s of sessions) s.dispose();
  }
}

/**
 * The boosting sessions of a cv, one per fold (each trains on its fold's rows of the shared bins,
 * or on a contiguous copy of them when small enough, and evaluates its validation rows), and the
 * metrics they evaluate (for classification `accuracy` too; the first `requested` are the params'
 * own, the ones early stopping watches). Used by {@link cv} and by the tuner's fold-by-fold CV
 * (tune-gbdt/fold-cv.ts), which steps the sessions itself. The caller disposes of the sessions.
 *
 * @example
 * ```ts
 * const { sessions, metrics } = foldSessions(params, binned, labelFor(binned, params), folds, true, false);
 * try { sessions[0].trainOneIter(); sessions[0].evaluate(); } finally { for (const s of sessions) s.dispose(); }
 * ```
 */
export function foldSessions(
  params: GbdtParams,
  binned: BinnedDataset,
  label: Float64Array,
  foldList: readonly Fold[],
  classification: boolean,
  returnBoosters: boolean,
): { metrics: Metric[]; requested: number; sessions: BoostingSession[] } {
  const metrics = metricsFor(params, classification);
  const requested = metricsFor(params, false).length;
  const sessions: BoostingSession[] = [];
  const nModel = modelsPerRound(params.objective, params.num_class);
  const qb = binned.queryBoundaries;
  const weights = binned.weights;
  const initScore = binned.initScore === null ? null : checkInitScore(binned.initScore, binned.nRows, nModel, 'the data');
  // every fold's training and validation rows in contiguous copies, when small enough
  const copies = foldCopiesFor(binned, foldList);
  try {
    for (let f = 0; f < foldList.length; f++) {
      const fold = foldList[f];
      const vl = Float64Array.from(fold.valid, (r) => label[r]);
      // a fold copy holds the fold's rows in order: the session needs no row list
      const copy = copies?.[f];
      // the validation fold's weights (rounded as LightGBM's label_t) weigh its metrics; its initial scores start its scores
      const validWeights = weights === null ? null : roundedToFloat32(subsetRows(weights, fold.valid, 1));
      const validInit = initScore === null ? null : subsetRows(initScore, fold.valid, nModel);
      // with query groups, each part of a fold is whole queries (its own boundaries)
      const trainQueries = qb === null ? null : subsetQueries(qb, fold.train, `cv(): fold ${f} train`);
      const validQueries = qb === null ? null : subsetQueries(qb, fold.valid, `cv(): fold ${f} valid`);
      const valid: ValidBins = {
        name: 'valid', bins: copy?.valid.view ?? binned.view, rows: copy === undefined ? fold.valid : null, count: fold.valid.length, label: vl,
        weights: validWeights, initScore: validInit, queries: validQueries,
      };
      const trainLabel = copy === undefined ? label : Float64Array.from(fold.train, (r) => label[r]);
      const trainRows = copy === undefined ? fold.train : null;
      const rowData = {
        weights: weights === null || copy === undefined ? weights : subsetRows(weights, fold.train, 1),
        initScore: initScore === null || copy === undefined ? initScore : subsetRows(initScore, fold.train, nModel),
        queries: trainQueries,
      };
      sessions.push(createSession(params, copy?.train ?? binned, trainLabel, trainRows, createObjective(params), metrics, [valid], returnBoosters, null, rowData));
    }
  } catch (e) {
    for (const s of sessions) s.dispose();
    throw e;
  }
  return { metrics, requested, sessions };
}
