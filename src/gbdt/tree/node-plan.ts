/**
 * The layout of the phase plan the learner writes before it runs a phase of {@link NodeTasks}
 * (node-tasks.ts): the phases (task kinds), the plan's fields (Int32) and bound arrays, the
 * numbers (Float64) and the split records a scan task writes, in shared memory when the learner
 * has threads.
 */
import type { SplitInfo } from './split-info.js';

/** The phases; a task of each reads the plan fields named below. */
export const TaskKind = {
  /** Root block k: gradient pairs of its rows into `gh`, their sums into nums. */
  rootFill: 0,
  /**
   * Tile t of a leaf's histogram, into slot (block 0) or partial k - 1 (block k): with
   * `splitBlocks` = 0, row block k = t / groups and feature group g = t % groups; else the first
   * `blocks - splitBlocks` blocks are built whole (every feature), and the last `splitBlocks`
   * blocks each cut into `groups` feature groups: the whole ones first, then the cut tiles, or
   * with `splitOwners` (T) T ranges of equal work, each its share of both.
   */
  build: 1,
  /** Scan group s: reduce the smaller child's row blocks, subtract it from the parent, scan both. */
  scan: 2,
  /** Partition block b: its rows split into tmpL / tmpR, counts into the plan. */
  partition: 3,
  /** Partition block b: its left and right rows copied to their places. */
  place: 4,
  /** Row block b (partBounds): the objective's gradients of its rows. */
  gradients: 5,
  /** Partition block b (partBounds): the last tree's leaf values added to its rows' scores. */
  addScore: 6,
  /**
   * Gather block b (partBounds) of a leaf whose histogram is built from gathered rows: its rows'
   * bins (row-major) and gradient pairs copied, in partition order, into the shared gather buffer.
   */
  gather: 7,
} as const;
export type TaskKind = (typeof TaskKind)[keyof typeof TaskKind];

/** Plan fields (Int32). */
export const Plan = {
  begin: 0,
  count: 1,
  slot: 2,
  allRows: 3,
  blocks: 4,
  groups: 5,
  gradOffset: 6,
  bagged: 7,
  smallerSlot: 8,
  largerSlot: 9,
  smallerBlocks: 10,
  scan: 11,
  smallerCount: 12,
  largerCount: 13,
  nodeFilter: 14,
  treeLen: 15,
  scanGroups: 16,
  feature: 17,
  node: 18,
  partBlocks: 19,
  hessOffset: 20,
  scoreOffset: 21,
  numLeaves: 22,
  /** 1 when a build reads the leaf's rows from the gather buffer (filled by a gather phase). */
  gathered: 23,
  /** Bumped when `gh` is rewritten (each tree's root): threads' copies of it are then stale. */
  ghVersion: 24,
  /** The last row blocks of a build cut into feature groups, the others built whole (0: every block cut into `groups`). */
  splitBlocks: 25,
  /** The leaf whose rows a build or gather reads (its pieces when the partition has segments). */
  leaf: 26,
  /** 1 when the gather wrote each row's two 16-byte halves into two regions (one per feature group). */
  splitGather: 27,
  /**
   * With `splitBlocks`: the threads of the phase when each one's range of tiles (the pool's owner
   * ranges) is its share of the whole blocks, then its share of the cut blocks' tiles (0: every
   * whole block first, then every cut tile).
   */
  splitOwners: 28,
} as const;

/** The most row blocks, feature groups, scan groups and partition blocks of one phase. */
export const MAX_BLOCKS = 64;
export const MAX_GROUPS = 64;
const HEAD = 32;
/** Plan offsets of the bound and count arrays. */
const BLOCK_BOUNDS = HEAD;
const GROUP_BOUNDS = BLOCK_BOUNDS + MAX_BLOCKS + 1;
const SCAN_BOUNDS = GROUP_BOUNDS + MAX_GROUPS + 1;
const PART_BOUNDS = SCAN_BOUNDS + MAX_GROUPS + 1;
const PART_LEFT = PART_BOUNDS + MAX_BLOCKS + 1;
const PART_RIGHT = PART_LEFT + MAX_BLOCKS;
const PART_LEFT_AT = PART_RIGHT + MAX_BLOCKS;
const PART_RIGHT_AT = PART_LEFT_AT + MAX_BLOCKS;
/** A partition block's end (its start is partBounds[b]: with segments, blocks of different segments are not adjacent). */
const PART_ENDS = PART_RIGHT_AT + MAX_BLOCKS;
/** Int32 entries of a plan. */
export const PLAN_SIZE = PART_ENDS + MAX_BLOCKS;
export const PlanArrays = { blockBounds: BLOCK_BOUNDS, groupBounds: GROUP_BOUNDS, scanBounds: SCAN_BOUNDS, partBounds: PART_BOUNDS, partLeft: PART_LEFT, partRight: PART_RIGHT, partLeftAt: PART_LEFT_AT, partRightAt: PART_RIGHT_AT, partEnds: PART_ENDS } as const;

/** Nums fields (Float64): the two leaves' sums and parent outputs, then per root block its sums. */
export const Nums = { smallerG: 0, smallerH: 1, smallerParent: 2, largerG: 3, largerH: 4, largerParent: 5, blockSums: 8 } as const;
export const NUMS_SIZE = Nums.blockSums + 2 * MAX_BLOCKS;

/** A split record's fields (Float64), one record per scan group and side. */
const R = { gain: 0, feature: 1, threshold: 2, defaultLeft: 3, isCategorical: 4, numCat: 5, leftCount: 6, rightCount: 7, leftSumG: 8, leftSumH: 9, rightSumG: 10, rightSumH: 11, leftOutput: 12, rightOutput: 13 } as const;
export const RECORD_SIZE = 14;

/**
 * Writes split `s` into record `rec` (its categories into `cats`, `maxCat` per record).
 *
 * @example
 * ```ts
 * writeRecord(best, parts.results, parts.resultCats, 2 * group, parts.maxNumBin);
 * ```
 */
export function writeRecord(s: SplitInfo, out: Float64Array, cats: Int32Array, rec: number, maxCat: number): void {
  const o = rec * RECORD_SIZE;
  out[o + R.gain] = s.gain;
  out[o + R.feature] = s.feature;
  out[o + R.threshold] = s.threshold;
  out[o + R.defaultLeft] = s.defaultLeft ? 1 : 0;
  out[o + R.isCategorical] = s.isCategorical ? 1 : 0;
  out[o + R.numCat] = s.numCat;
  out[o + R.leftCount] = s.leftCount;
  out[o + R.rightCount] = s.rightCount;
  out[o + R.leftSumG] = s.leftSumG;
  out[o + R.leftSumH] = s.leftSumH;
  out[o + R.rightSumG] = s.rightSumG;
  out[o + R.rightSumH] = s.rightSumH;
  out[o + R.leftOutput] = s.leftOutput;
  out[o + R.rightOutput] = s.rightOutput;
  for (let i = 0; i < s.numCat; i++) cats[rec * maxCat + i] = s.catBins[i];
}

/**
 * Reads split record `rec` (written by a scan task) into `s`.
 *
 * @example
 * ```ts
 * readRecord(parts.results, parts.resultCats, 2 * group, parts.maxNumBin, scratch);
 * ```
 */
export function readRecord(res: Float64Array, cats: Int32Array, rec: number, maxCat: number, s: SplitInfo): void {
  const o = rec * RECORD_SIZE;
  s.gain = res[o + R.gain];
  s.feature = res[o + R.feature];
  s.threshold = res[o + R.threshold];
  s.defaultLeft = res[o + R.defaultLeft] === 1;
  s.isCategorical = res[o + R.isCategorical] === 1;
  s.numCat = res[o + R.numCat];
  s.leftCount = res[o + R.leftCount];
  s.rightCount = res[o + R.rightCount];
  s.leftSumG = res[o + R.leftSumG];
  s.leftSumH = res[o + R.leftSumH];
  s.rightSumG = res[o + R.rightSumG];
  s.rightSumH = res[o + R.rightSumH];
  s.leftOutput = res[o + R.leftOutput];
  s.rightOutput = res[o + R.rightOutput];
  if (s.catBins.length < s.numCat) s.catBins = new Int32Array(maxCat);
  for (let i = 0; i < s.numCat; i++) s.catBins[i] = cats[rec * maxCat + i];
}
