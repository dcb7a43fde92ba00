/**
 * The importance evaluator conformance suite over every registered evaluator, each built through
 * the registry (`createImportanceEvaluator`). A registered name without a factory here fails the
 * coverage test.
 */
import { describe, expect, it } from 'vitest';
import { UnknownNameError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import { CategoricalDistribution, FloatDistribution, IntDistribution } from '../../../src/tune/distributions.js';
import { createImportanceEvaluator, IMPORTANCE_EVALUATORS, type ImportanceEvaluatorName } from '../../../src/tune/importance/registry.js';
import { getParamImportances } from '../../../src/tune/importance/param-importances.js';
import type { ImportanceEvaluator } from '../../../src/tune/importance/encode.js';
import { FanovaImportanceEvaluator } from '../../../src/tune/importance/fanova.js';
import { MeanDecreaseImpurityImportanceEvaluator } from '../../../src/tune/importance/mdi.js';
import { PedAnovaImportanceEvaluator } from '../../../src/tune/importance/ped-anova.js';
import { createStudy } from '../../../src/tune/study/create-study.js';
import { createTrial } from '../../../src/tune/trial/create-trial.js';
import { coveringFactories } from '../../helpers/registry-coverage.js';

interface Factory {
  name: string;
  /** A new evaluator; `seed` is ignored by deterministic evaluators. */
  make: (seed: number) => ImportanceEvaluator;
}

const BY_NAME: Record<ImportanceEvaluatorName, Factory[]> = {
  fanova: [{ name: 'fanova', make: (seed) => createImportanceEvaluator('fanova', { seed, nTrees: 32 }) }],
  mdi: [{ name: 'mdi', make: (seed) => createImportanceEvaluator('mdi', { seed, nTrees: 32 }) }],
  'ped-anova': [{ name: 'ped-anova', make: () => createImportanceEvaluator('ped-anova') }],
};

const dists = {
  x: new FloatDistribution(-5, 5),
  lr: new FloatDistribution(1e-4, 1, { log: true }),
  depth: new IntDistribution(1, 10),
  kind: new CategoricalDistribution(['a', 'b', 'c']),
};

/** A study of `n` random trials whose value depends on x only (x², or -x² when maximizing). */
async function oneParamStudy(n: number, seed: number, direction: 'minimize' | 'maximize' = 'minimize') {
  const study = await createStudy({ direction });
  const rng = new Rng(seed);
  for (let i = 0; i < n; i++) {
    const x = rng.uniform(-5, 5);
    const params = { x, lr: Math.exp(rng.uniform(Math.log(1e-4), 0)), depth: rng.int(1, 10), kind: rng.choice(['a', 'b', 'c']) };
    await study.addTrial(createTrial({ params, distributions: dists, value: direction === 'minimize' ? x * x : -x * x }));
  }
  return study;
}

describe.each(coveringFactories('importance evaluator', IMPORTANCE_EVALUATORS, BY_NAME))('importance evaluator conformance: $name', (f) => {
  it('ranks the one param that matters first with importance > 0.8, over every param, summing to 1', async () => {
    const study = await oneParamStudy(200, 3);
    const imp = getParamImportances(study, { evaluator: f.make(1) });
    const keys = Object.keys(imp);
    expect(keys[0]).toBe('x');
    expect(imp.x).toBeGreaterThan(0.8);
    expect(keys.sort()).toEqual(['depth', 'kind', 'lr', 'x']);
    expect(Object.values(imp).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('explains a maximized objective and a given target as well', async () => {
    const max = await oneParamStudy(200, 6, 'maximize');
    expect(Object.keys(getParamImportances(max, { evaluator: f.make(1) }))[0]).toBe('x');
    const min = await oneParamStudy(200, 6);
    const byLr = getParamImportances(min, { evaluator: f.make(1), target: (t) => Math.log(t.params.lr as number) });
    expect(Object.keys(byLr)[0]).toBe('lr');
    expect(byLr.lr).toBeGreaterThan(0.5);
  });

  it('returns finite raw importances >= 0, from the most important down, with normalize false', async () => {
    const study = await oneParamStudy(100, 9);
    const raw = getParamImportances(study, { evaluator: f.make(2), normalize: false });
    const values = Object.values(raw);
    expect(values).toHaveLength(4);
    for (const v of values) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
    }
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('gives the same importances for the same seed and study', async () => {
    const study = await oneParamStudy(60, 4);
    expect(getParamImportances(study, { evaluator: f.make(7) })).toEqual(getParamImportances(study, { evaluator: f.make(7) }));
  });

  it('evaluates only the given params', async () => {
    const study = await oneParamStudy(100, 5);
    const imp = getParamImportances(study, { evaluator: f.make(1), params: ['lr', 'x'] });
    expect(Object.keys(imp)).toEqual(['x', 'lr']);
  });
});

describe('importance evaluator registry', () => {
  it('resolves names, class names and spellings in any case, with the options of the class', () => {
    expect(createImportanceEvaluator('fanova')).toBeInstanceOf(FanovaImportanceEvaluator);
    expect(createImportanceEvaluator('MeanDecreaseImpurityImportanceEvaluator')).toBeInstanceOf(MeanDecreaseImpurityImportanceEvaluator);
    expect(createImportanceEvaluator('PED_ANOVA')).toBeInstanceOf(PedAnovaImportanceEvaluator);
    expect(IMPORTANCE_EVALUATORS).toEqual(['fanova', 'mdi', 'ped-anova']);
  });

  it('names an unknown evaluator, the known ones and the nearest', async () => {
    const study = await oneParamStudy(20, 5);
    expect(() => getParamImportances(study, { evaluator: 'nope' as 'mdi' })).toThrow(UnknownNameError);
    expect(() => getParamImportances(study, { evaluator: 'nope' as 'mdi' })).toThrow(/unknown importance evaluator 'nope'; known: fanova, mdi, ped-anova/);
    expect(() => createImportanceEvaluator('fanvoa')).toThrow(/did you mean 'fanova'\?/);
  });
});
