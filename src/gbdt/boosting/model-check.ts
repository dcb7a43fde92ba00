/**
 * Consistency checks of a {@link BoosterModel} read from a file, shared by the JSON and the
 * LightGBM text readers, so that a corrupt file fails at load time with a message naming the
 * file, tree and field, never later with a raw TypeError or an endless tree walk.
 */
import { ModelFormatError } from '../../core/errors.js';
import { parseObjectiveLine } from '../objective/registry.js';
import { checkTreeStructure } from '../tree/tree-predict.js';
import type { BoosterModel } from './model.js';

/**
 * Throws a {@link ModelFormatError} naming `file` and the first fault found.
 *
 * @example
 * ```ts
 * checkModel(model, 'model.json');
 * ```
 */
export function checkModel(model: BoosterModel, file?: string): void {
  const fail = (msg: string): never => {
    throw new ModelFormatError(msg, file);
  };
  const nFeatures = model.features.length;
  if (!Number.isInteger(model.numClass) || model.numClass < 1) fail(`num_class must be a positive integer, got ${model.numClass}`);
  const k = model.numTreePerIteration;
  if (!Number.isInteger(k) || k < 1) fail(`num_tree_per_iteration must be a positive integer, got ${k}`);
  if (model.trees.length % k !== 0) {
    fail(`${model.trees.length} trees is not a multiple of num_tree_per_iteration (${k})`);
  }
  if (model.objective.trim() !== '') {
    const objective = parseObjectiveLine(model.objective, { file });
    if (objective.numModelPerIteration !== k) {
      fail(`objective '${model.objective}' has ${objective.numModelPerIteration} trees per round; num_tree_per_iteration is ${k}`);
    }
  }
  const rounds = model.trees.length / k;
  if (!Number.isInteger(model.bestIteration) || model.bestIteration < 0 || model.bestIteration > rounds) {
    fail(`bestIteration ${model.bestIteration} is not in 0..${rounds}`);
  }
  if (model.classes !== null) {
    const expected = model.numClass === 1 ? 2 : model.numClass;
    if (model.classes.length !== expected) {
      fail(`${model.classes.length} class labels for a model with num_class=${model.numClass} (expected ${expected})`);
    }
  }
  const names = new Set<string>();
  for (let f = 0; f < nFeatures; f++) {
    const meta = model.features[f];
    if (names.has(meta.name)) fail(`feature name '${meta.name}' appears twice`);
    names.add(meta.name);
  }
  for (let t = 0; t < model.trees.length; t++) {
    const fault = checkTreeStructure(model.trees[t], nFeatures);
    if (fault !== null) fail(`tree ${t}: ${fault}`);
  }
}
