/**
 * What the forest-based evaluators (fANOVA, MDI) share: the study's varying params, the COMPLETE
 * trials that have them all, encoded, and a seeded random forest fitted on their target values.
 */
import { encodeTrials, filteredTrials, importanceSearchSpace, type EncodedTrials, type EvaluateOptions, type ImportanceStudy, type SpaceParam } from './encode.js';
import { fitForest, type Forest, type ForestOptions } from './forest.js';

/** The fitted forest and its inputs; `fit` is null when no trial has every param with a finite target. */
export interface ImportanceForest {
  space: SpaceParam[];
  fit: { enc: EncodedTrials; forest: Forest } | null;
}

/**
 * Fits the forest of a forest-based evaluator, or returns null when no param varies.
 *
 * @example
 * ```ts
 * const r = fitImportanceForest(study, {}, { nTrees: 64, maxDepth: 64, seed: 0 });
 * ```
 */
export function fitImportanceForest(study: ImportanceStudy, { params, target }: EvaluateOptions, forest: ForestOptions): ImportanceForest | null {
  const complete = study.trials.filter((t) => t.state === 'COMPLETE' && t.values !== null);
  const space = importanceSearchSpace(complete, params).filter((p) => !p.dist.single());
  if (space.length === 0) return null;
  const { trials, values } = filteredTrials(study, space.map((p) => p.name), target);
  if (trials.length === 0) return { space, fit: null };
  const enc = encodeTrials(trials, space);
  return { space, fit: { enc, forest: fitForest(enc.X, values, enc.nRows, enc.nCols, forest) } };
}
