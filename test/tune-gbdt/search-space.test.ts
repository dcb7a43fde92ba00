import { describe, expect, it } from 'vitest';
import { parseSearchSpace, defaultSearchSpace } from '../../src/tune-gbdt/search-space.js';
import { FixedTrial } from '../../src/tune/trial/fixed-trial.js';
import { createStudy } from '../../src/tune/study/create-study.js';
import { RandomSampler } from '../../src/tune/samplers/random.js';
import { TunerError } from '../../src/core/errors.js';

describe('parseSearchSpace', () => {
  it('turns a JSON spec into a define-by-run space (int, log float, categorical, fixed)', async () => {
    const space = parseSearchSpace(
      JSON.parse(`{
        "num_leaves": { "type": "int", "low": 2, "high": 256, "log": false },
        "learning_rate": { "type": "float", "low": 0.01, "high": 0.3, "log": true },
        "bagging_fraction": { "type": "float", "low": 0.5, "high": 1, "step": 0.1 },
        "boosting": { "type": "categorical", "choices": ["gbdt", "gbrt"] },
        "max_bin": { "fixed": 63 }
      }`),
    );
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const seen: Record<string, unknown>[] = [];
    await study.optimize((t) => {
      const p = space(t);
      seen.push(p);
      return 0;
    }, { nTrials: 30 });
    for (const p of seen) {
      expect(Number.isInteger(p.num_leaves)).toBe(true);
      expect(p.num_leaves as number).toBeGreaterThanOrEqual(2);
      expect(p.num_leaves as number).toBeLessThanOrEqual(256);
      expect(p.learning_rate as number).toBeGreaterThanOrEqual(0.01);
      expect(p.learning_rate as number).toBeLessThanOrEqual(0.3);
      const bf = p.bagging_fraction as number;
      expect(Math.abs(bf * 10 - Math.round(bf * 10))).toBeLessThan(1e-9);
      expect(["gbdt", "gbrt"]).toContain(p.boosting);
      expect(p.max_bin).toBe(63);
    }
    // the trial params carry the same names and values
    const t0 = study.trials[0];
    expect(t0.params.num_leaves).toBe(seen[0].num_leaves);
    expect(t0.distributions.learning_rate).toMatchObject({ log: true, low: 0.01, high: 0.3 });
    expect('max_bin' in t0.params).toBe(false);
  });

  it.each([
    [{ num_leaves: { type: 'int', low: 2 } }, /'num_leaves' needs a finite number 'high'/],
    [{ lr: { type: 'float', low: 0, high: 1, log: true } }, /'lr' has log: true and low \(0\)/],
    [{ lr: { type: 'floaty', low: 0, high: 1 } }, /'lr' has type "floaty"; expected "float", "int" or "categorical"/],
    [{ n: { type: 'int', low: 1.5, high: 4 } }, /'n' is an int range but low \(1.5\)/],
    [{ n: { type: 'int', low: 5, high: 4 } }, /'n' has low \(5\) > high \(4\)/],
    [{ b: { type: 'categorical', choices: [] } }, /'b' needs a non-empty array "choices"/],
    [{ b: { type: 'categorical', choices: [{}] } }, /'b' has choice \{\}/],
    [{ b: { type: 'int', low: 1, high: 3, choices: [1] } }, /'b' has unknown field "choices" for type "int"/],
    [{ x: { fixed: 1, type: 'int' } }, /'x' has "fixed" and also "type"/],
    [{ x: 3 }, /'x' must be an object/],
    [[1, 2], /expected a JSON object/],
    [{}, /the spec is empty/],
  ])('rejects a bad spec %j naming the key', (spec, msg) => {
    expect(() => parseSearchSpace(spec)).toThrow(TunerError);
    expect(() => parseSearchSpace(spec)).toThrow(msg);
  });

  it.each([
    [{ num_leafs: { type: 'int', low: 2, high: 64 } }, /'num_leafs' is not a booster param; did you mean 'num_leaves'\?/],
    [{ subsampel: { type: 'float', low: 0.5, high: 1 } }, /'subsampel' is not a booster param; did you mean 'subsample' \(alias of bagging_fraction\)\?/],
    [{ limit_depth: { type: 'categorical', choices: [true] } }, /'limit_depth' is not a booster param/],
    [{ num_leaves: { type: 'int', low: 1, high: 64 } }, /'num_leaves' low: num_leaves = 1 is out of range: must be an integer in \[2, 131072\]/],
    [{ num_leaves: { type: 'int', low: 2, high: 200000 } }, /'num_leaves' high: num_leaves = 200000 is out of range/],
    [{ learning_rate: { type: 'float', low: 0, high: 0.3 } }, /'learning_rate' low: learning_rate = 0 is out of range: must be a number > 0/],
    [{ bagging_fraction: { type: 'float', low: 0.5, high: 1.5 } }, /'bagging_fraction' high: bagging_fraction = 1.5 is out of range/],
    [{ num_leaves: { type: 'categorical', choices: [31, 1] } }, /'num_leaves' choice 1: num_leaves = 1 is out of range/],
    [{ num_leaves: { type: 'categorical', choices: ['many'] } }, /'num_leaves' choice "many": num_leaves = many is not valid: expected an integer/],
    [{ num_leaves: { type: 'float', low: 2, high: 64 } }, /'num_leaves' is an integer param; give it as \{"type": "int"/],
    [{ extra_trees: { type: 'int', low: 0, high: 1 } }, /'extra_trees' is a true\/false param; give it as \{"type": "categorical"/],
    [{ objective: { type: 'categorical', choices: ['binary', 'binray'] } }, /'objective' choice "binray": objective = binray is not valid: expected one of .*did you mean 'binary'/],
    [{ max_bin: { fixed: 1 } }, /'max_bin' fixed value: max_bin = 1 is out of range/],
    [{ boosting: { type: 'categorical', choices: ['gbdt', 'drat'] } }, /'boosting' choice "drat": boosting = drat is not valid: expected one of/],
    [{ feature_contri: { fixed: '1,0' } }, /'feature_contri' is a LightGBM param that gbtune does not support/],
    [{ monotone_constraints: { fixed: '1,2' } }, /'monotone_constraints' fixed value: monotone_constraints = 1,2 is out of range: must be a list of integers \(item 2 is not\), each in \[-1, 1\]/],
    [{ metric: { type: 'categorical', choices: ['auc'] } }, /'metric' cannot be searched: the tuned metric is set by the metric option/],
    [{ num_leaves: { type: 'int', low: 2, high: 8 }, max_leaves: { type: 'int', low: 2, high: 8 } }, /'num_leaves' and 'max_leaves' are the same param 'num_leaves'; give it once/],
  ])('checks %j against the params table', (spec, msg) => {
    expect(() => parseSearchSpace(spec)).toThrow(TunerError);
    expect(() => parseSearchSpace(spec)).toThrow(msg);
  });

  it('accepts bounds on the edges of a param\'s range, null choices (the default) and aliases', () => {
    expect(() =>
      parseSearchSpace({
        num_leaves: { type: 'int', low: 2, high: 131072 },
        subsample: { type: 'float', low: 0.1, high: 1 },
        extra_trees: { type: 'categorical', choices: [false, true, null] },
        max_depth: { type: 'categorical', choices: [-1, 3, 6] },
        lambda_l1: { type: 'int', low: 0, high: 3 },
        boosting_type: { fixed: 'gbdt' },
      }),
    ).not.toThrow();
  });

  it('names the source file when given', () => {
    expect(() => parseSearchSpace({ a: 1 }, 'space.json')).toThrow(/^space.json: search space: 'a' must be an object/);
  });
});

describe('defaultSearchSpace', () => {
  it('maps limit_depth=false to max_depth -1 and true to the suggested depth', () => {
    const base = { lambda_l1: 1e-3, lambda_l2: 1, num_leaves: 31, feature_fraction: 0.8, bagging_fraction: 0.9, bagging_freq: 2, min_child_samples: 20, learning_rate: 0.1 };
    expect(defaultSearchSpace(new FixedTrial({ ...base, limit_depth: false }) as never).max_depth).toBe(-1);
    const p = defaultSearchSpace(new FixedTrial({ ...base, limit_depth: true, max_depth: 7 }) as never);
    expect(p.max_depth).toBe(7);
    expect(p).toMatchObject(base);
  });
});
