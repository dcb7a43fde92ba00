/**
 * The GP sampler's imports from the shared sampler modules, in one place: the random sampler
 * (its default independent sampler) and the intersection search space over a study's complete
 * trials (Optuna's `IntersectionSearchSpace` with `include_pruned=False`).
 *
 * @example
 * ```ts
 * const space = completeIntersection(study);
 * ```
 */
import type { Distribution } from '../../distributions.js';
import type { StudyView } from '../../study/study-view.js';
import { intersectionSearchSpace } from '../search-space.js';

export { RandomSampler } from '../random.js';

/**
 * The params (with equal distributions) shared by every complete trial, sorted by name. The
 * stateless form is used, so one sampler may serve several studies; its O(trials · params) cost
 * is negligible next to the GP fit.
 */
export function completeIntersection(study: StudyView): Record<string, Distribution> {
  return intersectionSearchSpace(study.getTrials({ states: ['COMPLETE'] }));
}
