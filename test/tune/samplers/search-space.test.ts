import { describe, expect, it } from 'vitest';
import { CategoricalDistribution, FloatDistribution, IntDistribution } from '../../../src/tune/distributions.js';
import { GroupDecomposedSearchSpace, IntersectionSearchSpace, intersectionSearchSpace } from '../../../src/tune/samplers/search-space.js';
import { createTrial } from '../../../src/tune/trial/create-trial.js';
import type { FrozenTrial, TrialState } from '../../../src/tune/trial/frozen-trial.js';

const X = new FloatDistribution(0, 1);
const Y = new IntDistribution(0, 5);
const Z = new CategoricalDistribution(['a', 'b']);

function trial(number: number, state: TrialState, dists: Record<string, FloatDistribution | IntDistribution | CategoricalDistribution>): FrozenTrial {
  const params: Record<string, number | string> = {};
  for (const [k, d] of Object.entries(dists)) params[k] = d.kind === 'categorical' ? (d.choices[0] as string) : d.low;
  const t = createTrial({ state, params, distributions: dists, ...(state === 'COMPLETE' ? { value: 0 } : {}) });
  return { ...t, number, trialId: number };
}

describe('intersectionSearchSpace', () => {
  it("keeps params every complete trial has with the same distribution, sorted by name", () => {
    const trials = [trial(0, 'COMPLETE', { z: Z, x: X, y: Y }), trial(1, 'COMPLETE', { x: X, z: Z }), trial(2, 'FAIL', { q: X }), trial(3, 'RUNNING', {})];
    expect(intersectionSearchSpace(trials)).toEqual({ x: X, z: Z });
    expect(Object.keys(intersectionSearchSpace(trials))).toEqual(['x', 'z']);
    const changed = [...trials, trial(4, 'COMPLETE', { x: new FloatDistribution(0, 2), z: Z })];
    expect(intersectionSearchSpace(changed)).toEqual({ z: Z });
    expect(intersectionSearchSpace([])).toEqual({});
  });

  it('counts pruned trials only with includePruned', () => {
    const trials = [trial(0, 'COMPLETE', { x: X, y: Y }), trial(1, 'PRUNED', { x: X })];
    expect(intersectionSearchSpace(trials)).toEqual({ x: X, y: Y });
    expect(intersectionSearchSpace(trials, { includePruned: true })).toEqual({ x: X });
  });

  it('incremental version equals the full computation as trials finish', () => {
    const cached = new IntersectionSearchSpace();
    const all: FrozenTrial[] = [trial(0, 'COMPLETE', { x: X, y: Y, z: Z }), trial(1, 'RUNNING', {})];
    const view = { studyId: 0, getTrials: () => all };
    expect(cached.calculate(view)).toEqual(intersectionSearchSpace(all));
    all.push(trial(2, 'COMPLETE', { x: X, y: Y }));
    expect(cached.calculate(view)).toEqual({ x: X, y: Y });
    all[1] = trial(1, 'COMPLETE', { y: Y }); // the running trial finishes later with fewer params
    expect(cached.calculate(view)).toEqual({ y: Y });
    expect(cached.calculate(view)).toEqual(intersectionSearchSpace(all));
    expect(() => cached.calculate({ studyId: 1, getTrials: () => [] })).toThrow(/several studies/);
  });
});

describe('GroupDecomposedSearchSpace', () => {
  it('splits params into groups always suggested together', () => {
    const g = new GroupDecomposedSearchSpace();
    const all = [trial(0, 'COMPLETE', { x: X, y: Y }), trial(1, 'COMPLETE', { x: X, y: Y, z: Z }), trial(2, 'COMPLETE', { z: Z })];
    const groups = g.calculate({ studyId: 0, getTrials: (o?: { states?: readonly TrialState[] }) => all.filter((t) => !o?.states || o.states.includes(t.state)) });
    const names = groups.map((s) => Object.keys(s).sort().join(',')).sort();
    expect(names).toEqual(['x,y', 'z']);
  });
});
