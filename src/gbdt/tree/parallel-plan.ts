/**
 * When a learner's phase goes to threads, and how it is cut: the size rules (work below which a
 * phase runs on the calling thread alone) and the cuts of a phase into tasks. None of this changes
 * a result: the numeric cut (row blocks) is `row-blocks.ts`; these cuts only decide which thread
 * does what.
 *
 * Measured on the 2-core development machine (a shared virtual machine under load: runs in their
 * own scheduler group at nice -20, medians of interleaved repeats; bench/train-speed.bench.mjs
 * prints such ratios): a binary training on n x 28 rows x features, 2 threads against 1, with
 * every size rule but `minTrainingWork` as below: 30k rows 1.08x, 60k 1.00x, 100k 1.4x, 300k
 * 1.5x to 1.75x, 1M 1.6x (1.81x simulated from its tasks' times: the rest is the two cores
 * slowing each other). Threads pay from about 2.5M rows x features, hence `minTrainingWork`.
 */

/**
 * The size rules. `minTrainingWork`: rows x used features of a training below which it never
 * starts or uses the trainer threads (breast_cancer, digits and letter stay on one thread);
 * `buildWork`: rows x features of a histogram below which it is built on the calling thread;
 * `scanBins`: bins of a node's scan (both children) below which it runs on the calling thread;
 * `partitionRows`: rows of a leaf below which its split runs on the calling thread; `rootRows`:
 * rows of a tree below which its gradient pairs are gathered on the calling thread;
 * `partitionBlockRows`: rows per block of a split (and of a score update) on threads;
 * `gradientWork`: rows x classes below which a round's gradients are computed on the calling
 * thread, `gradientBlockWork` rows x classes per block above it; `scoreRows`: rows below which
 * a tree's leaf values are added to the scores on the calling thread; `gatherRows`: the most rows
 * of a leaf whose row-major histogram on threads is built from its rows gathered first (when its
 * row blocks do not share evenly between the threads), `gatherBlockRows` rows per gather task;
 * `gatherOddBlocks`: with the shared kernel memory (kernel-memory.ts), a leaf whose row blocks are
 * not a multiple of the threads is gathered once and built by even tiles however many its blocks
 * (else only when fewer than two blocks per thread). Off: measured no gain at 300k x 28, 2 threads
 * (2.43 s against 2.35 s, medians of 3); not measured at 1M rows, where more leaves have 5..17 blocks.
 * `splitOddBlocks`: a histogram of whole row blocks that do not share evenly between the threads
 * (more blocks than threads, not a multiple of them: the root's 7 blocks at 300k x 28, 21 at 1M,
 * a leaf's 5, 7, ...) builds its last `blocks % threads` blocks by one feature group per thread,
 * after the whole blocks, so the threads end together instead of one building a whole block alone.
 * Measured at 2 threads, medians of 4-6 alternated runs on a quiet machine: 300k x 28 1.47 s ->
 * 1.44 s, 1M x 28 4.63 s -> 4.50 s, the same model bytes.
 * `splitGather`: a gathered leaf built by 2 feature groups, on rows of 17..32 bytes whose groups
 * each lie in one 16-byte half of a row (28 features: 0..13 in bytes 0..16, 14..27 in 12..28), has
 * the halves gathered into two regions, and each group's tiles read only theirs (16 + 8 bytes a row
 * instead of 28 + 8; the thread owning a group mostly reads lines it wrote). 1M x 28, 2 threads,
 * alternated runs labelled by the cores' placement: far 5.21-5.30 s -> 5.03-5.06 s, near
 * 5.12-5.13 s -> 4.94 s; the same model bytes.
 * `blocksPerThread`: the most tasks per thread of a phase cut by rows (gradients, score update,
 * gather, partition): a thread that ends its range early takes tasks from the back of another's,
 * so the threads end at most one task apart, and finer tasks end them closer. 1M x 28, 2 threads,
 * alternated in one process (idle: the phases' wall times the threads less their tasks' time, a
 * measure the host's swings barely move): 4 per thread 1.39-1.44 s idle, 8 per thread 1.25-1.33 s,
 * 12 per thread 1.16-1.30 s; the same model bytes.
 * `shareCutTiles`: with `splitOddBlocks`, each thread's range of a build's tiles is its share of
 * the whole blocks and of the cut tiles (the root's 21 blocks at 2 threads: 10 whole + 1 half each,
 * where the ranges had been 11 whole against 9 + 2 halves); with 8 per thread above, idle 1.06-1.31
 * s -> 0.92-1.17 s and the root build's idle per training 44-56 ms -> 24-28 ms; the same bits.
 */
export const threadSwitches = {
  minTrainingWork: 2_500_000,
  buildWork: 65_536,
  scanBins: 4096,
  partitionRows: 16_384,
  rootRows: 131_072,
  partitionBlockRows: 8192,
  gradientWork: 65_536,
  gradientBlockWork: 16_384,
  scoreRows: 65_536,
  gatherRows: 131_072,
  gatherBlockRows: 2048,
  gatherOddBlocks: false,
  splitOddBlocks: true,
  splitGather: true,
  blocksPerThread: 8,
  shareCutTiles: true,
};

/**
 * `out[at + k] = begin + floor(k * n / parts)` for k = 0..parts: `parts` near-equal ranges of n.
 *
 * @example
 * ```ts
 * evenBounds(plan, 10, 0, 100, 4); // plan[10..14] = 0, 25, 50, 75, 100
 * ```
 */
export function evenBounds(out: Int32Array, at: number, begin: number, n: number, parts: number): void {
  for (let k = 0; k <= parts; k++) out[at + k] = begin + Math.floor((k * n) / parts);
}

/**
 * Cuts `list[0..len)` (feature indices) into `parts` contiguous groups of near-equal total
 * `weight[list[i]]` (bins: a scan's cost), into `out[at .. at + parts]`; returns the number of
 * non-empty groups (at most `parts`).
 *
 * @example
 * ```ts
 * const groups = weightedBounds(plan, at, treeList, treeLen, numBin, 4);
 * ```
 */
export function weightedBounds(out: Int32Array, at: number, list: Int32Array, len: number, weight: Int32Array, parts: number): number {
  let total = 0;
  for (let i = 0; i < len; i++) total += weight[list[i]];
  out[at] = 0;
  let g = 0;
  let acc = 0;
  for (let i = 0; i < len && g < parts - 1; i++) {
    acc += weight[list[i]];
    if (acc * parts >= total * (g + 1)) out[at + ++g] = i + 1;
  }
  if (out[at + g] !== len) out[at + ++g] = len;
  return g;
}

/**
 * Feature groups per row block of a histogram built on `threads` threads: enough tiles for every
 * thread (`blocks x groups >= threads`), at least 4 features a group (a tile copies whole rows, so
 * thin groups cost more than they share).
 *
 * @example
 * ```ts
 * tileGroups(18, 2, 28); // 1: row blocks alone keep 2 threads busy
 * tileGroups(1, 2, 28); // 2
 * ```
 */
export function tileGroups(blocks: number, threads: number, features: number): number {
  if (blocks >= threads) return 1;
  return Math.max(1, Math.min(Math.ceil(threads / blocks), Math.floor(features / 4), 64));
}

/**
 * Feature groups per row block of a histogram built from gathered rows on `threads` threads: the
 * fewest that make the tiles (`blocks x groups`) a multiple of the threads, so that they share
 * evenly (each group costs a pass over the rows), at most one group per 4 features.
 *
 * @example
 * ```ts
 * evenTileGroups(1, 2, 28); // 2
 * evenTileGroups(3, 2, 28); // 2: 6 tiles
 * evenTileGroups(2, 4, 28); // 2
 * ```
 */
export function evenTileGroups(blocks: number, threads: number, features: number): number {
  let a = blocks;
  let b = threads;
  while (b !== 0) [a, b] = [b, a % b];
  return Math.max(1, Math.min(threads / a, Math.floor(features / 4), 64));
}
