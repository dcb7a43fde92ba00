/**
 * The pruner and sampler options of tuneGbdt (prunerOptions, samplerOptions): given over the
 * tuner's defaults, the patient pruner's wrapped pruner by name or as {name, ...options}, and an
 * unknown or misplaced key is an error naming the pruner or sampler and its options.
 */
import { describe, expect, it } from 'vitest';
import { resolveTunePruner, resolveTuneSampler } from '../../src/tune-gbdt/tune.js';
import { MedianPruner } from '../../src/tune/pruners/median.js';
import { PatientPruner } from '../../src/tune/pruners/patient.js';
import { ThresholdPruner } from '../../src/tune/pruners/threshold.js';
import { TPESampler } from '../../src/tune/samplers/tpe/sampler.js';
import { QMCSampler } from '../../src/tune/samplers/qmc.js';

describe('resolveTunePruner with options', () => {
  it('overlays options on the default median pruner (nStartupTrials 5, nWarmupSteps 20)', () => {
    const d = resolveTunePruner(undefined) as MedianPruner;
    expect(d).toBeInstanceOf(MedianPruner);
    expect([d.nStartupTrials, d.nWarmupSteps, d.intervalSteps]).toEqual([5, 20, 1]);
    const p = resolveTunePruner(undefined, { nWarmupSteps: 10 }) as MedianPruner;
    expect(p).toBeInstanceOf(MedianPruner);
    expect([p.nStartupTrials, p.nWarmupSteps]).toEqual([5, 10]);
  });

  it('makes the threshold and patient pruners, the wrapped pruner by name or with its options', () => {
    const t = resolveTunePruner('threshold', { lower: 0.9, nWarmupSteps: 3 }) as ThresholdPruner;
    expect([t.lower, t.upper, t.nWarmupSteps]).toEqual([0.9, Infinity, 3]);
    const byName = resolveTunePruner('patient', { patience: 2, wrappedPruner: 'median' }) as PatientPruner;
    expect(byName.patience).toBe(2);
    expect(byName.wrappedPruner).toBeInstanceOf(MedianPruner);
    const withOpts = resolveTunePruner('PatientPruner', { patience: 4, minDelta: 0.01, wrappedPruner: { name: 'median', nWarmupSteps: 7 } }) as PatientPruner;
    expect([withOpts.patience, withOpts.minDelta]).toEqual([4, 0.01]);
    expect((withOpts.wrappedPruner as MedianPruner).nWarmupSteps).toBe(7);
    expect((resolveTunePruner('patient', { patience: 1 }) as PatientPruner).wrappedPruner).toBeNull();
  });

  it('an unknown key names the pruner and its options, also in the wrapped pruner', () => {
    expect(() => resolveTunePruner('threshold', { lowr: 0.9 })).toThrow(
      "pruner 'threshold' has no option 'lowr'; its options: lower, upper, nWarmupSteps, intervalSteps",
    );
    expect(() => resolveTunePruner(undefined, { patience: 3 })).toThrow("pruner 'median' has no option 'patience'");
    expect(() => resolveTunePruner('patient', { patience: 3, wrappedPruner: { name: 'median', patience: 1 } })).toThrow("pruner 'median' has no option 'patience'");
    expect(() => resolveTunePruner('successive_halving', { minResource: 1, bogus: 1 })).toThrow("pruner 'successive_halving' has no option 'bogus'");
    expect(() => resolveTunePruner('nop', { x: 1 })).toThrow("pruner 'nop' has no option 'x'; it takes no options");
    expect(() => resolveTunePruner(new MedianPruner(), { nWarmupSteps: 1 })).toThrow(/not to a Pruner instance/);
  });
});

describe('resolveTuneSampler with options', () => {
  it('overlays options on the tuner TPE (multivariate, group) and on a named sampler', async () => {
    const tpe = (await resolveTuneSampler('tpe', 3, 1, null, { nStartupTrials: 4, multivariate: false })) as unknown as Record<string, unknown>;
    expect(tpe).toBeInstanceOf(TPESampler);
    // private fields, read to see that the options arrived
    expect([tpe.nStartupTrials, tpe.multivariate]).toEqual([4, false]);
    const qmc = (await resolveTuneSampler('qmc', 3, 1, null, { qmcType: 'halton' })) as unknown as Record<string, unknown>;
    expect(qmc).toBeInstanceOf(QMCSampler);
    expect(qmc.qmcType).toBe('halton');
  });

  it('an unknown key, a function option given a number, and seed are errors', async () => {
    await expect(resolveTuneSampler(undefined, 0, 1, null, { nStartup: 4 })).rejects.toThrow("sampler 'tpe' has no option 'nStartup'; its options: considerPrior,");
    await expect(resolveTuneSampler('gp', 0, 1, null, { independentSampler: 'random' })).rejects.toThrow(
      "sampler 'gp': option 'independentSampler' takes a function or an object, set from code",
    );
    await expect(resolveTuneSampler('random', 0, 1, null, { seed: 4 })).rejects.toThrow(/seed option/);
  });
});
