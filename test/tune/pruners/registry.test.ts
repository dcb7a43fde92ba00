import { describe, expect, it } from 'vitest';
import { UnknownNameError } from '../../../src/core/errors.js';
import { createPruner, PRUNER_NAMES } from '../../../src/tune/pruners/registry.js';
import { HyperbandPruner } from '../../../src/tune/pruners/hyperband.js';
import { MedianPruner } from '../../../src/tune/pruners/median.js';
import { NopPruner } from '../../../src/tune/pruners/nop.js';
import { PatientPruner } from '../../../src/tune/pruners/patient.js';
import { PercentilePruner } from '../../../src/tune/pruners/percentile.js';
import { SuccessiveHalvingPruner } from '../../../src/tune/pruners/successive-halving.js';
import { ThresholdPruner } from '../../../src/tune/pruners/threshold.js';
import { WilcoxonPruner } from '../../../src/tune/pruners/wilcoxon.js';

describe('createPruner', () => {
  it('builds every registered pruner with its options', () => {
    expect(createPruner('nop')).toBeInstanceOf(NopPruner);
    const m = createPruner('median', { nWarmupSteps: 3 }) as MedianPruner;
    expect(m).toBeInstanceOf(MedianPruner);
    expect(m.nWarmupSteps).toBe(3);
    expect((createPruner('percentile', { percentile: 25 }) as PercentilePruner).percentile).toBe(25);
    expect((createPruner('successive-halving', { reductionFactor: 3 }) as SuccessiveHalvingPruner).reductionFactor).toBe(3);
    expect(createPruner('hyperband', { maxResource: 81 })).toBeInstanceOf(HyperbandPruner);
    expect((createPruner('threshold', { upper: 2 }) as ThresholdPruner).upper).toBe(2);
    const p = createPruner('patient', { patience: 2, wrappedPruner: 'median' }) as PatientPruner;
    expect(p.wrappedPruner).toBeInstanceOf(MedianPruner);
    expect((createPruner('wilcoxon', { pThreshold: 0.05 }) as WilcoxonPruner).pThreshold).toBe(0.05);
    expect(PRUNER_NAMES.length).toBe(8);
  });

  it("accepts Optuna's snake case and the class names", () => {
    expect(createPruner('successive_halving')).toBeInstanceOf(SuccessiveHalvingPruner);
    expect(createPruner('MedianPruner')).toBeInstanceOf(MedianPruner);
    expect(createPruner('HyperbandPruner')).toBeInstanceOf(HyperbandPruner);
  });

  it('names the unknown pruner and the known ones', () => {
    expect(() => createPruner('bogus')).toThrow(UnknownNameError);
    expect(() => createPruner('bogus')).toThrow(/unknown pruner 'bogus'; known: nop, median/);
    expect(() => createPruner('medain')).toThrow(/unknown pruner 'medain'; did you mean 'median'\? known: nop, median/);
    // names known only at run time (e.g. from the CLI) are checked by the factory
    expect(() => createPruner('percentile' as string, {})).toThrow(/percentile/);
    expect(() => createPruner('patient' as string, {})).toThrow(/patience/);
    // @ts-expect-error: a literal name needs its required options
    expect(() => createPruner('patient', {})).toThrow(/patience/);
  });
});
