import { describe, expect, it } from 'vitest';
import { ParamError } from '../../../src/core/errors.js';
import { readCsv } from '../../../src/data/csv.js';
import type { Tree } from '../../../src/gbdt/tree/tree.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import type { GbdtParamsInput } from '../../../src/params/resolved.js';

/** Every root-to-leaf branch's features, as sets. */
function branches(t: Tree): Set<number>[] {
  const out: Set<number>[] = [];
  const walk = (node: number, above: Set<number>): void => {
    const here = new Set(above).add(t.splitFeature[node]);
    for (const c of [t.leftChild[node], t.rightChild[node]]) {
      if (c < 0) out.push(here);
      else walk(c, here);
    }
  };
  if (t.numLeaves > 1) walk(0, new Set());
  return out;
}

/** Branches whose features no single set holds. */
function broken(trees: readonly Tree[], sets: readonly (readonly number[])[]): number {
  let n = 0;
  for (const t of trees) for (const b of branches(t)) if (!sets.some((s) => [...b].every((f) => s.includes(f)))) n++;
  return n;
}

describe('interaction constraints', () => {
  const sets = [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [20, 21, 22, 23], [3, 27]];

  it('keep every branch inside one set (with feature sampling per tree and per node too); unconstrained models do not', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const base: GbdtParamsInput = { objective: 'binary', num_iterations: 15, num_leaves: 31, min_data_in_leaf: 5, verbosity: -1 };
    expect(broken(train(base, data).model.trees, sets)).toBeGreaterThan(0);
    for (const extra of [{}, { feature_fraction: 0.6, feature_fraction_bynode: 0.5 }, { monotone_constraints: Array.from({ length: 30 }, (_, j) => (j === 3 ? 1 : j === 7 ? -1 : 0)) }]) {
      const trees = train({ ...base, ...extra, interaction_constraints: sets }, data).model.trees;
      expect(broken(trees, sets), JSON.stringify(extra)).toBe(0);
      // only features of some set are used, and the trees still grow
      const used = new Set(trees.flatMap((t) => Array.from(t.splitFeature.subarray(0, t.numLeaves - 1))));
      expect([...used].every((f) => sets.some((s) => s.includes(f)))).toBe(true);
      expect(trees.every((t) => t.numLeaves > 8)).toBe(true);
    }
  });

  it("take LightGBM's text form as well as lists", async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const p: GbdtParamsInput = { objective: 'binary', num_iterations: 3, num_leaves: 7, verbosity: -1 };
    // the text form comes from the command line or a config file: a record built at run time
    const fromCli: Record<string, unknown> = { ...p, interaction_constraints: '[0,1,2,3,4],[5,6,7,8,9],[20,21,22,23],[3,27]' };
    const fromText = train(fromCli, data).modelToString();
    expect(train({ ...p, interaction_constraints: sets }, data).modelToString()).toBe(fromText);
  });

  it('refuse an index that is not a feature of the data', async () => {
    const data = await readCsv('datasets/diabetes.csv');
    expect(() => train({ objective: 'regression', num_iterations: 1, interaction_constraints: [[0, 1], [2, 10]] }, data)).toThrow(ParamError);
    expect(() => train({ objective: 'regression', num_iterations: 1, interaction_constraints: [[0, 1], [2, 10]] }, data)).toThrow(
      'interaction_constraints: set 1 holds feature index 10, but the data has 10 features (indices 0..9)',
    );
  });
});
