/**
 * Leaf-wise (best-first) tree growth on histograms, as LightGBM's `SerialTreeLearner`
 * (anchor: `src/treelearner/serial_tree_learner.cpp`): repeatedly split the leaf whose best split
 * has the largest gain, build the smaller child's histogram from its rows and get the larger one by
 * subtraction from the parent, honour `num_leaves`, `max_depth` and `min_data_in_leaf`, sample
 * features per tree (`feature_fraction`) and per node (`feature_fraction_bynode`), and draw random
 * thresholds for `extra_trees`, and apply monotone and interaction constraints (their own modules,
 * called from a few hooks). Every buffer is allocated once, in the constructor.
 *
 * Trees come out in LightGBM's representation ({@link Tree}), leaf values NOT yet shrunk; the
 * bin-level decision of every node is kept until the next tree so the caller can update scores of
 * out-of-bag and validation rows ({@link LeafwiseLearner.addToScores}).
 */
import { MissingType } from '../../data/bin-mapper.js';
import type { BinnedDataset, BinView } from '../../data/binned-dataset.js';
import { K_EPSILON } from '../../core/constants.js';
import { LightGbmRandom } from '../../core/lightgbm-random.js';
import type { GbdtParams } from '../../params/resolved.js';
import type { Objective } from '../objective/objective.js';
import { categoricalRandRange, findBestCategoricalSplit } from './categorical-split.js';
import { acquireHistograms, releaseHistograms } from './histogram-pool.js';
import { histogramSparse, subtractSparseHistogram } from './histogram.js';
import { InteractionConstraints } from './interaction-constraints.js';
import { learnerMemory, learnerPool, LearnerPhases, Nums, Plan } from './learner-phases.js';
import { LeafConstraints } from './monotone-constraints.js';
import type { DataPartition } from './partition.js';
import { ScorePartition, type BinSplits } from './score-partition.js';
import { findBestNumericalSplit, type FeatureBinInfo, type NonEmptyBins } from './split-finder.js';
import { leafOutput, SplitInfo, type SplitParams } from './split-info.js';
import { Tree } from './tree.js';

/** The params the learner reads. */
export type LearnerParams = SplitParams &
  Pick<
    GbdtParams,
    | 'num_leaves'
    | 'max_depth'
    | 'feature_fraction'
    | 'feature_fraction_bynode'
    | 'feature_fraction_seed'
    | 'extra_trees'
    | 'extra_seed'
    | 'monotone_constraints'
    | 'monotone_constraints_method'
    | 'monotone_penalty'
    | 'interaction_constraints'
  > &
  Partial<Pick<GbdtParams, 'num_threads'>>;

/**
 * Switches read by every learner made afterwards. `sparseHistograms: false` builds every histogram
 * dense (the tests compare both ways; models must come out the same bits).
 */
export const learnerSwitches = { sparseHistograms: true };

/** A leaf is built sparse when its rows are at most (bins per feature) / this. */
const SPARSE_BIN_RATIO = 4;

/** LightGBM's col_sampler GetCnt: round(total * fraction), at least 1. */
function sampleCount(total: number, fraction: number): number {
  return Math.max(Math.min(1, total), Math.round(total * fraction));
}

/**
 * Grows one tree per call on gradients of the training rows. With `num_threads` > 1 (0: the
 * machine's cores) and data above `threadSwitches.minTrainingWork`, the heavy phases (histograms,
 * split scans, partitions, the root's gradients) run on the process's trainer threads as well
 * ({@link NodeTasks}); the tree is the same bits at any thread count.
 *
 * @example
 * ```ts
 * const learner = new LeafwiseLearner(binned, null, params);
 * const tree = learner.train(grad, hess, null, binned.nRows);
 * ```
 */
export class LeafwiseLearner {
  private readonly data: BinnedDataset;
  private readonly rows: Uint32Array | null;
  readonly nRows: number;
  private readonly p: LearnerParams;
  private readonly nF: number;
  private readonly infos: FeatureBinInfo[];
  private readonly isCat: Uint8Array;
  /** Inner features whose most frequent bin is above 0 (LightGBM derives that bin: {@link fixHistogram}). */
  private readonly fixFeatures: Int32Array;
  private readonly offsets: Int32Array;
  private readonly numLeaves: number;
  readonly partition: DataPartition;
  /** the tree's gradient/hessian pairs by local row (float32, as LightGBM's score_t) */
  private readonly ghRow: Float32Array;
  private hists: Float64Array[];
  /** leaf → index into hists */
  private readonly slotOf: Int32Array;
  private readonly best: SplitInfo[];
  private readonly scratch: SplitInfo;
  private readonly leafSumG: Float64Array;
  private readonly leafSumH: Float64Array;
  private readonly leafParent: Int32Array;
  private readonly leafDepth: Int32Array;
  /** tree-level feature mask, and the list of sampled features */
  private readonly treeUsed: Uint8Array;
  private readonly treeList: Int32Array;
  private treeListLen = 0;
  private readonly nodeUsed: Uint8Array;
  private readonly nodePicked: Int32Array;
  /** LightGBM's draws: features by tree and node (ColSampler's one generator), extra_trees thresholds (one per feature) */
  private readonly featureRng: LightGbmRandom;
  private readonly extraRng: LightGbmRandom[];
  private readonly scoring: ScorePartition;
  /** the last tree's splits at bin level (node → leaf split, feature, bin table), for addToScores */
  private readonly splits: BinSplits;
  /** per histogram slot and feature: LightGBM's is_splittable, inherited by both children */
  private readonly splittable: Uint8Array;
  /**
   * Sparse histograms (see buildSparse): per slot, a bitmap of its non-empty bins (`nzWords` words
   * at slot * nzWords) valid when `sparse[slot]` is 1; the slot's other bins hold stale numbers.
   * Off (`sparseRows` 0) with categorical features or extra_trees, whose finders read every bin.
   */
  private readonly sparseRows: number;
  private readonly nzWords: number;
  private readonly nz: Uint32Array;
  private readonly sparse: Uint8Array;
  private readonly nonEmpty: NonEmptyBins = { words: null, base: 0 };
  /** Monotone constraints (null: none) and interaction constraints (null: none) with their scratch. */
  private readonly mono: LeafConstraints | null;
  private readonly inter: InteractionConstraints | null;
  private readonly allowedMask: Uint8Array;
  private readonly nodeCandidates: Int32Array;
  /** The phases that may run on the trainer threads, over this learner's buffers. */
  private readonly phases: LearnerPhases;
  private readonly rootSums = new Float64Array(2);
  /** Rows of the last tree (the partition's positions 0..lastCount). */
  private lastCount = 0;

  /** `rows`: the training rows of `data` (null = all rows); local row i is data row rows[i]. */
  constructor(data: BinnedDataset, rows: Uint32Array | null, params: LearnerParams) {
    this.data = data;
    this.rows = rows;
    this.nRows = rows === null ? data.nRows : rows.length;
    this.p = params;
    this.nF = data.nUsed;
    this.infos = [];
    this.isCat = new Uint8Array(this.nF);
    let maxNumBin = 2;
    for (let j = 0; j < this.nF; j++) {
      const m = data.mappers[data.usedFeatures[j]];
      this.infos.push({ numBin: m.numBin, missingType: m.missingType, defaultBin: m.defaultBin, mostFreqBin: m.mostFreqBin });
      this.isCat[j] = m.kind === 'categorical' ? 1 : 0;
      if (m.numBin > maxNumBin) maxNumBin = m.numBin;
    }
    this.fixFeatures = Int32Array.from(this.infos.flatMap((info, j) => (info.mostFreqBin > 0 ? [j] : [])));
    this.offsets = data.binOffsets;
    this.numLeaves = Math.max(2, params.num_leaves);
    const L = this.numLeaves;
    // shared memory only when the phases run on threads (see learnerMemory)
    const pool = learnerPool(this.nRows, this.nF, params.num_threads);
    const shared = learnerMemory(pool);
    const histSize = 2 * data.totalBins;
    this.hists = acquireHistograms(histSize, L, { shared: pool !== null });
    this.slotOf = new Int32Array(L);
    this.best = [];
    for (let l = 0; l < L; l++) this.best.push(new SplitInfo(maxNumBin));
    this.scratch = new SplitInfo(maxNumBin);
    this.leafSumG = new Float64Array(L);
    this.leafSumH = new Float64Array(L);
    this.leafParent = new Int32Array(L);
    this.leafDepth = new Int32Array(L);
    this.treeUsed = new Uint8Array(this.nF);
    this.treeList = new Int32Array(shared(4 * this.nF));
    this.nodeUsed = new Uint8Array(shared(2 * this.nF));
    this.nodePicked = new Int32Array(this.nF);
    this.featureRng = new LightGbmRandom(params.feature_fraction_seed);
    // LightGBM seeds feature j's generator with extra_seed + its inner index (data.lightgbmOrder)
    const order = data.lightgbmOrder;
    this.extraRng = Array.from({ length: params.extra_trees ? this.nF : 0 }, (_, j) => new LightGbmRandom((params.extra_seed + (order !== null ? order[j] : j)) | 0));
    const tables = new Uint8Array(shared(L * maxNumBin));
    this.splits = {
      nodeLeaf: new Int32Array(L),
      nodeFeature: new Int32Array(L),
      nodeTables: Array.from({ length: L }, (_, n) => tables.subarray(n * maxNumBin, (n + 1) * maxNumBin)),
    };
    this.scoring = new ScorePartition(L);
    this.mono = LeafConstraints.create(params, data, L, maxNumBin);
    this.inter = InteractionConstraints.create(params, data, L);
    this.allowedMask = new Uint8Array(this.inter === null ? 0 : this.nF);
    this.nodeCandidates = new Int32Array(this.nF);
    this.splittable = new Uint8Array(shared(L * Math.max(1, this.nF)));
    // a leaf whose rows are fewer than a quarter of a feature's bins (on average) gets a sparse
    // histogram: its empty bins are never zeroed, subtracted or scanned
    const anyCat = this.isCat.some((c) => c === 1);
    // (also off when monotone bounds vary by threshold: every threshold of a scan is then read)
    const dense = anyCat || params.extra_trees || this.nF === 0 || !learnerSwitches.sparseHistograms || this.mono?.perThreshold === true;
    this.sparseRows = dense ? 0 : Math.floor(data.totalBins / this.nF / SPARSE_BIN_RATIO);
    this.nzWords = (data.totalBins + 31) >>> 5;
    this.nz = new Uint32Array(this.sparseRows > 0 ? L * this.nzWords : 0);
    this.sparse = new Uint8Array(L);
    this.phases = new LearnerPhases(data, rows, params, {
      pool,
      infos: this.infos,
      isCat: this.isCat,
      maxNumBin,
      numLeaves: L,
      hists: this.hists,
      flags: this.splittable,
      treeList: this.treeList,
      nodeUsed: this.nodeUsed,
      tables,
    });
    // the tree's gradient pairs and the partition live where the phases put them (the shared kernel memory on threads)
    this.ghRow = this.phases.gh;
    this.partition = this.phases.partition;
    // LightGBM's ColSampler draws the tree's features once already when it is given the data
    // (SetTrainingData), then again before every tree: the first tree has the second draw
    this.sampleTreeFeatures();
  }

  /** Gives the histogram buffers back to the pool and detaches from the threads; the learner must not train afterwards. */
  dispose(): void {
    this.phases.dispose();
    releaseHistograms(this.hists);
    this.hists = [];
  }

  /**
   * Grows a tree on local rows `bag[0..bagCount)` (bag null: rows 0..bagCount-1) with per-row
   * gradients/hessians of local row i (used rounded to float32, as LightGBM). Leaf values are not
   * shrunk. `into` (made for at least num_leaves leaves) is reset and grown instead of a new tree.
   */
  train(grad: Float32Array, hess: Float32Array, bag: Uint32Array | null, bagCount: number, into: Tree | null = null): Tree {
    const p = this.p;
    const L = this.numLeaves;
    let tree: Tree;
    if (into === null) tree = new Tree(L);
    else {
      tree = into;
      tree.reset();
    }
    this.sampleTreeFeatures();
    this.mono?.reset(tree);
    this.inter?.reset();
    const part = this.partition;
    // all rows: the root fill writes the partition's entries 0..bagCount-1 as it reads their
    // gradients (in row blocks, on the threads), not a serial pass here first
    part.init(bag, bagCount, bag === null);
    this.lastCount = bagCount;
    // the tree's rows' gradient pairs, by row; their sums in the root's (bag) order, by row block
    this.phases.fillRoot(grad, hess, bag !== null, bagCount, this.rootSums);
    const sg = this.rootSums[0];
    const sh = this.rootSums[1];
    this.leafSumG[0] = sg;
    this.leafSumH[0] = sh;
    this.leafParent[0] = -1;
    this.leafDepth[0] = 0;
    for (let l = 0; l < L; l++) {
      this.slotOf[l] = l;
      this.best[l].reset();
    }
    tree.leafValue[0] = leafOutput(sg, sh, p.lambda_l1, p.lambda_l2, p.max_delta_step, 0, bagCount, 0);
    tree.leafCount[0] = bagCount;
    tree.leafWeight[0] = sh;
    const catBoundaries: number[] = [0];
    const catThreshold: number[] = [];
    this.splittable.fill(1, 0, this.nF);
    this.sparse.fill(0);
    // root
    if (bagCount >= 2 * p.min_data_in_leaf) {
      const allRows = bag === null && this.rows === null && bagCount === this.nRows;
      const blocks = this.phases.buildLeaf(0, bagCount, 0, allRows, this.treeListLen);
      this.scanNode(0, bagCount, blocks, -1, 0, tree);
    }
    let numLeaves = 1;
    while (numLeaves < L) {
      let bestLeaf = 0;
      for (let l = 1; l < numLeaves; l++) if (this.best[l].betterThan(this.best[bestLeaf])) bestLeaf = l;
      const s = this.best[bestLeaf];
      if (!(s.gain > 0)) break;
      const right = numLeaves;
      this.splitLeaf(tree, bestLeaf, right, s, catBoundaries, catThreshold);
      numLeaves++;
      tree.numLeaves = numLeaves;
      // children: depth and data checks (LightGBM BeforeFindBestSplit)
      const leftCnt = part.leafCount[bestLeaf];
      const rightCnt = part.leafCount[right];
      const lbest = this.best[bestLeaf];
      const rbest = this.best[right];
      lbest.reset();
      rbest.reset();
      if (numLeaves >= L) break;
      if (p.max_depth > 0 && this.leafDepth[bestLeaf] >= p.max_depth) continue;
      if (leftCnt < 2 * p.min_data_in_leaf && rightCnt < 2 * p.min_data_in_leaf) continue;
      const smaller = leftCnt < rightCnt ? bestLeaf : right;
      const larger = smaller === bestLeaf ? right : bestLeaf;
      // parent histogram lives in slot of bestLeaf; smaller child gets a fresh slot, larger takes the parent's
      const parentSlot = this.slotOf[bestLeaf];
      const freeSlot = this.slotOf[right];
      this.slotOf[smaller] = freeSlot;
      this.slotOf[larger] = parentSlot;
      this.splittable.copyWithin(freeSlot * this.nF, parentSlot * this.nF, (parentSlot + 1) * this.nF);
      const smallerCnt = smaller === bestLeaf ? leftCnt : rightCnt;
      const largerCnt = smaller === bestLeaf ? rightCnt : leftCnt;
      // the children of a sparse histogram are sparse; the larger child keeps the parent's bitmap
      if (this.sparse[parentSlot] === 1 || smallerCnt <= this.sparseRows) {
        const hs = this.hists[freeSlot];
        const hp = this.hists[parentSlot];
        this.buildSparse(smaller, freeSlot);
        this.fixHistogram(smaller, freeSlot);
        subtractSparseHistogram(hp, hs, this.nz, freeSlot * this.nzWords, this.nzWords);
        this.findBestSplit(smaller, tree.leafValue[smaller], smallerCnt);
        this.findBestSplit(larger, tree.leafValue[larger], largerCnt);
        continue;
      }
      this.sparse[freeSlot] = 0;
      const blocks = this.phases.buildLeaf(smaller, smallerCnt, freeSlot, false, this.treeListLen);
      this.scanNode(smaller, smallerCnt, blocks, larger, largerCnt, tree);
    }
    if (catThreshold.length > 0) {
      tree.catBoundaries = Int32Array.from(catBoundaries);
      tree.catThreshold = Uint32Array.from(catThreshold);
    }
    return tree;
  }

  /**
   * After `smaller`'s histogram was built in `blocks` row blocks: sums them, derives its most
   * frequent bins ({@link fixHistogram}), makes `larger`'s (when >= 0) as the parent's minus the
   * smaller's, and finds both leaves' best splits (on the threads when the node is large; with
   * extra_trees or monotone constraints on this thread: their random draws go in order, their
   * bounds live here).
   */
  private scanNode(smaller: number, smallerCnt: number, blocks: number, larger: number, largerCnt: number, tree: Tree): void {
    const p = this.p;
    const { plan, nums } = this.phases;
    const scan = !p.extra_trees && this.mono === null;
    const hasLarger = larger >= 0;
    plan[Plan.smallerSlot] = this.slotOf[smaller];
    plan[Plan.largerSlot] = hasLarger ? this.slotOf[larger] : -1;
    plan[Plan.smallerBlocks] = blocks;
    plan[Plan.scan] = scan ? 1 : 0;
    plan[Plan.smallerCount] = smallerCnt;
    plan[Plan.largerCount] = largerCnt;
    nums[Nums.smallerG] = this.leafSumG[smaller];
    nums[Nums.smallerH] = this.leafSumH[smaller];
    nums[Nums.smallerParent] = tree.leafValue[smaller];
    if (hasLarger) {
      nums[Nums.largerG] = this.leafSumG[larger];
      nums[Nums.largerH] = this.leafSumH[larger];
      nums[Nums.largerParent] = tree.leafValue[larger];
    }
    // per-node features, drawn in the serial order: the smaller child's, then the larger's
    const nodeFilter = scan && (p.feature_fraction_bynode < 1 || this.inter !== null);
    plan[Plan.nodeFilter] = nodeFilter ? 1 : 0;
    if (nodeFilter) {
      this.sampleNodeFeatures(smaller, 0);
      if (hasLarger) this.sampleNodeFeatures(larger, 1);
    }
    // without the scan (extra_trees), the phase only sums and subtracts: a quarter of the work;
    // summing a row block's partial histogram costs about half a scan of its bins
    const bins = ((hasLarger ? 2 : 1) * this.data.totalBins) / (scan ? 1 : 4) + ((blocks - 1) * this.data.totalBins) / 2;
    const groups = this.phases.scan(this.treeList, this.treeListLen, bins);
    if (!scan) {
      this.findBestSplit(smaller, tree.leafValue[smaller], smallerCnt);
      if (hasLarger) this.findBestSplit(larger, tree.leafValue[larger], largerCnt);
      return;
    }
    this.phases.best(0, groups, this.best[smaller], this.scratch);
    if (hasLarger) this.phases.best(1, groups, this.best[larger], this.scratch);
  }

  /** Feature sampling per tree (LightGBM ColSampler::ResetByTree). */
  private sampleTreeFeatures(): void {
    const nF = this.nF;
    const frac = this.p.feature_fraction;
    if (frac >= 1) {
      for (let j = 0; j < nF; j++) {
        this.treeUsed[j] = 1;
        this.treeList[j] = j;
      }
      this.treeListLen = nF;
      return;
    }
    const k = this.featureRng.sampleInto(nF, sampleCount(nF, frac), this.treeList);
    this.treeUsed.fill(0);
    for (let i = 0; i < k; i++) this.treeUsed[this.treeList[i]] = 1;
    this.treeListLen = k;
  }

  /**
   * Builds the histogram of small `leaf` into `slot` sparsely: for the tree's features only, each
   * bin its rows fall in is set on first touch (and its bit set in the slot's bitmap), then added
   * to — the same sums, in the same row order, as zeroing the whole histogram and adding every row.
   */
  private buildSparse(leaf: number, slot: number): void {
    const hist = this.hists[slot];
    const bm = this.nz;
    const base = slot * this.nzWords;
    bm.fill(0, base, base + this.nzWords);
    this.sparse[slot] = 1;
    const part = this.partition;
    const n = part.segments;
    for (let k = 0; k < this.treeListLen; k++) {
      const j = this.treeList[k];
      // the leaf's pieces in order (one with one segment): the rows one after another
      for (let q = leaf * n; q < (leaf + 1) * n; q++) histogramSparse(this.data.bins[j], this.offsets[j], part.indices, part.pieceBegin[q], part.pieceCount[q], this.rows, this.ghRow, hist, bm, base);
    }
  }

  /**
   * LightGBM's `Dataset::FixHistogram`: LightGBM stores no row's bin when it is the feature's most
   * frequent bin, so a built histogram's most frequent bin (when above 0) is the leaf's totals minus
   * the other bins, in bin order. Done here on the tree's features of a freshly built sparse
   * histogram, and by the scan tasks on a dense one ({@link NodeTasks}, the same arithmetic) —
   * the larger child inherits it by subtraction, as in LightGBM. The sums differ from adding the
   * rows only in their last bits, where hessians of very different sizes (lambdarank) round.
   */
  private fixHistogram(leaf: number, slot: number): void {
    const fix = this.fixFeatures;
    if (fix.length === 0) return;
    const hist = this.hists[slot];
    const sparse = this.sparse[slot] === 1;
    const bm = this.nz;
    const base = slot * this.nzWords;
    const sg = this.leafSumG[leaf];
    const sh = this.leafSumH[leaf];
    for (let k = 0; k < fix.length; k++) {
      const j = fix[k];
      if (this.treeUsed[j] === 0) continue;
      const off = this.offsets[j];
      const info = this.infos[j];
      const mfb = info.mostFreqBin;
      let g = sg;
      let h = sh;
      for (let b = 0; b < info.numBin; b++) {
        const bin = off + b;
        // a sparse histogram's empty bins hold stale numbers (LightGBM's hold 0)
        if (b === mfb || (sparse && ((bm[base + (bin >>> 5)]) & (1 << (bin & 31))) === 0)) continue;
        g -= hist[2 * bin];
        h -= hist[2 * bin + 1];
      }
      const m = off + mfb;
      hist[2 * m] = g;
      hist[2 * m + 1] = h;
      if (sparse) bm[base + (m >>> 5)] = (bm[base + (m >>> 5)]) | (1 << (m & 31));
    }
  }

  /** Best split of `leaf` over the node-sampled features, into best[leaf]. */
  private findBestSplit(leaf: number, parentOutput: number, numData: number): void {
    const p = this.p;
    const hist = this.hists[this.slotOf[leaf]];
    const out = this.best[leaf];
    const sc = this.scratch;
    out.reset();
    const sg = this.leafSumG[leaf];
    const sh = this.leafSumH[leaf];
    const nodeFilter = p.feature_fraction_bynode < 1 || this.inter !== null;
    if (nodeFilter) this.sampleNodeFeatures(leaf);
    const mono = this.mono;
    const flags = this.splittable;
    const slot = this.slotOf[leaf];
    const fbase = slot * this.nF;
    const nonEmpty = this.nonEmpty;
    nonEmpty.words = this.sparse[slot] === 1 ? this.nz : null;
    nonEmpty.base = slot * this.nzWords;
    for (let k = 0; k < this.treeListLen; k++) {
      const j = this.treeList[k];
      if (flags[fbase + j] === 0) continue;
      const info = this.infos[j];
      const off = this.offsets[j];
      sc.reset();
      if (this.isCat[j] === 1) {
        let rand = -1;
        if (p.extra_trees) {
          const [lo, hi] = categoricalRandRange(hist, off, info.numBin, sh, numData, p);
          rand = hi > lo ? this.extraRng[j].nextInt(lo, hi) : lo === 1 ? 1 : 0;
        }
        const bounds = mono === null ? null : mono.bounds(leaf, j, info.numBin, false);
        flags[fbase + j] = findBestCategoricalSplit(hist, off, info.numBin, sg, sh, numData, parentOutput, p, rand, sc, bounds) ? 1 : 0;
      } else {
        let rand = -1;
        if (p.extra_trees) rand = info.numBin - 2 > 0 ? this.extraRng[j].nextInt(0, info.numBin - 2) : 0;
        const bounds = mono === null ? null : mono.bounds(leaf, j, info.numBin, true);
        flags[fbase + j] = findBestNumericalSplit(hist, off, info, sg, sh, numData, parentOutput, p, rand, sc, nonEmpty, bounds) ? 1 : 0;
      }
      if (mono !== null && mono.types[j] !== 0) sc.gain *= mono.penalty(leaf);
      if (nodeFilter && this.nodeUsed[j] === 0) continue;
      sc.feature = j;
      if (sc.gain > -Infinity && sc.betterThan(out)) out.copyFrom(sc);
    }
  }

  /**
   * Per-node features (LightGBM ColSampler::GetByNode) into side `side` of nodeUsed (0: the leaf
   * searched here or the smaller child of a node, 1: its larger child): those the leaf's interaction
   * constraints allow, of the tree's features, sampled by feature_fraction_bynode.
   */
  private sampleNodeFeatures(leaf: number, side = 0): void {
    const frac = this.p.feature_fraction_bynode;
    const inter = this.inter;
    const used = this.nodeUsed.subarray(side * this.nF, (side + 1) * this.nF);
    if (inter !== null) inter.allowed(leaf, this.allowedMask);
    if (frac >= 1) {
      used.set(this.allowedMask);
      return;
    }
    const cand = this.nodeCandidates;
    let n = 0;
    for (let k = 0; k < this.treeListLen; k++) {
      const j = this.treeList[k];
      if (inter === null || this.allowedMask[j] === 1) cand[n++] = j;
    }
    // LightGBM: the count from the tree's features, at most the allowed ones, drawn by Random::Sample
    const picked = this.nodePicked;
    const k = this.featureRng.sampleInto(n, Math.min(sampleCount(this.treeListLen, frac), n), picked);
    used.fill(0);
    for (let i = 0; i < k; i++) used[cand[picked[i]]] = 1;
  }

  /**
   * The constraints' update after `leaf` split into `leaf` and `right` by `s`: the interaction
   * sets both keep, and the leaves whose monotone bounds moved searched again (LightGBM's
   * RecomputeBestSplitForLeaf: from the sums of their best split, parent output 0 unless path_smooth).
   */
  private afterConstrainedSplit(leaf: number, right: number, s: SplitInfo): void {
    this.inter?.split(leaf, right, s.feature);
    if (this.mono === null) return;
    const p = this.p;
    for (const l of this.mono.afterSplit(leaf, right, s.feature, s.threshold, !s.isCategorical, s, this.best)) {
      const b = this.best[l];
      const sg = b.leftSumG + b.rightSumG;
      const sh = b.leftSumH + b.rightSumH;
      const n = b.leftCount + b.rightCount;
      this.leafSumG[l] = sg;
      this.leafSumH[l] = sh;
      this.findBestSplit(l, p.path_smooth > K_EPSILON ? leafOutput(sg, sh, p.lambda_l1, p.lambda_l2, p.max_delta_step, 0, n, 0) : 0, n);
    }
  }

  /** Applies split `s` of `leaf` to the tree, the partition and the bin-level node tables. */
  private splitLeaf(tree: Tree, leaf: number, right: number, s: SplitInfo, catBoundaries: number[], catThreshold: number[]): void {
    const node = right - 1;
    const j = s.feature;
    const info = this.infos[j];
    const mapper = this.data.mappers[this.data.usedFeatures[j]];
    const tbl = this.splits.nodeTables[node];
    tbl.fill(0, 0, info.numBin);
    let decision = 0;
    if (s.isCategorical) {
      for (let i = 0; i < s.numCat; i++) tbl[s.catBins[i]] = 1;
      decision = 1 | (info.missingType << 2);
      // bitset over category codes
      let maxCode = 0;
      for (let i = 0; i < s.numCat; i++) maxCode = Math.max(maxCode, mapper.binToCategory[s.catBins[i]]);
      const words = (maxCode >> 5) + 1;
      const start = catThreshold.length;
      for (let w = 0; w < words; w++) catThreshold.push(0);
      for (let i = 0; i < s.numCat; i++) {
        const c = mapper.binToCategory[s.catBins[i]];
        catThreshold[start + (c >> 5)] = (catThreshold[start + (c >> 5)] | (1 << (c & 31))) >>> 0;
      }
      tree.threshold[node] = tree.numCat;
      tree.numCat++;
      catBoundaries.push(catThreshold.length);
    } else {
      const thr = s.threshold;
      for (let b = 0; b <= thr && b < info.numBin; b++) tbl[b] = 1;
      const dl = s.defaultLeft ? 1 : 0;
      if (info.missingType === MissingType.NaN) tbl[info.numBin - 1] = dl;
      else if (info.missingType === MissingType.Zero) tbl[info.defaultBin] = dl;
      decision = (s.defaultLeft ? 2 : 0) | (info.missingType << 2);
      const v = mapper.binToValue(thr);
      tree.threshold[node] = v === Infinity ? 1e300 : v;
    }
    this.splits.nodeFeature[node] = j;
    this.splits.nodeLeaf[node] = leaf;
    const view = this.data.view;
    let leftCount = this.phases.splitsOnThreads(this.partition.leafCount[leaf]) ? this.phases.split(this.partition, leaf, right, j, node) : this.phases.splitHere(this.partition, leaf, right, j, tbl);
    if (leftCount < 0) leftCount = this.partition.split(leaf, right, view.cols[j], view.stride, view.offsets[j], this.rows, tbl);
    const rightCount = this.partition.leafCount[right];
    // tree structure (LightGBM Tree::Split)
    const parent = this.leafParent[leaf];
    if (parent >= 0) {
      if (tree.leftChild[parent] === ~leaf) tree.leftChild[parent] = node;
      else tree.rightChild[parent] = node;
    }
    tree.splitFeature[node] = this.data.usedFeatures[j];
    tree.splitGain[node] = s.gain;
    tree.decisionType[node] = decision;
    tree.leftChild[node] = ~leaf;
    tree.rightChild[node] = ~right;
    this.leafParent[leaf] = node;
    this.leafParent[right] = node;
    tree.internalWeight[node] = s.leftSumH + s.rightSumH;
    tree.internalValue[node] = tree.leafValue[leaf];
    tree.internalCount[node] = leftCount + rightCount;
    tree.leafValue[leaf] = Number.isNaN(s.leftOutput) ? 0 : s.leftOutput;
    tree.leafWeight[leaf] = s.leftSumH;
    tree.leafCount[leaf] = leftCount;
    tree.leafValue[right] = Number.isNaN(s.rightOutput) ? 0 : s.rightOutput;
    tree.leafWeight[right] = s.rightSumH;
    tree.leafCount[right] = rightCount;
    this.leafDepth[right] = this.leafDepth[leaf] + 1;
    this.leafDepth[leaf] = this.leafDepth[leaf] + 1;
    this.leafSumG[leaf] = s.leftSumG;
    this.leafSumH[leaf] = s.leftSumH;
    this.leafSumG[right] = s.rightSumG;
    this.leafSumH[right] = s.rightSumH;
    if (this.mono !== null || this.inter !== null) this.afterConstrainedSplit(leaf, right, s);
  }

  /**
   * Lets the trainer threads (when this learner has them) compute the session's gradients and
   * update its scores: see {@link LearnerPhases.shareRound}.
   */
  shareRound(objective: Objective, params: Record<string, unknown>, label: Float64Array, weights: Float64Array | null, score: Float64Array): void {
    this.phases.shareRound(objective, params, label, weights, score);
  }

  /** `objective.getGradients(score, grad, hess)`, on the threads when shared and large (the same values). */
  gradients(objective: Objective, score: Float64Array, grad: Float32Array, hess: Float32Array, nModel: number): void {
    this.phases.gradients(objective, score, grad, hess, nModel);
  }

  /**
   * Adds each leaf's value of the last tree to `score[offset + i]` for the training rows in the
   * partition (no tree traversal).
   */
  addLeafValuesToScore(tree: Tree, score: Float64Array, offset: number): void {
    if (this.phases.addLeafValues(tree.leafValue, tree.numLeaves, score, offset, this.lastCount)) return;
    const part = this.partition;
    const idx = part.indices;
    const n = part.segments;
    for (let q = 0; q < tree.numLeaves * n; q++) {
      const v = tree.leafValue[Math.floor(q / n)];
      const b = part.pieceBegin[q];
      const e = b + part.pieceCount[q];
      for (let j = b; j < e; j++) {
        const s = offset + idx[j];
        score[s] = score[s] + v;
      }
    }
  }

  /**
   * A copy of the last tree's first `nodes` splits at bin level, to add that tree to scores again
   * later with a {@link ScorePartition} (DART takes dropped trees out of the scores and back in).
   */
  copyLastSplits(nodes: number): BinSplits {
    const s = this.splits;
    const width = nodes > 0 ? s.nodeTables[0].length : 0;
    const tables = new Uint8Array(nodes * width);
    for (let n = 0; n < nodes; n++) tables.set(s.nodeTables[n], n * width);
    return {
      nodeLeaf: s.nodeLeaf.slice(0, nodes),
      nodeFeature: s.nodeFeature.slice(0, nodes),
      nodeTables: Array.from({ length: nodes }, (_, n) => tables.subarray(n * width, (n + 1) * width)),
    };
  }

  /**
   * Adds the last tree's output to `score[offset + which[k]]` for rows `which[k]` (k < count) of `bins`
   * (binned with the training mappers), by partitioning those rows with the tree's splits in the
   * order they were made ({@link ScorePartition}). `which` null: rows 0..count-1. `rowMap` (or
   * null) maps `which` entries to rows of `bins`.
   */
  addToScores(tree: Tree, bins: BinView, which: Uint32Array | null, rowMap: Uint32Array | null, count: number, score: Float64Array, offset: number): void {
    this.scoring.add(tree, this.splits, bins, which, rowMap, count, score, offset);
  }
}
