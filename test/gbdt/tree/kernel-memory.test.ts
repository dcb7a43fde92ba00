import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { BinnedDataset } from '../../../src/data/binned-dataset.js';
import { Dataset } from '../../../src/data/dataset.js';
import { Booster } from '../../../src/gbdt/boosting/booster.js';
import { cv } from '../../../src/gbdt/boosting/cv.js';
import { cvSwitches } from '../../../src/gbdt/boosting/fold-copies.js';
import { trainModel } from '../../../src/gbdt/boosting/train-model.js';
import { trainerPoolStats } from '../../../src/gbdt/threads/trainer-pool.js';
import { acquireKernelMemory, kernelRegion, kernelViews, releaseKernelMemory } from '../../../src/gbdt/tree/kernel-memory.js';
import type { LearnerPhases } from '../../../src/gbdt/tree/learner-phases.js';
import { LeafwiseLearner } from '../../../src/gbdt/tree/leafwise-learner.js';
import { threadSwitches } from '../../../src/gbdt/tree/parallel-plan.js';
import { rowBlockSwitches } from '../../../src/gbdt/tree/row-blocks.js';
import { simdCopyKernel, simdGatherKernel, simdHistogramKernels, simdPartitionKernel, simdZeroKernel } from '../../../src/gbdt/tree/wasm-kernels.js';
import { resolveParams } from '../../../src/params/resolve.js';
import { useTrainerSwitches } from '../../helpers/trainer-switches.js';

// A learner's shared kernel memory: the kernels of each thread region against the naive loops
// (exact: rows in order), and a learner on threads that reads its bins from it (the same bytes as
// on one thread).

/** nF features of 2..256 bins over nRows rows: row-major bins, columns, gradient pairs. */
function layoutData(rng: Rng, nRows: number, nF: number) {
  const stride = (nF + 3) & ~3;
  const numBin = Array.from({ length: nF }, (_, f) => (f % 3 === 0 ? 2 + rng.below(6) : 2 + rng.below(255)));
  const slots = [0];
  for (let f = 0; f < nF; f++) slots.push(slots[f] + numBin[f]);
  const cols = numBin.map((nb) => Uint8Array.from({ length: nRows }, () => rng.below(nb)));
  const rb = new Uint8Array(nRows * stride);
  for (let i = 0; i < nRows; i++) for (let f = 0; f < nF; f++) rb[i * stride + f] = cols[f][i];
  return { stride, slots, cols, rb, totalBins: slots[nF] };
}

/** The histogram of `rows` (data rows, gradient pair k of row k in `gh`) over features f0..f1, in row order. */
function naive(rb: Uint8Array, stride: number, slots: number[], rows: ArrayLike<number>, gh: Float32Array, f0: number, f1: number): Float64Array {
  const hist = new Float64Array(2 * slots[slots.length - 1]);
  for (let k = 0; k < rows.length; k++) {
    for (let f = f0; f < f1; f++) {
      const s = 2 * (slots[f] + rb[rows[k] * stride + f]);
      hist[s] += gh[2 * k];
      hist[s + 1] += gh[2 * k + 1];
    }
  }
  return hist;
}

describe('shared kernel memory', () => {
  const rng = new Rng(2801);
  const nData = 3000;
  const nF = 37;
  const d = layoutData(rng, nData, nF);
  const nLocal = 2000;
  const map = Uint32Array.from({ length: nLocal }, () => rng.below(nData));
  const shape = { regions: 3, totalBins: d.totalBins, stride: d.stride, chunk: 512, localRows: nLocal, gatherRows: 700 };
  const acquired = acquireKernelMemory(d.rb, d.cols, map, shape, 2 ** 31);
  if (acquired === null) throw new Error('no kernel memory');
  const km = acquired;
  const layout = km.layout;
  const views = kernelViews(km);
  views.gh.forEach((_, k) => (views.gh[k] = k % 2 === 1 && k % 7 === 0 ? -0 : rng.normal()));

  it('is one shared memory holding the bins, columns and row map where the layout says', () => {
    expect(km.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const buf = km.memory.buffer;
    expect(Array.from(new Uint8Array(buf, layout.dataAt, d.rb.length))).toEqual(Array.from(d.rb));
    expect(Array.from(new Uint8Array(buf, layout.colsAt + 5 * nData, nData))).toEqual(Array.from(d.cols[5]));
    expect(Array.from(views.map)).toEqual(Array.from(map));
    // the learner's block (regions, then its own arrays) past the data, within the memory
    expect(layout.regionBytes).toBeGreaterThanOrEqual(16 * d.totalBins + 512 * (d.stride + 8) + 256);
    expect(layout.blockAt).toBeGreaterThanOrEqual(layout.colsAt + nF * nData);
    expect(layout.ghAllAt).toBe(layout.regionsAt + 3 * layout.regionBytes);
    expect(layout.blockAt + layout.blockBytes).toBeLessThanOrEqual(buf.byteLength);
  });

  it("holds a dataset's bins once: another learner gets its own block of the same memory, and a released block is taken again", () => {
    const rows2 = Uint32Array.from({ length: 100 }, (_, k) => nData - 1 - k);
    const other = acquireKernelMemory(d.rb, d.cols, rows2, { ...shape, localRows: 100, gatherRows: 50 }, 2 ** 31);
    expect(other).not.toBeNull();
    if (other === null) return;
    expect(other.memory).toBe(km.memory);
    // the memory grew for it; the blocks do not overlap
    expect(other.layout.blockAt).toBeGreaterThanOrEqual(layout.blockAt + layout.blockBytes);
    expect(other.memory.buffer.byteLength).toBeGreaterThanOrEqual(other.layout.blockAt + other.layout.blockBytes);
    expect(Array.from(new Uint32Array(other.memory.buffer, other.layout.mapAt, 100))).toEqual(Array.from(rows2));
    expect(Array.from(kernelViews(km).map)).toEqual(Array.from(map));
    releaseKernelMemory(d.rb, other);
    const again = acquireKernelMemory(d.rb, d.cols, null, { ...shape, localRows: 100, gatherRows: 50 }, 2 ** 31);
    expect(again?.layout.blockAt).toBe(other.layout.blockAt);
    if (again !== null) releaseKernelMemory(d.rb, again);
    // a memory past the limit: none
    expect(acquireKernelMemory(d.rb, d.cols, null, shape, layout.blockAt + 1000)).toBeNull();
  });

  it("histograms of each thread's region (its base folded into the kernels) add their own rows exactly as the naive loop", () => {
    const [f0, f1] = [2, 37];
    const wants: Float64Array[] = [];
    const regions = [0, 1, 2].map((t) => kernelRegion(km, t, d.totalBins));
    for (const [t, r] of regions.entries()) {
      r.hist.fill(t + 1);
      simdZeroKernel(km.memory)(r.base + 16 * d.slots[f0], 16 * (d.slots[f1] - d.slots[f0]));
      // region t: local entries t, t + 3, ... (mapped rows), gathered in chunks, then the kernels
      const ids = Uint32Array.from({ length: Math.floor((nLocal - t) / 3) }, (_, k) => t + 3 * k);
      const ks = simdHistogramKernels(d.slots.slice(0, nF), d.stride, f0, f1, { memory: km.memory, base: r.base });
      expect(ks.length).toBe(2);
      const gather = simdGatherKernel(d.stride, true, km.memory);
      for (let c0 = 0; c0 < ids.length; c0 += layout.chunk) {
        const n = Math.min(ids.length - c0, layout.chunk);
        views.indices.set(ids.subarray(c0, c0 + n));
        gather(layout.indicesAt, layout.indicesAt + 4 * n, layout.dataAt, layout.ghAllAt, layout.mapAt, r.rowsAt, r.ghAt);
        for (const k of ks) k(r.rowsAt, r.rowsAt + n * d.stride, r.ghAt);
      }
      const gh = new Float32Array(2 * ids.length);
      ids.forEach((local, k) => gh.set(views.gh.subarray(2 * local, 2 * local + 2), 2 * k));
      const want = naive(d.rb, d.stride, d.slots, Array.from(ids, (local) => map[local]), gh, f0, f1);
      // bins outside the range: untouched (the region's fill)
      want.fill(t + 1, 0, 2 * d.slots[f0]);
      wants.push(want);
    }
    // every region checked after all ran: none wrote into another's
    for (const [t, r] of regions.entries()) {
      const got = Array.from(r.hist);
      expect(got).toEqual(Array.from(wants[t]));
      expect(got.some((v) => Object.is(v, -0))).toBe(false);
    }
  });

  it('gathers rows into the gather buffer and partitions entries by a column, as the naive copy and split', () => {
    const r = kernelRegion(km, 1, d.totalBins);
    const ids = Uint32Array.from({ length: 600 }, () => rng.below(nLocal));
    views.indices.set(ids.subarray(0, 500));
    const at = 40;
    simdGatherKernel(d.stride, true, km.memory)(layout.indicesAt, layout.indicesAt + 4 * 500, layout.dataAt, layout.ghAllAt, layout.mapAt, layout.gatherAt + at * d.stride, layout.gatherGhAt + 8 * at);
    const bytes = new Uint8Array(km.memory.buffer, layout.gatherAt, layout.gatherRows * d.stride);
    for (let k = 0; k < 500; k++) {
      const row = map[ids[k]];
      expect(Array.from(bytes.subarray((at + k) * d.stride, (at + k + 1) * d.stride))).toEqual(Array.from(d.rb.subarray(row * d.stride, (row + 1) * d.stride)));
      expect([views.gatherGh[2 * (at + k)], views.gatherGh[2 * (at + k) + 1]]).toEqual([views.gh[2 * ids[k]], views.gh[2 * ids[k] + 1]]);
    }
    const feature = 7;
    const table = Uint8Array.from({ length: 256 }, () => (rng.random() < 0.5 ? 1 : 0));
    r.table.set(table);
    views.indices.set(ids.subarray(0, 512));
    const left = simdPartitionKernel(1, true, km.memory)(layout.indicesAt, layout.indicesAt + 4 * 512, layout.colsAt + feature * nData, layout.mapAt, r.tableAt, layout.tmpAt, layout.tmpRAt);
    const goes = (local: number): boolean => table[d.cols[feature][map[local]]] === 1;
    const wantL = Array.from(ids.subarray(0, 512)).filter(goes);
    expect(left).toBe(wantL.length);
    expect(Array.from(views.tmp.subarray(0, left))).toEqual(wantL);
    expect(Array.from(views.tmpR.subarray(0, 512 - left))).toEqual(Array.from(ids.subarray(0, 512)).filter((i) => !goes(i)));
  });

  it("splits a leaf's entries where they are in the partition (lefts over them, rights to tmp) and copies the rights after them, at offsets that differ mod 8 bytes", () => {
    expect(layout.indicesAt).toBeGreaterThanOrEqual(layout.mapAt + 4 * nLocal);
    expect(layout.tmpAt).toBeGreaterThanOrEqual(layout.indicesAt + 4 * nLocal);
    expect(layout.tmpRAt).toBeGreaterThanOrEqual(layout.tmpAt + 4 * nLocal);
    expect(layout.gatherAt).toBeGreaterThanOrEqual(layout.tmpRAt + 4 * nLocal);
    const entries = Uint32Array.from({ length: nLocal }, (_, k) => (7 * k) % nLocal);
    views.indices.set(entries);
    const feature = 4;
    const table = Uint8Array.from({ length: 256 }, () => (rng.random() < 0.4 ? 1 : 0));
    const r = kernelRegion(km, 0, d.totalBins);
    r.table.set(table);
    // entries 301..1300 (an odd start: 4-byte entries 4 bytes off an 8-byte boundary)
    const [begin, count] = [301, 1000];
    const leaf = Array.from(entries.subarray(begin, begin + count));
    const at = layout.indicesAt + 4 * begin;
    const left = simdPartitionKernel(1, true, km.memory)(at, at + 4 * count, layout.colsAt + feature * nData, layout.mapAt, r.tableAt, at, layout.tmpAt);
    simdCopyKernel(km.memory)(at + 4 * left, layout.tmpAt, 4 * (count - left));
    const goes = (local: number): boolean => table[d.cols[feature][map[local]]] === 1;
    expect(left).toBe(leaf.filter(goes).length);
    expect(left).toBeGreaterThan(0);
    expect(Array.from(views.indices.subarray(begin, begin + count))).toEqual([...leaf.filter(goes), ...leaf.filter((i) => !goes(i))]);
    // the entries around the leaf untouched
    expect(Array.from(views.indices.subarray(0, begin))).toEqual(Array.from(entries.subarray(0, begin)));
    expect(Array.from(views.indices.subarray(begin + count))).toEqual(Array.from(entries.subarray(begin + count)));
    // an overlapping copy (memmove), 3 entries on
    const before = Array.from(views.indices.subarray(10, 60));
    simdCopyKernel(km.memory)(layout.indicesAt + 4 * 13, layout.indicesAt + 4 * 10, 4 * 50);
    expect(Array.from(views.indices.subarray(13, 63))).toEqual(before);
  });
});

describe('a learner on threads with the shared kernel memory', () => {
  // every phase on the threads; leaves of 1..3 row blocks (gathered once, then built by feature groups)
  useTrainerSwitches({ threads: { minTrainingWork: 0, buildWork: 0, scanBins: 0, partitionRows: 0, rootRows: 0 }, blocks: { minRows: 1500, binsPerRow: 0 } });

  const rng = new Rng(77);
  const n = 9000;
  const nF = 11;
  const cols = Array.from({ length: nF }, (_, j) => Float64Array.from({ length: n }, () => (j % 4 === 1 ? Math.round(2 * rng.normal()) : rng.normal())));
  const y = Float64Array.from({ length: n }, (_, i) => (cols[0][i] - 0.5 * cols[1][i] + 0.3 * cols[2][i] * cols[3][i] + 0.5 * rng.normal() > 0 ? 1 : 0));
  const data = new Dataset(
    cols.map((values, j) => ({ name: `f${j}`, kind: 'numeric' as const, values })),
    { name: 'y', numeric: y, classes: ['0', '1'], classIndex: Int32Array.from(y), inferredTask: 'binary' },
  );
  const binned = BinnedDataset.fromDataset(data, { max_bin: 255 });

  it('holds the bins, columns and row map once, and its gradient pairs there', () => {
    const rows = Uint32Array.from({ length: n / 2 }, (_, k) => 2 * k);
    const learner = new LeafwiseLearner(binned, rows, resolveParams({ objective: 'binary', num_threads: 2, verbosity: -1 }));
    const phases = (learner as unknown as { phases: LearnerPhases }).phases;
    const km = phases.kernel;
    expect(km).not.toBeNull();
    if (km === null) return;
    expect(km.layout.regions).toBe(2);
    expect(phases.gh.buffer).toBe(km.memory.buffer);
    expect(phases.gh.byteOffset).toBe(km.layout.ghAllAt);
    expect(phases.gh.length).toBe(n);
    const buf = km.memory.buffer;
    expect(Array.from(new Uint8Array(buf, km.layout.dataAt, binned.rowBins?.length ?? 0))).toEqual(Array.from(binned.rowBins ?? []));
    expect(Array.from(new Uint32Array(buf, km.layout.mapAt, rows.length))).toEqual(Array.from(rows));
    // the partition's entries and a split's outputs: there too (the kernels split them in place)
    expect(learner.partition.indices.buffer).toBe(buf);
    expect(learner.partition.indices.byteOffset).toBe(km.layout.indicesAt);
    expect(learner.partition.tmp.byteOffset).toBe(km.layout.tmpAt);
    expect(learner.partition.indices.length).toBeGreaterThanOrEqual(rows.length);
    learner.dispose();
  });

  it("cv's folds on 2 threads (each a block of the data's one kernel memory) give the same results and models as on one thread", () => {
    const saved = cvSwitches.foldCopyBudgetBytes;
    cvSwitches.foldCopyBudgetBytes = 0;
    try {
      const params = { objective: 'binary' as const, num_iterations: 5, num_leaves: 15, min_data_in_leaf: 5, verbosity: -1 };
      const run = (threads: number) => {
        const r = cv({ ...params, num_threads: threads }, binned, { nfold: 3, seed: 4, returnBoosters: true });
        return { history: r.history, models: (r.boosters ?? []).map((b) => b.modelToString()) };
      };
      const one = run(1);
      expect(one.models.length).toBe(3);
      expect(run(2)).toEqual(one);
    } finally {
      cvSwitches.foldCopyBudgetBytes = saved;
    }
  });

  it('gives the same model bytes on 2 threads (the workers running every task) as on one, with all rows, bagging and a row subset', () => {
    const params = { objective: 'binary' as const, num_iterations: 6, num_leaves: 15, min_data_in_leaf: 5, verbosity: -1 };
    const rows = Uint32Array.from({ length: 6000 }, (_, k) => (3 * k) >> 1);
    const texts = (threads: number): string[] =>
      [params, { ...params, bagging_fraction: 0.7, bagging_freq: 1 }].flatMap((p) => [
        new Booster(trainModel({ ...p, num_threads: threads }, binned)).modelToString(),
        new Booster(trainModel({ ...p, num_threads: threads }, binned, { rows })).modelToString(),
      ]);
    const one = texts(1);
    const before = trainerPoolStats()?.workerTasks ?? 0;
    expect(texts(2)).toEqual(one);
    expect((trainerPoolStats()?.workerTasks ?? 0) - before).toBeGreaterThan(100);
    // every leaf of an odd number of blocks (5, 7, ... of 500 rows) gathered once and built by even tiles
    rowBlockSwitches.minRows = 500;
    threadSwitches.gatherOddBlocks = true;
    try {
      expect(texts(2)).toEqual(texts(1));
    } finally {
      threadSwitches.gatherOddBlocks = false;
      rowBlockSwitches.minRows = 1500;
    }
  });
});
