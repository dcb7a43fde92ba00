import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { BinnedDataset } from '../../../src/data/binned-dataset.js';
import { Dataset } from '../../../src/data/dataset.js';
import { Booster } from '../../../src/gbdt/boosting/booster.js';
import { trainModel } from '../../../src/gbdt/boosting/train-model.js';
import { trainerPoolStats } from '../../../src/gbdt/threads/trainer-pool.js';
import type { LearnerPhases } from '../../../src/gbdt/tree/learner-phases.js';
import { LeafwiseLearner } from '../../../src/gbdt/tree/leafwise-learner.js';
import type { NodeTaskParts } from '../../../src/gbdt/tree/node-tasks.js';
import { threadSwitches } from '../../../src/gbdt/tree/parallel-plan.js';
import { Plan } from '../../../src/gbdt/tree/node-plan.js';
import { resolveParams } from '../../../src/params/resolve.js';
import { useTrainerSwitches } from '../../helpers/trainer-switches.js';

// Learner phases on the trainer threads (the workers running every task): a histogram whose row
// blocks do not share evenly between the threads (5 blocks) builds its last block by one feature
// group per thread after the whole blocks, the same sums (bits) as when every block is built
// whole; the root fill of all rows writes the partition's entries.

/**
 * n rows x nF normal features (every `every`-th, from the second, rounded: few distinct values), a
 * binary label from features a and b plus noise; binned with 255 bins.
 */
function binaryData(rng: Rng, n: number, nF: number, every: number, [a, b]: [number, number]): BinnedDataset {
  const cols = Array.from({ length: nF }, (_, j) => Float64Array.from({ length: n }, () => (j % every === 1 ? Math.round(3 * rng.normal()) : rng.normal())));
  const y = Float64Array.from({ length: n }, (_, i) => (cols[a][i] + 0.5 * cols[b][i] + rng.normal() > 0 ? 1 : 0));
  const data = new Dataset(
    cols.map((values, j) => ({ name: `f${j}`, kind: 'numeric' as const, values })),
    { name: 'y', numeric: y, classes: ['0', '1'], classIndex: Int32Array.from(y), inferredTask: 'binary' },
  );
  return BinnedDataset.fromDataset(data, { max_bin: 255 });
}

describe('learner phases on threads', () => {
  // every build on the threads, the workers running every tile; 9,000 rows in 5 blocks of 1,800
  useTrainerSwitches({ threads: { minTrainingWork: 0, buildWork: 0, rootRows: 0 }, blocks: { minRows: 1800, binsPerRow: 0 } });

  const rng = new Rng(3001);
  const n = 9000;
  const nF = 13;
  const binned = binaryData(rng, n, nF, 3, [0, 1]);

  /**
   * Builds (all rows, or the partition's first `count` entries) with splitOddBlocks off, on with
   * the cut tiles after the whole blocks, and on with each thread's range its share of both
   * (shareCutTiles): the tiles the workers ran and the histogram + partials.
   */
  function builds(allRows: boolean, count: number): { tiles: number[]; sums: number[][] } {
    const learner = new LeafwiseLearner(binned, null, resolveParams({ objective: 'binary', num_threads: 2, verbosity: -1 }));
    const phases = (learner as unknown as { phases: LearnerPhases }).phases;
    const parts = (phases as unknown as { parts: NodeTaskParts }).parts;
    const hists = (learner as unknown as { hists: Float64Array[] }).hists;
    const grad = Float32Array.from({ length: n }, () => rng.normal());
    const hess = Float32Array.from({ length: n }, () => 0.1 + rng.random());
    phases.fillRoot(grad, hess, false, n, new Float64Array(2));
    // a leaf's entries: every row but some, in order (leaf 0 of the partition: its pieces in the
    // threads' segments)
    const entries = new Uint32Array(count);
    let m = 0;
    for (let i = 0; i < n && m < count; i++) if (allRows || rng.random() < 0.95) entries[m++] = i;
    learner.partition.init(allRows ? null : entries, count, allRows);
    expect(learner.partition.segments).toBe(2);
    const tiles: number[] = [];
    const sums: number[][] = [];
    const saved = { ...threadSwitches };
    for (const [split, share] of [[false, false], [true, false], [true, true]]) {
      threadSwitches.splitOddBlocks = split;
      threadSwitches.shareCutTiles = share;
      // nothing left over from the other build
      hists[0].fill(Number.NaN);
      parts.partials.fill(Number.NaN);
      const before = trainerPoolStats()?.workerTasks ?? 0;
      const blocks = phases.buildLeaf(0, count, 0, allRows, nF);
      tiles.push((trainerPoolStats()?.workerTasks ?? 0) - before);
      expect(blocks).toBe(5);
      sums.push([...hists[0], ...parts.partials.subarray(0, 4 * 2 * binned.totalBins)]);
      // every entry's gradient once in feature 0's bins, over the 5 blocks
      const size = 2 * binned.totalBins;
      let g = 0;
      for (let k = 0; k < 5; k++) for (let x = binned.binOffsets[0]; x < binned.binOffsets[1]; x++) g += sums[sums.length - 1][k * size + 2 * x];
      let want = 0;
      for (let j = 0; j < count; j++) want += grad[allRows ? j : entries[j]];
      expect(g).toBeCloseTo(want, 6);
    }
    Object.assign(threadSwitches, saved);
    learner.dispose();
    return { tiles, sums };
  }

  it("builds the root's last of 5 row blocks by 2 feature groups (6 tiles, not 5; each thread 2 whole blocks and a half), the same bits", () => {
    const { tiles, sums } = builds(true, n);
    expect(tiles).toEqual([5, 6, 6]);
    expect(sums[0].some((v) => v !== 0)).toBe(true);
    expect(sums[1].every((v) => Number.isFinite(v))).toBe(true);
    expect(sums[1]).toEqual(sums[0]);
    expect(sums[2]).toEqual(sums[0]);
  });

  it("builds a leaf's last block (its rows gathered by each group's tile) by 2 feature groups, the same bits", () => {
    const { tiles, sums } = builds(false, 8500);
    expect(tiles).toEqual([5, 6, 6]);
    expect(sums[0].some((v) => v !== 0)).toBe(true);
    expect(sums[1].every((v) => Number.isFinite(v))).toBe(true);
    expect(sums[1]).toEqual(sums[0]);
    expect(sums[2]).toEqual(sums[0]);
  });

  it('gives the same model bytes at 2, 3 and 4 threads as on one (the last 1 or 2 of 4..5 blocks cut into 2..3 feature groups)', () => {
    const params = { objective: 'binary' as const, num_iterations: 4, num_leaves: 15, min_data_in_leaf: 5, verbosity: -1 };
    const text = (threads: number): string => new Booster(trainModel({ ...params, num_threads: threads }, binned)).modelToString();
    const one = text(1);
    for (const threads of [2, 3, 4]) {
      const before = trainerPoolStats()?.workerTasks ?? 0;
      expect(text(threads)).toBe(one);
      expect((trainerPoolStats()?.workerTasks ?? 0) - before).toBeGreaterThan(50);
    }
  });

  it("writes the partition's entries of all rows in the root fill's row blocks (on the threads), which DataPartition.init then leaves", () => {
    const learner = new LeafwiseLearner(binned, null, resolveParams({ objective: 'binary', num_threads: 2, verbosity: -1 }));
    const phases = (learner as unknown as { phases: LearnerPhases }).phases;
    const part = learner.partition;
    part.indices.fill(7);
    part.init(null, n, true);
    expect(part.indices[5]).toBe(7);
    expect(part.leafCount[0]).toBe(n);
    // in shared memory (map would copy them out), so the workers fill the root
    const grad = new Float32Array(new SharedArrayBuffer(4 * n));
    const hess = new Float32Array(new SharedArrayBuffer(4 * n));
    grad.forEach((_, i) => (grad[i] = rng.normal()));
    hess.forEach((_, i) => (hess[i] = 0.1 + rng.random()));
    const before = trainerPoolStats()?.workerTasks ?? 0;
    phases.fillRoot(grad, hess, false, n, new Float64Array(2));
    expect((trainerPoolStats()?.workerTasks ?? 0) - before).toBe(5);
    expect(Array.from(part.indices.subarray(0, n))).toEqual(Array.from({ length: n }, (_, i) => i));
    learner.dispose();
  });
});

describe('gathered rows in two halves on threads', () => {
  // 24 features (rows of 24 bytes): a leaf of one row block is gathered once, then built by 2
  // feature groups (features 0..11 in bytes 0..16 of a row, 12..23 in bytes 8..24), each group's
  // tiles reading only its half of the gathered rows
  useTrainerSwitches({ threads: { minTrainingWork: 0, buildWork: 0, rootRows: 0 }, blocks: { minRows: 4000, binsPerRow: 0 } });

  const rng = new Rng(4242);
  const n = 9000;
  const nF = 24;
  const binned = binaryData(rng, n, nF, 5, [0, 13]);

  it('gives the same histogram bits as whole gathered rows, and the same model bytes at 1 and 2 threads', () => {
    const learner = new LeafwiseLearner(binned, null, resolveParams({ objective: 'binary', num_threads: 2, verbosity: -1 }));
    const phases = (learner as unknown as { phases: LearnerPhases }).phases;
    const hists = (learner as unknown as { hists: Float64Array[] }).hists;
    expect(phases.kernel).not.toBeNull();
    const grad = Float32Array.from({ length: n }, () => rng.normal());
    const hess = Float32Array.from({ length: n }, () => 0.1 + rng.random());
    phases.fillRoot(grad, hess, false, n, new Float64Array(2));
    const entries = Uint32Array.from(Array.from({ length: n }, (_, i) => i).filter(() => rng.random() < 0.4));
    learner.partition.init(entries, entries.length);
    const out: number[][] = [];
    const flags: number[] = [];
    const saved = threadSwitches.splitGather;
    try {
      for (const halves of [false, true]) {
        threadSwitches.splitGather = halves;
        hists[0].fill(Number.NaN);
        expect(phases.buildLeaf(0, entries.length, 0, false, nF)).toBe(1);
        flags.push(phases.plan[Plan.gathered] + 2 * phases.plan[Plan.splitGather]);
        out.push([...hists[0]]);
      }
    } finally {
      threadSwitches.splitGather = saved;
      learner.dispose();
    }
    // gathered both times, in halves the second
    expect(flags).toEqual([1, 3]);
    expect(out[1].every((v) => Number.isFinite(v))).toBe(true);
    expect(out[1]).toEqual(out[0]);
    // against the entries' gradients: each feature's bins hold every entry once
    let want = 0;
    for (const i of entries) want += grad[i];
    for (const j of [0, 11, 12, 23]) {
      let g = 0;
      for (let x = binned.binOffsets[j]; x < binned.binOffsets[j + 1]; x++) g += out[1][2 * x];
      expect(g).toBeCloseTo(want, 6);
    }
    const params = { objective: 'binary' as const, num_iterations: 5, num_leaves: 15, min_data_in_leaf: 5, verbosity: -1 };
    const text = (threads: number): string => new Booster(trainModel({ ...params, num_threads: threads }, binned)).modelToString();
    expect(text(2)).toBe(text(1));
  });
});
