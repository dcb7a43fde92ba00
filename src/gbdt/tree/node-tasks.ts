/**
 * The heavy work of growing a tree cut into tasks that any thread can run: the root's gradient
 * pairs and sums, histogram tiles (a row block times a feature group), split scans per feature
 * group, and a leaf's partition in row blocks. Every buffer a task reads or writes is in
 * {@link NodeTaskParts} (shared memory when the learner runs on threads), and so is the phase's
 * plan (`plan`, `nums`), written by the learner before it runs a phase. The main thread's
 * {@link LeafwiseLearner} and every trainer worker build one `NodeTasks` over the same parts.
 *
 * A phase's result never depends on which thread ran which task or in what order: each task
 * writes its own outputs (a histogram's row block, one group's best splits, one block's rows), and
 * the learner combines them in a fixed order (row blocks by {@link histogramBlockCount}, whose cut
 * does not depend on the thread count; split candidates by gain and feature index, a total order).
 * So a phase run on the main thread alone gives the same bits as on many threads.
 */
import type { BinColumn } from '../../data/binned-dataset.js';
import { MissingType } from '../../data/bin-mapper.js';
import { findBestCategoricalSplit } from './categorical-split.js';
import { columnHistogramKernel, gatherIdsKernel, rowMajorKernels, type RowMajorKernels } from './codegen.js';
import type { KernelMemory } from './kernel-memory.js';
import { CHUNK, gatherAndBuild, partitionChunks, sharedKernels, type SharedKernels } from './node-kernels.js';
import { Nums, Plan, PlanArrays, TaskKind, writeRecord } from './node-plan.js';
import { simdAvailable, simdGatherKernel, simdHistogramKernels, simdPartitionKernel, simdScratch, TABLE_BYTES, type SimdHistogramKernel, type SimdScratch } from './wasm-kernels.js';
import { findBestNumericalSplit, type FeatureBinInfo } from './split-finder.js';
import { SplitInfo, type SplitParams } from './split-info.js';
import type { Objective } from '../objective/objective.js';
import { scoreRows, type ObjectiveFactory, type RoundParts } from './round-tasks.js';

/** Everything a task touches (structured-cloneable; typed arrays over shared memory are shared). */
export interface NodeTaskParts {
  nF: number;
  totalBins: number;
  maxNumBin: number;
  numBin: Int32Array;
  missingType: Int32Array;
  defaultBin: Int32Array;
  /** LightGBM's most frequent bin per feature: when above 0, a built histogram derives it (FixHistogram). */
  mostFreqBin: Int32Array;
  isCat: Uint8Array;
  /** Histogram offset of inner feature j (nF + 1 entries). */
  offsets: Int32Array;
  /** Row-major bins and their stride, or null (column layout only). */
  rowBins: Uint8Array | null;
  stride: number;
  /**
   * Row-major builds and partitions run in WebAssembly when it is available: decided once by the
   * learner from the data's rows (see `simdSwitches.minDataRows`), so every thread does the same.
   */
  wasm: boolean;
  /**
   * The learner's shared kernel memory (kernel-memory.ts) when it trains on threads with the
   * WebAssembly kernels: bins, columns, row map, `gh` and the gather buffer live there once, read by
   * every thread; null otherwise (each thread then copies them into its own kernel memory).
   */
  kernel: KernelMemory | null;
  cols: BinColumn[];
  /** Local row → data row, or null. */
  rows: Uint32Array | null;
  params: SplitParams;
  /** The session's gradients and hessians (class k at `gradOffset`), or null when not shared. */
  grad: Float32Array | null;
  hess: Float32Array | null;
  gh: Float32Array;
  indices: Uint32Array;
  /** The partition's leaf ranges (in segment order: see DataPartition). */
  leafBegin: Int32Array;
  leafCount: Int32Array;
  /** The partition's segments and each leaf's piece in each (the leaf ranges themselves with one segment). */
  segments: number;
  pieceBegin: Int32Array;
  pieceCount: Int32Array;
  /** The last tree's leaf values (for addScore). */
  leafValues: Float64Array;
  /** The session's objective and scores, once shared (gradients and addScore tasks), else null. */
  round: RoundParts | null;
  tmpL: Uint32Array;
  tmpR: Uint32Array;
  /**
   * A leaf's rows gathered in partition order (row-major bins as 32-bit words, and their
   * gradient pairs), for histograms built by feature groups on threads; empty when unused.
   */
  gatherWords: Uint32Array;
  gatherGh: Float32Array;
  hists: Float64Array[];
  /** Partial histograms of row blocks 1.., each 2 * totalBins doubles. */
  partials: Float64Array;
  flags: Uint8Array;
  treeList: Int32Array;
  /** Per side (smaller, larger): the node-sampled features. */
  nodeUsed: Uint8Array;
  /** The bin → goes-left table of every node. */
  tables: Uint8Array;
  results: Float64Array;
  resultCats: Int32Array;
  plan: Int32Array;
  nums: Float64Array;
}

const { blockBounds: BLOCK_BOUNDS, groupBounds: GROUP_BOUNDS, scanBounds: SCAN_BOUNDS, partBounds: PART_BOUNDS, partLeft: PART_LEFT, partRight: PART_RIGHT, partLeftAt: PART_LEFT_AT, partRightAt: PART_RIGHT_AT, partEnds: PART_ENDS } = PlanArrays;
/**
 * The most bytes of bins, gradient pairs and row map a thread copies into its SIMD kernel memory
 * (a 32-bit address space) to gather rows there; above it the rows are gathered in JavaScript.
 */
const SIMD_RESIDENT_BYTES = 1 << 30;
const NO_ROWS = new Uint32Array(0);
/**
 * `skipUnsplittable`: the scan phase skips a leaf of fewer than 2 * min_data_in_leaf rows and the
 * bins of a feature its parent could not split (see NodeTasks' scan and scanLeaf). Off only to
 * compare with the full scan (the same model bytes; a test checks it). Measured on ames (5-fold cv,
 * 859 rounds of 70 leaves, 1 thread): 10.3-10.9 s -> 9.4-9.9 s CPU.
 */
export const scanSwitches = { skipUnsplittable: true };

/** This thread's chunk buffers (tasks run one at a time per thread). */
let chunkWords = new Uint32Array(0);
let chunkBytes = new Uint8Array(0);
const chunkGh = new Float32Array(2 * CHUNK);
const chunkIds = new Uint32Array(CHUNK);

/**
 * Runs the tasks of a learner's phases over its parts.
 *
 * @example
 * ```ts
 * const tasks = new NodeTasks(parts);
 * for (let t = 0; t < nTasks; t++) tasks.run(TaskKind.build, t);
 * ```
 */
export class NodeTasks {
  parts: NodeTaskParts;
  private kernels: RowMajorKernels | null = null;
  /** Row-major layouts: feature j's first histogram slot, and the SIMD kernels per feature range (`a * (nF + 1) + b`) when available. */
  private slots: number[] = [];
  private simdRanges = new Map<number, SimdHistogramKernel[]>();
  private rowWords: Uint32Array = NO_ROWS;
  private partialViews: Float64Array[] = [];
  private gatherBytes: Uint8Array = new Uint8Array(0);
  private infos: FeatureBinInfo[] = [];
  private sc: SplitInfo;
  private best: SplitInfo;
  private readonly makeObjective: ObjectiveFactory | null;
  /** The objective of gradient tasks: the session's own on the calling thread, rebuilt on a worker. */
  private objective: Objective | null = null;
  /** This thread's region of the learner's shared kernel memory and the kernels over it (null: none), and the region's number. */
  private shared: SharedKernels | null = null;
  private readonly regionIndex: number;
  /** The entries of a range of a leaf's positions, piece by piece (see {@link pieces}): [begin, end, position] each. */
  private ranges = new Int32Array(3);

  /**
   * `makeObjective`: how a worker rebuilds the session's objective from `parts.round` (null on the
   * calling thread, which is given it); `region`: this thread's region of a shared kernel memory
   * (0 on the calling thread, worker i's i + 1).
   */
  constructor(parts: NodeTaskParts, makeObjective: ObjectiveFactory | null = null, region = 0) {
    this.parts = parts;
    this.makeObjective = makeObjective;
    this.regionIndex = region;
    this.sc = new SplitInfo(parts.maxNumBin);
    this.best = new SplitInfo(parts.maxNumBin);
    this.replaceParts(parts);
  }

  /**
   * Works on `parts` from now on (the learner grew a buffer); the objective of gradient tasks is
   * kept (a learner's session never changes).
   */
  replaceParts(parts: NodeTaskParts): void {
    this.parts = parts;
    const rb = parts.rowBins;
    const off2 = parts.offsets.map((o) => 2 * o);
    this.kernels = rb === null ? null : rowMajorKernels(parts.nF, parts.stride, off2);
    this.slots = Array.from(parts.offsets.subarray(0, parts.nF));
    this.simdRanges = new Map();
    this.rowWords = rb === null ? NO_ROWS : new Uint32Array(rb.buffer, rb.byteOffset, rb.byteLength >> 2);
    this.gatherBytes = new Uint8Array(parts.gatherWords.buffer, parts.gatherWords.byteOffset, parts.gatherWords.byteLength);
    const size = 2 * parts.totalBins;
    this.ranges = new Int32Array(3 * parts.segments);
    this.partialViews = [];
    for (let k = 0; size > 0 && (k + 1) * size <= parts.partials.length; k++) this.partialViews.push(parts.partials.subarray(k * size, (k + 1) * size));
    const km = parts.kernel;
    const inKernel = km !== null && rb !== null && this.regionIndex < km.layout.regions && this.wasm();
    this.shared = inKernel ? sharedKernels(km, this.regionIndex, parts.totalBins, parts.stride, parts.rows !== null) : null;
    this.infos = [];
    for (let j = 0; j < parts.nF; j++) {
      this.infos.push({ numBin: parts.numBin[j], missingType: parts.missingType[j] as MissingType, defaultBin: parts.defaultBin[j], mostFreqBin: parts.mostFreqBin[j] });
    }
  }

  /** The objective of gradient tasks on this thread (the session's). */
  useObjective(objective: Objective): void {
    this.objective = objective;
  }

  /** Runs task `t` of a phase of `kind` (the plan already written). */
  run(kind: TaskKind, t: number): void {
    if (kind === TaskKind.build) this.build(t);
    else if (kind === TaskKind.scan) this.scan(t);
    else if (kind === TaskKind.partition) this.partition(t);
    else if (kind === TaskKind.place) this.place(t);
    else if (kind === TaskKind.gradients) this.gradients(t);
    else if (kind === TaskKind.addScore) this.addScore(t);
    else if (kind === TaskKind.gather) this.gather(t);
    else this.rootFill(t);
  }

  /** Row block t: the objective's gradients of its rows (every class), into the session's arrays. */
  private gradients(t: number): void {
    const p = this.parts;
    const round = p.round as RoundParts;
    if (this.objective === null) {
      if (this.makeObjective === null) throw new Error('gradient task without an objective');
      const obj = this.makeObjective(round.objectiveParams);
      obj.init(round.label, round.weights);
      this.objective = obj;
    }
    const s = p.plan[PART_BOUNDS + t];
    const e = p.plan[PART_BOUNDS + t + 1];
    (this.objective as Required<Pick<Objective, 'getGradientsRange'>>).getGradientsRange(round.score, p.grad as Float32Array, p.hess as Float32Array, s, e);
  }

  /** Row range t (partBounds): the last tree's leaf values added to the scores of its rows. */
  private addScore(t: number): void {
    const p = this.parts;
    const plan = p.plan;
    const score = (p.round as RoundParts).score;
    scoreRows(p.indices, p.pieceBegin, p.pieceCount, p.segments, p.leafValues, plan[Plan.numLeaves], score, plan[Plan.scoreOffset], plan[PART_BOUNDS + t], plan[PART_BOUNDS + t + 1]);
  }

  /**
   * Root block t: the gradient pairs of its rows (in partition order) and their sums; with all
   * rows (not bagged), also the partition's entries of the block (entry i = row i).
   */
  private rootFill(t: number): void {
    const { plan, nums, gh, indices } = this.parts;
    const grad = this.parts.grad as Float32Array;
    const hess = this.parts.hess as Float32Array;
    const go = plan[Plan.gradOffset];
    const ho = plan[Plan.hessOffset];
    const s = plan[BLOCK_BOUNDS + t];
    const e = plan[BLOCK_BOUNDS + t + 1];
    let sg = 0;
    let sh = 0;
    if (plan[Plan.bagged] === 1) {
      for (let k = s; k < e; k++) {
        const i = indices[k];
        const g = grad[go + i];
        const h = hess[ho + i];
        gh[2 * i] = g;
        gh[2 * i + 1] = h;
        sg += g;
        sh += h;
      }
    } else {
      // all rows: the partition's entries written here too (DataPartition.init leaves them to this)
      for (let i = s; i < e; i++) {
        const g = grad[go + i];
        const h = hess[ho + i];
        indices[i] = i;
        gh[2 * i] = g;
        gh[2 * i + 1] = h;
        sg += g;
        sh += h;
      }
    }
    nums[Nums.blockSums + 2 * t] = sg;
    nums[Nums.blockSums + 2 * t + 1] = sh;
  }

  /** Tile t: row block k and feature range a..b of the leaf (see TaskKind.build for the cut). */
  private build(t: number): void {
    const p = this.parts;
    const plan = p.plan;
    const groups = plan[Plan.groups];
    const split = plan[Plan.splitBlocks];
    const whole = plan[Plan.blocks] - split;
    // whole row block w, or (w < 0) tile u of the cut blocks
    let w = -1;
    let u = t;
    if (split > 0) {
      const owners = plan[Plan.splitOwners];
      if (owners > 0) {
        // owner o's range (o * per .. (o + 1) * per): its whole blocks, then its cut tiles
        const wholePer = whole / owners;
        const cutPer = (split * groups) / owners;
        const o = Math.floor(t / (wholePer + cutPer));
        const i = t - o * (wholePer + cutPer);
        if (i < wholePer) w = o * wholePer + i;
        else u = o * cutPer + i - wholePer;
      } else if (t < whole) w = t;
      else u = t - whole;
    }
    let k: number;
    let a: number;
    let b: number;
    if (w >= 0) {
      // a whole row block: every feature (row-major) or every tree feature (column layout)
      k = w;
      a = 0;
      b = this.kernels !== null ? p.nF : plan[Plan.treeLen];
    } else {
      const q = Math.floor(u / groups);
      const g = u - q * groups;
      k = split > 0 ? whole + q : q;
      a = plan[GROUP_BOUNDS + g];
      b = plan[GROUP_BOUNDS + g + 1];
    }
    const s = plan[BLOCK_BOUNDS + k];
    const e = plan[BLOCK_BOUNDS + k + 1];
    const target = k === 0 ? p.hists[plan[Plan.slot]] : this.partialViews[k - 1];
    const allRows = plan[Plan.allRows] === 1;
    const offs = p.offsets;
    const kernels = this.kernels;
    if (kernels !== null) {
      // row-major: group g is features a..b (every feature, sampled for the tree or not)
      if (this.shared !== null) {
        this.buildShared(s, e, a, b, target, this.shared);
        return;
      }
      if (this.wasm()) {
        this.buildSimd(s, e, a, b, target);
        return;
      }
      target.fill(0, 2 * offs[a], 2 * offs[b]);
      const range = kernels.range(a, b);
      const rb = p.rowBins as Uint8Array;
      if (allRows) {
        const bins = rb.subarray(s * p.stride, e * p.stride);
        for (let q = 0; q < range.all.length; q++) range.all[q](bins, NO_ROWS, p.gh, s, e, target, 0);
        return;
      }
      if (plan[Plan.gathered] === 1) {
        // the leaf's rows, already gathered in order: row j - begin of the buffer
        const begin = plan[Plan.begin];
        const bins = this.gatherBytes.subarray((s - begin) * p.stride, (e - begin) * p.stride);
        for (let q = 0; q < range.seq.length; q++) range.seq[q](bins, NO_ROWS, p.gatherGh, s - begin, e - begin, target, 0);
        return;
      }
      const words = p.stride >> 2;
      if (chunkWords.length < CHUNK * words) {
        chunkWords = new Uint32Array(CHUNK * words);
        chunkBytes = new Uint8Array(chunkWords.buffer);
      }
      const rows = p.rows;
      const gather = kernels.gather[rows === null ? 0 : 1];
      const rs = this.ranges;
      for (let x = 0, n = this.pieces(s, e); x < n; x++) {
        const pe = rs[3 * x + 1];
        for (let c0 = rs[3 * x]; c0 < pe; c0 += CHUNK) {
          const c1 = Math.min(pe, c0 + CHUNK);
          gather(this.rowWords, p.indices, rows ?? NO_ROWS, p.gh, c0, c1, chunkWords, chunkGh);
          for (let q = 0; q < range.seq.length; q++) range.seq[q](chunkBytes, NO_ROWS, chunkGh, 0, c1 - c0, target, 0);
        }
      }
      return;
    }
    // column layout: group g is tree features treeList[a..b)
    const list = p.treeList;
    for (let q = a; q < b; q++) {
      const j = list[q];
      target.fill(0, 2 * offs[j], 2 * offs[j + 1]);
    }
    if (allRows) {
      for (let q = a; q < b; q++) {
        const j = list[q];
        const col = p.cols[j];
        columnHistogramKernel(col instanceof Uint8Array ? 8 : 16, false)(col.subarray(s, e), NO_ROWS, p.gh, s, e, target, 2 * offs[j]);
      }
      return;
    }
    const rows = p.rows;
    const gather = gatherIdsKernel(rows !== null);
    const rs = this.ranges;
    for (let x = 0, n = this.pieces(s, e); x < n; x++) {
      const pe = rs[3 * x + 1];
      for (let c0 = rs[3 * x]; c0 < pe; c0 += CHUNK) {
        const c1 = Math.min(pe, c0 + CHUNK);
        gather(p.indices, rows ?? NO_ROWS, p.gh, c0, c1, chunkIds, chunkGh);
        for (let q = a; q < b; q++) {
          const j = list[q];
          const col = p.cols[j];
          columnHistogramKernel(col instanceof Uint8Array ? 8 : 16, true)(col, chunkIds, chunkGh, 0, c1 - c0, target, 2 * offs[j]);
        }
      }
    }
  }

  /**
   * The entries of positions s..e of the plan's leaf (in segment order), piece by piece, into
   * `ranges`: [entry begin, entry end, position of the begin] each; returns their number. With one
   * segment the positions are the entries.
   */
  private pieces(s: number, e: number): number {
    const p = this.parts;
    const out = this.ranges;
    const n = p.segments;
    if (n === 1) {
      out[0] = s;
      out[1] = e;
      out[2] = s;
      return e > s ? 1 : 0;
    }
    const leaf = p.plan[Plan.leaf];
    let c = p.leafBegin[leaf];
    let k = 0;
    for (let q = leaf * n; q < (leaf + 1) * n && c < e; q++) {
      const pc = p.pieceCount[q];
      const lo = Math.max(s, c);
      const hi = Math.min(e, c + pc);
      if (hi > lo) {
        const pb = p.pieceBegin[q];
        out[3 * k] = pb + lo - c;
        out[3 * k + 1] = pb + hi - c;
        out[3 * k + 2] = lo;
        k++;
      }
      c += pc;
    }
    return k;
  }

  /**
   * The SIMD histogram kernels of features a..b over rows of `stride` bytes (the data's, or 16: a
   * gathered half), made once; into the histogram of this thread's region of the shared kernel
   * memory when `k` is given (a learner uses either kind, never both).
   */
  private rangeKernels(a: number, b: number, stride: number, k: SharedKernels | null): SimdHistogramKernel[] {
    const range = a * (this.parts.nF + 1) + b;
    const key = stride === this.parts.stride ? range : -1 - range;
    let kernels = this.simdRanges.get(key);
    if (kernels === undefined) {
      kernels = simdHistogramKernels(this.slots, stride, a, b, k === null ? null : { memory: k.memory, base: k.region.base });
      this.simdRanges.set(key, kernels);
    }
    return kernels;
  }

  /**
   * The row-major tile of rows s..e and features a..b into `target` with the SIMD kernels over the
   * learner's shared kernel memory, the histogram in this thread's region `r`: all rows read where
   * they are, gathered rows read from the gather buffer (no copy), a leaf's rows otherwise gathered
   * chunk by chunk into the region (the same sums, in the same row order, as the other paths).
   */
  private buildShared(s: number, e: number, a: number, b: number, target: Float64Array, k: SharedKernels): void {
    const p = this.parts;
    const plan = p.plan;
    const offs = p.offsets;
    const stride = p.stride;
    const { region: r, layout: l } = k;
    if (e <= s) {
      target.fill(0, 2 * offs[a], 2 * offs[b]);
      return;
    }
    k.zero(r.base + 16 * offs[a], 16 * (offs[b] - offs[a]));
    if (plan[Plan.gathered] === 1 && plan[Plan.splitGather] === 1) {
      // the half of each gathered row holding features a..b: rows of 16 bytes, feature f at byte f - shift
      const begin = plan[Plan.begin];
      const low = b <= 16;
      const shift = low ? 0 : stride - 16;
      const at = l.gatherAt + (low ? 0 : 16 * plan[Plan.count]) - shift;
      const ks = this.rangeKernels(a, b, 16, k);
      for (let q = 0; q < ks.length; q++) ks[q](at + (s - begin) * 16, at + (e - begin) * 16, l.gatherGhAt + 8 * (s - begin));
    } else if (plan[Plan.allRows] === 1) {
      const ks = this.rangeKernels(a, b, stride, k);
      for (let q = 0; q < ks.length; q++) ks[q](l.dataAt + s * stride, l.dataAt + e * stride, l.ghAllAt + 8 * s);
    } else if (plan[Plan.gathered] === 1) {
      // the leaf's rows, already gathered in order: row j - begin of the buffer
      const begin = plan[Plan.begin];
      const ks = this.rangeKernels(a, b, stride, k);
      for (let q = 0; q < ks.length; q++) ks[q](l.gatherAt + (s - begin) * stride, l.gatherAt + (e - begin) * stride, l.gatherGhAt + 8 * (s - begin));
    } else {
      const rs = this.ranges;
      const ks = this.rangeKernels(a, b, stride, k);
      for (let x = 0, n = this.pieces(s, e); x < n; x++) gatherAndBuild(k.gather, ks, r, l.dataAt, l.ghAllAt, l.mapAt, p.indices, l.indicesAt, rs[3 * x], rs[3 * x + 1], stride);
    }
    target.set(r.hist.subarray(2 * offs[a], 2 * offs[b]), 2 * offs[a]);
  }

  /**
   * The row-major tile of rows s..e and features a..b into `target` with the SIMD kernels: each
   * chunk of rows copied (or gathered) into this thread's kernel memory, the kernels run over it,
   * the histogram copied out (the same sums, in the same row order, as the JavaScript kernels).
   */
  private buildSimd(s: number, e: number, a: number, b: number, target: Float64Array): void {
    const p = this.parts;
    const plan = p.plan;
    const offs = p.offsets;
    const stride = p.stride;
    const kernels = this.rangeKernels(a, b, stride, null);
    if (e <= s) {
      // no rows (the kernels run at least one)
      target.fill(0, 2 * offs[a], 2 * offs[b]);
      return;
    }
    const allRows = plan[Plan.allRows] === 1;
    const gathered = plan[Plan.gathered] === 1;
    const begin = plan[Plan.begin];
    const rb = p.rowBins as Uint8Array;
    const rows = p.rows;
    // the data, gradient pairs and row map copied into kernel memory (once per learner, per tree,
    // per learner): then a leaf's rows are gathered by a WebAssembly loop
    const resident = gathered ? null : this.resident();
    const m = resident ?? simdScratch(p.totalBins, CHUNK, stride);
    m.hist.fill(0, 2 * offs[a], 2 * offs[b]);
    if (resident !== null) {
      if (m.residentGh !== p.gh || m.residentGhVersion !== plan[Plan.ghVersion]) {
        m.ghAll.set(p.gh, 0);
        m.residentGh = p.gh;
        m.residentGhVersion = plan[Plan.ghVersion];
      }
      if (allRows) {
        for (let q = 0; q < kernels.length; q++) kernels[q](m.dataAt + s * stride, m.dataAt + e * stride, m.ghAllAt + 8 * s);
      } else {
        const rs = this.ranges;
        for (let x = 0, n = this.pieces(s, e); x < n; x++) gatherAndBuild(simdGatherKernel(stride, rows !== null), kernels, m, m.dataAt, m.ghAllAt, m.mapAt, p.indices, m, rs[3 * x], rs[3 * x + 1], stride);
      }
      target.set(m.hist.subarray(2 * offs[a], 2 * offs[b]), 2 * offs[a]);
      return;
    }
    const gather = (this.kernels as RowMajorKernels).gather[rows === null ? 0 : 1];
    const rs = this.ranges;
    // all rows and gathered rows: positions s..e; a leaf's rows: its entries, piece by piece
    const n = allRows || gathered ? 1 : this.pieces(s, e);
    for (let x = 0; x < n; x++) {
      const ps = allRows || gathered ? s : rs[3 * x];
      const pe = allRows || gathered ? e : rs[3 * x + 1];
      for (let c0 = ps; c0 < pe; c0 += CHUNK) {
        const c1 = Math.min(pe, c0 + CHUNK);
        if (allRows) {
          m.rows.set(rb.subarray(c0 * stride, c1 * stride));
          m.gh.set(p.gh.subarray(2 * c0, 2 * c1));
        } else if (gathered) {
          // the leaf's rows, already gathered in order: row j - begin of the buffer
          m.rows.set(this.gatherBytes.subarray((c0 - begin) * stride, (c1 - begin) * stride));
          m.gh.set(p.gatherGh.subarray(2 * (c0 - begin), 2 * (c1 - begin)));
        } else gather(this.rowWords, p.indices, rows ?? NO_ROWS, p.gh, c0, c1, m.words, m.gh);
        const end = m.rowsAt + (c1 - c0) * stride;
        for (let q = 0; q < kernels.length; q++) kernels[q](m.rowsAt, end, m.ghAt);
      }
    }
    target.set(m.hist.subarray(2 * offs[a], 2 * offs[b]), 2 * offs[a]);
  }

  /** True when this learner's row-major builds and partitions run in WebAssembly. */
  private wasm(): boolean {
    return this.parts.wasm && simdAvailable();
  }

  /**
   * True when row-major builds gather a leaf's rows in WebAssembly ({@link resident}): a tile then
   * gathers its own rows cheaply, and a gather phase before the build costs more than it saves.
   */
  gathersInKernels(): boolean {
    const p = this.parts;
    if (p.rowBins === null || !this.wasm()) return false;
    if (this.shared !== null) return true;
    const dataRows = p.rowBins.length / p.stride;
    return p.rowBins.length + 12 * Math.max(dataRows, p.gh.length >> 1) + p.nF * dataRows <= SIMD_RESIDENT_BYTES;
  }

  /**
   * This thread's kernel memory with the learner's bins (row-major and by column) and row map
   * copied in (when not already there), room for its gradient pairs; null when they would take more than
   * {@link SIMD_RESIDENT_BYTES}. Learners on one dataset (cv's folds) share the copy of its bins.
   */
  private resident(): SimdScratch | null {
    const p = this.parts;
    const rb = p.rowBins as Uint8Array;
    const dataRows = rb.length / p.stride;
    const localRoom = Math.max(dataRows, p.gh.length >> 1);
    if (!this.gathersInKernels()) return null;
    const m = simdScratch(p.totalBins, CHUNK, p.stride, dataRows, localRoom, p.nF);
    if (m.residentBins !== rb) {
      m.data.set(rb);
      m.residentBins = rb;
    }
    if (m.residentCols !== p.cols) {
      for (let j = 0; j < p.nF; j++) m.cols.set(p.cols[j], j * dataRows);
      m.residentCols = p.cols;
    }
    const rows = p.rows;
    if (rows !== null && m.residentMap !== rows) {
      m.map.set(rows);
      m.residentMap = rows;
    }
    return m;
  }

  /**
   * Splits the leaf at partition entries `begin..begin+count` (count > 0) by inner `feature` and
   * its bin `table` with the WebAssembly kernel (row-major data), in place: lefts first, then
   * rights, in order. Returns the left count, or -1 when it cannot (no SIMD, column layout, data
   * too large): the caller splits in JavaScript.
   */
  splitHere(begin: number, count: number, feature: number, table: Uint8Array): number {
    if (!this.splitsInKernels(table)) return -1;
    const k = this.shared;
    if (k !== null) {
      // lefts written over the entries already read, rights to tmp, then copied after them
      const at = k.layout.indicesAt + 4 * begin;
      const left = this.splitShared(k, at, at + 4 * count, feature, table, at, k.layout.tmpAt);
      k.copy(at + 4 * left, k.layout.tmpAt, 4 * (count - left));
      return left;
    }
    const m = this.resident();
    if (m === null) return -1;
    const p = this.parts;
    const left = this.splitResident(m, begin, begin + count, feature, table, p.indices, begin, p.tmpL, 0);
    p.indices.set(p.tmpL.subarray(0, count - left), begin + left);
    return left;
  }

  /**
   * Splits partition entries `s..e` (e > s) by inner `feature` and its bin `table` with the
   * WebAssembly kernel: lefts to tmpL from s, rights to tmpR from s, in order. Returns the left
   * count, or -1 when it cannot (as {@link splitHere}).
   */
  private splitBlock(s: number, e: number, feature: number, table: Uint8Array): number {
    if (!this.splitsInKernels(table)) return -1;
    const k = this.shared;
    if (k !== null) {
      // the entries and outputs in the kernel memory: read and written where they are
      const l = k.layout;
      return this.splitShared(k, l.indicesAt + 4 * s, l.indicesAt + 4 * e, feature, table, l.tmpAt + 4 * s, l.tmpRAt + 4 * s);
    }
    const m = this.resident();
    if (m === null) return -1;
    const p = this.parts;
    return this.splitResident(m, s, e, feature, table, p.tmpL, s, p.tmpR, s);
  }

  /** True when a split by a bin table of this size runs in WebAssembly (row-major data, SIMD on). */
  private splitsInKernels(table: Uint8Array): boolean {
    return this.parts.rowBins !== null && table.length <= TABLE_BYTES && this.wasm();
  }

  /** The partition kernel over the shared kernel memory: entries at byte addresses [fromAt, toAt), lefts to outLAt, rights to outRAt; the left count. */
  private splitShared(k: SharedKernels, fromAt: number, toAt: number, feature: number, table: Uint8Array, outLAt: number, outRAt: number): number {
    const l = k.layout;
    k.region.table.set(table);
    return k.partition(fromAt, toAt, l.colsAt + feature * l.dataRows, l.mapAt, k.region.tableAt, outLAt, outRAt);
  }

  /** The partition kernel over this thread's resident scratch: partition entries s..e, lefts to outL from lAt, rights to outR from rAt; the left count. */
  private splitResident(m: SimdScratch, s: number, e: number, feature: number, table: Uint8Array, outL: Uint32Array, lAt: number, outR: Uint32Array, rAt: number): number {
    const p = this.parts;
    m.table.set(table);
    return partitionChunks(simdPartitionKernel(1, p.rows !== null), m, m.colsAt + feature * (m.data.length / p.stride), m.mapAt, p.indices, s, e, outL, lAt, outR, rAt);
  }

  /**
   * Scan group t (tree features treeList[a..b)): the smaller child's row blocks summed in block
   * order, the larger child (when there is one) as parent minus smaller, then, unless the plan
   * says not to scan, both leaves' best splits over the group into records 2t and 2t + 1.
   * A feature the parent could not split (its flag 0, which the smaller child's slot holds a copy
   * of) is skipped by both children and every leaf below them (LightGBM's `is_splittable`), so its
   * bins are neither summed nor subtracted, as LightGBM skips them (its histogram is never read).
   */
  private scan(t: number): void {
    const p = this.parts;
    const plan = p.plan;
    const a = plan[SCAN_BOUNDS + t];
    const b = plan[SCAN_BOUNDS + t + 1];
    const hs = p.hists[plan[Plan.smallerSlot]];
    const largerSlot = plan[Plan.largerSlot];
    const hp = largerSlot >= 0 ? p.hists[largerSlot] : null;
    const nPartial = plan[Plan.smallerBlocks] - 1;
    const list = p.treeList;
    const offs = p.offsets;
    const nums = p.nums;
    const flags = p.flags;
    const fbase = plan[Plan.smallerSlot] * p.nF;
    const skip = scanSwitches.skipUnsplittable;
    for (let q = a; q < b; q++) {
      const j = list[q];
      if (skip && flags[fbase + j] === 0) continue;
      const lo = 2 * offs[j];
      const hi = 2 * offs[j + 1];
      // by [g, h] pairs: two doubles a step ran 1.4-1.6x faster than one (V8 20, a hot 4,700-double histogram)
      for (let k = 0; k < nPartial; k++) {
        const pv = this.partialViews[k];
        for (let x = lo; x < hi; x += 2) {
          hs[x] += pv[x];
          hs[x + 1] += pv[x + 1];
        }
      }
      const mfb = p.mostFreqBin[j];
      if (mfb > 0) fixBin(hs, lo, p.numBin[j], mfb, nums[Nums.smallerG], nums[Nums.smallerH]);
      if (hp !== null) {
        for (let x = lo; x < hi; x += 2) {
          hp[x] = hp[x] - hs[x];
          hp[x + 1] = hp[x + 1] - hs[x + 1];
        }
      }
    }
    if (plan[Plan.scan] !== 1) return;
    this.scanLeaf(hs, plan[Plan.smallerSlot], 0, a, b, nums[Nums.smallerG], nums[Nums.smallerH], plan[Plan.smallerCount], nums[Nums.smallerParent], 2 * t);
    if (hp !== null) this.scanLeaf(hp, largerSlot, 1, a, b, nums[Nums.largerG], nums[Nums.largerH], plan[Plan.largerCount], nums[Nums.largerParent], 2 * t + 1);
  }

  /**
   * As the learner's serial search (no extra_trees, dense histogram) over tree features a..b, into
   * record `rec`. A leaf of fewer than 2 * min_data_in_leaf rows has no split (every candidate,
   * numerical or categorical, needs min_data_in_leaf rows on each side) and is not scanned: its
   * record says so, and its flags are never read (a leaf without a split has no children).
   */
  private scanLeaf(hist: Float64Array, slot: number, side: number, a: number, b: number, sg: number, sh: number, numData: number, parentOutput: number, rec: number): void {
    const p = this.parts;
    const params = p.params;
    const flags = p.flags;
    const fbase = slot * p.nF;
    const used = p.nodeUsed;
    const ubase = side * p.nF;
    const nodeFilter = p.plan[Plan.nodeFilter] === 1;
    const sc = this.sc;
    const out = this.best;
    out.reset();
    const splits = numData >= 2 * params.min_data_in_leaf || !scanSwitches.skipUnsplittable;
    for (let q = splits ? a : b; q < b; q++) {
      const j = p.treeList[q];
      if (flags[fbase + j] === 0) continue;
      const info = this.infos[j];
      const off = p.offsets[j];
      sc.reset();
      if (p.isCat[j] === 1) flags[fbase + j] = findBestCategoricalSplit(hist, off, info.numBin, sg, sh, numData, parentOutput, params, -1, sc) ? 1 : 0;
      else flags[fbase + j] = findBestNumericalSplit(hist, off, info, sg, sh, numData, parentOutput, params, -1, sc, null) ? 1 : 0;
      if (nodeFilter && used[ubase + j] === 0) continue;
      sc.feature = j;
      if (sc.gain > -Infinity && sc.betterThan(out)) out.copyFrom(sc);
    }
    writeRecord(out, p.results, p.resultCats, rec, p.maxNumBin);
  }

  /** Partition block t (entries partBounds[t] .. partEnds[t]): rows going left into tmpL, the others into tmpR, from the block's start. */
  private partition(t: number): void {
    const p = this.parts;
    const plan = p.plan;
    const s = plan[PART_BOUNDS + t];
    const e = plan[PART_ENDS + t];
    const col = p.cols[plan[Plan.feature]];
    const table = p.tables.subarray(plan[Plan.node] * p.maxNumBin, (plan[Plan.node] + 1) * p.maxNumBin);
    const idx = p.indices;
    const tmpL = p.tmpL;
    const tmpR = p.tmpR;
    const rows = p.rows;
    const left = e > s ? this.splitBlock(s, e, plan[Plan.feature], table) : -1;
    if (left >= 0) {
      plan[PART_LEFT + t] = left;
      plan[PART_RIGHT + t] = e - s - left;
      return;
    }
    let l = s;
    let r = s;
    // branch-free, as DataPartition.split
    if (rows === null) {
      for (let j = s; j < e; j++) {
        const i = idx[j];
        const left = table[col[i]];
        tmpL[l] = i;
        tmpR[r] = i;
        l += left;
        r += 1 - left;
      }
    } else {
      for (let j = s; j < e; j++) {
        const i = idx[j];
        const left = table[col[rows[i]]];
        tmpL[l] = i;
        tmpR[r] = i;
        l += left;
        r += 1 - left;
      }
    }
    plan[PART_LEFT + t] = l - s;
    plan[PART_RIGHT + t] = r - s;
  }

  /** Gather block t: the rows at its positions of the plan's leaf copied to their places in the gather buffer. */
  private gather(t: number): void {
    const p = this.parts;
    const plan = p.plan;
    const begin = plan[Plan.begin];
    const rs = this.ranges;
    const n = this.pieces(plan[PART_BOUNDS + t], plan[PART_BOUNDS + t + 1]);
    const k = this.shared;
    for (let x = 0; x < n; x++) {
      const s = rs[3 * x];
      const e = rs[3 * x + 1];
      const at = rs[3 * x + 2] - begin;
      if (k !== null && plan[Plan.splitGather] === 1) {
        // the rows' two halves into two regions of 16-byte rows (each tile reads one)
        const l = k.layout;
        const half = l.gatherAt + 16 * plan[Plan.count];
        (k.splitGather as NonNullable<SharedKernels['splitGather']>)(l.indicesAt + 4 * s, l.indicesAt + 4 * e, l.dataAt, l.ghAllAt, l.mapAt, l.gatherAt + 16 * at, half + 16 * at, l.gatherGhAt + 8 * at);
        continue;
      }
      if (k !== null) {
        // in WebAssembly, straight into the gather buffer of the shared kernel memory
        const { layout: l, gather } = k;
        gather(l.indicesAt + 4 * s, l.indicesAt + 4 * e, l.dataAt, l.ghAllAt, l.mapAt, l.gatherAt + at * p.stride, l.gatherGhAt + 8 * at);
        continue;
      }
      const words = p.stride >> 2;
      const rows = p.rows;
      const gather = (this.kernels as RowMajorKernels).gather[rows === null ? 0 : 1];
      gather(this.rowWords, p.indices, rows ?? NO_ROWS, p.gh, s, e, p.gatherWords.subarray(at * words), p.gatherGh.subarray(2 * at));
    }
  }

  /** Partition block t: its rows to their places (lefts at partLeftAt[t], rights at partRightAt[t]). */
  private place(t: number): void {
    const p = this.parts;
    const plan = p.plan;
    const s = plan[PART_BOUNDS + t];
    const k = this.shared;
    if (k !== null) {
      // the partition and the split's outputs in the kernel memory: copied there
      const l = k.layout;
      k.copy(l.indicesAt + 4 * plan[PART_LEFT_AT + t], l.tmpAt + 4 * s, 4 * plan[PART_LEFT + t]);
      k.copy(l.indicesAt + 4 * plan[PART_RIGHT_AT + t], l.tmpRAt + 4 * s, 4 * plan[PART_RIGHT + t]);
      return;
    }
    p.indices.set(p.tmpL.subarray(s, s + plan[PART_LEFT + t]), plan[PART_LEFT_AT + t]);
    p.indices.set(p.tmpR.subarray(s, s + plan[PART_RIGHT + t]), plan[PART_RIGHT_AT + t]);
  }
}

/**
 * LightGBM's FixHistogram of one feature (as LeafwiseLearner.fixHistogram on a dense histogram):
 * its most frequent bin `mfb` becomes the leaf's sums minus its other bins, in bin order.
 */
function fixBin(hist: Float64Array, lo: number, numBin: number, mfb: number, sumG: number, sumH: number): void {
  let g = sumG;
  let h = sumH;
  for (let b = 0; b < numBin; b++) {
    if (b === mfb) continue;
    g -= hist[lo + 2 * b];
    h -= hist[lo + 2 * b + 1];
  }
  hist[lo + 2 * mfb] = g;
  hist[lo + 2 * mfb + 1] = h;
}
