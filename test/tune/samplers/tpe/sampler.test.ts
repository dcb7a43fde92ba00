import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../../../src/core/log.js';
import { Rng } from '../../../../src/core/rng.js';
import { CategoricalDistribution, FloatDistribution, IntDistribution } from '../../../../src/tune/distributions.js';
import { paretoFrontTrials } from '../../../../src/tune/multi-objective.js';
import type { Sampler } from '../../../../src/tune/samplers/base.js';
import { TPESampler } from '../../../../src/tune/samplers/tpe/sampler.js';
import { drawUniform } from '../../../../src/tune/samplers/tpe/uniform.js';
import type { FrozenTrial } from '../../../../src/tune/trial/frozen-trial.js';
import { FakeStudy, type FakeTrial } from './fake-study.js';

const X = new FloatDistribution(-5, 5);
const Y = new FloatDistribution(-5, 5);

/** A sampler that only draws uniformly (the random baseline). */
class Uniform implements Sampler {
  private readonly rng: Rng;
  constructor(seed: number) {
    this.rng = new Rng(seed);
  }
  inferRelativeSearchSpace(): Record<string, never> {
    return {};
  }
  sampleRelative(): Record<string, never> {
    return {};
  }
  sampleIndependent(_s: unknown, _t: unknown, _n: string, d: FloatDistribution): number {
    return drawUniform(this.rng, d) as number;
  }
}

function quadratic(t: FakeTrial): number {
  const x = t.suggest('x', X) as number;
  const y = t.suggest('y', Y) as number;
  return (x - 1.5) ** 2 + (y + 0.5) ** 2;
}

function best(study: FakeStudy): number {
  return Math.min(...study.trials.filter((t) => t.state === 'COMPLETE').map((t) => (t.values as number[])[0]));
}

function runMixed(sampler: Sampler, n: number): FakeStudy {
  const study = new FakeStudy();
  for (let i = 0; i < n; i++) {
    study.run(sampler, (t) => {
      const x = t.suggest('x', new FloatDistribution(-3, 3)) as number;
      const lr = t.suggest('lr', new FloatDistribution(1e-4, 1, { log: true })) as number;
      const k = t.suggest('k', new IntDistribution(1, 9, { step: 2 })) as number;
      const c = t.suggest('c', new CategoricalDistribution(['a', 'b', null, true])) as string | null | boolean;
      return x * x + Math.abs(Math.log10(lr) + 2) + Math.abs(k - 5) + (c === 'b' ? 0 : 1);
    });
  }
  return study;
}

describe('TPESampler', () => {
  it('beats random search on a 2-D quadratic over 60 trials for most seeds', () => {
    let wins = 0;
    for (let seed = 0; seed < 5; seed++) {
      const tpe = new FakeStudy();
      const rnd = new FakeStudy();
      const s1 = new TPESampler({ seed });
      const s2 = new Uniform(seed);
      for (let i = 0; i < 60; i++) {
        tpe.run(s1, quadratic);
        rnd.run(s2, quadratic);
      }
      if (best(tpe) < best(rnd)) wins++;
    }
    expect(wins).toBeGreaterThanOrEqual(4);
  });

  it('gives the same trials for the same seed, different ones for another seed', () => {
    const a = runMixed(new TPESampler({ seed: 3 }), 30).trials.map((t) => t.params);
    const b = runMixed(new TPESampler({ seed: 3 }), 30).trials.map((t) => t.params);
    const c = runMixed(new TPESampler({ seed: 4 }), 30).trials.map((t) => t.params);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    const m1 = runMixed(new TPESampler({ seed: 3, multivariate: true }), 25).trials.map((t) => t.params);
    const m2 = runMixed(new TPESampler({ seed: 3, multivariate: true }), 25).trials.map((t) => t.params);
    expect(m2).toEqual(m1);
  });

  it('keeps every param in range and on its grid, univariate and multivariate', () => {
    for (const multivariate of [false, true]) {
      const study = runMixed(new TPESampler({ seed: 9, multivariate, nStartupTrials: 5 }), 40);
      for (const t of study.trials) {
        expect([1, 3, 5, 7, 9]).toContain(t.params.k);
        expect(['a', 'b', null, true]).toContain(t.params.c);
        expect(t.params.lr as number).toBeGreaterThanOrEqual(1e-4);
        expect(t.params.lr as number).toBeLessThanOrEqual(1);
      }
      // the model concentrates on the optimum: k = 5 and c = 'b' dominate the last 15 trials
      const late = study.trials.slice(-15);
      expect(late.filter((t) => t.params.k === 5).length).toBeGreaterThanOrEqual(6);
      expect(late.filter((t) => t.params.c === 'b').length).toBeGreaterThanOrEqual(6);
    }
  });

  it('samples randomly until nStartupTrials trials are complete or pruned', () => {
    const sampler = new TPESampler({ seed: 1, nStartupTrials: 5 });
    const study = new FakeStudy();
    // 3 failed trials do not count
    for (let i = 0; i < 3; i++) study.begin(sampler).finish('FAIL');
    for (let i = 0; i < 5; i++) study.run(sampler, quadratic);
    // the startup draws are uniform draws from the sampler's own seeded RNG
    const rng = new Rng(1);
    const expected = [] as number[];
    for (let i = 0; i < 5; i++) expected.push(drawUniform(rng, X) as number, drawUniform(rng, Y) as number);
    const got = study.trials.slice(3).flatMap((t) => [t.params.x as number, t.params.y as number]);
    expect(got).toEqual(expected);
  });

  it('with the constant liar, a second concurrent ask differs from the first', () => {
    // Two workers whose samplers share a seed ask at the same time. Without the liar they see the
    // same finished trials and draw the same point (pile-up); with it the second worker counts the
    // first one's running trial as bad and moves elsewhere.
    let same = 0;
    let differ = 0;
    for (let seed = 0; seed < 6; seed++) {
      for (const multivariate of [false, true]) {
        for (const constantLiar of [false, true]) {
          const study = new FakeStudy();
          const filler = new TPESampler({ seed: 100 + seed });
          for (let i = 0; i < 20; i++) study.run(filler, quadratic);
          const a = new TPESampler({ seed, constantLiar, multivariate });
          const b = new TPESampler({ seed, constantLiar, multivariate });
          const t1 = study.begin(a);
          const p1 = [t1.suggest('x', X), t1.suggest('y', Y)];
          const t2 = study.begin(b);
          const p2 = [t2.suggest('x', X), t2.suggest('y', Y)];
          if (!constantLiar && p1[0] === p2[0] && p1[1] === p2[1]) same++;
          if (constantLiar && (p1[0] !== p2[0] || p1[1] !== p2[1])) differ++;
        }
      }
    }
    expect(same).toBe(12);
    expect(differ).toBeGreaterThanOrEqual(10);
  });

  it('constant liar sees the running trial as a bad point (the two asks are apart)', () => {
    const sampler = new TPESampler({ seed: 2, constantLiar: true });
    const study = new FakeStudy();
    for (let i = 0; i < 30; i++) study.run(sampler, quadratic);
    const running = study.begin(sampler);
    running.suggest('x', X);
    running.suggest('y', Y);
    // the running trial is counted in 'above' for the next ask: its neighbourhood gets less l/g
    const other = study.begin(sampler);
    const x = other.suggest('x', X) as number;
    expect(x).not.toBe(running.frozen.params.x);
  });

  it('handles conditional params (univariate and group-decomposed multivariate)', () => {
    for (const opts of [{}, { multivariate: true, group: true }, { multivariate: true }]) {
      const sampler = new TPESampler({ seed: 5, ...opts, warnIndependentSampling: false });
      const study = new FakeStudy();
      for (let i = 0; i < 60; i++) {
        study.run(sampler, (t) => {
          const kind = t.suggest('kind', new CategoricalDistribution(['lin', 'sq']));
          if (kind === 'lin') return Math.abs(t.suggest('a', new FloatDistribution(-10, 10)) as number) + 1;
          return ((t.suggest('b', new IntDistribution(-10, 10)) as number) - 3) ** 2;
        });
      }
      const late = study.trials.slice(-20);
      expect(late.filter((t) => t.params.kind === 'sq').length).toBeGreaterThanOrEqual(12);
      expect(best(study)).toBe(0);
      for (const t of study.trials) expect('a' in t.params !== 'b' in t.params).toBe(true);
    }
  });

  it('warns once per param when multivariate falls back to independent sampling', () => {
    const sampler = new TPESampler({ seed: 1, multivariate: true, nStartupTrials: 2 });
    const study = new FakeStudy();
    const logs = captureLogs(() => {
      for (let i = 0; i < 12; i++) {
        study.run(sampler, (t) => {
          const x = t.suggest('x', X) as number;
          // 'z' has a range that changes every trial: never in the intersection
          const z = t.suggest('z', new FloatDistribution(0, 1 + (i % 3))) as number;
          return x * x + z;
        });
      }
    });
    const warnings = logs.filter((l) => l.level === 'warn');
    expect(warnings.length).toBe(1);
    expect(warnings[0]?.message).toContain("'z'");
  });

  it('multi-objective (MOTPE): runs and finds a sensible Pareto front', () => {
    const sampler = new TPESampler({ seed: 4 });
    const study = new FakeStudy(['MINIMIZE', 'MINIMIZE']);
    for (let i = 0; i < 80; i++) {
      study.run(sampler, (t) => {
        const x = t.suggest('x', new FloatDistribution(0, 1)) as number;
        const y = t.suggest('y', new FloatDistribution(0, 1)) as number;
        // ZDT1-like: front f2 = 1 - sqrt(f1) at y = 0
        const g = 1 + 9 * y;
        return [x, g * (1 - Math.sqrt(x / g))];
      });
    }
    const front = paretoFrontTrials(study.trials, study.directions);
    expect(front.length).toBeGreaterThanOrEqual(5);
    // front points near the true front: y small
    const ys = front.map((t) => t.params.y as number).sort((a, b) => a - b);
    expect(ys[Math.floor(ys.length / 2)]).toBeLessThan(0.1);
    // and spread over f1
    const f1 = front.map((t) => (t.values as number[])[0]);
    expect(Math.max(...f1) - Math.min(...f1)).toBeGreaterThan(0.5);
  });

  it('multi-objective with maximize directions and constraints', () => {
    const sampler = new TPESampler({ seed: 8, constraintsFunc: (t: FrozenTrial) => [(t.params.x as number) - 0.7] });
    const study = new FakeStudy(['MAXIMIZE', 'MINIMIZE']);
    for (let i = 0; i < 50; i++) {
      study.run(sampler, (t) => {
        const x = t.suggest('x', new FloatDistribution(0, 1)) as number;
        return [x, (x - 0.2) ** 2];
      });
    }
    const late = study.trials.slice(-20);
    expect(late.filter((t) => (t.params.x as number) <= 0.7).length).toBeGreaterThanOrEqual(14);
  });

  it('single-objective constraints steer towards the feasible region', () => {
    // minimise |x| subject to x >= 1: without the constraint TPE crowds around 0
    const feasibleLate = (constrained: boolean, seed: number): number => {
      const sampler = new TPESampler({ seed, constraintsFunc: constrained ? (t: FrozenTrial) => [1 - (t.params.x as number)] : undefined });
      const study = new FakeStudy();
      for (let i = 0; i < 50; i++) study.run(sampler, (t) => Math.abs(t.suggest('x', X) as number));
      return study.trials.slice(-20).filter((t) => (t.params.x as number) >= 1).length;
    };
    let withC = 0;
    let without = 0;
    for (let seed = 0; seed < 3; seed++) {
      withC += feasibleLate(true, seed);
      without += feasibleLate(false, seed);
    }
    expect(withC).toBeGreaterThanOrEqual(30); // of 60
    expect(withC).toBeGreaterThanOrEqual(2 * without);
  });

  it('uses pruned trials: a study of pruned trials still concentrates', () => {
    const sampler = new TPESampler({ seed: 3 });
    const study = new FakeStudy();
    for (let i = 0; i < 40; i++) {
      const t = study.begin(sampler);
      const x = t.suggest('x', X) as number;
      t.report(Math.abs(x - 2), 0);
      t.finish('PRUNED');
    }
    const late = study.trials.slice(-15).map((t) => t.params.x as number);
    expect(late.filter((x) => Math.abs(x - 2) < 1.5).length).toBeGreaterThanOrEqual(9);
  });

  it('rejects bad options with messages naming them', () => {
    expect(() => new TPESampler({ group: true })).toThrow(/group/);
    expect(() => new TPESampler({ nEiCandidates: 0 })).toThrow(/nEiCandidates/);
    expect(() => new TPESampler({ priorWeight: -1 })).toThrow(/priorWeight/);
    const s = new TPESampler({ seed: 1, nStartupTrials: 0, weights: () => [-1] });
    const study = new FakeStudy();
    study.add({ params: { x: 1 }, distributions: { x: X }, values: [1] });
    expect(() => study.run(s, (t) => t.suggest('x', X) as number)).toThrow(/weights/);
  });
});
