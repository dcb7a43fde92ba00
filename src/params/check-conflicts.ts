/**
 * The cross-param rules, in one place (LightGBM's `Config::CheckParamConflict`, src/io/config.cpp,
 * plus gbtune's checks against the training data). Errors are {@link ParamError}s; settings that
 * have no effect are warnings through `log`; a few settings are adjusted as LightGBM adjusts them.
 *
 * @example
 * ```ts
 * checkConflicts({ ...params, is_unbalance: true, scale_pos_weight: 3 });
 * // ParamError: is_unbalance and scale_pos_weight = 3 cannot be used together; choose one
 * ```
 */
import { K_EPSILON } from '../core/constants.js';
import { ParamError } from '../core/errors.js';
import { log } from '../core/log.js';
import type { GbdtParams } from './resolved.js';
import { MULTICLASS_METRICS, RANKING_METRICS, type MetricName } from './metrics.js';
import { objectiveTask, TaskKind } from './objectives.js';
import { deriveSeeds } from './seeds.js';
import { checkConstraintParams } from './check-constraints.js';

/** Options of {@link checkConflicts}. */
export interface CheckConflictsOptions {
  /** Canonical names the user set explicitly (some rules apply only to defaults). Default: none. */
  explicit?: ReadonlySet<string>;
  /** Number of classes in the training target, when known. Default: unknown. */
  numClass?: number;
  /** Put before every message, e.g. `'--param'`. Default: none. */
  context?: string;
}

/**
 * Applies the cross-param rules and returns the (possibly adjusted) params; the input is not changed.
 *
 * Errors: `num_class` must be 1 for binary/regression objectives and > 1 for multiclass (and not
 * fewer than the classes in the data); multiclass metrics only with multiclass objectives and the
 * other way round (`accuracy` fits both classification objectives, not regression);
 * `alpha >= 1` with objective `quantile`; `is_unbalance` together with `scale_pos_weight != 1`; a
 * binary objective on a target with more than 2 classes; `boosting = rf` without bagging or feature
 * sampling; GOSS with bagging or with rates out of range.
 *
 * Adjustments (with a warning, as LightGBM): `boosting = goss` becomes `gbdt` with
 * `data_sample_strategy = goss`; `max_depth > 0` without an explicit `num_leaves` caps
 * `num_leaves` at `2^max_depth`; `path_smooth > 0` raises `min_data_in_leaf` to 2; the monotone
 * method falls back to `basic` with `feature_fraction_bynode < 1` (check-constraints.ts);
 * `min_data_in_leaf = 0` with `min_sum_hessian_in_leaf = 0` sets `min_data_in_leaf` to 1.
 *
 * Warnings (debug messages when `verbosity < 0`, as LightGBM silences them): `bagging_fraction < 1` with `bagging_freq <= 0` (no bagging happens); `zero_as_missing`
 * with `use_missing = false`; `early_stopping_round > 0` with no metric or with `boosting = dart`;
 * binary-only settings with an objective other than binary and multiclassova; ranking params given
 * where nothing reads them (`lambdarank_*` without lambdarank, `eval_at` without `ndcg`/`map`, ...).
 */
export function checkConflicts(
  params: GbdtParams,
  { explicit = new Set<string>(), numClass, context }: CheckConflictsOptions = {},
): GbdtParams {
  const where = context !== undefined && context !== '' ? `${context}: ` : '';
  const p: GbdtParams = { ...params, metric: [...params.metric] };
  // LightGBM: verbosity < 0 keeps only fatal messages
  const warn = (message: string): void => (p.verbosity < 0 ? log.debug(message) : log.warn(message));
  const task = objectiveTask(p.objective);
  const isMulticlass = task === TaskKind.MULTICLASS;
  const isClassification = task !== TaskKind.REGRESSION;

  // num_class against the objective (and the data)
  if (isMulticlass) {
    if (p.num_class <= 1) {
      throw new ParamError('num_class', p.num_class,
        `${where}num_class = ${p.num_class} is not valid for objective ${p.objective}: it must be > 1`, 'PARAM_CONFLICT');
    }
    if (numClass !== undefined && p.num_class < numClass) {
      throw new ParamError('num_class', p.num_class,
        `${where}num_class = ${p.num_class} is smaller than the ${numClass} classes of the target`, 'PARAM_CONFLICT');
    }
  } else if (p.num_class !== 1) {
    throw new ParamError('num_class', p.num_class,
      `${where}num_class = ${p.num_class} is not valid for objective ${p.objective}: it must be 1 (use objective multiclass for more classes)`,
      'PARAM_CONFLICT');
  }
  if (task === TaskKind.BINARY && numClass !== undefined && numClass > 2) {
    throw new ParamError('objective', p.objective,
      `${where}objective binary needs a target with 2 classes; this one has ${numClass} (use objective multiclass)`, 'PARAM_CONFLICT');
  }

  // metrics against the objective
  for (const m of p.metric) {
    const metricMulticlass = MULTICLASS_METRICS.includes(m);
    if (m === 'accuracy') {
      if (!isClassification) {
        throw new ParamError('metric', m,
          `${where}metric accuracy needs a classification objective (binary or multiclass), not ${p.objective}`, 'PARAM_CONFLICT');
      }
    } else if (metricMulticlass !== isMulticlass) {
      throw new ParamError('metric', m,
        `${where}metric ${m} does not fit objective ${p.objective}: ${metricMulticlass ? 'it needs objective multiclass' : 'multiclass objectives take multi_logloss, multi_error or accuracy'}`,
        'PARAM_CONFLICT');
    }
  }

  // LightGBM's quantile objective CHECKs 0 < alpha < 1 (the params table only has alpha > 0)
  if (p.objective === 'quantile' && !(p.alpha < 1)) {
    throw new ParamError('alpha', p.alpha,
      `${where}alpha = ${p.alpha} is not valid for objective quantile: the quantile must be in (0, 1)`, 'PARAM_CONFLICT');
  }
  if (p.is_unbalance && Math.abs(p.scale_pos_weight - 1) > 1e-6) {
    throw new ParamError('scale_pos_weight', p.scale_pos_weight,
      `${where}is_unbalance and scale_pos_weight = ${p.scale_pos_weight} cannot be used together; choose one`, 'PARAM_CONFLICT');
  }
  // LightGBM's multiclassova is one binary objective per class: the binary settings apply to it too
  if (p.objective !== 'binary' && p.objective !== 'multiclassova') {
    const binaryOnly: string[] = [];
    if (p.is_unbalance) binaryOnly.push('is_unbalance');
    if (p.scale_pos_weight !== 1) binaryOnly.push('scale_pos_weight');
    if (p.sigmoid !== 1 && p.objective !== 'lambdarank') binaryOnly.push('sigmoid');
    if (binaryOnly.length > 0) {
      warn(`${where}${binaryOnly.join(', ')} only appl${binaryOnly.length > 1 ? 'y' : 'ies'} to objectives binary and multiclassova${binaryOnly.includes('sigmoid') ? ' (sigmoid: and lambdarank)' : ''}; ignored for ${p.objective}`);
    }
  }
  warnRankingParams(p, where, warn);
  checkConstraintParams(p, where, warn);

  checkBoostingType(p, where, warn);

  if (p.bagging_fraction < 1 && p.bagging_freq <= 0) {
    warn(`${where}bagging_fraction = ${p.bagging_fraction} has no effect while bagging_freq = ${p.bagging_freq}; set bagging_freq > 0 to bag`);
  }

  // LightGBM: a depth limit with the default num_leaves caps num_leaves (and warns it may underfit)
  if (p.max_depth > 0 && !explicit.has('num_leaves')) {
    const full = Math.pow(2, p.max_depth);
    if (full > p.num_leaves) {
      warn(`${where}max_depth = ${p.max_depth} is set without num_leaves; the default num_leaves = ${p.num_leaves} may underfit. ` +
        `Set num_leaves (<= ${full}) too, or max_depth = -1`);
    } else if (full < p.num_leaves) {
      p.num_leaves = full;
    }
  }
  if (p.path_smooth > K_EPSILON && p.min_data_in_leaf < 2) {
    p.min_data_in_leaf = 2;
    warn(`${where}min_data_in_leaf raised to 2, as path_smooth > 0 requires`);
  }
  if (p.min_data_in_leaf <= 0 && p.min_sum_hessian_in_leaf <= K_EPSILON) {
    p.min_data_in_leaf = 1;
    warn(`${where}min_data_in_leaf and min_sum_hessian_in_leaf cannot both be 0; min_data_in_leaf set to 1`);
  }
  if (p.zero_as_missing && !p.use_missing) {
    warn(`${where}zero_as_missing has no effect while use_missing = false`);
  }
  if (p.early_stopping_round > 0 && p.metric.length === 0) {
    warn(`${where}early_stopping_round = ${p.early_stopping_round} has no effect without a metric`);
  } else if (p.early_stopping_round > 0 && p.boosting === 'dart') {
    // LightGBM's early_stopping callback: "Early stopping is not available in dart mode"
    warn(`${where}early_stopping_round = ${p.early_stopping_round} has no effect with boosting = dart (as in LightGBM: DART changes earlier trees, so a best round cannot be kept); all num_iterations rounds run`);
  }
  return p;
}

/**
 * The rules of the boosting types and sample strategies (LightGBM's `Config::CheckParamConflict`,
 * `RF::Init`, `GOSSStrategy::ResetSampleConfig`), applied to `p` in place: `boosting = goss` is the
 * old spelling of `gbdt` with `data_sample_strategy = goss` (changed, with LightGBM's warning);
 * GOSS cannot bag and needs `top_rate > 0`, `other_rate > 0`, `top_rate + other_rate <= 1`; a
 * random forest needs a bag (`bagging_freq > 0` and `bagging_fraction < 1`) or `feature_fraction < 1`
 * (with bagging as the strategy), else every tree is the same tree.
 */
function checkBoostingType(p: GbdtParams, where: string, warn: (message: string) => void): void {
  if (p.boosting === 'goss') {
    p.boosting = 'gbdt';
    p.data_sample_strategy = 'goss';
    warn(`${where}boosting = goss is read as boosting = gbdt with data_sample_strategy = goss (as LightGBM does); set data_sample_strategy = goss instead`);
  }
  if (p.data_sample_strategy === 'goss') {
    if (p.bagging_freq > 0 && p.bagging_fraction !== 1) {
      throw new ParamError('data_sample_strategy', p.data_sample_strategy,
        `${where}data_sample_strategy = goss cannot be used with bagging (bagging_freq = ${p.bagging_freq}, bagging_fraction = ${p.bagging_fraction}); ` +
          'set bagging_freq = 0 or bagging_fraction = 1', 'PARAM_CONFLICT');
    }
    if (!(p.top_rate > 0 && p.other_rate > 0) || p.top_rate + p.other_rate > 1) {
      throw new ParamError(p.top_rate > 0 ? 'other_rate' : 'top_rate', p.top_rate > 0 ? p.other_rate : p.top_rate,
        `${where}data_sample_strategy = goss needs top_rate > 0, other_rate > 0 and top_rate + other_rate <= 1; got top_rate = ${p.top_rate}, other_rate = ${p.other_rate}`,
        'PARAM_CONFLICT');
    }
  }
  if (p.boosting === 'rf' && p.data_sample_strategy === 'bagging') {
    const bagging = p.bagging_freq > 0 && p.bagging_fraction < 1;
    if (!bagging && !(p.feature_fraction < 1)) {
      throw new ParamError('boosting', p.boosting,
        `${where}boosting = rf needs bagging (bagging_freq > 0 and bagging_fraction < 1) or feature_fraction < 1; ` +
          `got bagging_freq = ${p.bagging_freq}, bagging_fraction = ${p.bagging_fraction}, feature_fraction = ${p.feature_fraction}`,
        'PARAM_CONFLICT');
    }
  }
}

/**
 * Warns about ranking params set (away from their defaults; objective_seed: from the one `seed`
 * derives) where nothing reads them. By value, so that resolved params resolved again stay quiet.
 */
function warnRankingParams(p: GbdtParams, where: string, warn: (message: string) => void): void {
  const unused: string[] = [];
  if (p.objective !== 'lambdarank') {
    if (p.lambdarank_truncation_level !== 30) unused.push('lambdarank_truncation_level');
    if (!p.lambdarank_norm) unused.push('lambdarank_norm');
  }
  const seedDefault = p.seed !== null ? deriveSeeds(p.seed).objective_seed : 5;
  if (p.objective !== 'rank_xendcg' && p.objective_seed !== seedDefault) unused.push('objective_seed');
  const ranked = p.metric.some((m) => RANKING_METRICS.includes(m));
  if (p.objective !== 'lambdarank' && !p.metric.includes('ndcg') && p.label_gain.length > 0) unused.push('label_gain');
  if (!ranked && p.eval_at.length > 0) unused.push('eval_at');
  if (unused.length > 0) {
    warn(`${where}${unused.join(', ')} ${unused.length > 1 ? 'have' : 'has'} no effect with objective ${p.objective} and metric ${p.metric.join(',') || 'none'} ` +
      '(lambdarank_*: objective lambdarank; objective_seed: rank_xendcg; label_gain: lambdarank or metric ndcg; eval_at: metrics ndcg, map)');
  }
}

/** True when `m` is a metric that needs a multiclass objective. */
export function isMulticlassMetric(m: MetricName): boolean {
  return MULTICLASS_METRICS.includes(m);
}
