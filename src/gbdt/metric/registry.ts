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
import { GbtuneError } from '../../core/errors.js';
import { DEFAULT_METRICS, METRIC_ALIASES, type MetricName, type ObjectiveName } from '../../params/schema.js';
import { RANKING_METRICS } from '../../params/metrics.js';
import type { Metric } from './metric.js';
import { AccuracyMetric } from './accuracy.js';
import { AucMetric } from './auc.js';
import { AveragePrecisionMetric } from './average-precision.js';
import { BinaryErrorMetric, BinaryLoglossMetric } from './binary.js';
import { MultiErrorMetric, MultiLoglossMetric } from './multiclass.js';
import { HuberMetric, L1Metric, L2Metric, RmseMetric } from './regression.js';
import { FairMetric, MapeMetric, QuantileMetric } from './robust-regression.js';
import { GammaDevianceMetric, GammaMetric, PoissonMetric, TweedieMetric } from './log-link.js';
import { CrossEntropyLambdaMetric, CrossEntropyMetric, KullbackLeiblerMetric } from './cross-entropy.js';
import { MapMetric, NdcgMetric } from './ranking.js';

/** Options of {@link createMetric}: the booster params some metrics take (LightGBM's names). */
export interface CreateMetricOptions {
  /** Huber threshold of the `huber` metric, quantile of the `quantile` metric. Default 0.9 (LightGBM's `alpha`). */
  alpha?: number;
  /** Residual scale of the `fair` metric. Default 1 (LightGBM's). */
  fair_c?: number;
  /** Variance power of the `tweedie` metric. Default 1.5 (LightGBM's). */
  tweedie_variance_power?: number;
}

/** Options of the ranking metrics (`ndcg`, `map`). */
export interface RankingMetricOptions {
  /** The position k evaluated (`ndcg@k`). Default 1 (LightGBM's first default `eval_at`). */
  at?: number;
  /** `ndcg`: the gain of each label (LightGBM's `label_gain`); empty means `2^i - 1`. Default empty. */
  labelGain?: readonly number[];
  /** `ndcg`: the smallest evaluated position (queries with no relevant row there count 1). Default `at`. */
  firstAt?: number;
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
  huber: Pick<CreateMetricOptions, 'alpha'>;
  quantile: Pick<CreateMetricOptions, 'alpha'>;
  mape: NoOptions;
  fair: Pick<CreateMetricOptions, 'fair_c'>;
  poisson: NoOptions;
  gamma: NoOptions;
  gamma_deviance: NoOptions;
  tweedie: Pick<CreateMetricOptions, 'tweedie_variance_power'>;
  cross_entropy: NoOptions;
  cross_entropy_lambda: NoOptions;
  kullback_leibler: NoOptions;
  ndcg: RankingMetricOptions;
  map: RankingMetricOptions;
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
  quantile: { create: ({ alpha = 0.9 }) => new QuantileMetric(alpha), aliases: alias('quantile') },
  mape: { create: () => new MapeMetric(), aliases: alias('mape') },
  fair: { create: ({ fair_c = 1 }) => new FairMetric(fair_c), aliases: alias('fair') },
  poisson: { create: () => new PoissonMetric(), aliases: alias('poisson') },
  gamma: { create: () => new GammaMetric(), aliases: alias('gamma') },
  gamma_deviance: { create: () => new GammaDevianceMetric(), aliases: alias('gamma_deviance') },
  tweedie: { create: ({ tweedie_variance_power = 1.5 }) => new TweedieMetric(tweedie_variance_power), aliases: alias('tweedie') },
  cross_entropy: { create: () => new CrossEntropyMetric(), aliases: alias('cross_entropy') },
  cross_entropy_lambda: { create: () => new CrossEntropyLambdaMetric(), aliases: alias('cross_entropy_lambda') },
  kullback_leibler: { create: () => new KullbackLeiblerMetric(), aliases: alias('kullback_leibler') },
  ndcg: { create: ({ at = 1, labelGain = [], firstAt = at }) => new NdcgMetric(at, labelGain, firstAt), aliases: alias('ndcg') },
  map: { create: ({ at = 1 }) => new MapMetric(at), aliases: alias('map') },
});

/** The canonical metric name of `name` (a name or alias, any case), or throws `UnknownNameError`. */
export function canonicalMetricName(name: string): MetricName {
  return METRICS.resolve(name);
}

/** LightGBM's default `eval_at` (`DCGCalculator::DefaultEvalAt`). */
export const DEFAULT_EVAL_AT: readonly number[] = [1, 2, 3, 4, 5];

/**
 * A metric name split at its position, if any: `'ndcg@5'` → `{ base: 'ndcg', at: 5 }`,
 * `'auc'` → `{ base: 'auc', at: null }` (the position is not checked here; {@link createMetric} does).
 *
 * @example
 * ```ts
 * splitMetricAt('map@3'); // { base: 'map', at: 3 }
 * ```
 */
export function splitMetricAt(name: string): { base: string; at: number | null } {
  const i = name.indexOf('@');
  return i < 0 ? { base: name, at: null } : { base: name.slice(0, i), at: Number(name.slice(i + 1).trim()) };
}

/**
 * A metric by name or alias (`auc`, `error`, `logloss`, `mse`, `mae`, ...); a ranking metric may
 * name its position (`ndcg@5`, `map@3`; without one, `at` of the options, default 1).
 *
 * @example
 * ```ts
 * createMetric('rmse').higherIsBetter; // false
 * createMetric('ndcg@5').name; // 'ndcg@5'
 * ```
 */
export function createMetric(name: string, options: CreateMetricOptions & RankingMetricOptions = {}): Metric {
  const at = name.indexOf('@');
  if (at < 0) return METRICS.create(name, options);
  const base = METRICS.resolve(name.slice(0, at));
  const pos = name.slice(at + 1).trim();
  if (!RANKING_METRICS.includes(base) || !/^\d+$/.test(pos) || Number(pos) < 1) {
    throw new GbtuneError(`metric '${name}': only the ranking metrics (${RANKING_METRICS.join(', ')}) take a position, as name@k with an integer k >= 1 (e.g. ndcg@5)`, 'METRIC_NAME');
  }
  return METRICS.create(base, { ...options, at: Number(pos), firstAt: options.firstAt ?? Number(pos) });
}

/**
 * The metric params of resolved params: `alpha`, `fair_c`, `tweedie_variance_power`.
 *
 * @example
 * ```ts
 * createMetric('quantile', metricOptionsOf(resolveParams({ alpha: 0.25 }))); // the 0.25 quantile's loss
 * ```
 */
export function metricOptionsOf(params: Pick<GbdtParams, 'alpha' | 'fair_c' | 'tweedie_variance_power'>): CreateMetricOptions {
  return { alpha: params.alpha, fair_c: params.fair_c, tweedie_variance_power: params.tweedie_variance_power };
}

/**
 * The metrics of resolved params, in order: `metric` (with `alpha`, `fair_c`,
 * `tweedie_variance_power` for those that take them), each ranking metric once per `eval_at`
 * position (default 1..5, as LightGBM: `ndcg@1`, ..., `ndcg@5`).
 */
export function createMetrics(
  params: Pick<GbdtParams, 'metric' | 'alpha' | 'fair_c' | 'tweedie_variance_power'> & Partial<Pick<GbdtParams, 'eval_at' | 'label_gain'>>,
): Metric[] {
  const options = metricOptionsOf(params);
  const evalAt = params.eval_at !== undefined && params.eval_at.length > 0 ? params.eval_at : DEFAULT_EVAL_AT;
  const out: Metric[] = [];
  for (const name of params.metric) {
    if (!RANKING_METRICS.includes(name)) out.push(createMetric(name, options));
    else for (const k of evalAt) out.push(createMetric(name, { at: k, labelGain: params.label_gain ?? [], firstAt: evalAt[0] }));
  }
  return out;
}

/**
 * The metrics LightGBM evaluates when none are given: the objective's own loss (binary →
 * binary_logloss, multiclass and multiclassova → multi_logloss, regression → l2, regression_l1 → l1,
 * the others their own name: huber, fair, poisson, quantile, mape, gamma, tweedie, cross_entropy,
 * cross_entropy_lambda).
 */
export function defaultMetrics(objective: ObjectiveName): MetricName[] {
  return [...DEFAULT_METRICS[objective]];
}
