/**
 * `gbtune/gbdt`: the trainer beyond `train`, `cv` and `loadModel` (which the `gbtune` entry
 * holds) — the params table and its helpers, objectives and metrics by name, training callbacks,
 * the model's parts and formats, binning and folds. Re-exports only.
 *
 * @example
 * ```ts
 * import { train } from 'gbtune';
 * import { EarlyStopping, resolveParams, stratifiedKFold } from 'gbtune/gbdt';
 * const params = resolveParams({ objective: 'binary', num_leaves: 15 });
 * ```
 */
// the params table (LightGBM's names, aliases, defaults and ranges)
export { resolveParams, parseParamAssignments, canonicalParamName } from '../params/resolve.js';
export type { ResolveParamsOptions } from '../params/resolve.js';
export { checkConflicts } from '../params/check-conflicts.js';
export { PARAM_SPECS, OBJECTIVE_NAMES, METRIC_NAMES } from '../params/schema.js';
export type { ParamSpec, ObjectiveName, MetricName } from '../params/schema.js';
export type { GbdtParams } from '../params/resolved.js';
export { describeParams, renderParamsHelp, renderParamsMarkdown } from '../params/describe.js';
export type { ParamRow } from '../params/describe.js';

// objectives and metrics by name
export { createObjective, parseObjectiveLine } from './objective/registry.js';
export type { Objective } from './objective/objective.js';
export { createMetric, createMetrics, defaultMetrics, splitMetricAt, DEFAULT_EVAL_AT } from './metric/registry.js';
export type { Metric } from './metric/metric.js';

// training callbacks
export { EarlyStopping } from './boosting/callbacks.js';
export type { Evaluation, TrainCallback, TrainCallbackEnv, CvCallback, CvCallbackEnv, CvEvaluation } from './boosting/callbacks.js';

// the model: trees, prediction and importance options, file formats
export { Tree } from './tree/tree.js';
export type { ModelFileFormat, ModelToStringOptions } from './boosting/booster.js';
export type { PredictRawOptions } from './boosting/predict.js';
export type { InitModel } from './boosting/init-model.js';
export type { RefitOptions } from './boosting/refit.js';
export type { FeatureImportanceOptions, ImportanceType } from './boosting/importance.js';
export type { ModelJson } from './boosting/model-json.js';
export type { BoosterModel } from './boosting/model.js';
export type { FeatureMeta } from '../data/feature-meta.js';
// how gbtune writes its model, report and prediction files: whole or not at all (the CLI's `predict` uses it)
export { writeFileAtomic } from '../core/atomic-write.js';
// a full collection now, without node --expose-gc (the CLI's `train` frees the float64 columns with it once binned)
export { heapCollector } from '../core/heap-collector.js';

// data: columns, binning, folds, aligning new data to a model's features
export type { Column, ColumnKind, Target, InferredTask, DatasetSource } from '../data/dataset.js';
export { DEFAULT_MISSING_TOKENS } from '../data/table-builder.js';
export { BinnedDataset } from '../data/binned-dataset.js';
export type { BinnedDatasetOptions } from '../data/binned-dataset.js';
export { groupKFold, kFold, stratifiedKFold } from '../data/split.js';
export type { Fold, KFoldOptions } from '../data/split.js';
export { alignToFeatures, UNSEEN_CATEGORY } from '../data/align.js';
export type { AlignFeature } from '../data/align.js';
