/**
 * The boosting loop behind `train` (LightGBM's `lgb.train`, anchor `python-package/lightgbm/engine.py`
 * and `src/boosting/gbdt.cpp`), returning the model's data. Also the helpers `cv` shares: params
 * resolution against a dataset, binning on demand, labels per objective, metrics.
 */
import { DataError, ParamError } from '../../core/errors.js';
import { log } from '../../core/log.js';
import { BinnedDataset } from '../../data/binned-dataset.js';
import { Dataset } from '../../data/dataset.js';
import { createMetric, createMetrics } from '../metric/registry.js';
import type { Metric } from '../metric/metric.js';
import { createObjective } from '../objective/registry.js';
import { checkMonotoneData } from '../tree/monotone-constraints.js';
import type { GbdtParams, GbdtParamsInput } from '../../params/resolved.js';
import { canonicalParamName, resolveParams, type ParamsRecord } from '../../params/resolve.js';
import { withGroupColumn } from '../../data/group-column.js';
import { subsetQueries } from '../../data/queries.js';
import { isClassificationObjective, modelsPerRound, objectiveTask, TaskKind } from '../../params/objectives.js';
import type { BoosterModel } from './model.js';
import { EarlyStopping, type Evaluation, type TrainCallback } from './callbacks.js';
import { createSession } from './create-session.js';
import type { BoostingSession } from './session.js';
import { checkInitModel, initBooster, startScores, type InitModel } from './init-model.js';
import { validBins } from './valid-bins.js';
import { copyTree } from './tree-copy.js';

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
  /**
   * Continue this model (LightGBM's `init_model`): a {@link Booster}, or a gbtune JSON / LightGBM
   * model.txt path. Training starts from its raw scores (all its rounds) on the data and the
   * validation sets, which must then be {@link Dataset}s (the scores come from feature values);
   * the new model holds its trees, then `num_iterations` new rounds. It must have the data's
   * features in the same order, the params' objective and the data's classes. Default none.
   */
  initModel?: InitModel;
}

/**
 * Resolves user params (or already resolved ones) against a dataset's target. With no objective
 * given, data with query groups gets `lambdarank`, other data the task its target suggests.
 */
export function resolveForData(params: GbdtParamsInput, data: Dataset | BinnedDataset, context: string): GbdtParams {
  const target = data.target;
  if (target === null) throw new DataError(`${context}: the training data has no target column`);
  const numClass = target.classes !== null ? target.classes.length : undefined;
  const defaultObjective = data.queryBoundaries !== null ? 'lambdarank' : target.inferredTask;
  return resolveParams(params, { context, defaultObjective, numClass });
}

/**
 * The data with the query groups that the `group_column` param (any alias) names, when given:
 * a {@link Dataset}'s feature column becomes its groups; a {@link BinnedDataset} must have been
 * built from data with groups already.
 */
export function withGroupsOf<D extends Dataset | BinnedDataset>(params: ParamsRecord, data: D, context: string): D {
  let name = '';
  for (const [k, v] of Object.entries(params)) if (canonicalParamName(k) === 'group_column' && typeof v === 'string') name = v.trim();
  if (name === '') return data;
  if (data instanceof Dataset) return withGroupColumn(data, name) as D;
  if (data.queryBoundaries === null) {
    throw new DataError(`${context}: group_column '${name}' must be applied when the data is read (readCsv's group option, --group-column); this BinnedDataset has no query groups`);
  }
  return data;
}

/** The query groups of training rows `rows` (all rows when undefined) of `data`, or null. */
export function queriesOfRows(data: BinnedDataset, rows: Uint32Array | undefined | null, what: string): Uint32Array | null {
  const qb = data.queryBoundaries;
  if (qb === null) return null;
  return rows === undefined || rows === null ? qb : subsetQueries(qb, rows, what);
}

/** The column `weight_column` names (LightGBM's `name:` prefix dropped), or null when not given. */
export function weightColumnOf(params: Pick<GbdtParams, 'weight_column'>): string | null {
  const w = params.weight_column;
  if (w === '') return null;
  return w.startsWith('name:') ? w.slice('name:'.length) : w;
}

/**
 * `data` with its weights taken from the `weight_column` param's column (a feature until then),
 * when the param names one and the data has no weights of its own yet.
 */
export function withWeightParam(data: Dataset, params: Pick<GbdtParams, 'weight_column'>, context: string): Dataset {
  return params.weight_column === '' ? data : data.withWeightColumn(params.weight_column, `${context}: weight_column`);
}

/**
 * The binned form of `data` (binned now with `params` when it is a raw Dataset, after taking out
 * the `weight_column` param's column as its weights).
 */
export function binnedFor(data: Dataset | BinnedDataset, params: GbdtParams, context = 'train()'): BinnedDataset {
  if (data instanceof Dataset) return BinnedDataset.fromDataset(withWeightParam(data, params, context), params);
  const column = weightColumnOf(params);
  if (column !== null && data.weightColumn !== column) {
    throw new DataError(
      `${context}: weight_column = ${column}, but the BinnedDataset was built ${data.weightColumn === null ? 'without a weight column' : `with weight column '${data.weightColumn}'`}; ` +
        'bin a Dataset read with that weight column (the weight option), or pass the Dataset itself',
      'DATA_BAD_WEIGHT',
    );
  }
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

/** Training labels for an objective: class indices for classification, values for regression and ranking. */
export function labelFor(data: BinnedDataset, params: GbdtParams): Float64Array {
  const t = data.target;
  if (t === null || data.label === null) throw new DataError('the training data has no target column');
  const task = objectiveTask(params.objective);
  if (task === TaskKind.REGRESSION || task === TaskKind.RANKING) {
    if (t.numeric === null) throw new DataError(`objective '${params.objective}' needs a numeric target${task === TaskKind.RANKING ? ' (relevance grades 0, 1, 2, ...)' : ''}; target '${t.name}' holds text`);
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

/**
 * The metrics to evaluate (params.metric, where resolve has dropped `none`; ranking metrics once per
 * `eval_at` position), plus `accuracy` when `withAccuracy`.
 */
export function metricsFor(params: GbdtParams, withAccuracy: boolean): Metric[] {
  const metrics = createMetrics(params);
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
    ...(params.boosting === 'rf' ? { averageOutput: true } : {}),
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
  { validSets = [], validNames = [], callbacks = [], rows, initModel }: TrainOptions = {},
): BoosterModel {
  const grouped = withGroupsOf(userParams, data, 'train()');
  const params = resolveForData(userParams, grouped, 'train()');
  const init = initModel === undefined ? null : initBooster(initModel);
  const binned = binnedFor(grouped, params, 'train()');
  if (init !== null) checkInitModel(init, binned, params);
  if (init !== null && binned.initScore !== null) {
    throw new ParamError('initModel', 'given', "train(): the data's initScore and initModel cannot be used together (a continued training starts from the init model's scores)");
  }
  const start = init === null ? null : startScores(init, grouped, rows ?? null, validSets);
  // LightGBM numbers a continued training's rounds after the init model's (callbacks, best_iteration)
  const first = init === null ? 0 : init.numIterations;
  const objective = createObjective(params);
  const metrics = metricsFor(params, false);
  const values = objectiveTask(params.objective) === TaskKind.RANKING;
  const valids = validSets.map((v, i) => {
    const name = validNames[i] ?? `valid_${i}`;
    const vg = withGroupsOf(userParams, v, `train(): validation set '${name}'`);
    // a validation Dataset whose weights are still a feature gets them from weight_column too (as LightGBM's CLI)
    const weighted = vg instanceof Dataset && vg.weights === null ? withWeightParam(vg, params, `train(): validation set '${name}'`) : vg;
    return validBins(weighted, binned, name, { values });
  });
  const label = labelFor(binned, params);
  warnRareClassStart(params, binned, label);
  checkMonotoneData(params, binned);
  const queries = queriesOfRows(binned, rows, 'train(): the rows option');
  const session = createSession(params, binned, label, rows ?? null, objective, metrics, valids, true, start, { weights: binned.weights, initScore: binned.initScore, queries });
  try {
    const nIter = params.num_iterations;
    const pairs = valids.length * metrics.length;
    let es: EarlyStopping | null = null;
    // no early stopping with DART (see checkConflicts), as LightGBM
    if (params.early_stopping_round > 0 && params.boosting !== 'dart') {
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
        if (es !== null && it > 0) bestIteration = first + es.bestIteration;
        break;
      }
      const evaluations: Evaluation[] = pairs > 0 ? session.evaluate() : [];
      let stop = false;
      for (const cb of callbacks) if (cb({ iteration: first + it, endIteration: first + nIter, evaluations }) === true) stop = true;
      if (es !== null) {
        for (let k = 0; k < pairs; k++) values[k] = evaluations[k].value;
        if (es.update(it, values, it === nIter - 1)) {
          bestIteration = first + es.bestIteration;
          if (it < nIter - 1) break;
        }
      }
      if (stop) break;
    }
    const model = modelOf(session, binned, params, bestIteration);
    if (init !== null) model.trees = [...init.model.trees.map(copyTree), ...model.trees];
    return model;
  } finally {
    session.dispose();
  }
}
