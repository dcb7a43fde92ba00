/**
 * The objective table: for each objective gbtune trains, what the rest of the code needs to know of
 * it, in one place, instead of comparisons of objective names spread over the trainer, the params
 * checks, the model files and the tuner. LightGBM keeps the same facts in its objective classes
 * (`NumModelPerIteration`, `ConvertOutput`, src/objective/*.hpp) and in `GetMetricType` /
 * `ParseObjectiveAlias` (src/io/config.cpp); here they are data, so the params table, the derived
 * types and the code read one source. The objectives themselves are in gbdt/objective; a test checks
 * that every row matches its implementation (trees per round, output transform, default metric).
 *
 * @example
 * ```ts
 * OBJECTIVE_TABLE.multiclass.task; // 'multiclass'
 * isClassificationObjective('regression_l1'); // false
 * modelsPerRound('multiclass', 3); // 3
 * ```
 */
import type { MetricName } from './metrics.js';

/** What an objective predicts. */
export const TaskKind = {
  BINARY: 'binary',
  MULTICLASS: 'multiclass',
  REGRESSION: 'regression',
  /** Scores that order the rows of each query (group); labels are relevance grades 0, 1, 2, ... */
  RANKING: 'ranking',
} as const;
export type TaskKind = (typeof TaskKind)[keyof typeof TaskKind];

/**
 * How a row's raw scores become its prediction: `sigmoid` (binary, cross_entropy; each class's own for
 * multiclassova), `softmax` (over classes), `exp` (poisson, gamma, tweedie: a log link),
 * `log1p_exp` (cross_entropy_lambda: `log(1 + exp(score))`), `identity`.
 */
export type PredictionTransform = 'sigmoid' | 'softmax' | 'exp' | 'log1p_exp' | 'identity';

/** One row of the objective table. */
export interface ObjectiveInfo {
  readonly task: TaskKind;
  /** The metric evaluated when none is given: the objective's own loss (LightGBM's `GetMetricType`). */
  readonly defaultMetric: MetricName;
  /** Raw outputs (trees) per boosting round: one, or one per class (`num_class`, LightGBM's `NumModelPerIteration`). */
  readonly outputs: 'one' | 'per_class';
  readonly transform: PredictionTransform;
  /** Other names LightGBM accepts for it (its `ParseObjectiveAlias`). */
  readonly aliases: readonly string[];
}

/** The objectives gbtune trains, in the order messages list them. */
export const OBJECTIVE_NAMES = [
  'binary', 'multiclass', 'regression', 'regression_l1', 'huber', 'fair', 'poisson', 'quantile', 'mape', 'gamma', 'tweedie',
  'multiclassova', 'cross_entropy', 'cross_entropy_lambda', 'lambdarank', 'rank_xendcg',
] as const;
export type ObjectiveName = (typeof OBJECTIVE_NAMES)[number];

/**
 * The objective table: one row per {@link ObjectiveName}, no more, no fewer (checked by the mapped type).
 * `cross_entropy` and `cross_entropy_lambda` take labels in [0, 1] as numbers (probabilities or 0/1),
 * so their task is regression: the model predicts a value (a probability, an intensity), not a class.
 */
export const OBJECTIVE_TABLE = {
  binary: { task: 'binary', defaultMetric: 'binary_logloss', outputs: 'one', transform: 'sigmoid', aliases: [] },
  multiclass: { task: 'multiclass', defaultMetric: 'multi_logloss', outputs: 'per_class', transform: 'softmax', aliases: ['softmax'] },
  regression: {
    task: 'regression', defaultMetric: 'l2', outputs: 'one', transform: 'identity',
    aliases: ['regression_l2', 'l2', 'mean_squared_error', 'mse', 'l2_root', 'root_mean_squared_error', 'rmse'],
  },
  regression_l1: { task: 'regression', defaultMetric: 'l1', outputs: 'one', transform: 'identity', aliases: ['l1', 'mean_absolute_error', 'mae'] },
  huber: { task: 'regression', defaultMetric: 'huber', outputs: 'one', transform: 'identity', aliases: [] },
  fair: { task: 'regression', defaultMetric: 'fair', outputs: 'one', transform: 'identity', aliases: [] },
  poisson: { task: 'regression', defaultMetric: 'poisson', outputs: 'one', transform: 'exp', aliases: [] },
  quantile: { task: 'regression', defaultMetric: 'quantile', outputs: 'one', transform: 'identity', aliases: [] },
  mape: { task: 'regression', defaultMetric: 'mape', outputs: 'one', transform: 'identity', aliases: ['mean_absolute_percentage_error'] },
  gamma: { task: 'regression', defaultMetric: 'gamma', outputs: 'one', transform: 'exp', aliases: [] },
  tweedie: { task: 'regression', defaultMetric: 'tweedie', outputs: 'one', transform: 'exp', aliases: [] },
  multiclassova: {
    task: 'multiclass', defaultMetric: 'multi_logloss', outputs: 'per_class', transform: 'sigmoid', aliases: ['multiclass_ova', 'ova', 'ovr'],
  },
  cross_entropy: { task: 'regression', defaultMetric: 'cross_entropy', outputs: 'one', transform: 'sigmoid', aliases: ['xentropy'] },
  cross_entropy_lambda: {
    task: 'regression', defaultMetric: 'cross_entropy_lambda', outputs: 'one', transform: 'log1p_exp', aliases: ['xentlambda'],
  },
  lambdarank: { task: 'ranking', defaultMetric: 'ndcg', outputs: 'one', transform: 'identity', aliases: [] },
  rank_xendcg: { task: 'ranking', defaultMetric: 'ndcg', outputs: 'one', transform: 'identity', aliases: ['xendcg', 'xe_ndcg', 'xe_ndcg_mart', 'xendcg_mart'] },
} as const satisfies { readonly [K in ObjectiveName]: ObjectiveInfo };

/** An alternative spelling of an objective, e.g. `'mse'`, `'softmax'`. */
export type ObjectiveAlias = (typeof OBJECTIVE_TABLE)[ObjectiveName]['aliases'][number];

function aliasTable(): Readonly<Partial<Record<ObjectiveAlias, ObjectiveName>>> {
  const out: Partial<Record<ObjectiveAlias, ObjectiveName>> = {};
  for (const name of OBJECTIVE_NAMES) for (const alias of OBJECTIVE_TABLE[name].aliases) out[alias] = name;
  return out;
}

/** Objective spellings → canonical name, with literal keys (the params table maps `objective` values with it). */
export const OBJECTIVE_ALIAS_TABLE = aliasTable();
/** {@link OBJECTIVE_ALIAS_TABLE} for lookups by any string. */
export const OBJECTIVE_ALIASES: Readonly<Record<string, ObjectiveName>> = OBJECTIVE_ALIAS_TABLE;

/** LightGBM objectives that gbtune does not train (named in the error when asked for). */
export const UNSUPPORTED_OBJECTIVES = ['custom', 'none'] as const;

/** The metrics used when none are given: the objective's own ({@link ObjectiveInfo.defaultMetric}). */
export const DEFAULT_METRICS: Readonly<Record<ObjectiveName, readonly MetricName[]>> = (() => {
  const out = {} as Record<ObjectiveName, readonly MetricName[]>;
  for (const name of OBJECTIVE_NAMES) out[name] = [OBJECTIVE_TABLE[name].defaultMetric];
  return out;
})();

/**
 * What an objective predicts.
 *
 * @example
 * ```ts
 * objectiveTask('huber'); // 'regression'
 * ```
 */
export function objectiveTask(name: ObjectiveName): TaskKind {
  return OBJECTIVE_TABLE[name].task;
}

/**
 * Whether an objective predicts classes (binary or multiclass): its targets are class labels,
 * its folds are stratified, its models keep the class names and `accuracy` applies.
 *
 * @example
 * ```ts
 * isClassificationObjective('binary'); // true
 * ```
 */
export function isClassificationObjective(name: ObjectiveName): boolean {
  const task = OBJECTIVE_TABLE[name].task;
  return task === TaskKind.BINARY || task === TaskKind.MULTICLASS;
}

/**
 * Whether an objective ranks the rows of each query (`lambdarank`, `rank_xendcg`): its data needs
 * query groups, its labels are relevance grades and its folds keep every query whole.
 *
 * @example
 * ```ts
 * isRankingObjective('xendcg'); // false: an alias, resolve it first
 * isRankingObjective('rank_xendcg'); // true
 * ```
 */
export function isRankingObjective(name: ObjectiveName): boolean {
  return OBJECTIVE_TABLE[name].task === TaskKind.RANKING;
}

/**
 * Raw outputs (trees) per boosting round of an objective: `numClass` for one output per class, else 1.
 *
 * @example
 * ```ts
 * modelsPerRound('binary', 1); // 1
 * ```
 */
export function modelsPerRound(name: ObjectiveName, numClass: number): number {
  return OBJECTIVE_TABLE[name].outputs === 'per_class' ? numClass : 1;
}

/**
 * The objective a name or LightGBM alias stands for (exact spelling, as model files write them), or undefined.
 *
 * @example
 * ```ts
 * objectiveOfName('softmax'); // 'multiclass'
 * ```
 */
export function objectiveOfName(word: string): ObjectiveName | undefined {
  return OBJECTIVE_NAMES.find((n) => n === word || OBJECTIVE_TABLE[n].aliases.some((a: string) => a === word));
}

/**
 * What the objective of a model file's `objective=` line predicts (its first word: a name or alias
 * of the table), or null when gbtune does not know it (e.g. `lambdarank`, which it only predicts with).
 *
 * @example
 * ```ts
 * objectiveLineTask('multiclassova num_class:3 sigmoid:1'); // 'multiclass'
 * objectiveLineTask('poisson'); // 'regression'
 * objectiveLineTask('lambdarank'); // null
 * ```
 */
export function objectiveLineTask(line: string): TaskKind | null {
  const first = line.trim().split(/\s+/)[0] ?? '';
  const name = objectiveOfName(first);
  return name !== undefined ? OBJECTIVE_TABLE[name].task : null;
}
