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
import { UnknownNameError } from '../../core/errors.js';
import type { GbdtParams } from '../../params/resolved.js';
import { DEFAULT_METRICS, METRIC_ALIASES, METRIC_NAMES, type MetricName, type ObjectiveName } from '../../params/schema.js';
import type { Metric } from './metric.js';
import { AccuracyMetric } from './accuracy.js';
import { AucMetric } from './auc.js';
import { BinaryErrorMetric, BinaryLoglossMetric } from './binary.js';
import { MultiErrorMetric, MultiLoglossMetric } from './multiclass.js';
import { HuberMetric, L1Metric, L2Metric, RmseMetric } from './regression.js';

export { METRIC_NAMES };
export type { MetricName };

/** Options of {@link createMetric}. */
export interface CreateMetricOptions {
  /** Huber threshold for the `huber` metric. Default 0.9 (LightGBM's `alpha`). */
  alpha?: number;
}

/** The canonical metric name of `name` (a name or alias, any case), or throws {@link UnknownNameError}. */
export function canonicalMetricName(name: string): MetricName {
  const s = name.trim().toLowerCase();
  const mapped = (METRIC_ALIASES as Record<string, string | undefined>)[s] ?? s;
  if ((METRIC_NAMES as readonly string[]).includes(mapped)) return mapped as MetricName;
  throw new UnknownNameError('metric', name, METRIC_NAMES);
}

/**
 * A metric by name or alias (`auc`, `error`, `logloss`, `mse`, `mae`, ...).
 *
 * @example
 * ```ts
 * createMetric('rmse').higherIsBetter; // false
 * ```
 */
export function createMetric(name: string, { alpha = 0.9 }: CreateMetricOptions = {}): Metric {
  const m = canonicalMetricName(name);
  switch (m) {
    case 'binary_logloss':
      return new BinaryLoglossMetric();
    case 'binary_error':
      return new BinaryErrorMetric();
    case 'auc':
      return new AucMetric();
    case 'accuracy':
      return new AccuracyMetric();
    case 'multi_logloss':
      return new MultiLoglossMetric();
    case 'multi_error':
      return new MultiErrorMetric();
    case 'l1':
      return new L1Metric();
    case 'l2':
      return new L2Metric();
    case 'rmse':
      return new RmseMetric();
    case 'huber':
      return new HuberMetric(alpha);
  }
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

export type { Metric } from './metric.js';
export { AccuracyMetric } from './accuracy.js';
export { AucMetric } from './auc.js';
export { BinaryErrorMetric, BinaryLoglossMetric } from './binary.js';
export { MultiErrorMetric, MultiLoglossMetric } from './multiclass.js';
export { HuberMetric, L1Metric, L2Metric, RmseMetric } from './regression.js';
