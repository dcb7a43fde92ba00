/**
 * gbtune's public API. Anything not re-exported here is private.
 */
export { GbtuneError, CsvError, DataError, ParamError, ModelFormatError, UnknownNameError, TunerError, StorageError, TrialPruned } from './core/errors.js';
export { Rng } from './core/rng.js';
export { log, captureLogs } from './core/log.js';
export { Dataset } from './data/dataset.js';
export type { Column, ColumnKind, Target } from './data/dataset.js';
export {
  FloatDistribution,
  IntDistribution,
  CategoricalDistribution,
  distributionToJson,
  distributionFromJson,
} from './tune/distributions.js';
export type { Distribution, ParamValue, CategoricalChoice } from './tune/distributions.js';
export { TrialState, StudyDirection } from './tune/trial/frozen-trial.js';
export type { FrozenTrial } from './tune/trial/frozen-trial.js';
export type { Sampler } from './tune/samplers/base.js';
export type { Pruner } from './tune/pruners/base.js';
export type { Storage, StudySummary } from './tune/storages/base.js';
