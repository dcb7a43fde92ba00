/**
 * The sampler conformance suite (as Optuna ships one sampler test case in `optuna.testing` and runs
 * it over every sampler): {@link runSamplerConformance} registers, with vitest, the same checks over
 * each factory it is given — values within bounds and on their grids, categorical choices of mixed
 * types kept as given, conditional params, same seed same trials, one-point distributions, many
 * params, failed and pruned trials, concurrent trials, and two objectives. gbtune runs it over every
 * registered sampler; a third-party sampler runs it in its own tests through `gbtune/testing`
 * (vitest is an optional peer dependency of gbtune, needed only here).
 *
 * @example
 * ```ts
 * // my-sampler.test.ts, in a package that depends on gbtune and vitest
 * import { runSamplerConformance } from 'gbtune/testing';
 * import { MySampler } from '../src/my-sampler.js';
 *
 * runSamplerConformance([
 *   { name: 'my-sampler', create: (seed) => new MySampler({ seed }) },
 *   { name: 'my-sampler (single objective)', create: (seed) => new MySampler({ seed, mode: 'fast' }), multiObjective: false },
 * ]);
 * ```
 */
import { describe, expect, it } from 'vitest';
import { TrialPruned } from '../core/errors.js';
import {
  CategoricalDistribution,
  FloatDistribution,
  IntDistribution,
  type CategoricalChoice,
  type Distribution,
  type ParamValue,
} from '../tune/distributions.js';
import { NopPruner } from '../tune/pruners/nop.js';
import type { Sampler } from '../tune/samplers/base.js';
import { createStudy } from '../tune/study/create-study.js';
import type { Study } from '../tune/study/study.js';
import type { Trial } from '../tune/trial/trial.js';

/** How to make one sampler for the suite. */
export interface SamplerFactory {
  /** Shown in the test titles. */
  name: string;
  /** A new sampler with `seed`; `space` lists every param the test may suggest (GridSampler needs it). */
  create(seed: number, space: Record<string, Distribution>): Sampler;
  /** Only discrete spaces (ints, stepped floats, categoricals), e.g. BruteForceSampler. Default false. */
  discreteOnly?: boolean;
  /** Different seeds give different trials. Default true. */
  seedMatters?: boolean;
  /** Most params the sampler can take in one trial. Default 30. */
  maxParams?: number;
  /** The sampler works for several objectives. Default true. */
  multiObjective?: boolean;
  /** Trials per study in the suite. Default 30. */
  nTrials?: number;
}

const MIXED: readonly CategoricalChoice[] = [null, true, false, 0, 1.5, 'a', ''];

/**
 * The grid values a GridSampler gets for a distribution (all grid points when at most `k`, else `k`
 * spread points).
 *
 * @example
 * ```ts
 * gridValues(new IntDistribution(0, 10), 3); // [0, 5, 10]
 * ```
 */
export function gridValues(d: Distribution, k = 5): CategoricalChoice[] {
  if (d.kind === 'categorical') return [...d.choices];
  const step = d.step;
  if (step !== null) {
    const n = Math.floor((d.high - d.low) / step + 1e-9) + 1;
    if (n <= k) return Array.from({ length: n }, (_x, i) => (d.kind === 'int' ? d.low + i * step : Math.min(d.low + i * step, d.high)));
    return Array.from({ length: k }, (_x, i) => d.low + Math.round((i * (n - 1)) / (k - 1)) * step);
  }
  if (d.low === d.high) return [d.low];
  if (d.log) return Array.from({ length: k }, (_x, i) => Math.exp(Math.log(d.low) + (i * (Math.log(d.high) - Math.log(d.low))) / (k - 1)));
  return Array.from({ length: k }, (_x, i) => d.low + (i * (d.high - d.low)) / (k - 1));
}

/**
 * Fails the running test unless `v` is a valid external value of `d` (in range, integer, on the
 * grid, one of the choices).
 *
 * @example
 * ```ts
 * expectInDistribution('lr', trial.params.lr, new FloatDistribution(1e-4, 1, { log: true }));
 * ```
 */
export function expectInDistribution(name: string, v: ParamValue, d: Distribution): void {
  if (d.kind === 'categorical') {
    expect(
      d.choices.some((c) => Object.is(c, v)),
      `${name}: ${JSON.stringify(v)} is one of ${JSON.stringify(d.choices)}`,
    ).toBe(true);
    return;
  }
  expect(typeof v, `${name} is a number`).toBe('number');
  const x = v as number;
  expect(x, `${name} >= low`).toBeGreaterThanOrEqual(d.low);
  expect(x, `${name} <= high`).toBeLessThanOrEqual(d.high);
  if (d.kind === 'int') expect(Number.isInteger(x), `${name} = ${x} is an integer`).toBe(true);
  const step = d.step;
  if (step !== null && step !== 1) {
    const k = (x - d.low) / step;
    expect(Math.abs(k - Math.round(k)), `${name} = ${x} on the grid of step ${step}`).toBeLessThan(1e-8);
  }
}

function suggest(t: Trial, name: string, d: Distribution): ParamValue {
  if (d.kind === 'float') return t.suggestFloat(name, d.low, d.high, { log: d.log, step: d.step });
  if (d.kind === 'int') return t.suggestInt(name, d.low, d.high, { log: d.log, step: d.step });
  return t.suggestCategorical(name, d.choices);
}

/** A fake objective value that depends on every param (so model-based samplers have signal). */
function score(params: Record<string, ParamValue>): number {
  let s = 0;
  for (const v of Object.values(params)) {
    if (typeof v === 'number') s += Math.abs(v) / (1 + Math.abs(v));
    else if (typeof v === 'string') s += v.length * 0.1;
    else if (v === true) s += 0.3;
  }
  return s;
}

function baseSpace(discreteOnly: boolean): Record<string, Distribution> {
  const space: Record<string, Distribution> = {
    sf: new FloatDistribution(0, 3, { step: 0.5 }),
    i: new IntDistribution(-5, 5),
    li: new IntDistribution(1, 1000, { log: true }),
    si: new IntDistribution(1, 19, { step: 3 }),
    c: new CategoricalDistribution(MIXED),
  };
  if (!discreteOnly) {
    space.f = new FloatDistribution(-3, 2);
    space.lf = new FloatDistribution(1e-4, 10, { log: true });
  }
  return space;
}

async function runSpace(
  f: SamplerFactory,
  seed: number,
  space: Record<string, Distribution>,
  options: { nTrials?: number; nJobs?: number; directions?: ('minimize' | 'maximize')[] } = {},
): Promise<Study> {
  const study = await createStudy({ sampler: f.create(seed, space), pruner: new NopPruner(), directions: options.directions ?? ['minimize'] });
  const nObj = (options.directions ?? ['minimize']).length;
  await study.optimize(
    async (t) => {
      const got: Record<string, ParamValue> = {};
      for (const name of Object.keys(space)) got[name] = suggest(t, name, space[name]);
      expect(t.params).toEqual(got);
      const s = score(got);
      return nObj === 1 ? s : [s, 1 - s];
    },
    { nTrials: options.nTrials ?? f.nTrials ?? 30, nJobs: options.nJobs ?? 1 },
  );
  return study;
}

function paramsOf(study: Study): Record<string, ParamValue>[] {
  return study.trials.map((t) => ({ ...t.params }));
}

/**
 * Registers the suite over `factories` (one `describe` per factory, titled
 * `Sampler conformance: <name>`). Call it at the top level of a vitest test file.
 *
 * @example
 * ```ts
 * runSamplerConformance([{ name: 'random', create: (seed) => new RandomSampler({ seed }) }]);
 * ```
 */
export function runSamplerConformance(factories: readonly SamplerFactory[]): void {
  describe.each(factories)('Sampler conformance: $name', (f) => {
    it('returns values within bounds: ints are integers, log and step grids respected, choices kept as given', async () => {
      const space = baseSpace(f.discreteOnly ?? false);
      const study = await runSpace(f, 1, space);
      expect(study.trials.length).toBeGreaterThan(0);
      for (const t of study.trials) {
        expect(t.state).toBe('COMPLETE');
        for (const name of Object.keys(space)) expectInDistribution(name, t.params[name], space[name]);
      }
    });

    it('returns categorical choices of mixed types (null, boolean, number, string) as the same values', async () => {
      const space = { c: new CategoricalDistribution(MIXED), n: new IntDistribution(0, 3) };
      const study = await runSpace(f, 3, space, { nTrials: 40 });
      const seen = new Set<CategoricalChoice>();
      for (const t of study.trials) {
        const v = t.params.c;
        expect(MIXED.some((c) => Object.is(c, v))).toBe(true);
        seen.add(v);
      }
      expect(seen.size).toBeGreaterThanOrEqual(3);
    });

    it('handles conditional params suggested only in some trials', async () => {
      const kind = new CategoricalDistribution(['linear', 'tree']);
      const alpha = f.discreteOnly ? new FloatDistribution(0, 1, { step: 0.25 }) : new FloatDistribution(1e-3, 1, { log: true });
      const depth = new IntDistribution(1, 4);
      const leaf = new CategoricalDistribution([1, 5]);
      const space = { kind, alpha, depth, leaf };
      const study = await createStudy({ sampler: f.create(5, space), pruner: new NopPruner() });
      await study.optimize(
        (t) => {
          const k = t.suggestCategorical('kind', ['linear', 'tree']);
          if (k === 'linear') return Math.log1p(suggest(t, 'alpha', alpha) as number);
          const d = t.suggestInt('depth', 1, 4);
          const l = d > 2 ? (t.suggestCategorical('leaf', [1, 5]) as number) : 0;
          return d + l;
        },
        { nTrials: f.nTrials ?? 30 },
      );
      const kinds = new Set<ParamValue>();
      for (const t of study.trials) {
        expect(t.state).toBe('COMPLETE');
        const keys = Object.keys(t.params).sort();
        kinds.add(t.params.kind);
        if (t.params.kind === 'linear') {
          expect(keys).toEqual(['alpha', 'kind']);
          expectInDistribution('alpha', t.params.alpha, alpha);
        } else {
          const d = t.params.depth as number;
          expect(keys).toEqual(d > 2 ? ['depth', 'kind', 'leaf'] : ['depth', 'kind']);
          expectInDistribution('depth', d, depth);
          if (d > 2) expectInDistribution('leaf', t.params.leaf, leaf);
        }
      }
      expect(kinds.size).toBe(2);
    });

    it('gives the same sequence of trials for the same seed', async () => {
      const space = baseSpace(f.discreteOnly ?? false);
      const a = await runSpace(f, 42, space, { nTrials: 15 });
      const b = await runSpace(f, 42, space, { nTrials: 15 });
      expect(paramsOf(b)).toEqual(paramsOf(a));
    });

    it.runIf(f.seedMatters ?? true)('gives different trials for different seeds', async () => {
      const space = baseSpace(f.discreteOnly ?? false);
      const a = await runSpace(f, 1, space, { nTrials: 10 });
      const b = await runSpace(f, 2, space, { nTrials: 10 });
      expect(paramsOf(b)).not.toEqual(paramsOf(a));
    });

    it('returns the point of a one-point distribution', async () => {
      const space = {
        a: new FloatDistribution(2, 2),
        b: new IntDistribution(7, 7),
        c: new CategoricalDistribution(['only']),
        d: new FloatDistribution(0, 0.4, { step: 0.5 }),
        e: new IntDistribution(3, 4, { step: 2 }),
        n: new IntDistribution(0, 9),
      };
      const study = await runSpace(f, 7, space, { nTrials: 8 });
      for (const t of study.trials) {
        expect(t.params.a).toBe(2);
        expect(t.params.b).toBe(7);
        expect(t.params.c).toBe('only');
        expect(t.params.d).toBe(0);
        expect(t.params.e).toBe(3);
        expectInDistribution('n', t.params.n, space.n);
      }
    });

    it('takes many params in one trial', async () => {
      const k = Math.min(30, f.maxParams ?? 30);
      const space: Record<string, Distribution> = {};
      for (let i = 0; i < k; i++) {
        space[`p${String(i).padStart(2, '0')}`] =
          i % 3 === 0
            ? new IntDistribution(0, 10 + i)
            : i % 3 === 1
              ? new CategoricalDistribution(['u', 'v', i])
              : f.discreteOnly
                ? new FloatDistribution(-1, 1, { step: 0.5 })
                : new FloatDistribution(-i - 1, i + 1);
      }
      const study = await runSpace(f, 9, space, { nTrials: 12 });
      for (const t of study.trials) {
        expect(Object.keys(t.params)).toHaveLength(k);
        for (const name of Object.keys(space)) expectInDistribution(name, t.params[name], space[name]);
      }
    });

    it('keeps sampling valid values when some trials fail or are pruned', async () => {
      const space = { x: f.discreteOnly ? new IntDistribution(0, 20) : new FloatDistribution(-1, 1), k: new CategoricalDistribution(['a', 'b', 'c']) };
      const study = await createStudy({ sampler: f.create(11, space), pruner: new NopPruner() });
      await study.optimize(
        (t) => {
          const x = suggest(t, 'x', space.x) as number;
          t.suggestCategorical('k', ['a', 'b', 'c']);
          t.report(x, 0);
          if (t.number % 4 === 1) throw new TrialPruned();
          if (t.number % 4 === 2) return NaN;
          return x * x;
        },
        { nTrials: f.nTrials ?? 30 },
      );
      for (const t of study.trials) {
        expectInDistribution('x', t.params.x, space.x);
        expectInDistribution('k', t.params.k, space.k);
      }
      expect(study.getTrials({ states: ['PRUNED'] }).length).toBeGreaterThan(0);
    });

    it('samples valid values under concurrent trials (nJobs = 3)', async () => {
      const space = baseSpace(f.discreteOnly ?? false);
      const study = await runSpace(f, 13, space, { nTrials: 18, nJobs: 3 });
      expect(new Set(study.trials.map((t) => t.number)).size).toBe(study.trials.length);
      for (const t of study.trials) {
        expect(t.state).toBe('COMPLETE');
        for (const name of Object.keys(space)) expectInDistribution(name, t.params[name], space[name]);
      }
    });

    it(f.multiObjective ?? true ? 'works for a two-objective study' : 'rejects a two-objective study with a clear error', async () => {
      const space = baseSpace(f.discreteOnly ?? false);
      if (!(f.multiObjective ?? true)) {
        await expect(runSpace(f, 17, space, { nTrials: 15, directions: ['minimize', 'maximize'] })).rejects.toThrow(/multi-objective/);
        return;
      }
      const study = await runSpace(f, 17, space, { nTrials: 15, directions: ['minimize', 'maximize'] });
      for (const t of study.trials) {
        expect(t.values).toHaveLength(2);
        for (const name of Object.keys(space)) expectInDistribution(name, t.params[name], space[name]);
      }
      expect(study.bestTrials.length).toBeGreaterThan(0);
    });
  });
}
