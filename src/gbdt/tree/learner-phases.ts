/**
 * The phases of growing a tree that may run on threads, for one {@link LeafwiseLearner}: the root's
 * gradient pairs and sums, a leaf's histogram, a node's scan (reduce, subtract, best splits), a
 * large leaf's partition. Each phase writes its plan (in shared memory when the learner has threads) and runs its
 * {@link NodeTasks} here alone (small phases, one thread, small trainings) or on the process's
 * trainer threads as well (see trainer-pool.ts and the size rules in parallel-plan.ts). The numeric
 * cut of every phase (row blocks) depends on the data only, so the result is the same either way.
 */
import type { BinnedDataset } from '../../data/binned-dataset.js';
import { resolveThreads, trainerPool, type TrainerPool } from '../threads/trainer-pool.js';
import { CHUNK } from './node-kernels.js';
import { NodeTasks, type NodeTaskParts } from './node-tasks.js';
import { MAX_BLOCKS, MAX_GROUPS, Nums, NUMS_SIZE, Plan, PlanArrays, PLAN_SIZE, readRecord, RECORD_SIZE, TaskKind } from './node-plan.js';
import { evenBounds, evenTileGroups, threadSwitches, tileGroups, weightedBounds } from './parallel-plan.js';
import { DataPartition } from './partition.js';
import { acquireKernelMemory, kernelViews, releaseKernelMemory, type KernelMemory } from './kernel-memory.js';
import { blockRows, histogramBlockCount } from './row-blocks.js';
import { sharedBins } from './shared-bins.js';
import type { FeatureBinInfo } from './split-finder.js';
import type { SplitInfo, SplitParams } from './split-info.js';
import type { Objective } from '../objective/objective.js';
import { lineBounds } from './round-tasks.js';
import { forgetResidentArrays, simdAvailable, simdSwitches } from './wasm-kernels.js';

/** Memory shared with the trainer threads. */
export const shared = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(bytes);
/** Memory of a learner on one thread. */
const plain = (bytes: number): ArrayBuffer => new ArrayBuffer(bytes);

/**
 * The trainer pool of a learner of `nRows` rows x `nF` used features at `numThreads` (0: the
 * machine's cores): null when it runs on the calling thread alone (one thread, or a training
 * below `threadSwitches.minTrainingWork`, which never starts the pool).
 *
 * @example
 * ```ts
 * learnerPool(569, 30, 0); // null: breast_cancer trains on one thread
 * ```
 */
export function learnerPool(nRows: number, nF: number, numThreads = 0): TrainerPool | null {
  return nRows * nF >= threadSwitches.minTrainingWork ? trainerPool(resolveThreads(numThreads)) : null;
}

/**
 * Where a learner allocates the buffers its phases touch: shared memory when it has a trainer
 * pool, else plain memory — a typed array's `fill`, `set` and `copyWithin` over a
 * SharedArrayBuffer copy element by element (relaxed atomics), about 10x slower for `fill`,
 * which one thread alone has no reason to pay.
 *
 * @example
 * ```ts
 * const gh = new Float32Array(learnerMemory(pool)(8 * nRows));
 * ```
 */
export function learnerMemory(pool: TrainerPool | null): (bytes: number) => ArrayBufferLike {
  return pool === null ? plain : shared;
}

/** Rows of the gather buffer of a learner of `nRows` rows (see threadSwitches.gatherRows). */
function gatherLimit(nRows: number): number {
  return Math.min(nRows, threadSwitches.gatherRows);
}

/** The most bytes of a dataset's shared kernel memory (a 32-bit space); above it each thread copies what it gathers from. */
const KERNEL_MEMORY_BYTES = 2 ** 31;

/**
 * The shared kernel memory of a learner on `threads` threads (see kernel-memory.ts), or null when
 * its builds do not run in WebAssembly (column layout, small data, no SIMD) or the data is too
 * large for it.
 */
function learnerKernelMemory(data: BinnedDataset, rows: Uint32Array | null, nRows: number, threads: number): KernelMemory | null {
  const rb = data.rowBins;
  if (rb === null || data.nRows < simdSwitches.minDataRows || !simdAvailable()) return null;
  // a leaf of fewer than 2 row blocks per thread gathers its rows once: room for the largest
  // (or any built leaf, at most half the rows, when every uneven leaf is gathered)
  const largest = threadSwitches.gatherOddBlocks ? Math.ceil(nRows / 2) : (2 * threads - 1) * blockRows(data.totalBins);
  const gatherRows = Math.min(nRows, Math.max(gatherLimit(nRows), largest));
  return acquireKernelMemory(rb, data.bins, rows, { regions: threads, totalBins: data.totalBins, stride: data.rowStride, chunk: CHUNK, localRows: nRows, gatherRows }, KERNEL_MEMORY_BYTES);
}

/** `a` itself when it is in shared memory, else a copy there. */
function sharedCopy(a: Float64Array): Float64Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new Float64Array(shared(a.byteLength));
  out.set(a);
  return out;
}

/** The learner's buffers the phases work on (allocated by the learner in {@link learnerMemory} of `pool`). */
export interface LearnerBuffers {
  /** The learner's trainer pool ({@link learnerPool}; null: this thread alone). */
  pool: TrainerPool | null;
  infos: readonly FeatureBinInfo[];
  isCat: Uint8Array;
  maxNumBin: number;
  /** Leaves of a tree (the partition's). */
  numLeaves: number;
  hists: Float64Array[];
  flags: Uint8Array;
  treeList: Int32Array;
  nodeUsed: Uint8Array;
  tables: Uint8Array;
}

/**
 * @example
 * ```ts
 * const phases = new LearnerPhases(data, null, params, buffers);
 * phases.fillRoot(grad, hess, false, n, sums);
 * const blocks = phases.buildLeaf(0, n, 0, true, treeLen); // the root
 * ```
 */
export class LearnerPhases {
  /** The phase plan (Int32) and numbers (Float64), written by the learner before {@link scan}. */
  readonly plan: Int32Array;
  readonly nums: Float64Array;
  /**
   * The tree's gradient pairs by local row ([g, h] float32), which the learner's root fills: in
   * the shared kernel memory when the learner has one, else in the learner's memory.
   */
  readonly gh: Float32Array;
  /**
   * The leaves' rows: its entries and scratch in the shared kernel memory when the learner has
   * one (the kernels split and gather them in place), else in the learner's memory.
   */
  readonly partition: DataPartition;
  private readonly parts: NodeTaskParts;
  private readonly tasks: NodeTasks;
  private readonly totalBins: number;
  /** The data's row-major bins (the key of its kernel memory). */
  private readonly dataRowBins: Uint8Array | null;
  private readonly nRows: number;
  /** Threads of this training (this one included), the pool (null: this thread only) and this learner's id in it. */
  private readonly threads: number;
  private readonly pool: TrainerPool | null;
  private readonly poolId: number;
  /** Memory of the buffers the phases allocate (shared only with a pool). */
  private readonly memory: (bytes: number) => ArrayBufferLike;

  /** `params`: the split params the scan tasks use, and `num_threads` (default 0: the machine's cores). */
  constructor(data: BinnedDataset, rows: Uint32Array | null, params: SplitParams & { num_threads?: number }, b: LearnerBuffers) {
    const nF = data.nUsed;
    this.nRows = rows === null ? data.nRows : rows.length;
    this.totalBins = data.totalBins;
    this.dataRowBins = data.rowBins;
    this.threads = resolveThreads(params.num_threads ?? 0);
    this.pool = b.pool;
    const memory = learnerMemory(this.pool);
    this.memory = memory;
    // on threads with the WebAssembly kernels: the bins, row map, gradient pairs and gather buffer
    // once in a shared kernel memory, which every thread's kernels read
    const kernel = this.pool === null ? null : learnerKernelMemory(data, rows, this.nRows, this.threads);
    const views = kernel === null ? null : kernelViews(kernel);
    let bins = this.pool === null ? { rowBins: data.rowBins, cols: data.bins } : null;
    if (kernel !== null) {
      const l = kernel.layout;
      const buf = kernel.memory.buffer;
      bins = { rowBins: new Uint8Array(buf, l.dataAt, l.dataRows * l.stride), cols: Array.from({ length: nF }, (_, j) => new Uint8Array(buf, l.colsAt + j * l.dataRows, l.dataRows)) };
    }
    bins ??= sharedBins(data);
    let localRows = rows === null ? null : views !== null ? views.map : rows;
    if (localRows !== null && this.pool !== null && !(localRows.buffer instanceof SharedArrayBuffer)) {
      localRows = new Uint32Array(shared(4 * localRows.length));
      localRows.set(rows as Uint32Array);
    }
    this.gh = views !== null ? views.gh : new Float32Array(memory(8 * this.nRows));
    // on threads: a segment of the entries per thread (see DataPartition)
    const part = new DataPartition(this.nRows, b.numLeaves, memory, views, this.pool === null ? 1 : this.threads);
    this.partition = part;
    this.plan = new Int32Array(memory(4 * PLAN_SIZE));
    // row-major histograms on threads gather a leaf's rows once (see buildLeaf)
    const gathers = this.pool !== null && bins.rowBins !== null && views === null;
    this.nums = new Float64Array(memory(8 * NUMS_SIZE));
    this.parts = {
      nF,
      totalBins: data.totalBins,
      maxNumBin: b.maxNumBin,
      numBin: Int32Array.from(b.infos, (f) => f.numBin),
      missingType: Int32Array.from(b.infos, (f) => f.missingType),
      defaultBin: Int32Array.from(b.infos, (f) => f.defaultBin),
      mostFreqBin: Int32Array.from(b.infos, (f) => f.mostFreqBin),
      isCat: b.isCat,
      offsets: data.binOffsets,
      rowBins: bins.rowBins,
      stride: data.rowStride,
      wasm: bins.rowBins !== null && data.nRows >= simdSwitches.minDataRows,
      kernel,
      cols: bins.cols,
      rows: localRows,
      params,
      grad: null,
      hess: null,
      gh: this.gh,
      indices: part.indices,
      leafBegin: part.leafBegin,
      leafCount: part.leafCount,
      segments: part.segments,
      pieceBegin: part.pieceBegin,
      pieceCount: part.pieceCount,
      leafValues: new Float64Array(memory(8 * part.leafBegin.length)),
      round: null,
      tmpL: part.tmp,
      // the right rows of a split on threads (the calling thread's split needs only tmpL)
      tmpR: views !== null ? views.tmpR : this.pool === null ? new Uint32Array(0) : new Uint32Array(shared(4 * this.nRows)),
      gatherWords: views !== null ? views.gatherWords : new Uint32Array(shared(gathers ? 4 * gatherLimit(this.nRows) * (data.rowStride >> 2) : 0)),
      gatherGh: views !== null ? views.gatherGh : new Float32Array(shared(gathers ? 8 * gatherLimit(this.nRows) : 0)),
      hists: b.hists,
      partials: new Float64Array(0),
      flags: b.flags,
      treeList: b.treeList,
      nodeUsed: b.nodeUsed,
      tables: b.tables,
      results: new Float64Array(memory(8 * RECORD_SIZE * 2 * MAX_GROUPS)),
      resultCats: new Int32Array(memory(4 * b.maxNumBin * 2 * MAX_GROUPS)),
      plan: this.plan,
      nums: this.nums,
    };
    this.tasks = new NodeTasks(this.parts);
    this.poolId = this.pool === null ? 0 : this.pool.attach(this.parts);
  }

  /** The learner's shared kernel memory (kernel-memory.ts), or null when it has none. */
  get kernel(): KernelMemory | null {
    return this.parts.kernel;
  }

  /** True when this learner runs phases on the trainer threads. */
  get onThreads(): boolean {
    return this.pool !== null;
  }

  /** Detaches from the trainer threads (and gives its block of the kernel memory back). */
  dispose(): void {
    forgetResidentArrays();
    if (this.pool !== null) this.pool.detach(this.poolId);
    const km = this.parts.kernel;
    if (km !== null && this.dataRowBins !== null) releaseKernelMemory(this.dataRowBins, km);
    this.parts.kernel = null;
  }

  /** Runs tasks 0..n-1 of a phase: on the threads when `parallel` (and the learner has them), else here. */
  private run(kind: TaskKind, n: number, parallel: boolean): void {
    if (parallel && this.pool !== null) this.pool.run(this.poolId, kind, n, this.threads - 1, this.tasks);
    else for (let t = 0; t < n; t++) this.tasks.run(kind, t);
  }

  /** Partial histograms for at least `n` row blocks past the first (the tasks rebuilt over them, here and on the threads). */
  private ensurePartials(n: number): void {
    const size = 2 * this.totalBins;
    if (this.parts.partials.length >= n * size) return;
    this.parts.partials = new Float64Array(this.memory(8 * n * size));
    this.tasks.replaceParts(this.parts);
    if (this.pool !== null) this.pool.update(this.poolId, this.parts);
  }

  /**
   * The root's gradient pairs into `gh` and their sums into `sums[0]`, `sums[1]`: per row block
   * of the bag (partition positions 0..bagCount), summed in block order. The session's gradient
   * arrays go to the threads when they are in shared memory (BoostingSession allocates them so);
   * other arrays are read on this thread.
   */
  fillRoot(grad: Float32Array, hess: Float32Array, bagged: boolean, bagCount: number, sums: Float64Array): void {
    const shareable = this.bindGradients(grad, hess);
    const plan = this.plan;
    plan[Plan.gradOffset] = grad.byteOffset >> 2;
    plan[Plan.hessOffset] = hess.byteOffset >> 2;
    plan[Plan.bagged] = bagged ? 1 : 0;
    plan[Plan.ghVersion] = (plan[Plan.ghVersion] + 1) | 0;
    const blocks = histogramBlockCount(bagCount, this.totalBins);
    evenBounds(plan, PlanArrays.blockBounds, 0, bagCount, blocks);
    this.run(TaskKind.rootFill, blocks, shareable && bagCount >= threadSwitches.rootRows);
    let sg = 0;
    let sh = 0;
    for (let k = 0; k < blocks; k++) {
      sg += this.nums[Nums.blockSums + 2 * k];
      sh += this.nums[Nums.blockSums + 2 * k + 1];
    }
    sums[0] = sg;
    sums[1] = sh;
  }

  /**
   * Makes the arrays over `grad`'s and `hess`'s memory the tasks' gradient arrays (telling the
   * threads when they changed); true when the threads can read them (shared memory).
   */
  private bindGradients(grad: Float32Array, hess: Float32Array): boolean {
    const parts = this.parts;
    const shareable = this.pool !== null && grad.buffer instanceof SharedArrayBuffer && hess.buffer instanceof SharedArrayBuffer;
    if (parts.grad === null || parts.grad.buffer !== grad.buffer || parts.hess === null || parts.hess.buffer !== hess.buffer) {
      parts.grad = new Float32Array(grad.buffer, 0, grad.buffer.byteLength >> 2);
      parts.hess = new Float32Array(hess.buffer, 0, hess.buffer.byteLength >> 2);
      if (shareable && this.pool !== null) this.pool.update(this.poolId, parts);
    }
    return shareable;
  }

  /**
   * Lets the threads compute `objective`'s gradients and add leaf values to `score`: when this
   * learner runs on threads and the objective computes row ranges (`getGradientsRange`), a
   * worker rebuilds it from `params` (createObjective) with `label` and `weights`. `score` must
   * be in shared memory (the session allocates it so). Label and weights are copied to shared
   * memory when they are not.
   */
  shareRound(objective: Objective, params: Record<string, unknown>, label: Float64Array, weights: Float64Array | null, score: Float64Array): void {
    if (this.pool === null || objective.getGradientsRange === undefined || !(score.buffer instanceof SharedArrayBuffer)) return;
    this.parts.round = { objectiveParams: params, label: sharedCopy(label), weights: weights === null ? null : sharedCopy(weights), score };
    this.tasks.useObjective(objective);
    this.pool.update(this.poolId, this.parts);
  }

  /**
   * `objective.getGradients(score, grad, hess)` over `nRows` rows (`nModel` classes each), in row
   * blocks on the threads when the round is shared ({@link shareRound}) and large enough.
   */
  gradients(objective: Objective, score: Float64Array, grad: Float32Array, hess: Float32Array, nModel: number): void {
    const round = this.parts.round;
    const n = this.nRows;
    if (round === null || round.score !== score || n * nModel < threadSwitches.gradientWork || !this.bindGradients(grad, hess) || grad.byteOffset !== 0 || hess.byteOffset !== 0) {
      objective.getGradients(score, grad, hess);
      return;
    }
    const blocks = Math.min(MAX_BLOCKS, threadSwitches.blocksPerThread * this.threads, Math.ceil((n * nModel) / threadSwitches.gradientBlockWork));
    evenBounds(this.plan, PlanArrays.partBounds, 0, n, blocks);
    this.run(TaskKind.gradients, blocks, true);
  }

  /**
   * Adds `leafValues[l]` to `score[offset + i]` for the rows i of leaf l of the partition (l <
   * numLeaves), in blocks on the threads when the round is shared and the rows many; false when
   * it did nothing (the caller adds them).
   */
  addLeafValues(leafValues: Float64Array, numLeaves: number, score: Float64Array, offset: number, rows: number): boolean {
    const round = this.parts.round;
    if (round === null || round.score !== score || rows < threadSwitches.scoreRows) return false;
    const plan = this.plan;
    this.parts.leafValues.set(leafValues.subarray(0, numLeaves));
    plan[Plan.numLeaves] = numLeaves;
    plan[Plan.scoreOffset] = offset;
    // tasks by ranges of rows (not of partition positions): each writes its own rows' scores
    const blocks = Math.min(MAX_BLOCKS, threadSwitches.blocksPerThread * this.threads, Math.ceil(rows / threadSwitches.partitionBlockRows));
    lineBounds(plan, PlanArrays.partBounds, offset + (score.byteOffset >> 3), this.nRows, blocks);
    this.run(TaskKind.addScore, blocks, true);
    return true;
  }

  /**
   * Builds the histogram of `leaf`'s `count` rows (rows 0..count when `allRows`) into histogram
   * `slot`, over the first `treeLen` features of the tree's list, in row blocks (row-blocks.ts)
   * of its positions, whose first lands in the slot and the others in partial histograms that
   * {@link scan} sums. Returns the number of blocks.
   */
  buildLeaf(leaf: number, count: number, slot: number, allRows: boolean, treeLen: number): number {
    const plan = this.plan;
    const begin = this.partition.leafBegin[leaf];
    plan[Plan.leaf] = leaf;
    const blocks = histogramBlockCount(count, this.totalBins);
    this.ensurePartials(blocks - 1);
    const features = this.parts.rowBins !== null ? this.parts.nF : treeLen;
    const parallel = this.pool !== null && count * features >= threadSwitches.buildWork;
    // a leaf whose blocks do not share evenly between the threads: its rows gathered once (in
    // parallel), then built in tiles of blocks x feature groups from the gathered copy (a tile
    // gathering its own rows would copy each row once per feature group)
    const uneven = parallel && !allRows && blocks % this.threads !== 0 && (blocks < 2 * this.threads || (threadSwitches.gatherOddBlocks && this.parts.kernel !== null));
    // (tiles that gather their rows in WebAssembly share them evenly without the gather phase)
    // (with the shared kernel memory, the gather phase runs in WebAssembly too, into a buffer every tile reads in place)
    const wasmGathers = this.tasks.gathersInKernels();
    const gathered = uneven && (!wasmGathers || this.parts.kernel !== null) && count <= this.parts.gatherGh.length >> 1;
    let groups = gathered || (uneven && wasmGathers) ? evenTileGroups(blocks, this.threads, features) : parallel ? tileGroups(blocks, this.threads, features) : 1;
    // whole row blocks that do not share evenly between the threads (the root's 7 at 300k rows x
    // 28, 21 at 1M; a leaf's 5, 7, ...): the last blocks % threads cut by features, one group per
    // thread, after the whole ones, so that the threads end together
    const rest = blocks % this.threads;
    const splitBlocks = parallel && threadSwitches.splitOddBlocks && groups === 1 && rest !== 0 && blocks > this.threads ? rest : 0;
    if (splitBlocks > 0) groups = Math.max(1, Math.min(this.threads, Math.floor(features / 4)));
    plan[Plan.splitBlocks] = splitBlocks;
    // each thread's range of tiles its share of the whole blocks and of the cut tiles (the root's
    // 21 blocks at 2 threads: 10 whole and 1 half each, not 11 whole against 9 and 2 halves)
    plan[Plan.splitOwners] = threadSwitches.shareCutTiles && splitBlocks > 0 && (splitBlocks * groups) % this.threads === 0 ? this.threads : 0;
    plan[Plan.gathered] = gathered ? 1 : 0;
    plan[Plan.begin] = begin;
    plan[Plan.count] = count;
    plan[Plan.slot] = slot;
    plan[Plan.allRows] = allRows ? 1 : 0;
    plan[Plan.blocks] = blocks;
    plan[Plan.groups] = groups;
    plan[Plan.treeLen] = treeLen;
    evenBounds(plan, PlanArrays.blockBounds, begin, count, blocks);
    evenBounds(plan, PlanArrays.groupBounds, 0, features, groups);
    // two feature groups of rows of 17-32 bytes, each within one 16-byte half of a row: the
    // gather writes the halves to two regions, and each group's tiles read only theirs
    const stride = this.parts.stride;
    const g1 = plan[PlanArrays.groupBounds + 1];
    const halves = threadSwitches.splitGather && gathered && this.parts.kernel !== null && groups === 2 && splitBlocks === 0 && stride > 16 && stride <= 32 && g1 <= 16 && g1 >= stride - 16 && 32 * count <= this.parts.kernel.layout.gatherRows * stride;
    plan[Plan.splitGather] = halves ? 1 : 0;
    if (features === 0) return blocks;
    if (gathered) {
      const parts = Math.min(MAX_BLOCKS, threadSwitches.blocksPerThread * this.threads, Math.ceil(count / threadSwitches.gatherBlockRows));
      evenBounds(plan, PlanArrays.partBounds, begin, count, parts);
      this.run(TaskKind.gather, parts, true);
    }
    this.run(TaskKind.build, splitBlocks > 0 ? blocks - splitBlocks + splitBlocks * groups : blocks * groups, parallel);
    return blocks;
  }

  /**
   * Runs a node's scan phase (the plan's node fields written by the caller): the smaller child's
   * row blocks summed, the larger child by subtraction, both leaves' best splits per feature group
   * unless the plan says not to scan. `bins`: the bins scanned. Returns the number of groups.
   */
  scan(treeList: Int32Array, treeLen: number, bins: number): number {
    const parallel = this.pool !== null && bins >= threadSwitches.scanBins;
    const wanted = parallel ? Math.min(MAX_GROUPS, 2 * this.threads) : 1;
    const groups = weightedBounds(this.plan, PlanArrays.scanBounds, treeList, treeLen, this.parts.numBin, wanted);
    this.plan[Plan.scanGroups] = groups;
    this.plan[Plan.treeLen] = treeLen;
    if (groups > 0) this.run(TaskKind.scan, groups, parallel);
    return groups;
  }

  /** `out` = the best of the scan groups' splits of `side` (gain, then feature index: a total order). */
  best(side: number, groups: number, out: SplitInfo, scratch: SplitInfo): void {
    out.reset();
    for (let g = 0; g < groups; g++) {
      readRecord(this.parts.results, this.parts.resultCats, 2 * g + side, this.parts.maxNumBin, scratch);
      if (scratch.gain > -Infinity && scratch.betterThan(out)) out.copyFrom(scratch);
    }
  }

  /** True when a leaf of `count` rows is split on the threads ({@link split}). */
  splitsOnThreads(count: number): boolean {
    return this.pool !== null && count >= threadSwitches.partitionRows;
  }

  /**
   * DataPartition.split of `leaf` into `right` by inner feature `feature` and its bin `table`, on
   * this thread with the WebAssembly partition kernel (each of the leaf's pieces in place); -1
   * (nothing done) when it cannot run (no SIMD, column layout, data too large for kernel memory).
   */
  splitHere(part: DataPartition, leaf: number, right: number, feature: number, table: Uint8Array): number {
    if (part.leafCount[leaf] === 0) return -1;
    const n = part.segments;
    let left = 0;
    let done = 0;
    for (let q = leaf * n, r = right * n; q < (leaf + 1) * n; q++, r++) {
      const begin = part.pieceBegin[q];
      const count = part.pieceCount[q];
      const l = count === 0 ? 0 : this.tasks.splitHere(begin, count, feature, table);
      if (l < 0) {
        // the kernel runs for every piece or none (it depends on the data and the table alone)
        if (done > 0) throw new Error('the partition kernel refused a piece of a leaf it split before');
        return -1;
      }
      if (count > 0) done++;
      part.splitPiece(q, r, l);
      left += l;
    }
    part.setCounts(leaf, right, left);
    return left;
  }

  /**
   * DataPartition.split of `leaf` into `right` by inner feature `feature` and node `node`'s table,
   * on the threads: each row block of each of its pieces split into tmpL and tmpR, then every
   * block's lefts and rights copied to their places in its piece — the same stable order. The
   * blocks go segment by segment, as many in each, so that the thread owning a segment (the
   * pool's owner ranges) splits its blocks. Returns the left count.
   */
  split(part: DataPartition, leaf: number, right: number, feature: number, node: number): number {
    const plan = this.plan;
    const n = part.segments;
    const count = part.leafCount[leaf];
    const total = Math.min(MAX_BLOCKS, threadSwitches.blocksPerThread * this.threads, Math.ceil(count / threadSwitches.partitionBlockRows));
    const per = Math.max(1, Math.floor(total / n));
    plan[Plan.feature] = feature;
    plan[Plan.node] = node;
    let t = 0;
    for (let q = leaf * n; q < (leaf + 1) * n; q++) {
      const pb = part.pieceBegin[q];
      const pc = part.pieceCount[q];
      for (let k = 0; k < per; k++, t++) {
        plan[PlanArrays.partBounds + t] = pb + Math.floor((k * pc) / per);
        plan[PlanArrays.partEnds + t] = pb + Math.floor(((k + 1) * pc) / per);
      }
    }
    plan[Plan.partBlocks] = t;
    this.run(TaskKind.partition, t, true);
    let left = 0;
    t = 0;
    for (let q = leaf * n, r = right * n; q < (leaf + 1) * n; q++, r++) {
      const pb = part.pieceBegin[q];
      let at = pb;
      for (let k = 0; k < per; k++) {
        plan[PlanArrays.partLeftAt + t + k] = at;
        at += plan[PlanArrays.partLeft + t + k];
      }
      const l = at - pb;
      for (let k = 0; k < per; k++) {
        plan[PlanArrays.partRightAt + t + k] = at;
        at += plan[PlanArrays.partRight + t + k];
      }
      t += per;
      part.splitPiece(q, r, l);
      left += l;
    }
    this.run(TaskKind.place, t, true);
    part.setCounts(leaf, right, left);
    return left;
  }
}

export { Nums, Plan };
