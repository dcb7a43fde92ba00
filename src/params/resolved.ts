/**
 * The booster params after `resolve()`: canonical LightGBM names, every key present, types
 * checked, aliases mapped. Components take the slice they use, not the whole object.
 */
export interface GbdtParams {
  objective: 'binary' | 'multiclass' | 'regression' | 'regression_l1' | 'huber';
  num_iterations: number;
  learning_rate: number;
  num_leaves: number;
  max_depth: number;
  min_data_in_leaf: number;
  min_sum_hessian_in_leaf: number;
  lambda_l1: number;
  lambda_l2: number;
  min_gain_to_split: number;
  feature_fraction: number;
  feature_fraction_bynode: number;
  bagging_fraction: number;
  bagging_freq: number;
  bagging_seed: number;
  feature_fraction_seed: number;
  extra_trees: boolean;
  extra_seed: number;
  seed: number | null;
  max_delta_step: number;
  path_smooth: number;
  max_bin: number;
  min_data_in_bin: number;
  bin_construct_sample_cnt: number;
  data_random_seed: number;
  early_stopping_round: number;
  first_metric_only: boolean;
  is_unbalance: boolean;
  scale_pos_weight: number;
  num_class: number;
  use_missing: boolean;
  /** Drop features that no split can use given `min_data_in_leaf` (LightGBM's feature_pre_filter). */
  feature_pre_filter: boolean;
  zero_as_missing: boolean;
  boost_from_average: boolean;
  num_threads: number;
  verbosity: number;
  metric: string[];
  max_cat_to_onehot: number;
  max_cat_threshold: number;
  cat_smooth: number;
  cat_l2: number;
  min_data_per_group: number;
  sigmoid: number;
  alpha: number;
  deterministic: boolean;
}
