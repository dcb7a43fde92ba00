/**
 * The metric registry: a name (or LightGBM alias) → a {@link Metric}, and each objective's
 * default metrics (LightGBM's: the objective's own loss).
 *
 * @example
 * ```ts
 * const auc = createMetric('auc');
 * defaultMetrics('binary'); // ['binary_logloss']
 * createMetrics(resolveParams({ objective: 'binary', metric: 'auc,error' })).map((m) => m.name); // ['auc', 'binary_error']
 * ```
 */
import { aliasesIn, Registry, type NoOptions } from '../../core/registry.js';
import type { GbdtParams } from '../../params/resolved.js';
import { DEFAULT_METRICS, METRIC_ALIASES, type MetricName, type ObjectiveName } from '../../params/schema.js';
import type { Metric } from './metric.js';
import { AccuracyMetric } from './accuracy.js';
import { AucMetric } from './auc.js';
import { AveragePrecisionMetric } from './average-precision.js';
import { BinaryErrorMetric, BinaryLoglossMetric } from './binary.js';
import { MultiErrorMetric, MultiLoglossMetric } from './multiclass.js';
import { HuberMetric, L1Metric, L2Metric, RmseMetric } from './regression.js';

/** Options of {@link createMetric}. */
export interface CreateMetricOptions {
  /** Huber threshold for the `huber` metric. Default 0.9 (LightGBM's `alpha`). */
  alpha?: number;
}

/** Options each metric takes, per name. */
export interface MetricOptionsByName {
  binary_logloss: NoOptions;
  binary_error: NoOptions;
  auc: NoOptions;
  average_precision: NoOptions;
  accuracy: NoOptions;
  multi_logloss: NoOptions;
  multi_error: NoOptions;
  l1: NoOptions;
  l2: NoOptions;
  rmse: NoOptions;
  huber: CreateMetricOptions;
}

const alias = (name: MetricName): string[] => aliasesIn(METRIC_ALIASES, name);

/** The metrics by name (the params table's names, in its order), with LightGBM's aliases. */
export const METRICS = new Registry<MetricOptionsByName, Metric>('metric', {
  binary_logloss: { create: () => new BinaryLoglossMetric(), aliases: alias('binary_logloss') },
  binary_error: { create: () => new BinaryErrorMetric(), aliases: alias('binary_error') },
  auc: { create: () => new AucMetric(), aliases: alias('auc') },
  average_precision: { create: () => new AveragePrecisionMetric(), aliases: alias('average_precision') },
  accuracy: { create: () => new AccuracyMetric(), aliases: alias('accuracy') },
  multi_logloss: { create: () => new MultiLoglossMetric(), aliases: alias('multi_logloss') },
  multi_error: { create: () => new MultiErrorMetric(), aliases: alias('multi_error') },
  l1: { create: () => new L1Metric(), aliases: alias('l1') },
  l2: { create: () => new L2Metric(), aliases: alias('l2') },
  rmse: { create: () => new RmseMetric(), aliases: alias('rmse') },
  huber: { create: ({ alpha = 0.9 }) => new HuberMetric(alpha), aliases: alias('huber') },
});

/** The canonical metric name of `name` (a name or alias, any case), or throws `UnknownNameError`. */
export function canonicalMetricName(name: string): MetricName {
  return METRICS.resolve(name);
}

/**
 * A metric by name or alias (`auc`, `error`, `logloss`, `mse`, `mae`, ...).
 *
 * @example
 * ```ts
 * createMetric('rmse').higherIsBetter; // false
 * ```
 */
export function createMetric(name: string, options: CreateMetricOptions = {}): Metric {
  return METRICS.create(name, options);
}

/** The metrics of resolved params (`metric`, with `alpha` for huber), in order. */
export function createMetrics(params: Pick<GbdtParams, 'metric' | 'alpha'>): Metric[] {
  return params.metric.map((name) => createMetric(name, { alpha: params.alpha }));
}

/**
 * The metrics LightGBM evaluates when none are given: the objective's own loss
 * (binary → binary_logloss, multiclass → multi_logloss, regression → l2, regression_l1 → l1, huber → huber).
 */
export function defaultMetrics(objective: ObjectiveName): MetricName[] {
  return [...DEFAULT_METRICS[objective]];
}
