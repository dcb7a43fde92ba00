/** Seeded studies for the viz tests: a mixed search space (log, int, categorical, conditional params). */
import { Rng } from '../../src/core/rng.js';
import { CategoricalDistribution, FloatDistribution, IntDistribution } from '../../src/tune/distributions.js';
import { createStudy } from '../../src/tune/study/create-study.js';
import type { Study } from '../../src/tune/study/study.js';
import { createTrial, freezeTrial } from '../../src/tune/trial/create-trial.js';
import type { FrozenTrial, StudyDirection } from '../../src/tune/trial/frozen-trial.js';

export const DISTS = {
  lr: new FloatDistribution(1e-4, 1, { log: true }),
  depth: new IntDistribution(1, 8),
  booster: new CategoricalDistribution(['gbdt', 'dart']),
  drop_rate: new FloatDistribution(0, 0.5),
};

/**
 * `n` trials added with fixed times (trial i starts at t0 + 10 s·i and lasts 5 s); `drop_rate`
 * only when booster is 'dart'; every 7th trial PRUNED, every 11th FAIL; values
 * (log10(lr) + 2)² + 0.1·depth (+ drop_rate).
 */
export async function mixedStudy(n: number, seed = 0, name = 'mixed'): Promise<Study> {
  const study = await createStudy({ direction: 'minimize', studyName: name });
  const rng = new Rng(seed);
  const t0 = Date.UTC(2026, 0, 1);
  const trials = [];
  for (let i = 0; i < n; i++) {
    const lr = Math.exp(rng.uniform(Math.log(1e-4), 0));
    const depth = rng.int(1, 8);
    const booster = rng.choice(['gbdt', 'dart'] as const);
    const params: Record<string, number | string> = { lr, depth, booster };
    const distributions: Record<string, FloatDistribution | IntDistribution | CategoricalDistribution> = {
      lr: DISTS.lr,
      depth: DISTS.depth,
      booster: DISTS.booster,
    };
    let value = (Math.log10(lr) + 2) ** 2 + 0.1 * depth;
    if (booster === 'dart') {
      const dr = rng.uniform(0, 0.5);
      params.drop_rate = dr;
      distributions.drop_rate = DISTS.drop_rate;
      value += dr;
    }
    const state = i % 11 === 10 ? 'FAIL' : i % 7 === 6 ? 'PRUNED' : 'COMPLETE';
    const iv: Record<number, number> = {};
    for (let s = 0; s < (state === 'PRUNED' ? 2 : 4); s++) iv[s] = value + 1 / (s + 1);
    trials.push(
      createTrial({
        state,
        value: state === 'COMPLETE' ? value : undefined,
        params,
        distributions,
        intermediateValues: state === 'FAIL' ? undefined : iv,
        datetimeStart: new Date(t0 + 10_000 * i),
        datetimeComplete: new Date(t0 + 10_000 * i + 5_000),
      }),
    );
  }
  await study.addTrials(trials);
  return study;
}

/**
 * A plain {@link VizStudy} of `n` COMPLETE trials (numbers 0..n-1) built without a storage — fast
 * for the large-mode paths (over 1,500 points). Values: (log10(lr) + 2)² + 0.1·depth.
 */
export function largeVizStudy(n: number, seed = 0): { studyName: string; trials: FrozenTrial[]; directions: StudyDirection[] } {
  const rng = new Rng(seed);
  const t0 = Date.UTC(2026, 0, 1);
  const trials: FrozenTrial[] = [];
  for (let i = 0; i < n; i++) {
    const lr = Math.exp(rng.uniform(Math.log(1e-4), 0));
    const depth = rng.int(1, 8);
    const booster = rng.below(2);
    const value = (Math.log10(lr) + 2) ** 2 + 0.1 * depth;
    trials.push(
      freezeTrial({
        number: i,
        trialId: i,
        state: 'COMPLETE',
        values: [value],
        datetimeStart: new Date(t0 + 1000 * i),
        datetimeComplete: new Date(t0 + 1000 * i + 800),
        params: [
          ['lr', lr],
          ['depth', depth],
          ['booster', booster],
        ],
        distributions: { lr: DISTS.lr, depth: DISTS.depth, booster: DISTS.booster },
        userAttrs: [],
        systemAttrs: [],
        intermediateValues: [
          [0, value + 1],
          [1, value],
        ],
      }),
    );
  }
  return { studyName: 'large', trials, directions: ['MINIMIZE'] };
}
