/**
 * The GP sampler's imports from the shared sampler modules: the random sampler, and a stand-in
 * for the intersection search space (complete trials only, as Optuna's `IntersectionSearchSpace`)
 * until the shared one can be imported.
 *
 * @example
 * ```ts
 * const space = intersectionSearchSpace(study);
 * ```
 */
import { distributionsEqual, type Distribution } from '../../distributions.js';
import type { StudyView } from '../../study/study-view.js';

/** The params (with equal distributions) shared by every complete trial, sorted by name. */
export function intersectionSearchSpace(study: StudyView): Record<string, Distribution> {
  let space: Map<string, Distribution> | null = null;
  for (const t of study.getTrials({ states: ['COMPLETE'] })) {
    if (space === null) {
      space = new Map(Object.entries(t.distributions));
      continue;
    }
    for (const [name, dist] of [...space]) {
      const other = t.distributions[name];
      if (other === undefined || !distributionsEqual(dist, other)) space.delete(name);
    }
  }
  const out: Record<string, Distribution> = {};
  if (space === null) return out;
  for (const name of [...space.keys()].sort()) out[name] = space.get(name) as Distribution;
  return out;
}

export { RandomSampler } from '../random.js';
