import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/core/rng.js';
import {
  constrainedDominates,
  crowdingDistances,
  rankPopulation,
  selectElite,
  selectParents,
  trialDominates,
} from '../../../../src/tune/samplers/nsga2/selection.js';
import type { FrozenTrial, TrialState } from '../../../../src/tune/trial/frozen-trial.js';

function t(number: number, values: number[], constraints?: number[], state: TrialState = 'COMPLETE'): FrozenTrial {
  return {
    number,
    trialId: 100 + number,
    state,
    values: state === 'COMPLETE' ? values : null,
    value: null,
    datetimeStart: null,
    datetimeComplete: null,
    params: {},
    distributions: {},
    userAttrs: {},
    systemAttrs: constraints === undefined ? {} : { constraints },
    intermediateValues: new Map(),
  };
}

describe('NSGA-II selection', () => {
  it('computes crowding distances as Optuna (infinite at the extremes)', () => {
    const front = [t(0, [0, 4]), t(1, [1, 2]), t(2, [2, 1]), t(3, [4, 0])];
    const d = crowdingDistances(front);
    expect(d.get(0)).toBe(Infinity);
    expect(d.get(3)).toBe(Infinity);
    // objective 0: (2 - 0) / 4 and (4 - 1) / 4; objective 1 mirrored
    expect(d.get(1)).toBeCloseTo(0.5 + 0.75, 14);
    expect(d.get(2)).toBeCloseTo(0.75 + 0.5, 14);
    // an objective with one value everywhere adds nothing
    const flat = crowdingDistances([t(0, [1, 0]), t(1, [1, 1]), t(2, [1, 3])]);
    expect([flat.get(0), flat.get(1), flat.get(2)]).toEqual([Infinity, (3 - 0) / 3, Infinity]);
  });

  it('ranks fronts by dominance, direction-aware', () => {
    const pop = [t(0, [1, 1]), t(1, [2, 2]), t(2, [0, 3]), t(3, [3, 3]), t(4, [2, 0.5])];
    const fronts = rankPopulation(pop, ['MINIMIZE', 'MINIMIZE'], false).map((f) => f.map((x) => x.number));
    expect(fronts).toEqual([[0, 2, 4], [1], [3]]);
    const maxFronts = rankPopulation(pop, ['MAXIMIZE', 'MAXIMIZE'], false).map((f) => f.map((x) => x.number));
    expect(maxFronts).toEqual([[3], [1, 2], [0, 4]]);
  });

  it('selects whole fronts, then the most isolated of the last front', () => {
    const pop = [t(0, [0, 4]), t(1, [1, 2]), t(2, [2, 1.5]), t(3, [4, 0]), t(4, [5, 5]), t(5, [6, 6])];
    // front 0 = {0, 1, 2, 3}; with 3 slots: the two extremes, then the larger distance of 1 and 2
    const d = crowdingDistances(pop.slice(0, 4));
    const expectedThird = (d.get(1) as number) > (d.get(2) as number) ? 1 : 2;
    const elite = selectElite(pop, ['MINIMIZE', 'MINIMIZE'], 3).map((x) => x.number).sort();
    expect(elite).toEqual([0, 3, expectedThird].sort());
    expect(selectElite(pop, ['MINIMIZE', 'MINIMIZE'], 5).map((x) => x.number).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('puts feasible trials first, then infeasible ones by violation', () => {
    const pop = [t(0, [0, 0], [1]), t(1, [5, 5], [0]), t(2, [6, 1], [-2]), t(3, [0, 1], [0.5])];
    const fronts = rankPopulation(pop, ['MINIMIZE', 'MINIMIZE'], true).map((f) => f.map((x) => x.number));
    expect(fronts).toEqual([[1, 2], [3], [0]]);
    expect(constrainedDominates(pop[1], pop[0], ['MINIMIZE', 'MINIMIZE'])).toBe(true);
    expect(constrainedDominates(pop[3], pop[0], ['MINIMIZE', 'MINIMIZE'])).toBe(true); // smaller violation
    expect(constrainedDominates(pop[0], pop[3], ['MINIMIZE', 'MINIMIZE'])).toBe(false);
  });

  it('dominance treats unfinished trials as worst', () => {
    const done = t(0, [1, 1]);
    const running = t(1, [0, 0], undefined, 'RUNNING');
    expect(trialDominates(done, running, ['MINIMIZE', 'MINIMIZE'])).toBe(true);
    expect(trialDominates(running, done, ['MINIMIZE', 'MINIMIZE'])).toBe(false);
    expect(trialDominates(t(2, [1, 1]), t(3, [1, 1]), ['MINIMIZE', 'MINIMIZE'])).toBe(false);
  });

  it('binary tournaments favour dominant trials and give distinct parents', () => {
    const pop = [t(0, [0, 0]), t(1, [1, 1]), t(2, [2, 2]), t(3, [3, 3])];
    const rng = new Rng(1);
    const wins = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const ps = selectParents(pop, 2, rng, ['MINIMIZE', 'MINIMIZE'], trialDominates);
      expect(ps[0]).not.toBe(ps[1]);
      wins[ps[0].number]++;
    }
    // P(best of two draws with replacement is i) = ((4 - i)^2 - (3 - i)^2) / 16 = 7/16, 5/16, 3/16, 1/16
    expect(wins[0] / 4000).toBeCloseTo(7 / 16, 1);
    expect(wins[3] / 4000).toBeCloseTo(1 / 16, 1);
  });
});
