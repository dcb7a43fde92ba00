/**
 * The fixed row blocks of a leaf's histogram: a leaf with many rows is cut into blocks whose
 * histograms are built separately (by any thread) and then summed in block order. The cut depends
 * only on the leaf's row count and the histogram's size, never on the number of threads, so the
 * floating-point sums — and the model — are the same bits at 1, 2 or 64 threads (DESIGN's
 * "reductions in a fixed order"). A leaf of at most {@link rowBlockSwitches}.minRows rows is one
 * block: its histogram adds its rows one after another, as a single-threaded learner always did.
 * The root's gradient sums use the same blocks.
 */

/**
 * The rule's constants. `minRows`: the fewest rows of a block (32,768: its histogram pass takes
 * about 1 ms on 28 features, so zeroing and adding its partial histogram costs about 1%);
 * `binsPerRow`: a block also has at least this many rows per histogram bin, which keeps that
 * overhead as small on wide data; `maxBlocks`: the most blocks of one leaf; `partialBudgetBytes`:
 * the most memory of the partial histograms of one leaf (a wide histogram gets fewer blocks).
 * Tests lower them to get many blocks from small data; the model depends on them.
 */
export const rowBlockSwitches = { minRows: 32768, binsPerRow: 8, maxBlocks: 64, partialBudgetBytes: 64 * 1024 * 1024 };

/**
 * The number of row blocks of a leaf of `count` rows whose histogram has `totalBins` bins.
 *
 * @example
 * ```ts
 * histogramBlockCount(1_000_000, 28 * 255); // 18
 * histogramBlockCount(10_000, 28 * 255); // 1
 * ```
 */
export function histogramBlockCount(count: number, totalBins: number): number {
  const { maxBlocks, partialBudgetBytes } = rowBlockSwitches;
  const perBlock = blockRows(totalBins);
  if (count <= perBlock) return 1;
  const byRows = Math.ceil(count / perBlock);
  // blocks 1.. each need a partial histogram of 2 * totalBins doubles
  const byMemory = 1 + Math.floor(partialBudgetBytes / (16 * Math.max(1, totalBins)));
  return Math.max(1, Math.min(byRows, maxBlocks, byMemory));
}

/**
 * The fewest rows of a row block of a histogram of `totalBins` bins (a leaf of at most this many
 * rows is one block; of at most k times as many, at most k blocks).
 *
 * @example
 * ```ts
 * blockRows(28 * 255); // 57,120
 * ```
 */
export function blockRows(totalBins: number): number {
  return Math.max(rowBlockSwitches.minRows, rowBlockSwitches.binsPerRow * totalBins, 1);
}

/**
 * The first position of block `k` of `nBlocks` over positions `begin .. begin + count` (block
 * `nBlocks` gives the end).
 *
 * @example
 * ```ts
 * blockStart(0, 10, 3, 1); // 3
 * ```
 */
export function blockStart(begin: number, count: number, nBlocks: number, k: number): number {
  return begin + Math.floor((k * count) / nBlocks);
}
