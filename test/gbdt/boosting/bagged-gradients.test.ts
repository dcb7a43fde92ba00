// A bagged round draws its bag first and computes the gradients of its in-bag rows alone
// (session.ts, bagFirst): the trees and scores must be the bits of the round that computes every
// row's gradients (an objective without getGradientsRows takes that path), and the objective must
// be asked for the in-bag rows only.
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/data/csv.js';
import { BinnedDataset } from '../../../src/data/binned-dataset.js';
import type { Dataset } from '../../../src/data/dataset.js';
import { BoostingSession, type ValidBins } from '../../../src/gbdt/boosting/session.js';
import { BinaryObjective } from '../../../src/gbdt/objective/binary.js';
import type { Objective } from '../../../src/gbdt/objective/objective.js';
import { resolveParams } from '../../../src/params/resolve.js';
import type { GbdtParamsInput } from '../../../src/params/resolved.js';

/** The bytes of a typed array, for bit-for-bit comparisons (+0 and -0, NaN payloads). */
function bytesOf(a: Float64Array | Float32Array | Int32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
}

/** Every array of every tree of a session, as bytes. */
function treeBytes(s: BoostingSession): string[] {
  return s.trees.map((t) => [t.numLeaves, bytesOf(t.splitFeature), bytesOf(t.threshold), bytesOf(t.leftChild), bytesOf(t.rightChild), bytesOf(t.leafValue), bytesOf(t.leafCount), bytesOf(t.internalValue)].join('|'));
}

/** The objective with `getGradientsRows` hidden: the session computes every row's gradients. */
function allRowsOnly(o: Objective): Objective {
  const hidden = Object.create(o) as Objective & { getGradientsRows?: unknown };
  Object.defineProperty(hidden, 'getGradientsRows', { value: undefined });
  return hidden;
}

/** A binary objective that counts the rows whose gradients it computed. */
class CountingBinary extends BinaryObjective {
  rows = 0;
  override getGradientsRange(score: Float64Array, grad: Float32Array, hess: Float32Array, begin: number, end: number): void {
    this.rows += end - begin;
    super.getGradientsRange(score, grad, hess, begin, end);
  }

  override getGradientsRows(score: Float64Array, grad: Float32Array, hess: Float32Array, rows: Uint32Array, count: number): void {
    this.rows += count;
    super.getGradientsRows(score, grad, hess, rows, count);
  }
}

const OBJ = { sigmoid: 1, is_unbalance: false, scale_pos_weight: 1 };

describe('bagged rounds: gradients of the in-bag rows only', () => {
  let bc: Dataset;
  let binned: BinnedDataset;
  let label: Float64Array;

  async function load(): Promise<void> {
    bc ??= await readCsv('datasets/breast_cancer.csv');
    binned ??= BinnedDataset.fromDataset(bc, { max_bin: 63 });
    label ??= Float64Array.from(binned.label!);
  }

  /** A session on `rows` (null: all) with the last 100 rows as a validation set. */
  function session(input: GbdtParamsInput, objective: Objective, rows: Uint32Array | null, weights: Float64Array | null): BoostingSession {
    const params = resolveParams({ objective: 'binary', num_leaves: 7, min_data_in_leaf: 5, num_threads: 1, verbosity: -1, ...input });
    const validRows = Uint32Array.from({ length: 100 }, (_, i) => binned.nRows - 100 + i);
    const valid: ValidBins = {
      name: 'valid', bins: binned.view, rows: validRows, count: validRows.length,
      label: Float64Array.from(validRows, (r) => label[r]), weights: null, initScore: null,
    };
    return new BoostingSession(params, binned, label, rows, objective, [], [valid], true, null, { weights });
  }

  it('asks the objective for the in-bag rows only: the rows of each round\'s tree, not every training row', async () => {
    await load();
    const obj = new CountingBinary(OBJ);
    const s = session({ bagging_fraction: 0.6, bagging_freq: 1, bagging_seed: 4 }, obj, null, null);
    for (let it = 0; it < 5; it++) {
      obj.rows = 0;
      expect(s.trainOneIter()).toBe(true);
      const t = s.trees[s.trees.length - 1];
      let inBag = 0;
      for (let l = 0; l < t.numLeaves; l++) inBag += t.leafCount[l];
      // the tree's leaves hold the bag's rows; every row would be 569
      expect(obj.rows).toBe(inBag);
      expect(inBag).toBeLessThan(0.7 * binned.nRows);
    }
  });

  it.each([
    ['every round', { bagging_fraction: 0.7, bagging_freq: 1, bagging_seed: 3 }, false, false],
    ['every 3 rounds, is_unbalance', { bagging_fraction: 0.5, bagging_freq: 3, bagging_seed: 9, is_unbalance: true }, false, false],
    ['row weights', { bagging_fraction: 0.8, bagging_freq: 1, bagging_seed: 1 }, true, false],
    ['a row subset (a fold) with weights, sigmoid 1.7', { bagging_fraction: 0.65, bagging_freq: 2, bagging_seed: 7, sigmoid: 1.7 }, true, true],
  ] as const)('%s: the trees and scores of the round that computes every row\'s gradients, to the bit', async (_name, input, weighted, subset) => {
    await load();
    const rows = subset ? Uint32Array.from({ length: 400 }, (_, i) => (i * 7) % 467).sort() : null;
    const weights = weighted ? Float64Array.from({ length: binned.nRows }, (_, i) => 0.25 + ((i * 37) % 11) / 8) : null;
    const objParams = { ...OBJ, sigmoid: 'sigmoid' in input ? input.sigmoid : 1, is_unbalance: 'is_unbalance' in input };
    const fast = session(input, new BinaryObjective(objParams), rows, weights);
    const simple = session(input, allRowsOnly(new BinaryObjective(objParams)), rows, weights);
    for (let it = 0; it < 12; it++) {
      expect(fast.trainOneIter()).toBe(simple.trainOneIter());
    }
    expect(fast.trees.length).toBe(12);
    expect(treeBytes(fast)).toEqual(treeBytes(simple));
    expect(bytesOf(fast.score)).toBe(bytesOf(simple.score));
    expect(bytesOf(fast.validScores[0])).toBe(bytesOf(simple.validScores[0]));
  });
});
