import { describe, expect, it } from 'vitest';

import { ParamError } from '../../src/core/errors.js';
import { captureLogs } from '../../src/core/log.js';
import { deriveSeeds, parseParamAssignments, resolveParams, verbosityToLogLevel } from '../../src/params/resolve.js';
import type { GbdtParamsInput } from '../../src/params/resolved.js';
import { PARAM_SPECS } from '../../src/params/schema.js';

function paramError(fn: () => unknown): ParamError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ParamError) return e;
    throw e;
  }
  throw new Error('expected a ParamError');
}

describe('resolveParams', () => {
  it('fills LightGBM defaults', () => {
    const p = resolveParams({});
    expect(p.objective).toBe('regression');
    expect(p.num_iterations).toBe(100);
    expect(p.learning_rate).toBe(0.1);
    expect(p.num_leaves).toBe(31);
    expect(p.max_depth).toBe(-1);
    expect(p.min_data_in_leaf).toBe(20);
    expect(p.min_sum_hessian_in_leaf).toBe(1e-3);
    expect(p.bagging_seed).toBe(3);
    expect(p.feature_fraction_seed).toBe(2);
    expect(p.extra_seed).toBe(6);
    expect(p.data_random_seed).toBe(1);
    expect(p.seed).toBeNull();
    expect(p.max_bin).toBe(255);
    expect(p.min_data_in_bin).toBe(3);
    expect(p.bin_construct_sample_cnt).toBe(200000);
    expect(p.alpha).toBe(0.9);
    expect(p.metric).toEqual(['l2']);
    expect(p.boost_from_average).toBe(true);
    expect(p.use_missing).toBe(true);
    expect(p.cat_smooth).toBe(10);
    expect(p.min_data_per_group).toBe(100);
    expect(Object.keys(p).sort()).toEqual(PARAM_SPECS.map((s) => s.name).sort());
  });

  it('maps aliases (sklearn and xgboost names)', () => {
    const p = resolveParams({
      objective: 'binary', n_estimators: 200, eta: 0.05, max_leaves: 63, min_child_samples: 5, min_child_weight: 0.5,
      subsample: 0.8, subsample_freq: 1, colsample_bytree: 0.7, colsample_bynode: 0.9, reg_alpha: 0.1, reg_lambda: 2,
      min_split_gain: 0.01, early_stopping_rounds: 10, random_state: 7, n_jobs: -1, verbose: -1, max_bins: 63,
      unbalance: true,
    });
    expect(p.num_iterations).toBe(200);
    expect(p.learning_rate).toBe(0.05);
    expect(p.num_leaves).toBe(63);
    expect(p.min_data_in_leaf).toBe(5);
    expect(p.min_sum_hessian_in_leaf).toBe(0.5);
    expect(p.bagging_fraction).toBe(0.8);
    expect(p.bagging_freq).toBe(1);
    expect(p.feature_fraction).toBe(0.7);
    expect(p.feature_fraction_bynode).toBe(0.9);
    expect(p.lambda_l1).toBe(0.1);
    expect(p.lambda_l2).toBe(2);
    expect(p.min_gain_to_split).toBe(0.01);
    expect(p.early_stopping_round).toBe(10);
    expect(p.seed).toBe(7);
    expect(p.num_threads).toBe(-1);
    expect(p.verbosity).toBe(-1);
    expect(p.max_bin).toBe(63);
    expect(p.is_unbalance).toBe(true);
  });

  it('coerces CLI strings', () => {
    const p = resolveParams(parseParamAssignments([
      'objective=binary', 'learning_rate=0.1', 'num_leaves=31', 'extra_trees=true', 'metric=auc,binary_logloss', 'lambda_l2 = 1e-3',
    ]));
    expect(p.learning_rate).toBe(0.1);
    expect(p.num_leaves).toBe(31);
    expect(p.extra_trees).toBe(true);
    expect(p.metric).toEqual(['auc', 'binary_logloss']);
    expect(p.lambda_l2).toBe(0.001);
  });

  it('rejects out-of-range values naming key, value and range', () => {
    expect(paramError(() => resolveParams({ num_leaves: 1 })).message).toBe(
      'num_leaves = 1 is out of range: must be an integer in [2, 131072]',
    );
    expect(paramError(() => resolveParams({ subsample: 1.5 })).message).toBe(
      'bagging_fraction (given as subsample) = 1.5 is out of range: must be a number in (0, 1]',
    );
    expect(paramError(() => resolveParams({ learning_rate: 0 })).message).toBe(
      'learning_rate = 0 is out of range: must be a number > 0',
    );
    expect(paramError(() => resolveParams({ lambda_l1: '-1' }, { context: '--param' })).message).toBe(
      '--param: lambda_l1 = -1 is out of range: must be a number >= 0',
    );
  });

  it('rejects wrong types', () => {
    expect(paramError(() => resolveParams({ num_leaves: 31.5 })).message).toMatch(/num_leaves = 31.5 is not valid: expected an integer/);
    expect(paramError(() => resolveParams({ num_leaves: 'abc' })).message).toMatch(/expected an integer/);
    expect(paramError(() => resolveParams({ learning_rate: 'fast' })).message).toMatch(/learning_rate = fast is not valid: expected a number/);
    expect(paramError(() => resolveParams({ extra_trees: 'maybe' })).message).toMatch(/expected true or false/);
    expect(paramError(() => resolveParams({ learning_rate: Infinity })).message).toMatch(/finite/);
  });

  it('rejects unknown keys with a suggestion', () => {
    const e = paramError(() => resolveParams({ num_leafs: 8 }));
    expect(e.key).toBe('num_leafs');
    // the param's own name, though the alias num_leaf is one edit nearer
    expect(e.message).toBe("unknown param 'num_leafs'; did you mean 'num_leaves'?");
    expect(paramError(() => resolveParams({ learning_rat: 0.1 })).message).toBe("unknown param 'learning_rat'; did you mean 'learning_rate'?");
    expect(paramError(() => resolveParams({ colsample_bytre: 0.5 })).message).toContain("did you mean 'colsample_bytree' (alias of feature_fraction)?");
    expect(paramError(() => resolveParams({ num_treess: 5 })).message).toContain("did you mean 'num_trees' (alias of num_iterations)?");
    expect(paramError(() => resolveParams({ zzzzzz: 1 })).message).toBe("unknown param 'zzzzzz'");
  });

  it('suggests the same param for a one-edit typo of any name or alias', () => {
    const names = new Map<string, string>();
    for (const s of PARAM_SPECS) for (const k of [s.name, ...s.aliases]) names.set(k, s.name);
    const wrong: string[] = [];
    let checked = 0;
    for (const [k, name] of names) {
      for (const typo of [k.slice(0, -1), `${k}s`, k.slice(1), `${k.slice(0, 2)}${k[3] ?? ''}${k[2] ?? ''}${k.slice(4)}`]) {
        if (names.has(typo) || typo.length < 4) continue;
        const m = /did you mean '([^']+)'/.exec(paramError(() => resolveParams({ [typo]: 1 })).message);
        if (m === null) continue;
        checked++;
        if (names.get(m[1]) !== name) wrong.push(`${typo} -> ${m[1]}`);
      }
    }
    expect(checked).toBeGreaterThan(300);
    // 'lambda_l' is one edit from lambda_l1 and from lambda_l2
    expect(wrong).toEqual(['lambda_l -> lambda_l1']);
  });

  it('rejects a key and its alias with different values, naming both', () => {
    const e = paramError(() => resolveParams({ num_iterations: 100, n_estimators: 200 }));
    expect(e.message).toContain('num_iterations = 100');
    expect(e.message).toContain('num_iterations (given as n_estimators) = 200');
    // same value twice is fine
    expect(resolveParams({ num_iterations: 50, n_estimators: '50' }).num_iterations).toBe(50);
  });

  it('maps objective and metric value aliases', () => {
    expect(resolveParams({ objective: 'mse' }).objective).toBe('regression');
    expect(resolveParams({ objective: 'RMSE' }).objective).toBe('regression');
    expect(resolveParams({ objective: 'mae' }).objective).toBe('regression_l1');
    expect(resolveParams({ objective: 'mae' }).metric).toEqual(['l1']);
    expect(resolveParams({ objective: 'softmax', num_class: 3 }).objective).toBe('multiclass');
    expect(resolveParams({ objective: 'binary', metric: ['error', 'logloss', 'auc', 'error'] }).metric).toEqual(['binary_error', 'binary_logloss', 'auc']);
    expect(resolveParams({ metric: 'mse,mae,rmse' }).metric).toEqual(['l2', 'l1', 'rmse']);
    expect(resolveParams({ objective: 'binary', metric: 'None' }).metric).toEqual([]);
    expect(resolveParams({ objective: 'binary', metric: '' }).metric).toEqual(['binary_logloss']);
    expect(paramError(() => resolveParams({ objective: 'custom' })).message).toMatch(/LightGBM objective that gbtune does not support/);
    expect(paramError(() => resolveParams({ objective: 'binar' })).message).toMatch(/did you mean 'binary'/);
    expect(paramError(() => resolveParams({ metric: 'r2' })).message).toMatch(/does not support/);
    expect(resolveParams({ objective: 'xe_ndcg_mart' }).objective).toBe('rank_xendcg');
    expect(resolveParams({ objective: 'lambdarank', metric: 'mean_average_precision,xendcg' }).metric).toEqual(['map', 'ndcg']);
  });

  it('takes number lists (eval_at, label_gain) as arrays or comma-separated text; eval_at sorted as LightGBM', () => {
    expect(resolveParams({ ndcg_eval_at: '10, 3,5' }).eval_at).toEqual([3, 5, 10]);
    expect(resolveParams({ eval_at: 7 }).eval_at).toEqual([7]);
    expect(resolveParams({}).eval_at).toEqual([]);
    expect(resolveParams({ label_gain: [0, 1.5, 4] }).label_gain).toEqual([0, 1.5, 4]);
    expect(resolveParams({ label_gain: '0,1,3' }).label_gain).toEqual([0, 1, 3]);
    expect(paramError(() => resolveParams({ eval_at: '1,0' })).message).toBe('eval_at = 1,0 is out of range: must be a list of integers (item 0 is not), each >= 1');
    expect(paramError(() => resolveParams({ map_at: [1, 2.5] })).message).toMatch(/^eval_at \(given as map_at\) = \[1,2.5\] is not valid: expected a list of integers \(item 2.5 is not\)/);
    expect(paramError(() => resolveParams({ label_gain: 'a,b' })).message).toMatch(/expected a list of finite numbers \(item a is not\)/);
  });

  it('warns about ranking params nothing reads', () => {
    const logs = captureLogs(() => resolveParams({ objective: 'binary', lambdarank_norm: false, eval_at: [3] }));
    expect(logs.map((l) => l.message)).toEqual([
      'lambdarank_norm, eval_at have no effect with objective binary and metric binary_logloss (lambdarank_*: objective lambdarank; objective_seed: rank_xendcg; label_gain: lambdarank or metric ndcg; eval_at: metrics ndcg, map)',
    ]);
    expect(captureLogs(() => resolveParams({ objective: 'lambdarank', sigmoid: 2, lambdarank_norm: false, eval_at: [3], label_gain: [0, 1] }))).toEqual([]);
    // seed derives objective_seed: no warning; nor when resolved params are resolved again (train on a CLI's params)
    expect(captureLogs(() => resolveParams({ objective: 'binary', seed: 3 }))).toEqual([]);
    expect(captureLogs(() => resolveParams(resolveParams({ objective: 'lambdarank', seed: 3, lambdarank_norm: false })))).toEqual([]);
    expect(captureLogs(() => resolveParams({ objective: 'lambdarank', objective_seed: 4 })).map((l) => l.message)[0]).toMatch(/^objective_seed has no effect/);
  });

  it("takes the robust objectives and their params with LightGBM's names, defaults and ranges", () => {
    const p = resolveParams({ objective: 'mean_absolute_percentage_error' });
    expect([p.objective, p.metric, p.fair_c, p.alpha, p.tweedie_variance_power]).toEqual(['mape', ['mape'], 1, 0.9, 1.5]);
    expect(resolveParams({ objective: 'fair', fair_c: '2.5' })).toMatchObject({ objective: 'fair', metric: ['fair'], fair_c: 2.5 });
    expect(resolveParams({ objective: 'quantile', alpha: 0.5 })).toMatchObject({ objective: 'quantile', metric: ['quantile'], alpha: 0.5 });
    expect(resolveParams({ metric: 'xentropy,kldiv,gamma_deviance' }).metric).toEqual(['cross_entropy', 'kullback_leibler', 'gamma_deviance']);
    expect(paramError(() => resolveParams({ fair_c: 0 })).message).toMatch(/fair_c = 0 is out of range: must be a number > 0/);
    expect(paramError(() => resolveParams({ tweedie_variance_power: 2 })).message).toMatch(/tweedie_variance_power = 2 is out of range: must be a number in \[1, 2\)/);
    expect(resolveParams({ tweedie_variance_power: 1 }).tweedie_variance_power).toBe(1);
    expect(paramError(() => resolveParams({ reg_sqrt: true })).message).toMatch(/'reg_sqrt' is a LightGBM param that gbtune does not support/);
  });

  it('derives seeds from seed as LightGBM does (fixture model.txt: seed 1)', () => {
    const p = resolveParams({ seed: 1 });
    expect(p.data_random_seed).toBe(41);
    expect(p.bagging_seed).toBe(18467);
    expect(p.feature_fraction_seed).toBe(26500);
    expect(p.extra_seed).toBe(15724);
    expect(deriveSeeds(1).drop_seed).toBe(6334);
    expect(deriveSeeds(1).objective_seed).toBe(19169);
    expect(p.objective_seed).toBe(19169);
    // an explicit seed wins over the derived one
    expect(resolveParams({ seed: 1, bagging_seed: 5 }).bagging_seed).toBe(5);
  });

  it('uses defaultObjective and numClass from the data', () => {
    const p = resolveParams({}, { defaultObjective: 'multiclass', numClass: 3 });
    expect(p.objective).toBe('multiclass');
    expect(p.num_class).toBe(3);
    expect(p.metric).toEqual(['multi_logloss']);
    expect(paramError(() => resolveParams({ objective: 'multiclass', num_class: 2 }, { numClass: 3 })).message).toMatch(/smaller than the 3 classes/);
    expect(paramError(() => resolveParams({ objective: 'binary' }, { numClass: 3 })).message).toMatch(/2 classes/);
  });

  it('accepts harmless LightGBM params and rejects others', () => {
    expect(resolveParams({ boosting_type: 'gbdt', force_col_wise: true }).objective).toBe('regression');
    expect(paramError(() => resolveParams({ task: 'predict' })).message).toMatch(/task = predict is not supported/);
  });

  it('names LightGBM params that gbtune does not support, with a hint', () => {
    const e = paramError(() => resolveParams({ feature_contri: [1, 0.5] }));
    expect(e.message).toBe("'feature_contri' is a LightGBM param that gbtune does not support");
    expect(paramError(() => resolveParams({ categorical_feature: 'a,b' })).message).toMatch(/columns of strings are categorical/);
    expect(paramError(() => resolveParams({ num_machines: 2 })).message).toMatch(/CPU of one machine/);
    // the explaining and continuing ones point to the API that does it
    expect(paramError(() => resolveParams({ refit_decay_rate: 0.5 })).message).toMatch(/booster\.refit\(data, \{ decayRate \}\)/);
    expect(paramError(() => resolveParams({ input_model: 'm.txt' })).message).toMatch(/--init-model/);
    expect(paramError(() => resolveParams({ predict_contrib: true })).message).toMatch(/predict\(\) \(raw, contrib, leaf/);
  });

  it('is idempotent: resolving resolved params changes nothing', () => {
    const inputs = [
      {}, { objective: 'binary', seed: 3, metric: 'auc' }, { objective: 'multiclass', num_class: 4, max_depth: 3 },
      { objective: 'binary', metric: 'none' }, { objective: 'huber', alpha: 2, bagging_fraction: 0.5, bagging_freq: 2 },
    ];
    captureLogs(() => {
      for (const x of inputs) {
        const once = resolveParams(x);
        expect(resolveParams(once)).toEqual(once);
      }
    });
  });

  it('types GbdtParamsInput: names and aliases typed; a record built at run time is checked at run time', () => {
    const ok: GbdtParamsInput = { objective: 'binary', num_leaves: 63, subsample: 0.5, subsample_freq: 1, metric: ['auc'] };
    // @ts-expect-error a boolean is not a valid num_leaves
    const bad: GbdtParamsInput = { num_leaves: true };
    expect(resolveParams(ok).num_leaves).toBe(63);
    expect(() => resolveParams(bad)).toThrow(/expected an integer/);
    // the CLI's key=value strings: a record, typed Record<string, unknown>, coerced and checked by resolveParams
    const fromCli: Record<string, unknown> = { num_leaves: '63', subsample: '0.5', objective: 'Binary' };
    expect(resolveParams(fromCli)).toMatchObject({ num_leaves: 63, bagging_fraction: 0.5, objective: 'binary' });
  });

  it('rejects params that are not an object', () => {
    expect(paramError(() => resolveParams(['num_leaves=3'] as unknown as Record<string, unknown>)).message).toMatch(/must be an object.*an array/);
    expect(resolveParams(undefined as unknown as Record<string, unknown>).num_leaves).toBe(31);
  });

  it('treats null and undefined as not given', () => {
    expect(resolveParams({ seed: null, num_leaves: undefined }).num_leaves).toBe(31);
  });
});

describe('checkConflicts (through resolveParams)', () => {
  it('num_class must match the objective', () => {
    expect(paramError(() => resolveParams({ objective: 'multiclass' })).message).toMatch(/num_class = 1 is not valid for objective multiclass/);
    expect(paramError(() => resolveParams({ objective: 'binary', num_class: 3 })).message).toMatch(/must be 1/);
  });

  it('metrics must match the objective', () => {
    expect(paramError(() => resolveParams({ objective: 'binary', metric: 'multi_logloss' })).message).toMatch(/needs objective multiclass/);
    expect(paramError(() => resolveParams({ objective: 'multiclass', num_class: 3, metric: 'auc' })).message).toMatch(/does not fit/);
    expect(paramError(() => resolveParams({ objective: 'regression', metric: 'accuracy' })).message).toMatch(/classification objective/);
    expect(resolveParams({ objective: 'multiclass', num_class: 3, metric: 'accuracy,multi_error' }).metric).toEqual(['accuracy', 'multi_error']);
    expect(resolveParams({ objective: 'binary', metric: 'accuracy' }).metric).toEqual(['accuracy']);
  });

  it('is_unbalance with scale_pos_weight is an error', () => {
    expect(paramError(() => resolveParams({ objective: 'binary', is_unbalance: true, scale_pos_weight: 3 })).message).toMatch(
      /is_unbalance and scale_pos_weight = 3 cannot be used together/,
    );
  });

  it('warns when bagging_fraction has no effect', () => {
    const logs = captureLogs(() => resolveParams({ bagging_fraction: 0.5 }));
    expect(logs.some((l) => l.level === 'warn' && /bagging_fraction = 0.5 has no effect/.test(l.message))).toBe(true);
    const none = captureLogs(() => resolveParams({ bagging_fraction: 0.5, bagging_freq: 1 }));
    expect(none.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('keeps warnings quiet (debug) when verbosity < 0, as LightGBM', () => {
    const logs = captureLogs(() => resolveParams({ bagging_fraction: 0.5, verbose: -1 }));
    expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
    expect(logs.some((l) => l.level === 'debug' && /has no effect/.test(l.message))).toBe(true);
  });

  it('caps num_leaves by max_depth when num_leaves is not given, as LightGBM', () => {
    expect(resolveParams({ max_depth: 3 }).num_leaves).toBe(8);
    expect(resolveParams({ max_depth: 3, num_leaves: 20 }).num_leaves).toBe(20);
    const logs = captureLogs(() => expect(resolveParams({ max_depth: 6 }).num_leaves).toBe(31));
    expect(logs.some((l) => /may underfit/.test(l.message))).toBe(true);
  });

  it('adjusts min_data_in_leaf for path_smooth and zero minimums', () => {
    captureLogs(() => {
      expect(resolveParams({ path_smooth: 1, min_data_in_leaf: 1 }).min_data_in_leaf).toBe(2);
      expect(resolveParams({ min_data_in_leaf: 0, min_sum_hessian_in_leaf: 0 }).min_data_in_leaf).toBe(1);
    });
  });
});

describe('parseParamAssignments', () => {
  it('splits at the first = and trims', () => {
    expect(parseParamAssignments([' a = 1 ', 'b=x=y'])).toEqual({ a: '1', b: 'x=y' });
  });
  it('rejects malformed and conflicting assignments', () => {
    expect(paramError(() => parseParamAssignments(['num_leaves'])).message).toBe("--param: 'num_leaves' is not of the form key=value");
    expect(paramError(() => parseParamAssignments(['=3'])).message).toMatch(/no key/);
    expect(paramError(() => parseParamAssignments(['a=1', 'a=2'])).message).toMatch(/given twice/);
  });
});

describe('verbosityToLogLevel', () => {
  it('maps LightGBM verbosity to log levels', () => {
    expect([-1, 0, 1, 2].map(verbosityToLogLevel)).toEqual(['error', 'warn', 'info', 'debug']);
  });
});
