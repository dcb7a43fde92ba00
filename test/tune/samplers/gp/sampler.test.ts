import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../../../src/core/log.js';
import {
  CategoricalDistribution,
  FloatDistribution,
  IntDistribution,
  type Distribution,
  type ParamValue,
} from '../../../../src/tune/distributions.js';
import { GPSampler } from '../../../../src/tune/samplers/gp/sampler.js';
import { ask, bestValue, runStudy, StubStudy } from './study-stub.js';

const quadSpace = { x: new FloatDistribution(-5, 5), y: new FloatDistribution(-5, 5) };
const quad = (p: Record<string, ParamValue>) => ((p.x as number) - 1.5) ** 2 + ((p.y as number) + 2) ** 2;

describe('GPSampler', () => {
  it('finds the minimum of a 2-D quadratic within 30 trials', () => {
    const study = runStudy(new GPSampler({ seed: 1 }), quadSpace, quad, 30);
    expect(bestValue(study)).toBeLessThan(1e-3);
  });

  it('fixes the noise for a deterministic objective and still converges', () => {
    const study = runStudy(new GPSampler({ seed: 1, deterministicObjective: true }), quadSpace, quad, 30);
    expect(bestValue(study)).toBeLessThan(1e-3);
  });

  it('maximizes when the direction is MAXIMIZE', () => {
    const study = runStudy(new GPSampler({ seed: 2 }), quadSpace, (p) => -quad(p), 30, 'MAXIMIZE');
    expect(bestValue(study, 'MAXIMIZE')).toBeGreaterThan(-1e-3);
  });

  it('gives the same trials for the same seed', () => {
    const a = runStudy(new GPSampler({ seed: 7 }), quadSpace, quad, 15);
    const b = runStudy(new GPSampler({ seed: 7 }), quadSpace, quad, 15);
    const c = runStudy(new GPSampler({ seed: 8 }), quadSpace, quad, 15);
    expect(a.trials.map((t) => t.params)).toEqual(b.trials.map((t) => t.params));
    expect(a.trials.map((t) => t.params)).not.toEqual(c.trials.map((t) => t.params));
  });

  it('samples valid int, log, step and categorical values and uses them well', () => {
    const space: Record<string, Distribution> = {
      n: new IntDistribution(-3, 12),
      m: new IntDistribution(1, 1024, { log: true }),
      s: new IntDistribution(0, 40, { step: 5 }),
      lr: new FloatDistribution(1e-5, 1, { log: true }),
      q: new FloatDistribution(0, 1, { step: 0.1 }),
      c: new CategoricalDistribution(['relu', 'tanh', null, 3] as const),
    };
    const objective = (p: Record<string, ParamValue>) =>
      ((p.n as number) - 4) ** 2 +
      (Math.log2(p.m as number) - 5) ** 2 +
      ((p.s as number) - 25) ** 2 / 25 +
      (Math.log10(p.lr as number) + 3) ** 2 +
      ((p.q as number) - 0.3) ** 2 * 10 +
      (p.c === null ? 0 : 2);
    const study = runStudy(new GPSampler({ seed: 3 }), space, objective, 40);
    for (const t of study.trials) {
      for (const [name, dist] of Object.entries(space)) {
        const v = t.params[name];
        expect(dist.contains(dist.toInternal(v))).toBe(true);
        if (dist.kind === 'int') expect(Number.isInteger(v)).toBe(true);
      }
    }
    const random = runStudy(new GPSampler({ seed: 3, nStartupTrials: 40 }), space, objective, 40);
    expect(bestValue(study)).toBeLessThan(bestValue(random));
    expect(bestValue(study)).toBeLessThan(1.5);
  });

  it('samples the startup trials independently and ignores non-complete trials', () => {
    const sampler = new GPSampler({ seed: 4, nStartupTrials: 5 });
    const study = new StubStudy();
    const dist = { x: new FloatDistribution(0, 1) };
    for (let i = 0; i < 4; i++) study.add({ x: i / 4 }, dist, [i]);
    study.add({ x: 0.9 }, dist, null, 'PRUNED');
    study.add({ x: 0.95 }, dist, null, 'RUNNING');
    study.add({ x: 0.99 }, dist, null, 'FAIL');
    const t = study.getTrials()[0];
    expect(sampler.sampleRelative(study, t, sampler.inferRelativeSearchSpace(study, t))).toEqual({});
    study.add({ x: 0.5 }, dist, [2]);
    const rel = sampler.sampleRelative(study, t, sampler.inferRelativeSearchSpace(study, t));
    expect(Object.keys(rel)).toEqual(['x']);
  });

  it('leaves conditional params to the independent sampler, with a warning', () => {
    const sampler = new GPSampler({ seed: 5, nStartupTrials: 3 });
    const study = new StubStudy();
    for (let i = 0; i < 4; i++) {
      const dists: Record<string, Distribution> = { x: new FloatDistribution(0, 1) };
      const params: Record<string, ParamValue> = { x: i / 4 };
      if (i % 2 === 0) {
        dists.z = new FloatDistribution(0, 1);
        params.z = 0.5;
      }
      study.add(params, dists, [i]);
    }
    const t = study.getTrials()[0];
    expect(Object.keys(sampler.inferRelativeSearchSpace(study, t))).toEqual(['x']);
    const logs = captureLogs(() => {
      const v = sampler.sampleIndependent(study, t, 'z', new FloatDistribution(0, 1));
      expect(v).toBeGreaterThanOrEqual(0);
    });
    expect(logs.some((l) => l.level === 'warn' && l.message.includes("'z'"))).toBe(true);
  });

  it('clips infinite values and falls back to independent sampling for several objectives', () => {
    const sampler = new GPSampler({ seed: 6, nStartupTrials: 3 });
    const study = new StubStudy();
    const dist = { x: new FloatDistribution(0, 1) };
    study.add({ x: 0.1 }, dist, [Infinity]);
    study.add({ x: 0.5 }, dist, [1]);
    study.add({ x: 0.9 }, dist, [2]);
    const t = study.getTrials()[0];
    let rel: Record<string, ParamValue> = {};
    const logs = captureLogs(() => {
      rel = sampler.sampleRelative(study, t, sampler.inferRelativeSearchSpace(study, t));
    });
    expect(logs.some((l) => l.message.includes('non-finite'))).toBe(true);
    expect(rel.x as number).toBeGreaterThanOrEqual(0);
    expect(rel.x as number).toBeLessThanOrEqual(1);

    const mo = new StubStudy(['MINIMIZE', 'MAXIMIZE']);
    for (let i = 0; i < 4; i++) mo.add({ x: i / 4 }, dist, [i, -i]);
    const logs2 = captureLogs(() => {
      expect(sampler.sampleRelative(mo, t, sampler.inferRelativeSearchSpace(mo, t))).toEqual({});
      expect(ask(sampler, mo, dist).x).toBeGreaterThanOrEqual(0);
    });
    expect(logs2.filter((l) => l.message.includes('single objective')).length).toBe(1);
  });
});
