/**
 * The pruner registry: a name (Optuna's, in kebab case, or the class name) to a pruner.
 *
 * @example
 * ```ts
 * const pruner = createPruner('median', { nWarmupSteps: 10 });
 * const sh = createPruner('successive-halving', { reductionFactor: 3 });
 * ```
 */
import { TunerError, UnknownNameError } from '../../core/errors.js';
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

export type { Pruner, PrunerTrial } from './base.js';
export { NopPruner } from './nop.js';
export { MedianPruner } from './median.js';
export type { MedianPrunerOptions } from './median.js';
export { PercentilePruner } from './percentile.js';
export type { PercentilePrunerOptions } from './percentile.js';
export { SuccessiveHalvingPruner } from './successive-halving.js';
export type { SuccessiveHalvingPrunerOptions } from './successive-halving.js';
export { HyperbandPruner } from './hyperband.js';
export type { HyperbandPrunerOptions } from './hyperband.js';
export { ThresholdPruner } from './threshold.js';
export type { ThresholdPrunerOptions } from './threshold.js';
export { PatientPruner } from './patient.js';
export type { PatientPrunerOptions } from './patient.js';
export { WilcoxonPruner } from './wilcoxon.js';
export type { WilcoxonPrunerOptions } from './wilcoxon.js';

/** Options accepted by {@link createPruner}, per name. */
export interface PrunerOptionsByName {
  nop: Record<string, never>;
  median: MedianPrunerOptions;
  percentile: PercentilePrunerOptions & { percentile: number };
  'successive-halving': SuccessiveHalvingPrunerOptions;
  hyperband: HyperbandPrunerOptions;
  threshold: ThresholdPrunerOptions;
  patient: PatientPrunerOptions & { wrappedPruner?: Pruner | string | null };
  wilcoxon: WilcoxonPrunerOptions;
}

/** The registered pruner names. */
export const PRUNER_NAMES = [
  'nop',
  'median',
  'percentile',
  'successive-halving',
  'hyperband',
  'threshold',
  'patient',
  'wilcoxon',
] as const;
export type PrunerName = (typeof PRUNER_NAMES)[number];

/** Accepted spellings besides the kebab-case names: Optuna's snake case and the class names. */
const ALIASES: Record<string, PrunerName> = {
  successive_halving: 'successive-halving',
  successivehalving: 'successive-halving',
  nopruner: 'nop',
  medianpruner: 'median',
  percentilepruner: 'percentile',
  successivehalvingpruner: 'successive-halving',
  hyperbandpruner: 'hyperband',
  thresholdpruner: 'threshold',
  patientpruner: 'patient',
  wilcoxonpruner: 'wilcoxon',
};

function canonical(name: string): PrunerName | null {
  const lower = name.toLowerCase();
  if ((PRUNER_NAMES as readonly string[]).includes(lower)) return lower as PrunerName;
  return ALIASES[lower] ?? null;
}

/**
 * A pruner from its name and options (`'nop'`, `'median'`, `'percentile'` (needs `percentile`),
 * `'successive-halving'`, `'hyperband'`, `'threshold'`, `'patient'` (needs `patience`; its
 * `wrappedPruner` may be a name), `'wilcoxon'`; Optuna's snake case and the class names work too).
 * Throws {@link UnknownNameError} for other names.
 */
export function createPruner<N extends PrunerName>(name: N, options?: PrunerOptionsByName[N]): Pruner;
export function createPruner(name: string, options?: Record<string, unknown>): Pruner;
export function createPruner(name: string, options: Record<string, unknown> = {}): Pruner {
  const key = canonical(name);
  switch (key) {
    case 'nop':
      return new NopPruner();
    case 'median':
      return new MedianPruner(options as MedianPrunerOptions);
    case 'percentile': {
      const { percentile, ...rest } = options as unknown as PercentilePrunerOptions & { percentile?: number };
      if (typeof percentile !== 'number') {
        throw new TunerError(`createPruner('percentile'): option 'percentile' (${String(percentile)}) must be a number in [0, 100]`);
      }
      return new PercentilePruner(percentile, rest);
    }
    case 'successive-halving':
      return new SuccessiveHalvingPruner(options as SuccessiveHalvingPrunerOptions);
    case 'hyperband':
      return new HyperbandPruner(options as HyperbandPrunerOptions);
    case 'threshold':
      return new ThresholdPruner(options as ThresholdPrunerOptions);
    case 'patient': {
      const { wrappedPruner = null, ...rest } = options as unknown as PatientPrunerOptions & { wrappedPruner?: Pruner | string | null };
      if (typeof rest.patience !== 'number') {
        throw new TunerError(`createPruner('patient'): option 'patience' (${String(rest.patience)}) must be an integer >= 0`);
      }
      const wrapped = typeof wrappedPruner === 'string' ? createPruner(wrappedPruner) : wrappedPruner;
      return new PatientPruner(wrapped, rest);
    }
    case 'wilcoxon':
      return new WilcoxonPruner(options as WilcoxonPrunerOptions);
    default:
      throw new UnknownNameError('pruner', name, PRUNER_NAMES);
  }
}
