/**
 * The boosting loop behind `train` (LightGBM's `lgb.train`, anchor `python-package/lightgbm/engine.py`
 * and `src/boosting/gbdt.cpp`), returning the model's data. Also the helpers `cv` shares: params
 * resolution against a dataset, binning on demand, labels per objective, metrics.
 */
import { DataError } from '../../core/errors.js';
import { log } from '../../core/log.js';
import { BinnedDataset } from '../../data/binned-dataset.js';
import { Dataset } from '../../data/dataset.js';
import { createMetric } from '../metric/registry.js';
import type { Metric } from '../metric/metric.js';
import { createObjective } from '../objective/registry.js';
import type { GbdtParams, GbdtParamsInput } from '../../params/resolved.js';
import { resolveParams } from '../../params/resolve.js';
import { isClassificationObjective, modelsPerRound, objectiveTask, TaskKind } from '../../params/objectives.js';
import type { BoosterModel } from './model.js';
import { EarlyStopping, type Evaluation, type TrainCallback } from './callbacks.js';
import { BoostingSession } from './session.js';
import { validBins } from './valid-bins.js';

/** Options of `train` (LightGBM's `lgb.train` keyword arguments). */
export interface TrainOptions {
  /** Validation sets evaluated after every round (metrics, early stopping). Default none. */
  validSets?: (Dataset | BinnedDataset)[];
  /** Their names in evaluations. Default `valid_0`, `valid_1`, ... */
  validNames?: string[];
  /** Called after every round; see {@link TrainCallback}. Default none. */
  callbacks?: TrainCallback[];
  /** Train on these rows of the data only (e.g. a cv fold). Default all rows. */
  rows?: Uint32Array;
}

/** Resolves user params (or already resolved ones) against a dataset's target. */
export function resolveForData(params: GbdtParamsInput, data: Dataset | BinnedDataset, context: string): GbdtParams {
  const target = data.target;
  if (target === null) throw new DataError(`${context}: the training data has no target column`);
  const numClass = target.classes !== null ? target.classes.length : undefined;
  return resolveParams(params, { context, defaultObjective: target.inferredTask, numClass });
}

/** The binned form of `data` (binned now with `params` when it is a raw Dataset). */
export function binnedFor(data: Dataset | BinnedDataset, params: GbdtParams): BinnedDataset {
  if (data instanceof Dataset) return BinnedDataset.fromDataset(data, params);
  const b = data.binning;
  for (const k of ['max_bin', 'min_data_in_bin', 'bin_construct_sample_cnt', 'use_missing', 'zero_as_missing'] as const) {
    if (b[k] !== params[k]) log.warn(`${k} = ${String(params[k])} is ignored: the BinnedDataset was built with ${k} = ${String(b[k])}`);
  }
  return data;
}

/** A class below this share of the rows starts, under boost_from_average, at log(share) < -6.9. */
const RARE_CLASS_SHARE = 1e-3;

/**
 * Warns (verbosity >= 0) about a known weakness of LightGBM's multiclass defaults, kept for parity:
 * with boost_from_average a class of a few rows in thousands starts at its log-prior (about -8.7
 * for 10 rows in 58,000), where its hessians are about 1e-4, so with lambda_l2 = 0 and no
 * max_delta_step a leaf holding those rows gets an output in the hundreds and the other classes'
 * rows in that leaf are wrecked (shuttle.csv: 5-fold accuracy 90.8% with the defaults, 99.98% with
 * lambda_l2 = 1). Says which classes and what to set.
 */
export function warnRareClassStart(params: GbdtParams, data: BinnedDataset, label: Float64Array): void {
  if (objectiveTask(params.objective) !== TaskKind.MULTICLASS || !params.boost_from_average || params.lambda_l2 > 0 || params.max_delta_step > 0 || params.verbosity < 0) return;
  const counts = new Float64Array(params.num_class);
  for (let i = 0; i < label.length; i++) counts[label[i]] += 1;
  const names = data.target?.classes ?? null;
  const rare: string[] = [];
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k];
    if (c > 0 && c < RARE_CLASS_SHARE * label.length) rare.push(`'${names?.[k] ?? k}' (${c} rows)`);
  }
  if (rare.length === 0) return;
  log.warn(
    `multiclass: class${rare.length > 1 ? 'es' : ''} ${rare.join(', ')} ${rare.length > 1 ? 'are' : 'is'} under ${100 * RARE_CLASS_SHARE}% of the ${label.length} rows; ` +
      'with boost_from_average and lambda_l2 = 0 (LightGBM\'s defaults) their tiny hessians can give leaves huge outputs that hurt the other classes — ' +
      'set lambda_l2 (e.g. 1) or max_delta_step, or tune them (gbtune tune does)',
  );
}

/** Training labels for an objective: class indices for classification, values for regression. */
export function labelFor(data: BinnedDataset, params: GbdtParams): Float64Array {
  const t = data.target;
  if (t === null || data.label === null) throw new DataError('the training data has no target column');
  const task = objectiveTask(params.objective);
  if (task === TaskKind.REGRESSION) {
    if (t.numeric === null) throw new DataError(`objective '${params.objective}' needs a numeric target; target '${t.name}' holds text`);
    return t.numeric;
  }
  if (t.classIndex === null) {
    throw new DataError(`objective '${params.objective}' needs class labels; target '${t.name}' has too many distinct values to be classes`);
  }
  const k = t.classes!.length;
  if (task === TaskKind.BINARY && k > 2) {
    throw new DataError(`objective 'binary' needs 2 classes; target '${t.name}' has ${k}`);
  }
  return data.label;
}

/** The metrics to evaluate (params.metric, where resolve has dropped `none`), plus `accuracy` when `withAccuracy`. */
export function metricsFor(params: GbdtParams, withAccuracy: boolean): Metric[] {
  const metrics = params.metric.map((m) => createMetric(m, { alpha: params.alpha }));
  if (withAccuracy && !metrics.some((m) => m.name === 'accuracy')) metrics.push(createMetric('accuracy'));
  return metrics;
}

/** The model data of a finished session. */
export function modelOf(session: BoostingSession, data: BinnedDataset, params: GbdtParams, bestIteration: number): BoosterModel {
  const t = data.target;
  return {
    objective: session.objective.toString(),
    numClass: modelsPerRound(params.objective, params.num_class),
    numTreePerIteration: session.nModel,
    features: data.features.map((f) => ({ ...f })),
    trees: session.trees,
    classes: t !== null && t.classes !== null && isClassificationObjective(params.objective) ? [...t.classes] : null,
    targetName: t !== null ? t.name : null,
    // the model is the same bits at any thread count, so its file does not record the count
    params: { ...params, num_threads: 0 },
    bestIteration,
  };
}

/**
 * Trains a model and returns its data (what `train` wraps in a `Booster`).
 *
 * @example
 * ```ts
 * const model = trainModel({ objective: 'binary', num_iterations: 50 }, data);
 * model.trees.length; // 50
 * ```
 */
export function trainModel(
  userParams: GbdtParamsInput,
  data: Dataset | BinnedDataset,
  { validSets = [], validNames = [], callbacks = [], rows }: TrainOptions = {},
): BoosterModel {
  const params = resolveForData(userParams, data, 'train()');
  const binned = binnedFor(data, params);
  const objective = createObjective(params);
  const metrics = metricsFor(params, false);
  const valids = validSets.map((v, i) => validBins(v, binned, validNames[i] ?? `valid_${i}`));
  const label = labelFor(binned, params);
  warnRareClassStart(params, binned, label);
  const session = new BoostingSession(params, binned, label, rows ?? null, objective, metrics, valids);
  try {
    const nIter = params.num_iterations;
    const pairs = valids.length * metrics.length;
    let es: EarlyStopping | null = null;
    if (params.early_stopping_round > 0) {
      if (pairs === 0) log.warn('early_stopping_round is ignored: early stopping needs at least one validation set and metric');
      else {
        const checked: boolean[] = [];
        const higher: boolean[] = [];
        for (let v = 0; v < valids.length; v++) {
          for (let m = 0; m < metrics.length; m++) {
            checked.push(!params.first_metric_only || m === 0);
            higher.push(metrics[m].higherIsBetter);
          }
        }
        es = new EarlyStopping(params.early_stopping_round, higher, checked);
      }
    }
    let bestIteration = 0;
    const values = new Float64Array(pairs);
    for (let it = 0; it < nIter; it++) {
      if (!session.trainOneIter()) {
        if (params.verbosity >= 0) log.warn(`stopped training at round ${it + 1}: no more leaves meet the split requirements`);
        if (es !== null && it > 0) bestIteration = es.bestIteration;
        break;
      }
      const evaluations: Evaluation[] = pairs > 0 ? session.evaluate() : [];
      let stop = false;
      for (const cb of callbacks) if (cb({ iteration: it, endIteration: nIter, evaluations }) === true) stop = true;
      if (es !== null) {
        for (let k = 0; k < pairs; k++) values[k] = evaluations[k].value;
        if (es.update(it, values, it === nIter - 1)) {
          bestIteration = es.bestIteration;
          if (it < nIter - 1) break;
        }
      }
      if (stop) break;
    }
    return modelOf(session, binned, params, bestIteration);
  } finally {
    session.dispose();
  }
}
