/**
 * `quant_train_renew_leaf`: a tree grown on quantized gradients gets each leaf's value from the
 * TRUE gradients and hessians of its rows (LightGBM's `GradientDiscretizer::RenewIntGradTreeOutput`,
 * anchor `src/treelearner/gradient_discretizer.cpp`): L1, L2 and max_delta_step apply, path
 * smoothing does not (LightGBM computes it without smoothing).
 */
import type { GbdtParams } from '../../params/resolved.js';
import type { DataPartition } from './partition.js';
import { leafOutput } from './split-info.js';
import type { Tree } from './tree.js';

/**
 * Sets `tree.leafValue[l]` (before shrinkage) from the sums of `grad` and `hess` (by local row)
 * over leaf l's rows of `part` (the partition the tree was just grown with), summed in partition order.
 *
 * @example
 * ```ts
 * const tree = learner.train(quantizedGrad, quantizedHess, bag, bagCount);
 * renewLeafOutputs(tree, learner.partition, grad, hess, params);
 * ```
 */
export function renewLeafOutputs(
  tree: Tree,
  part: DataPartition,
  grad: Float32Array,
  hess: Float32Array,
  p: Pick<GbdtParams, 'lambda_l1' | 'lambda_l2' | 'max_delta_step'>,
): void {
  const idx = part.indices;
  const n = part.segments;
  for (let l = 0; l < tree.numLeaves; l++) {
    let sg = 0;
    let sh = 0;
    // the leaf's pieces in order (see DataPartition)
    for (let q = l * n; q < (l + 1) * n; q++) {
      const begin = part.pieceBegin[q];
      const end = begin + part.pieceCount[q];
      for (let k = begin; k < end; k++) {
        const r = idx[k];
        sg += grad[r];
        sh += hess[r];
      }
    }
    const out = leafOutput(sg, sh, p.lambda_l1, p.lambda_l2, p.max_delta_step, 0, part.leafCount[l], 0);
    // (an empty leaf with lambda_l2 = 0: 0 / 0, which the learner also turns into 0)
    tree.leafValue[l] = Number.isNaN(out) ? 0 : out;
  }
}
