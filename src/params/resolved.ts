/**
 * The types of booster params, derived from the rows of the params table (schema.ts), so a param
 * added, renamed or re-typed there changes them with no second list to keep in step:
 * - {@link GbdtParams}: after `resolveParams`, canonical names, every key present, types checked,
 *   aliases mapped. Components take the slice they use (`Pick<GbdtParams, ...>`), not the whole object.
 * - {@link GbdtParamsInput}: what `train`, `cv` and `tuneGbdt` take: every name and alias with its
 *   value type, objective and metric names as unions ({@link ObjectiveInput}, {@link MetricInput}),
 *   so a misspelt key or value fails to compile.
 *
 * @example
 * ```ts
 * const input: GbdtParamsInput = { objective: 'softmax', num_class: 3, subsample: 0.8, metric: ['multi_error'] };
 * const params: GbdtParams = resolveParams(input);
 * params.objective; // 'multiclass'
 * ```
 */
import type { IGNORED_LIGHTGBM_PARAMS, MetricAlias, MetricName, ObjectiveAlias, ObjectiveName, ParamRowLiteral } from './schema.js';

/** An objective as users may name it: a canonical name or a LightGBM alias (`'softmax'`, `'regression_l2'`, `'mse'`, ...). */
export type ObjectiveInput = ObjectiveName | ObjectiveAlias;

/** A metric as users may name it: a canonical name or an alias (`'error'`, `'mse'`, ...), or `'none'` (no metric). */
export type MetricInput = MetricName | MetricAlias;

/** The row of the params table named `K`. */
type RowNamed<K> = Extract<ParamRowLiteral, { readonly name: K }>;

/** The allowed values of a row with a `oneOf` check (objective, metric names). */
type AllowedOf<R> = R extends { readonly check: { readonly oneOf: readonly (infer V)[] } } ? V : string;

/** The value spellings a row maps to its allowed values (aliases such as `mse`). */
type ValueAliasOf<R> = R extends { readonly valueAliases: infer A } ? keyof A & string : never;

/** A row's value after resolve: its type's value, narrowed to its allowed values; `null` when that is its default. */
type ResolvedValue<R> =
  | (R extends { readonly type: 'int' | 'float' }
      ? number
      : R extends { readonly type: 'bool' }
        ? boolean
        : R extends { readonly type: 'string[]' }
          ? AllowedOf<R>[]
          : R extends { readonly type: 'int[]' | 'float[]' }
            ? number[]
            : R extends { readonly type: 'int[][]' }
              ? number[][]
              : AllowedOf<R>)
  | (R extends { readonly default: null } ? null : never);

/**
 * The booster params after `resolve()`: canonical LightGBM names, every key present, types
 * checked, aliases mapped. Derived from the params table: each key is a row's name, each value
 * that row's type (`objective` the {@link ObjectiveName} union, `metric` a list of
 * {@link MetricName}, `seed` a number or null).
 *
 * @example
 * ```ts
 * const slice: Pick<GbdtParams, 'num_leaves' | 'max_depth'> = resolveParams({ num_leaves: 63 });
 * ```
 */
export type GbdtParams = { -readonly [K in ParamRowLiteral['name']]: ResolvedValue<RowNamed<K>> };

/** A row's value as a user may give it: canonical values or their aliases; a list or a single name for `string[]`. */
type InputValue<R> = R extends { readonly type: 'int' | 'float' }
  ? number
  : R extends { readonly type: 'bool' }
    ? boolean
    : R extends { readonly type: 'string[]' }
      ? AllowedOf<R> | ValueAliasOf<R> | readonly (AllowedOf<R> | ValueAliasOf<R>)[]
      : R extends { readonly type: 'int[]' | 'float[]' }
        ? number | readonly number[]
        : R extends { readonly type: 'int[][]' }
          ? readonly (readonly number[])[]
          : AllowedOf<R> | ValueAliasOf<R>;

/** Every key a row is known by: its name and its aliases. */
type KeysOf<R> = R extends { readonly name: infer N extends string; readonly aliases: readonly (infer A extends string)[] } ? N | A : never;

/** The row a key (name or alias) belongs to. */
type RowOfKey<K> = ParamRowLiteral extends infer R ? (R extends ParamRowLiteral ? (K extends KeysOf<R> ? R : never) : never) : never;

type IgnoredEntry = (typeof IGNORED_LIGHTGBM_PARAMS)[number];

/** The values an ignored LightGBM param accepts (`boosting: 'gbdt'`; booleans where it accepts 'true'/'false'). */
type IgnoredValue<E extends IgnoredEntry> = E['accepts'][number] | ('true' extends E['accepts'][number] ? boolean : never);

/** The ignored LightGBM param a key (name or alias) belongs to. */
type IgnoredOfKey<K> = IgnoredEntry extends infer E ? (E extends IgnoredEntry ? (K extends E['name'] | E['aliases'][number] ? E : never) : never) : never;

/**
 * What users may pass as booster params: every canonical name and every alias of the params table
 * with its value type (`num_leaves` / `max_leaves`: a number; `objective`: `'binary'`,
 * `'multiclass'`, `'softmax'`, `'regression_l2'`, ...; `metric`: a metric name or alias or a list of
 * them), plus the LightGBM params gbtune accepts and ignores (`boosting: 'gbdt'`). `null` and
 * `undefined` mean "not given". A resolved {@link GbdtParams} is a valid input too.
 *
 * An object literal with an unknown key or a wrong value fails to compile. Params built at run
 * time (CLI `key=value` strings, a JSON file, a study's user attrs) are typed
 * `Record<string, unknown>`, which TypeScript lets through: `resolveParams` checks every key and
 * value of any params at run time, so nothing unchecked reaches the trainer.
 *
 * @example
 * ```ts
 * const p: GbdtParamsInput = { objective: 'binary', num_leaves: 63, subsample: 0.8, subsample_freq: 1 };
 * // @ts-expect-error: 'num_leafs' is not a param (did you mean 'num_leaves'?)
 * const q: GbdtParamsInput = { num_leafs: 3 };
 * ```
 */
export type GbdtParamsInput = {
  readonly [K in KeysOf<ParamRowLiteral>]?: InputValue<RowOfKey<K>> | null;
} & {
  readonly [K in IgnoredEntry['name'] | IgnoredEntry['aliases'][number]]?: IgnoredValue<IgnoredOfKey<K>> | null;
};
