/**
 * Type tests (run by `vitest --typecheck`, part of `npm test`): the params of `train`, `cv` and
 * `tuneGbdt` are typed from the params table, so a misspelt key, a misspelt objective or metric,
 * or a value of the wrong type fails to compile; every alias is accepted with its name's type; a
 * record built at run time still compiles (resolveParams checks it at run time).
 */
import { describe, expectTypeOf, it } from 'vitest';
import { cv, train, tuneGbdt, type Dataset, type GbdtParamsInput } from '../../src/index.js';
import { resolveParams, type GbdtParams, type MetricName } from '../../src/gbdt/index.js';
import type { MetricInput, ObjectiveInput } from '../../src/params/resolved.js';

declare const data: Dataset;

describe('params typed from the params table', () => {
  it('rejects a misspelt key in train, cv and tuneGbdt', () => {
    // @ts-expect-error 'num_leafs' is not a param ('num_leaves')
    train({ num_leafs: 3 }, data);
    // @ts-expect-error 'num_leafs' is not a param ('num_leaves')
    cv({ num_leafs: 3 }, data);
    // @ts-expect-error 'num_leafs' is not a param ('num_leaves')
    void tuneGbdt(data, { params: { num_leafs: 3 } });
    // @ts-expect-error 'learning_rat' is not a param, even next to valid ones
    train({ objective: 'binary', learning_rat: 0.1 }, data);
  });

  it('rejects a misspelt objective or metric', () => {
    // @ts-expect-error 'binray' is not an objective
    train({ objective: 'binray' }, data);
    // @ts-expect-error 'binray' is not an objective
    cv({ application: 'binray' }, data);
    // @ts-expect-error 'binray' is not an objective
    void tuneGbdt(data, { objective: 'binray' });
    // @ts-expect-error 'binray' is not an objective
    void tuneGbdt(data, { params: { objective: 'binray' } });
    // @ts-expect-error 'aucc' is not a metric
    train({ metric: 'aucc' }, data);
    // @ts-expect-error 'aucc' is not a metric
    train({ metric: ['auc', 'aucc'] }, data);
  });

  it('rejects values of the wrong type', () => {
    // @ts-expect-error num_leaves is a number
    train({ num_leaves: '31' }, data);
    // @ts-expect-error an alias has its name's type
    train({ max_leaves: true }, data);
    // @ts-expect-error extra_trees is a boolean
    cv({ extra_trees: 1 }, data);
    // @ts-expect-error boosting is a LightGBM boosting type (gbdt, rf, ...)
    train({ boosting: 'xgboost' }, data);
  });

  it('accepts every name and alias with its value type, LightGBM objective aliases included', () => {
    train({ objective: 'softmax', num_class: 3, max_leaves: 7, subsample: 0.5, subsample_freq: 1, colsample_bytree: 0.8, reg_lambda: 1, n_estimators: 10 }, data);
    train({ objective: 'regression_l2', metric: ['rmse', 'mae'], seed: null, verbose: -1, min_child_samples: 5 }, data);
    cv({ application: 'binary', metrics: 'auc', is_unbalance: true, boosting_type: 'gbdt', force_col_wise: true }, data);
    void tuneGbdt(data, { objective: 'mse', params: { max_bin: 63, lambda: 1e-3 } });
    expectTypeOf<NonNullable<GbdtParamsInput['objective']>>().toEqualTypeOf<ObjectiveInput>();
    expectTypeOf<NonNullable<GbdtParamsInput['objective_type']>>().toEqualTypeOf<ObjectiveInput>();
    expectTypeOf<'regression_l2' | 'softmax' | 'mse' | 'binary' | 'mean_absolute_percentage_error' | 'xentropy' | 'xentlambda' | 'ova' | 'ovr' | 'multiclass_ova'>().toExtend<ObjectiveInput>();
    expectTypeOf<NonNullable<GbdtParamsInput['metric']>>().toEqualTypeOf<MetricInput | readonly MetricInput[]>();
  });

  it('derives GbdtParams from the rows: types, unions and nullability', () => {
    expectTypeOf<GbdtParams['objective']>().toEqualTypeOf<
      'binary' | 'multiclass' | 'regression' | 'regression_l1' | 'huber' | 'fair' | 'poisson' | 'quantile' | 'mape' | 'gamma' | 'tweedie'
      | 'multiclassova' | 'cross_entropy' | 'cross_entropy_lambda' | 'lambdarank' | 'rank_xendcg'
    >();
    expectTypeOf<GbdtParams['eval_at']>().toEqualTypeOf<number[]>();
    expectTypeOf<GbdtParams['label_gain']>().toEqualTypeOf<number[]>();
    expectTypeOf<NonNullable<GbdtParamsInput['ndcg_eval_at']>>().toEqualTypeOf<number | readonly number[]>();
    expectTypeOf<GbdtParams['metric']>().toEqualTypeOf<MetricName[]>();
    expectTypeOf<GbdtParams['num_leaves']>().toEqualTypeOf<number>();
    expectTypeOf<GbdtParams['extra_trees']>().toEqualTypeOf<boolean>();
    expectTypeOf<GbdtParams['seed']>().toEqualTypeOf<number | null>();
    expectTypeOf<GbdtParams['monotone_constraints']>().toEqualTypeOf<number[]>();
    expectTypeOf<GbdtParams['monotone_constraints_method']>().toEqualTypeOf<'basic' | 'intermediate' | 'advanced'>();
    expectTypeOf<GbdtParams['interaction_constraints']>().toEqualTypeOf<number[][]>();
    expectTypeOf<NonNullable<GbdtParamsInput['mc']>>().toEqualTypeOf<number | readonly number[]>();
    expectTypeOf<NonNullable<GbdtParamsInput['interaction_constraints']>>().toEqualTypeOf<readonly (readonly number[])[]>();
    expectTypeOf<keyof GbdtParams>().toEqualTypeOf<'objective' | 'num_iterations' | 'learning_rate' | 'num_leaves' | 'num_threads' | 'seed' | 'deterministic' | 'max_depth' | 'min_data_in_leaf' | 'min_sum_hessian_in_leaf' | 'bagging_fraction' | 'bagging_freq' | 'bagging_seed' | 'feature_fraction' | 'feature_fraction_bynode' | 'feature_fraction_seed' | 'extra_trees' | 'extra_seed' | 'early_stopping_round' | 'first_metric_only' | 'max_delta_step' | 'lambda_l1' | 'lambda_l2' | 'min_gain_to_split' | 'min_data_per_group' | 'max_cat_threshold' | 'cat_l2' | 'cat_smooth' | 'max_cat_to_onehot' | 'monotone_constraints' | 'monotone_constraints_method' | 'monotone_penalty' | 'path_smooth' | 'interaction_constraints' | 'verbosity' | 'use_quantized_grad' | 'num_grad_quant_bins' | 'quant_train_renew_leaf' | 'stochastic_rounding' | 'max_bin' | 'min_data_in_bin' | 'bin_construct_sample_cnt' | 'data_random_seed' | 'use_missing' | 'feature_pre_filter' | 'zero_as_missing' | 'weight_column' | 'group_column' | 'objective_seed' | 'num_class' | 'is_unbalance' | 'scale_pos_weight' | 'sigmoid' | 'boost_from_average' | 'alpha' | 'fair_c' | 'poisson_max_delta_step' | 'tweedie_variance_power' | 'lambdarank_truncation_level' | 'lambdarank_norm' | 'label_gain' | 'metric' | 'eval_at' | 'boosting' | 'data_sample_strategy' | 'top_rate' | 'other_rate' | 'drop_rate' | 'max_drop' | 'skip_drop' | 'xgboost_dart_mode' | 'uniform_drop' | 'drop_seed'>();
    // aliases are input names only
    expectTypeOf<GbdtParams>().not.toHaveProperty('subsample');
  });

  it('takes resolved params and records built at run time (checked by resolveParams at run time)', () => {
    const resolved: GbdtParams = resolveParams({ objective: 'binary' });
    expectTypeOf<GbdtParams>().toExtend<GbdtParamsInput>();
    train(resolved, data);
    const fromCli: Record<string, unknown> = { num_leaves: '63', objective: 'Binary' };
    train(fromCli, data);
    cv(fromCli, data);
    // resolveParams is the run-time check: it takes any record (and says what is wrong with it)
    resolveParams({ num_leafs: 3, objective: 'binray' });
  });
});
