/**
 * The ONE table of booster params: name, type, default, aliases, range check and doc of every key
 * of {@link GbdtParams}. `resolveParams` maps and checks user params with it, `describeParams`
 * turns it into CLI help and `docs/params.md`. Names, defaults, aliases and ranges follow
 * LightGBM 4.6 (`include/LightGBM/config.h`, docs/Parameters.rst); where gbtune differs the doc
 * says so.
 *
 * Why `src/params/` and not `src/gbdt/`: as LightGBM's `Config` (include/LightGBM/config.h) is read
 * by its dataset loader and its boosting alike, this table holds the params of binning
 * (`max_bin`, `use_missing`, ...) as well as of training, so `src/data` and `src/gbdt` both read it.
 * It sits below both and imports only `src/core`, which keeps `src/data` free of `src/gbdt`
 * (test/architecture/data-gbdt-imports.test.ts checks it).
 *
 * @example
 * ```ts
 * const spec = PARAM_SPECS.find((p) => p.name === 'num_leaves');
 * spec?.aliases; // ['num_leaf', 'max_leaves', 'max_leaf', 'max_leaf_nodes']
 * ```
 */
import { METRIC_ALIAS_TABLE, METRIC_NAMES, UNSUPPORTED_METRICS } from './metrics.js';
import { OBJECTIVE_ALIAS_TABLE, OBJECTIVE_NAMES, UNSUPPORTED_OBJECTIVES } from './objectives.js';

/**
 * The value type of a param. The list types (`string[]`, `int[]`, `float[]`) accept an array or a
 * comma-separated string; `int[][]` (a list of integer lists) an array of arrays or LightGBM's text `[0,1],[2,3]`.
 */
export type ParamType = 'int' | 'float' | 'bool' | 'string' | 'string[]' | 'int[]' | 'float[]' | 'int[][]';

/** A range or enum check, as data. Bounds are inclusive unless the matching `*Exclusive` is set. */
export interface ParamCheck {
  readonly min?: number;
  readonly minExclusive?: boolean;
  readonly max?: number;
  readonly maxExclusive?: boolean;
  /** Allowed (canonical) values of a `string` param, or of each item of a `string[]` param. (Bounds of a number list apply to each item.) */
  readonly oneOf?: readonly string[];
}

/** Where a param shows up in the docs. */
export const ParamGroup = {
  CORE: 'Core',
  LEARNING: 'Learning control',
  DATASET: 'Dataset',
  OBJECTIVE: 'Objective',
  METRIC: 'Metric',
} as const;
export type ParamGroup = (typeof ParamGroup)[keyof typeof ParamGroup];

/** The value of a param of each {@link ParamType} (a `string` param's values are narrowed by its `oneOf`). */
export interface ParamValueOfType {
  int: number;
  float: number;
  bool: boolean;
  string: string;
  'string[]': readonly string[];
  'int[]': readonly number[];
  'float[]': readonly number[];
  'int[][]': readonly (readonly number[])[];
}

/** A param's value of any type. */
export type ParamValue = ParamValueOfType[ParamType];

/**
 * One row of the params table with `type: T`: its default must be a value of that type (or
 * `null`, "no value", as `seed`'s). The table is checked against {@link AnyParamRow}, so a row
 * such as `{ type: 'int', default: 'x' }` does not compile.
 */
export interface ParamRow<T extends ParamType = ParamType> {
  readonly name: string;
  readonly type: T;
  readonly default: ParamValueOfType[T] | null;
  /** Other names accepted for this key (LightGBM's aliases, plus a few noted in the doc). */
  readonly aliases: readonly string[];
  readonly check?: ParamCheck;
  /** Alternative spellings of values, lower case → canonical (e.g. objective `mse` → `regression`). */
  readonly valueAliases?: Readonly<Partial<Record<string, string>>>;
  /** Values LightGBM knows that gbtune does not implement (a clearer error than "not allowed"). */
  readonly unsupportedValues?: readonly string[];
  readonly group: ParamGroup;
  readonly doc: string;
}

/** A row of any type: `{ [T in ParamType]: ParamRow<T> }[ParamType]`, the union every row must satisfy. */
export type AnyParamRow = { [T in ParamType]: ParamRow<T> }[ParamType];

/** The smallest and largest int param value (LightGBM stores ints as int32). */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

// the objective and metric names (objectives.ts, metrics.ts), where users of the table import them from
export {
  DEFAULT_METRICS,
  OBJECTIVE_ALIASES,
  OBJECTIVE_NAMES,
  UNSUPPORTED_OBJECTIVES,
  type ObjectiveAlias,
  type ObjectiveName,
} from './objectives.js';
export {
  CLASSIFICATION_ANY_METRICS,
  METRIC_ALIASES,
  METRIC_NAMES,
  MULTICLASS_METRICS,
  UNSUPPORTED_METRICS,
  type MetricAlias,
  type MetricName,
} from './metrics.js';

const nonNeg = { min: 0 } as const;
const positive = { min: 0, minExclusive: true } as const;
const fraction = { min: 0, minExclusive: true, max: 1 } as const;

/**
 * Every booster param, in the order of LightGBM's Parameters page (core, learning control,
 * dataset, objective, metric). Declared `as const` so that the types of params (`GbdtParams`,
 * `GbdtParamsInput` in resolved.ts) are derived from the rows, and checked against
 * {@link AnyParamRow} so that each row's default has its row's type.
 */
const PARAM_ROWS = [
  // ---- core
  {
    name: 'objective', type: 'string', default: 'regression', group: ParamGroup.CORE,
    aliases: ['objective_type', 'app', 'application', 'loss'],
    check: { oneOf: OBJECTIVE_NAMES }, valueAliases: OBJECTIVE_ALIAS_TABLE, unsupportedValues: UNSUPPORTED_OBJECTIVES,
    doc: 'The loss to minimise. `binary` (log loss, labels 0/1), `multiclass` (softmax, needs `num_class`), ' +
      '`multiclassova` (one-vs-all: a binary model per class), `regression` (L2), `regression_l1` (L1), `huber`, ' +
      '`fair`, `quantile` (the `alpha` quantile), `mape` (relative error), `poisson`, `gamma`, `tweedie` ' +
      '(log link: labels >= 0, predictions are `exp(score)`), `cross_entropy` (labels in [0, 1], predictions ' +
      'are probabilities), `cross_entropy_lambda`, and for ranking (data with query groups, integer relevance ' +
      'labels) `lambdarank` and `rank_xendcg`. When none is given, gbtune picks one from the target (`lambdarank` ' +
      'for data with query groups).',
  },
  {
    name: 'boosting', type: 'string', default: 'gbdt', group: ParamGroup.CORE,
    aliases: ['boosting_type', 'boost'], check: { oneOf: ['gbdt', 'dart', 'rf', 'goss'] },
    valueAliases: { gbrt: 'gbdt', random_forest: 'rf' },
    doc: '`gbdt`: gradient boosting. `dart`: Dropouts meet Multiple Additive Regression Trees — each round ' +
      'leaves some earlier trees out of the scores the gradients are taken at (`drop_rate`, `skip_drop`, ' +
      '`max_drop`), then scales the new tree and the dropped ones so the sum stays balanced; no early stopping. ' +
      '`rf`: random forest — every tree is fit to the gradients at the ' +
      'initial score (not boosted) on its own bag (needs `bagging_freq > 0` and `bagging_fraction < 1`, or ' +
      '`feature_fraction < 1`), trees are not shrunk (`learning_rate` is ignored) and the model averages them. ' +
      '`goss`: LightGBM\'s old name for `gbdt` with `data_sample_strategy=goss` (it becomes that, with a warning).',
  },
  {
    name: 'data_sample_strategy', type: 'string', default: 'bagging', group: ParamGroup.CORE, aliases: [],
    check: { oneOf: ['bagging', 'goss'] },
    doc: 'The rows each tree learns from. `bagging`: all rows, or a bag when `bagging_freq > 0` and ' +
      '`bagging_fraction < 1`. `goss`: Gradient-based One-Side Sampling — the `top_rate` share of rows with ' +
      'the largest |gradient × hessian| and `other_rate` of the rows drawn from the rest, their gradients ' +
      'scaled up by (1 - top_rate) / other_rate; all rows for the first `1 / learning_rate` rounds. Not with bagging.',
  },
  {
    name: 'num_iterations', type: 'int', default: 100, group: ParamGroup.CORE,
    aliases: ['num_iteration', 'n_iter', 'num_tree', 'num_trees', 'num_round', 'num_rounds', 'nrounds', 'num_boost_round', 'n_estimators', 'max_iter'],
    check: nonNeg,
    doc: 'Number of boosting rounds. A multiclass model grows `num_class` trees per round.',
  },
  {
    name: 'learning_rate', type: 'float', default: 0.1, group: ParamGroup.CORE,
    aliases: ['shrinkage_rate', 'eta'], check: positive,
    doc: 'Shrinkage: each new tree\'s leaf values are multiplied by this.',
  },
  {
    name: 'num_leaves', type: 'int', default: 31, group: ParamGroup.CORE,
    aliases: ['num_leaf', 'max_leaves', 'max_leaf', 'max_leaf_nodes'],
    check: { min: 1, minExclusive: true, max: 131072 },
    doc: 'Most leaves in one tree (trees grow leaf-wise, best split first).',
  },
  {
    name: 'num_threads', type: 'int', default: 0, group: ParamGroup.CORE,
    aliases: ['num_thread', 'nthread', 'nthreads', 'n_jobs'],
    doc: 'Threads used for training; `0` or less means the machine\'s cores (as LightGBM). `1` runs on the calling thread only. ' +
      'The model is the same bits at any thread count (model files record `0`). A training under 2,500,000 rows x features stays on the calling thread. ' +
      'Prediction takes its own `numThreads` option (`gbtune predict --num-threads`), with the same default.',
  },
  {
    name: 'seed', type: 'int', default: null, group: ParamGroup.CORE,
    aliases: ['random_seed', 'random_state'],
    doc: 'When given, derives `data_random_seed`, `bagging_seed`, `feature_fraction_seed`, `objective_seed` and `extra_seed` as ' +
      'LightGBM does; a seed given explicitly still wins.',
  },
  {
    name: 'deterministic', type: 'bool', default: false, group: ParamGroup.CORE, aliases: [],
    doc: 'Accepted for LightGBM compatibility; gbtune training is always deterministic for a given seed.',
  },
  // ---- learning control
  {
    name: 'max_depth', type: 'int', default: -1, group: ParamGroup.LEARNING, aliases: [],
    doc: 'Deepest a tree may grow; `<= 0` means no limit. With `num_leaves` not given, `num_leaves` becomes ' +
      'at most `2^max_depth`.',
  },
  {
    name: 'min_data_in_leaf', type: 'int', default: 20, group: ParamGroup.LEARNING,
    aliases: ['min_data_per_leaf', 'min_data', 'min_child_samples', 'min_samples_leaf'], check: nonNeg,
    doc: 'Fewest rows in one leaf.',
  },
  {
    name: 'min_sum_hessian_in_leaf', type: 'float', default: 1e-3, group: ParamGroup.LEARNING,
    aliases: ['min_sum_hessian_per_leaf', 'min_sum_hessian', 'min_hessian', 'min_child_weight'], check: nonNeg,
    doc: 'Smallest sum of hessians in one leaf.',
  },
  {
    name: 'bagging_fraction', type: 'float', default: 1, group: ParamGroup.LEARNING,
    aliases: ['sub_row', 'subsample', 'bagging'], check: fraction,
    doc: 'Fraction of rows sampled (without replacement) for each bagging round; needs `bagging_freq > 0`.',
  },
  {
    name: 'bagging_freq', type: 'int', default: 0, group: ParamGroup.LEARNING,
    aliases: ['subsample_freq'],
    doc: 'Re-sample the bag every `k` rounds; `0` disables bagging.',
  },
  {
    name: 'bagging_seed', type: 'int', default: 3, group: ParamGroup.LEARNING,
    aliases: ['bagging_fraction_seed'],
    doc: 'Random seed for bagging. gbtune draws the bag with LightGBM\'s generator, so a seed gives LightGBM\'s rows.',
  },
  {
    name: 'feature_fraction', type: 'float', default: 1, group: ParamGroup.LEARNING,
    aliases: ['sub_feature', 'colsample_bytree'], check: fraction,
    doc: 'Fraction of features sampled for each tree.',
  },
  {
    name: 'feature_fraction_bynode', type: 'float', default: 1, group: ParamGroup.LEARNING,
    aliases: ['sub_feature_bynode', 'colsample_bynode'], check: fraction,
    doc: 'Fraction of features sampled at each node (of those sampled for the tree).',
  },
  {
    name: 'feature_fraction_seed', type: 'int', default: 2, group: ParamGroup.LEARNING, aliases: [],
    doc: 'Random seed for `feature_fraction` and `feature_fraction_bynode` (LightGBM\'s generator: the same features as LightGBM).',
  },
  {
    name: 'extra_trees', type: 'bool', default: false, group: ParamGroup.LEARNING, aliases: ['extra_tree'],
    doc: 'Extremely randomised trees: try one random threshold per feature at each node. The thresholds are ' +
      'LightGBM\'s for the same `extra_seed`, except on data with sparse features LightGBM would bundle.',
  },
  {
    name: 'extra_seed', type: 'int', default: 6, group: ParamGroup.LEARNING, aliases: [],
    doc: 'Random seed for the thresholds of `extra_trees`.',
  },
  {
    name: 'early_stopping_round', type: 'int', default: 0, group: ParamGroup.LEARNING,
    aliases: ['early_stopping_rounds', 'early_stopping', 'n_iter_no_change'],
    doc: 'Stop when no validation metric improved in this many rounds; `<= 0` disables.',
  },
  {
    name: 'first_metric_only', type: 'bool', default: false, group: ParamGroup.LEARNING, aliases: [],
    doc: 'Early stopping watches only the first metric.',
  },
  {
    name: 'max_delta_step', type: 'float', default: 0, group: ParamGroup.LEARNING,
    aliases: ['max_tree_output', 'max_leaf_output'],
    doc: 'Caps the absolute leaf output (before shrinkage); `<= 0` means no cap.',
  },
  {
    name: 'lambda_l1', type: 'float', default: 0, group: ParamGroup.LEARNING,
    aliases: ['reg_alpha', 'l1_regularization'], check: nonNeg,
    doc: 'L1 regularisation of leaf values.',
  },
  {
    name: 'lambda_l2', type: 'float', default: 0, group: ParamGroup.LEARNING,
    aliases: ['reg_lambda', 'lambda', 'l2_regularization'], check: nonNeg,
    doc: 'L2 regularisation of leaf values.',
  },
  {
    name: 'min_gain_to_split', type: 'float', default: 0, group: ParamGroup.LEARNING,
    aliases: ['min_split_gain'], check: nonNeg,
    doc: 'Smallest gain a split must reach.',
  },
  {
    name: 'drop_rate', type: 'float', default: 0.1, group: ParamGroup.LEARNING, aliases: ['rate_drop'], check: { min: 0, max: 1 },
    doc: 'DART: the share of earlier trees dropped in a round (each tree drawn with this probability, ' +
      'weighted by its shrinkage unless `uniform_drop`).',
  },
  {
    name: 'max_drop', type: 'int', default: 50, group: ParamGroup.LEARNING, aliases: [],
    doc: 'DART: the most trees dropped in one round; `<= 0`: no limit (as in LightGBM, `0` still stops at one dropped tree).',
  },
  {
    name: 'skip_drop', type: 'float', default: 0.5, group: ParamGroup.LEARNING, aliases: [], check: { min: 0, max: 1 },
    doc: 'DART: the probability of a round that drops no tree.',
  },
  {
    name: 'xgboost_dart_mode', type: 'bool', default: false, group: ParamGroup.LEARNING, aliases: [],
    doc: 'DART: scale as XGBoost\'s DART does (the new tree by `learning_rate / (learning_rate + k)` for k dropped trees).',
  },
  {
    name: 'uniform_drop', type: 'bool', default: false, group: ParamGroup.LEARNING, aliases: [],
    doc: 'DART: drop every earlier tree with the same probability (not weighted by its shrinkage).',
  },
  {
    name: 'drop_seed', type: 'int', default: 4, group: ParamGroup.LEARNING, aliases: [],
    doc: 'DART: random seed for choosing the dropped trees (LightGBM\'s generator: the same seed drops LightGBM\'s trees).',
  },
  {
    name: 'top_rate', type: 'float', default: 0.2, group: ParamGroup.LEARNING, aliases: [], check: { min: 0, max: 1 },
    doc: 'GOSS: the share of rows with the largest gradients that every tree keeps.',
  },
  {
    name: 'other_rate', type: 'float', default: 0.1, group: ParamGroup.LEARNING, aliases: [], check: { min: 0, max: 1 },
    doc: 'GOSS: the share of rows drawn from the other rows (their gradients scaled up to stand for the rest).',
  },
  {
    name: 'min_data_per_group', type: 'int', default: 100, group: ParamGroup.LEARNING, aliases: [],
    check: positive,
    doc: 'Categorical features: fewest rows in one category group.',
  },
  {
    name: 'max_cat_threshold', type: 'int', default: 32, group: ParamGroup.LEARNING, aliases: [], check: positive,
    doc: 'Categorical features: most categories on one side of a split.',
  },
  {
    name: 'cat_l2', type: 'float', default: 10, group: ParamGroup.LEARNING, aliases: [], check: nonNeg,
    doc: 'Categorical features: L2 regularisation in categorical splits.',
  },
  {
    name: 'cat_smooth', type: 'float', default: 10, group: ParamGroup.LEARNING, aliases: [], check: nonNeg,
    doc: 'Categorical features: smoothing of category statistics (helps rare categories).',
  },
  {
    name: 'max_cat_to_onehot', type: 'int', default: 4, group: ParamGroup.LEARNING, aliases: [], check: positive,
    doc: 'Categorical features with at most this many categories use one-vs-rest splits.',
  },
  {
    name: 'monotone_constraints', type: 'int[]', default: [], group: ParamGroup.LEARNING,
    aliases: ['mc', 'monotone_constraint', 'monotonic_cst'], check: { min: -1, max: 1 },
    doc: 'One of `-1`, `0`, `1` per feature, in the data\'s feature order (a list, or comma-separated as in ' +
      'LightGBM: `mc=-1,0,1`): `1` makes predictions non-decreasing in that feature, `-1` non-increasing, `0` ' +
      'leaves it free. Empty (the default): no constraints. It must list every feature; categorical features ' +
      'must be `0`; not with objectives `regression_l1`, `quantile`, `mape` (as LightGBM).',
  },
  {
    name: 'monotone_constraints_method', type: 'string', default: 'basic', group: ParamGroup.LEARNING,
    aliases: ['monotone_constraining_method', 'mc_method'], check: { oneOf: ['basic', 'intermediate', 'advanced'] },
    doc: 'How `monotone_constraints` bound the leaves: `basic` (each split bounds its subtrees by the mean of its two ' +
      'outputs: fast, over-constrains), `intermediate` (bounds from the neighbouring leaves\' actual values, updated ' +
      'after every split), `advanced` (as intermediate, with bounds that vary along each feature\'s thresholds). ' +
      'With `feature_fraction_bynode < 1` intermediate and advanced fall back to basic, as LightGBM.',
  },
  {
    name: 'monotone_penalty', type: 'float', default: 0, group: ParamGroup.LEARNING,
    aliases: ['monotone_splits_penalty', 'ms_penalty', 'mc_penalty'], check: nonNeg,
    doc: 'Penalises splits on constrained features near the root: a value `x` forbids them on the first `floor(x)` ' +
      'levels and scales their gain down on the next ones (LightGBM\'s formula); `0`: no penalty.',
  },
  {
    name: 'path_smooth', type: 'float', default: 0, group: ParamGroup.LEARNING, aliases: [], check: nonNeg,
    doc: 'Smooths each node\'s output towards its parent\'s; `0` disables. Needs `min_data_in_leaf >= 2`.',
  },
  {
    name: 'interaction_constraints', type: 'int[][]', default: [], group: ParamGroup.LEARNING, aliases: [], check: nonNeg,
    doc: 'Sets of feature indices (0-based, the data\'s feature order) that may appear together in a branch: a ' +
      'list of lists (`[[0, 1, 2], [2, 3]]`) or LightGBM\'s text `[0,1,2],[2,3]`. Each split\'s feature must ' +
      'belong to one set together with every feature used above it; a feature in no set is never used. Empty (the ' +
      'default): no constraints.',
  },
  {
    name: 'verbosity', type: 'int', default: 1, group: ParamGroup.LEARNING, aliases: ['verbose'],
    doc: '`< 0` fatal only, `0` warnings, `1` info, `> 1` debug.',
  },
  {
    name: 'use_quantized_grad', type: 'bool', default: false, group: ParamGroup.LEARNING, aliases: [],
    doc: 'Quantized training (LightGBM 4, Shi et al., "Quantized Training of Gradient Boosting Decision Trees", ' +
      'NeurIPS 2022): each round, every gradient and hessian is rounded to an integer multiple of one scale per ' +
      'tree (gradients to `-num_grad_quant_bins/2 .. num_grad_quant_bins/2` steps of max |gradient| / (bins/2), ' +
      'hessians to `0 .. num_grad_quant_bins` steps of max hessian / bins, a constant hessian to one step), and ' +
      'trees are grown on those: every histogram sum is an integer times the scale. Usually a little less accurate ' +
      'than full precision; the models are not LightGBM\'s bits (its rounding draws differ).',
  },
  {
    name: 'num_grad_quant_bins', type: 'int', default: 4, group: ParamGroup.LEARNING, aliases: [], check: { min: 2, max: 127 },
    doc: 'With `use_quantized_grad`: the number of quantization steps of gradients and hessians; more steps come ' +
      'closer to full precision. LightGBM stores each value in 8 bits and does not check the value: gbtune accepts 2 to 127.',
  },
  {
    name: 'quant_train_renew_leaf', type: 'bool', default: false, group: ParamGroup.LEARNING, aliases: [],
    doc: 'With `use_quantized_grad`: after each tree is grown, set its leaf values from the sums of the true (not ' +
      'quantized) gradients and hessians of each leaf\'s rows (`lambda_l1`, `lambda_l2` and `max_delta_step` apply, ' +
      'no `path_smooth`, as LightGBM). Helps accuracy, most of all for ranking objectives.',
  },
  {
    name: 'stochastic_rounding', type: 'bool', default: true, group: ParamGroup.LEARNING, aliases: [],
    doc: 'With `use_quantized_grad`: round each value up or down at random with the probability that keeps its mean ' +
      '(unbiased; the draws come from `seed`, 0 when not given), else to the nearest step.',
  },
  // ---- dataset
  {
    name: 'max_bin', type: 'int', default: 255, group: ParamGroup.DATASET, aliases: ['max_bins'],
    check: { min: 1, minExclusive: true, max: 65535 },
    doc: 'Most bins per feature. gbtune caps it at 65535 (bins are stored in 16 bits at most).',
  },
  {
    name: 'min_data_in_bin', type: 'int', default: 3, group: ParamGroup.DATASET, aliases: [], check: positive,
    doc: 'Fewest rows in one bin.',
  },
  {
    name: 'bin_construct_sample_cnt', type: 'int', default: 200000, group: ParamGroup.DATASET,
    aliases: ['subsample_for_bin'], check: positive,
    doc: 'Rows sampled to find the bin boundaries.',
  },
  {
    name: 'data_random_seed', type: 'int', default: 1, group: ParamGroup.DATASET, aliases: ['data_seed'],
    doc: 'Random seed for the bin-construction sample.',
  },
  {
    name: 'use_missing', type: 'bool', default: true, group: ParamGroup.DATASET, aliases: [],
    doc: 'Learn a default direction for missing values; `false` treats them as zero.',
  },
  {
    name: 'feature_pre_filter', type: 'bool', default: true, group: ParamGroup.DATASET, aliases: [],
    doc: 'When binning, drop features that no split can use because of `min_data_in_leaf`. Set `false` when ' +
      'tuning `min_data_in_leaf` on bins built once.',
  },
  {
    name: 'zero_as_missing', type: 'bool', default: false, group: ParamGroup.DATASET, aliases: [],
    doc: 'Treat zeros as missing values.',
  },
  {
    name: 'weight_column', type: 'string', default: '', group: ParamGroup.DATASET, aliases: ['weight'],
    doc: 'The column of row weights, by name (LightGBM\'s `name:` prefix is accepted; not by index): taken out of ' +
      'the features, it multiplies each row\'s gradient and hessian, the starting score, `min_sum_hessian_in_leaf` ' +
      'and every metric, not the bins, the folds or bagging (`min_data_in_leaf` counts rows, estimated from the ' +
      'hessians as LightGBM does). Weights must be finite and `>= 0`. ' +
      'The same as the `weight` option of `readCsv` / `Dataset.fromRecords` / `Dataset.fromColumns` and `--weight-column`.',
  },
  {
    name: 'group_column', type: 'string', default: '', group: ParamGroup.DATASET,
    aliases: ['group', 'group_id', 'query_column', 'query', 'query_id'],
    doc: 'Ranking: the column holding each row\'s query (group) id, taken out of the features. The rows of a query ' +
      'must follow each other (a query id seen again after another query is an error). Also `--group-column` and the ' +
      '`group` option of `readCsv` / `Dataset.fromRecords` / `fromColumns` (which also takes group sizes).',
  },
  // ---- objective
  {
    name: 'objective_seed', type: 'int', default: 5, group: ParamGroup.OBJECTIVE, aliases: [],
    doc: '`rank_xendcg`: seed of its random draws (derived from `seed` when that is given, as LightGBM).',
  },
  {
    name: 'num_class', type: 'int', default: 1, group: ParamGroup.OBJECTIVE, aliases: ['num_classes'], check: positive,
    doc: 'Number of classes: `1` for binary and regression, `> 1` for multiclass (gbtune takes it from the data ' +
      'when not given).',
  },
  {
    name: 'is_unbalance', type: 'bool', default: false, group: ParamGroup.OBJECTIVE,
    aliases: ['unbalance', 'unbalanced_sets'],
    doc: 'Binary and multiclassova: weight the rarer class up by (rows of the other class / its rows, counted in rows ' +
      'as LightGBM does) so both classes weigh the same; it multiplies the row weights. The probabilities then lean ' +
      'towards the rarer class; ranking metrics (`auc`, `average_precision`) do not mind. Not together with ' +
      '`scale_pos_weight`.',
  },
  {
    name: 'scale_pos_weight', type: 'float', default: 1, group: ParamGroup.OBJECTIVE, aliases: [], check: positive,
    doc: 'Binary and multiclassova: weight of the positive class; it multiplies the row weights of positive rows in the ' +
      'gradients and hessians (not in the starting score of `boost_from_average`, as LightGBM). `gbtune tune` searches ' +
      'it on an imbalanced binary target. Not together with `is_unbalance`.',
  },
  {
    name: 'sigmoid', type: 'float', default: 1, group: ParamGroup.OBJECTIVE, aliases: [], check: positive,
    doc: 'Binary and multiclassova: the slope of the sigmoid, `p = 1 / (1 + exp(-sigmoid * score))`.',
  },
  {
    name: 'boost_from_average', type: 'bool', default: true, group: ParamGroup.OBJECTIVE, aliases: [],
    doc: 'Start from the objective\'s best constant (mean, median, log-odds, class log-priors) instead of 0.',
  },
  {
    name: 'alpha', type: 'float', default: 0.9, group: ParamGroup.OBJECTIVE, aliases: [], check: positive,
    doc: 'Huber: the residual size where the loss turns from quadratic to linear. Quantile: the quantile to ' +
      'predict, in (0, 1). Also the `huber` and `quantile` metrics\' parameter.',
  },
  {
    name: 'fair_c', type: 'float', default: 1, group: ParamGroup.OBJECTIVE, aliases: [], check: positive,
    doc: 'Fair loss (objective and metric): the residual scale `c` of `c * |x| - c^2 * log(1 + |x| / c)`.',
  },
  {
    name: 'poisson_max_delta_step', type: 'float', default: 0.7, group: ParamGroup.OBJECTIVE, aliases: [], check: positive,
    doc: 'Poisson: safeguards the optimisation; the hessians are multiplied by `exp(poisson_max_delta_step)`.',
  },
  {
    name: 'tweedie_variance_power', type: 'float', default: 1.5, group: ParamGroup.OBJECTIVE, aliases: [],
    check: { min: 1, max: 2, maxExclusive: true },
    doc: 'Tweedie (objective and metric): the variance power `rho` in [1, 2); near 1 it is like Poisson, near 2 ' +
      'like Gamma.',
  },
  {
    name: 'lambdarank_truncation_level', type: 'int', default: 30, group: ParamGroup.OBJECTIVE, aliases: [], check: positive,
    doc: '`lambdarank`: only pairs with a row among the top this many (by current score) of their query count.',
  },
  {
    name: 'lambdarank_norm', type: 'bool', default: true, group: ParamGroup.OBJECTIVE, aliases: [],
    doc: '`lambdarank`: normalise each query\'s lambdas (better with queries of unequal sizes); `false` is plain LambdaRank.',
  },
  {
    name: 'label_gain', type: 'float[]', default: [], group: ParamGroup.OBJECTIVE, aliases: [],
    doc: '`lambdarank` and `ndcg`: the gain of each relevance label 0, 1, 2, ...; empty means `2^i - 1` (0, 1, 3, 7, ..., ' +
      'for labels up to 30). Labels must be integers below the list\'s length.',
  },
  // ---- metric
  {
    name: 'metric', type: 'string[]', default: [], group: ParamGroup.METRIC, aliases: ['metrics', 'metric_types'],
    check: { oneOf: METRIC_NAMES }, valueAliases: METRIC_ALIAS_TABLE, unsupportedValues: UNSUPPORTED_METRICS,
    doc: 'Metrics evaluated on validation data, a list or comma-separated. Not given: the objective\'s own ' +
      '(`binary_logloss`, `multi_logloss` for multiclass and multiclassova, `l2`, `l1`, and the others\' own ' +
      'names: `huber`, `fair`, `poisson`, `quantile`, `mape`, `gamma`, `tweedie`, `cross_entropy`, ' +
      '`cross_entropy_lambda`, `ndcg` for ranking); `none`: no metric. Also `gamma_deviance`, `kullback_leibler` ' +
      '(`kldiv`), `auc`, `average_precision`, `accuracy`, `binary_error`, `multi_error`, `rmse`, `map`. `ndcg` and ' +
      '`map` need query groups and report one value per `eval_at` position (`ndcg@1`, ...).',
  },
  {
    name: 'eval_at', type: 'int[]', default: [], group: ParamGroup.METRIC,
    aliases: ['ndcg_eval_at', 'ndcg_at', 'map_eval_at', 'map_at'], check: positive,
    doc: '`ndcg` and `map`: the positions k evaluated (`ndcg@k`), sorted ascending as LightGBM does; empty means 1,2,3,4,5.',
  },
] as const satisfies readonly AnyParamRow[];

/** The rows of the params table, as literal types (what the param types in resolved.ts are derived from). */
export type ParamRowLiteral = (typeof PARAM_ROWS)[number];

/** A canonical param name, e.g. `'num_leaves'`. */
export type ParamName = ParamRowLiteral['name'];

/** One row of the params table, as code reads it at run time. */
export interface ParamSpec extends ParamRow {
  readonly name: ParamName;
}

// Compile-time check: the default of a row with allowed values is one of them (or a list of them).
// A row such as objective's with default 'regresion' fails here ("'boolean' does not satisfy the constraint 'true'").
type DefaultAllowed<R> = R extends { readonly check: { readonly oneOf: readonly (infer V)[] }; readonly default: infer D }
  ? [D] extends [V | readonly V[]] ? true : false
  : true;
type AssertTrue<T extends true> = T;
type ParamDefaultsAllowed = AssertTrue<DefaultAllowed<ParamRowLiteral>>;

/**
 * Every booster param, in the order of LightGBM's Parameters page (core, learning control,
 * dataset, objective, metric).
 */
export const PARAM_SPECS: readonly ParamSpec[] = PARAM_ROWS;

/** A LightGBM param that gbtune accepts and ignores, with the values it accepts. */
export interface IgnoredLightGbmParam {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly accepts: readonly string[];
}

/**
 * LightGBM params that gbtune accepts and ignores when they hold a value that means "what gbtune
 * does anyway" (so a LightGBM config can be pasted). Any other value is an error.
 */
export const IGNORED_LIGHTGBM_PARAMS = [
  { name: 'task', aliases: ['task_type'], accepts: ['train', 'training'] },
  { name: 'device_type', aliases: ['device'], accepts: ['cpu'] },
  { name: 'tree_learner', aliases: ['tree', 'tree_type', 'tree_learner_type'], accepts: ['serial'] },
  { name: 'force_col_wise', aliases: [], accepts: ['true', 'false', '1', '0'] },
  { name: 'force_row_wise', aliases: [], accepts: ['true', 'false', '1', '0'] },
] as const satisfies readonly IgnoredLightGbmParam[];

/**
 * Other LightGBM params (names and aliases, from its config.h) that gbtune does not implement: an
 * error says so instead of "unknown param". `hint` says what to do instead, where there is a way.
 */
export const UNSUPPORTED_LIGHTGBM_PARAMS: readonly { names: readonly string[]; hint?: string }[] = [
  { names: ['config', 'config_file', 'data', 'train', 'train_data', 'train_data_file', 'data_filename', 'valid', 'test', 'valid_data', 'valid_data_file', 'test_data', 'test_data_file', 'valid_filenames'], hint: 'pass data to train()/cv() or on the command line' },
  { names: ['label_column', 'label'], hint: 'use the target option (--target)' },
  { names: ['categorical_feature', 'cat_feature', 'categorical_column', 'cat_column', 'categorical_features'], hint: 'columns of strings are categorical; use the categorical option of Dataset.fromRecords/fromColumns' },
  { names: ['ignore_column', 'ignore_feature', 'blacklist'] },
  { names: ['pos_bagging_fraction', 'pos_sub_row', 'pos_subsample', 'pos_bagging', 'neg_bagging_fraction', 'neg_sub_row', 'neg_subsample', 'neg_bagging', 'bagging_by_query'] },
  { names: ['early_stopping_min_delta', 'linear_lambda', 'linear_tree', 'linear_trees', 'histogram_pool_size', 'hist_pool_size'] },
  { names: ['feature_contri', 'feature_contrib', 'fc', 'fp', 'feature_penalty', 'forcedsplits_filename', 'fs', 'forced_splits_filename', 'forced_splits_file', 'forced_splits', 'forcedbins_filename', 'cegb_tradeoff', 'cegb_penalty_split', 'cegb_penalty_feature_lazy', 'cegb_penalty_feature_coupled'] },
  { names: ['refit_decay_rate'], hint: 'an option of refit: booster.refit(data, { decayRate })' },
  { names: ['input_model', 'model_input', 'model_in', 'output_model', 'model_output', 'model_out', 'saved_feature_importance_type', 'snapshot_freq', 'save_period'], hint: 'use loadModel / Booster.saveModel (--out); continue a model with train(params, data, { initModel }) (--init-model); importance by type with featureImportance({ importanceType }) (gbtune importance --type)' },
  { names: ['max_bin_by_feature', 'is_enable_sparse', 'is_sparse', 'enable_sparse', 'sparse', 'enable_bundle', 'is_enable_bundle', 'bundle', 'pre_partition', 'is_pre_partition', 'two_round', 'two_round_loading', 'use_two_round_loading', 'header', 'has_header', 'save_binary', 'is_save_binary', 'is_save_binary_file', 'precise_float_parser', 'parser_config_file'] },
  { names: ['start_iteration_predict', 'num_iteration_predict', 'predict_raw_score', 'is_predict_raw_score', 'predict_rawscore', 'raw_score', 'predict_leaf_index', 'is_predict_leaf_index', 'leaf_index', 'predict_contrib', 'is_predict_contrib', 'contrib', 'predict_disable_shape_check', 'pred_early_stop', 'pred_early_stop_freq', 'pred_early_stop_margin', 'output_result', 'predict_result', 'prediction_result', 'predict_name', 'prediction_name', 'pred_name', 'name_pred', 'convert_model_language', 'convert_model', 'convert_model_file'], hint: 'prediction options are options of predict() (raw, contrib, leaf, numIteration, numThreads; gbtune predict --raw, --contrib, --leaf, --num-iteration, --num-threads), not booster params' },
  { names: ['reg_sqrt'], hint: 'transform the target before training instead (gbtune does not fit sqrt(label))' },
  { names: ['lambdarank_position_bias_regularization'], hint: 'it models position bias from per-row positions (LightGBM\'s Dataset position), which gbtune does not take' },
  { names: ['metric_freq', 'output_freq', 'is_provide_training_metric', 'training_metric', 'is_training_metric', 'train_metric', 'multi_error_top_k', 'auc_mu_weights'] },
  { names: ['num_machines', 'num_machine', 'local_listen_port', 'local_port', 'port', 'time_out', 'machine_list_filename', 'machine_list_file', 'machine_list', 'mlist', 'machines', 'workers', 'nodes', 'gpu_platform_id', 'gpu_device_id', 'gpu_device_id_list', 'gpu_use_dp', 'num_gpu', 'top_k', 'topk'], hint: 'gbtune trains on the CPU of one machine' },
];

/** The spec of a canonical name. */
export const PARAM_SPEC_BY_NAME: ReadonlyMap<string, ParamSpec> = new Map(PARAM_SPECS.map((s) => [s.name, s]));
