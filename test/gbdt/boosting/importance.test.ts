import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Booster } from '../../../src/gbdt/boosting/booster.js';
import { loadModel } from '../../../src/gbdt/boosting/model-io.js';

const DIR = 'test/fixtures/lightgbm';
const NAMES = ['breast_cancer_binary', 'iris_multiclass', 'credit_categorical_missing', 'wine_regression_l2'];

/** The `feature_importances:` section LightGBM wrote (split counts of features used). */
function lightGbmSplitCounts(text: string): Map<string, number> {
  const lines = text.slice(text.indexOf('feature_importances:\n')).split('\n').slice(1);
  const out = new Map<string, number>();
  for (const line of lines) {
    if (line === '') break;
    const [k, v] = line.split('=');
    out.set(k, Number(v));
  }
  return out;
}

describe.each(NAMES)('feature importance of %s', (name) => {
  const text = readFileSync(`${DIR}/${name}.model.txt`, 'utf8');
  const booster = loadModel(text);

  it("'split' equals LightGBM's own feature_importances section", () => {
    const imp = booster.featureImportance();
    const expected = lightGbmSplitCounts(text);
    expect(expected.size).toBeGreaterThan(0);
    booster.featureNames.forEach((f, i) => expect(imp[i], f).toBe(expected.get(f.replace(/ /g, '_')) ?? 0));
  });

  it("'gain' sums the float32 split gains of each feature; numIteration limits the rounds", () => {
    const k = booster.numTreePerIteration;
    for (const rounds of [1, 7, booster.numIterations]) {
      const gain = booster.featureImportance({ importanceType: 'gain', numIteration: rounds });
      const split = booster.featureImportance({ importanceType: 'split', numIteration: rounds });
      const refGain = new Float64Array(gain.length);
      const refSplit = new Float64Array(gain.length);
      // naive reference from the text: split_feature and split_gain lines of the first rounds*k trees
      const blocks = text.split(/^Tree=/m).slice(1, rounds * k + 1);
      for (const b of blocks) {
        const feats = /split_feature=(.*)/.exec(b)![1].split(' ').filter(Boolean).map(Number);
        const gains = /split_gain=(.*)/.exec(b)![1].split(' ').filter(Boolean).map((g) => Math.fround(Number(g)));
        feats.forEach((f, j) => {
          if (gains[j] > 0) {
            refGain[f] += gains[j];
            refSplit[f] += 1;
          }
        });
      }
      expect(Array.from(split)).toEqual(Array.from(refSplit));
      for (let f = 0; f < gain.length; f++) expect(gain[f]).toBeCloseTo(refGain[f], 9);
    }
  });
});

describe('importance options', () => {
  it('rejects unknown importance types and defaults to bestIteration rounds', () => {
    const booster = loadModel(`${DIR}/wine_regression_l2.model.txt`);
    expect(() => booster.featureImportance({ importanceType: 'cover' as 'gain' })).toThrow(/importanceType must be 'split' or 'gain'/);
    const best = new Booster({ ...booster.model, bestIteration: 5 });
    expect(Array.from(best.featureImportance())).toEqual(Array.from(booster.featureImportance({ numIteration: 5 })));
    expect(Array.from(best.featureImportance())).not.toEqual(Array.from(booster.featureImportance()));
  });
});
