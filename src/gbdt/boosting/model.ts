/**
 * The data of a trained model, independent of how it was trained: what `train` produces, what
 * `Booster` predicts with, and what model files (gbtune JSON, LightGBM model.txt) hold.
 */
import type { FeatureMeta } from '../../data/feature-meta.js';
import { objectiveLineTask, TaskKind } from '../../params/objectives.js';
import type { Tree } from '../tree/tree.js';

/** A trained model's content. */
export interface BoosterModel {
  /** The LightGBM objective line, e.g. `'binary sigmoid:1'`, `'multiclass num_class:3'`, `'regression'`. */
  objective: string;
  numClass: number;
  /** Trees per boosting round: numClass for multiclass, else 1. */
  numTreePerIteration: number;
  features: FeatureMeta[];
  /** All trees, round-major: tree `r * numTreePerIteration + k` is class k's tree of round r. */
  trees: Tree[];
  /** Class labels as text (classification), index = class id; null for regression. */
  classes: string[] | null;
  targetName: string | null;
  /** The resolved params used for training (canonical names), for the record. */
  params: Record<string, unknown>;
  /** The best round found by early stopping (1-based), or 0 when all rounds count. */
  bestIteration: number;
  /**
   * A random forest (`boosting=rf`, LightGBM's `average_output`): predictions average the rounds'
   * trees instead of adding them (raw scores stay their sum, as LightGBM's `raw_score`). Default false.
   */
  averageOutput?: boolean;
}

/**
 * The class labels of a model whose file stores none (a LightGBM model.txt): LightGBM's class
 * indices as text, `['0', '1']` for a binary objective and `'0'` to `numClass - 1` for a multiclass
 * one (softmax or one-vs-all); null for other objectives.
 *
 * @example
 * ```ts
 * defaultClassLabels('multiclass num_class:3', 3); // ['0', '1', '2']
 * defaultClassLabels('regression', 1); // null
 * ```
 */
export function defaultClassLabels(objectiveLine: string, numClass: number): string[] | null {
  const task = objectiveLineTask(objectiveLine);
  if (task === TaskKind.BINARY) return ['0', '1'];
  if (task === TaskKind.MULTICLASS) return Array.from({ length: numClass }, (_, i) => String(i));
  return null;
}
