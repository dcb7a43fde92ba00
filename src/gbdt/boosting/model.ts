/**
 * The data of a trained model, independent of how it was trained: what `train` produces, what
 * `Booster` predicts with, and what model files (gbtune JSON, LightGBM model.txt) hold.
 */
import type { FeatureMeta } from '../../data/feature-meta.js';
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
}
