/**
 * The pruner registry: a name (Optuna's, in kebab or snake case, or the class name, in any case) to
 * a pruner, built from the options of its class.
 *
 * @example
 * ```ts
 * const pruner = createPruner('median', { nWarmupSteps: 10 });
 * const sh = createPruner('successive-halving', { reductionFactor: 3 });
 * ```
 */
import { TunerError } from '../../core/errors.js';
import { Registry, type NoOptions, type RegistryOptionsArg } from '../../core/registry.js';
import type { Pruner } from './base.js';
import { HyperbandPruner } from './hyperband.js';
import type { HyperbandPrunerOptions } from './hyperband.js';
import { MedianPruner } from './median.js';
import type { MedianPrunerOptions } from './median.js';
import { NopPruner } from './nop.js';
import { PatientPruner } from './patient.js';
import type { PatientPrunerOptions } from './patient.js';
import { PercentilePruner } from './percentile.js';
import type { PercentilePrunerOptions } from './percentile.js';
import { SuccessiveHalvingPruner } from './successive-halving.js';
import type { SuccessiveHalvingPrunerOptions } from './successive-halving.js';
import { ThresholdPruner } from './threshold.js';
import type { ThresholdPrunerOptions } from './threshold.js';
import { WilcoxonPruner } from './wilcoxon.js';
import type { WilcoxonPrunerOptions } from './wilcoxon.js';

/** Options accepted by {@link createPruner}, per name. */
export interface PrunerOptionsByName {
  nop: NoOptions;
  median: MedianPrunerOptions;
  percentile: PercentilePrunerOptions & { percentile: number };
  'successive-halving': SuccessiveHalvingPrunerOptions;
  hyperband: HyperbandPrunerOptions;
  threshold: ThresholdPrunerOptions;
  patient: PatientPrunerOptions & { wrappedPruner?: Pruner | string | null };
  wilcoxon: WilcoxonPrunerOptions;
}

export type PrunerName = keyof PrunerOptionsByName;

/** The pruners by name, with the spellings each accepts (any case). */
export const PRUNERS: Registry<PrunerOptionsByName, Pruner> = new Registry<PrunerOptionsByName, Pruner>('pruner', {
  nop: { create: () => new NopPruner(), aliases: ['NopPruner'], optionKeys: {} },
  median: { create: (o) => new MedianPruner(o), aliases: ['MedianPruner'], optionKeys: { nStartupTrials: true, nWarmupSteps: true, intervalSteps: true, nMinTrials: true } },
  percentile: {
    create: ({ percentile, ...rest }) => {
      if (typeof percentile !== 'number') {
        throw new TunerError(`createPruner('percentile'): option 'percentile' (${String(percentile)}) must be a number in [0, 100]`);
      }
      return new PercentilePruner(percentile, rest);
    },
    aliases: ['PercentilePruner'],
    optionKeys: { percentile: true, nStartupTrials: true, nWarmupSteps: true, intervalSteps: true, nMinTrials: true },
  },
  'successive-halving': {
    create: (o) => new SuccessiveHalvingPruner(o),
    aliases: ['successive_halving', 'successivehalving', 'SuccessiveHalvingPruner'],
    optionKeys: { minResource: true, reductionFactor: true, minEarlyStoppingRate: true, bootstrapCount: true },
  },
  hyperband: {
    create: (o) => new HyperbandPruner(o),
    aliases: ['HyperbandPruner'],
    optionKeys: { minResource: true, maxResource: true, reductionFactor: true, bootstrapCount: true },
  },
  threshold: { create: (o) => new ThresholdPruner(o), aliases: ['ThresholdPruner'], optionKeys: { lower: true, upper: true, nWarmupSteps: true, intervalSteps: true } },
  patient: {
    create: ({ wrappedPruner = null, ...rest }) => {
      if (typeof rest.patience !== 'number') {
        throw new TunerError(`createPruner('patient'): option 'patience' (${String(rest.patience)}) must be an integer >= 0`);
      }
      const wrapped = typeof wrappedPruner === 'string' ? createPruner(wrappedPruner) : wrappedPruner;
      return new PatientPruner(wrapped, rest);
    },
    aliases: ['PatientPruner'],
    // wrappedPruner: a name, or {"name": ..., its options} (see resolveTunePruner)
    optionKeys: { patience: true, minDelta: true, wrappedPruner: true },
  },
  wilcoxon: { create: (o) => new WilcoxonPruner(o), aliases: ['WilcoxonPruner'], optionKeys: { pThreshold: true, nStartupSteps: true } },
}, { optionError: TunerError });

/** The registered pruner names. */
export const PRUNER_NAMES: readonly PrunerName[] = PRUNERS.names;

/**
 * A pruner from its name and options (`'nop'`, `'median'`, `'percentile'` (needs `percentile`),
 * `'successive-halving'`, `'hyperband'`, `'threshold'`, `'patient'` (needs `patience`; its
 * `wrappedPruner` may be a name), `'wilcoxon'`; Optuna's snake case and the class names work too).
 * Throws an `UnknownNameError` for other names, naming the known ones and the nearest.
 *
 * @example
 * ```ts
 * const p = createPruner('patient', { patience: 3, wrappedPruner: 'median' });
 * ```
 */
export function createPruner<N extends string>(name: N, ...options: RegistryOptionsArg<PrunerOptionsByName, N>): Pruner {
  return PRUNERS.create(name, ...options);
}
