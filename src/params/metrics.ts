/**
 * The metric names gbtune computes and the spellings it accepts for them (LightGBM's names and
 * aliases, plus `accuracy`), as data: the params table checks `metric` against them, the metric
 * registry (gbdt/metric) implements them. Literal types, so the names are unions
 * ({@link MetricName}, {@link MetricAlias}).
 *
 * @example
 * ```ts
 * METRIC_ALIASES.mse; // 'l2'
 * const m: MetricName = 'auc';
 * ```
 */

/** The metrics gbtune computes. `accuracy` (1 - error, binary or multiclass) is gbtune's own. */
export const METRIC_NAMES = [
  'binary_logloss', 'binary_error', 'auc', 'average_precision', 'accuracy', 'multi_logloss', 'multi_error', 'l1', 'l2', 'rmse', 'huber',
  'quantile', 'mape', 'fair', 'poisson', 'gamma', 'gamma_deviance', 'tweedie', 'cross_entropy', 'cross_entropy_lambda',
  'kullback_leibler', 'ndcg', 'map',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/**
 * Metric spellings → canonical name: LightGBM's `ParseMetricAlias`, plus `error` → `binary_error`,
 * `logloss` → `binary_logloss` and `acc` → `accuracy` (gbtune's). `none` (LightGBM's `None`, `na`,
 * `null`, `custom`) means "no metric".
 */
export const METRIC_ALIAS_TABLE = {
  regression: 'l2',
  regression_l2: 'l2',
  mean_squared_error: 'l2',
  mse: 'l2',
  l2_root: 'rmse',
  root_mean_squared_error: 'rmse',
  regression_l1: 'l1',
  mean_absolute_error: 'l1',
  mae: 'l1',
  binary: 'binary_logloss',
  logloss: 'binary_logloss',
  error: 'binary_error',
  multiclass: 'multi_logloss',
  softmax: 'multi_logloss',
  multiclassova: 'multi_logloss',
  multiclass_ova: 'multi_logloss',
  ova: 'multi_logloss',
  ovr: 'multi_logloss',
  mean_absolute_percentage_error: 'mape',
  xentropy: 'cross_entropy',
  xentlambda: 'cross_entropy_lambda',
  kldiv: 'kullback_leibler',
  acc: 'accuracy',
  lambdarank: 'ndcg',
  rank_xendcg: 'ndcg',
  xendcg: 'ndcg',
  xe_ndcg: 'ndcg',
  xe_ndcg_mart: 'ndcg',
  xendcg_mart: 'ndcg',
  mean_average_precision: 'map',
  none: 'none',
  na: 'none',
  null: 'none',
  custom: 'none',
} as const satisfies Readonly<Record<string, MetricName | 'none'>>;
/** An alternative spelling of a metric, e.g. `'mse'`, `'error'`, or of "no metric" (`'none'`, `'na'`, ...). */
export type MetricAlias = keyof typeof METRIC_ALIAS_TABLE;
/** {@link METRIC_ALIAS_TABLE} for lookups by any string. */
export const METRIC_ALIASES: Readonly<Record<string, MetricName | 'none'>> = METRIC_ALIAS_TABLE;

/** LightGBM metrics that gbtune does not compute. */
export const UNSUPPORTED_METRICS = ['r2', 'auc_mu'] as const;

/** Metrics that need a multiclass objective (and that a multiclass objective needs). */
export const MULTICLASS_METRICS: readonly MetricName[] = ['multi_logloss', 'multi_error'];
/**
 * Ranking metrics: evaluated per query (they need the data's query groups), one value per position
 * of `eval_at` (`ndcg@1`, `ndcg@3`, ...), higher is better.
 */
export const RANKING_METRICS: readonly MetricName[] = ['ndcg', 'map'];
/** Metrics for any objective (gbtune's `accuracy` picks binary or multiclass from the objective). */
export const CLASSIFICATION_ANY_METRICS: readonly MetricName[] = ['accuracy'];
