/**
 * The option names of every pruner and sampler in the registries, so that an options object built
 * from text (the CLI's `--pruner-option`, `--sampler-options`) is checked: a misspelt key is an
 * error naming the pruner or sampler and its options, not a setting silently ignored. The tables are
 * typed from each class's options interface, so `tsc` fails when an option is added or renamed
 * and its table is not. `true` marks an option a JSON value can set; `false` one that holds a
 * function or an object (a sampler instance), set from code only.
 */
import { TunerError } from '../core/errors.js';
import type { HyperbandPrunerOptions } from './pruners/hyperband.js';
import type { MedianPrunerOptions } from './pruners/median.js';
import type { PatientPrunerOptions } from './pruners/patient.js';
import type { PercentilePrunerOptions } from './pruners/percentile.js';
import type { SuccessiveHalvingPrunerOptions } from './pruners/successive-halving.js';
import type { ThresholdPrunerOptions } from './pruners/threshold.js';
import type { WilcoxonPrunerOptions } from './pruners/wilcoxon.js';
import type { BruteForceSamplerOptions } from './samplers/brute-force.js';
import type { CmaEsSamplerOptions } from './samplers/cmaes/sampler.js';
import type { GPSamplerOptions } from './samplers/gp/sampler.js';
import type { GridSamplerOptions } from './samplers/grid.js';
import type { NSGAIISamplerOptions } from './samplers/nsga2/sampler.js';
import type { QMCSamplerOptions } from './samplers/qmc.js';
import type { RandomSamplerOptions } from './samplers/random.js';
import type { TPESamplerOptions } from './samplers/tpe/sampler.js';

/** Every key of an options interface, each marked settable from JSON (true) or from code only (false). */
type Keys<T> = { readonly [K in keyof Required<T>]: boolean };

/** Each pruner's options, by the registry's name (as {@link normalPluginName} spells it). */
export const PRUNER_OPTION_KEYS = {
  nop: {} satisfies Keys<Record<string, never>>,
  median: { nStartupTrials: true, nWarmupSteps: true, intervalSteps: true, nMinTrials: true } satisfies Keys<MedianPrunerOptions>,
  percentile: {
    percentile: true,
    nStartupTrials: true,
    nWarmupSteps: true,
    intervalSteps: true,
    nMinTrials: true,
  } satisfies Keys<PercentilePrunerOptions & { percentile: number }>,
  successivehalving: { minResource: true, reductionFactor: true, minEarlyStoppingRate: true, bootstrapCount: true } satisfies Keys<SuccessiveHalvingPrunerOptions>,
  hyperband: { minResource: true, maxResource: true, reductionFactor: true, bootstrapCount: true } satisfies Keys<HyperbandPrunerOptions>,
  threshold: { lower: true, upper: true, nWarmupSteps: true, intervalSteps: true } satisfies Keys<ThresholdPrunerOptions>,
  // wrappedPruner: a name, or {"name": ..., other options} (see resolveTunePruner)
  patient: { patience: true, minDelta: true, wrappedPruner: true } satisfies Keys<PatientPrunerOptions & { wrappedPruner: unknown }>,
  wilcoxon: { pThreshold: true, nStartupSteps: true } satisfies Keys<WilcoxonPrunerOptions>,
} as const;

/** Each sampler's options, by the registry's name (as {@link normalPluginName} spells it). */
export const SAMPLER_OPTION_KEYS = {
  random: { seed: true } satisfies Keys<RandomSamplerOptions>,
  grid: { seed: true, searchSpace: true } satisfies Keys<GridSamplerOptions & { searchSpace: unknown }>,
  bruteforce: { seed: true, avoidPrematureStop: true } satisfies Keys<BruteForceSamplerOptions>,
  qmc: { qmcType: true, scramble: true, seed: true, independentSampler: false, warnIndependentSampling: true } satisfies Keys<QMCSamplerOptions>,
  tpe: {
    considerPrior: true,
    priorWeight: true,
    considerMagicClip: true,
    considerEndpoints: true,
    nStartupTrials: true,
    nEiCandidates: true,
    gamma: false,
    weights: false,
    seed: true,
    multivariate: true,
    group: true,
    warnIndependentSampling: true,
    constantLiar: true,
    constraintsFunc: false,
    categoricalDistanceFunc: false,
  } satisfies Keys<TPESamplerOptions>,
  gp: {
    seed: true,
    independentSampler: false,
    nStartupTrials: true,
    deterministicObjective: true,
    warnIndependentSampling: true,
    nPreliminarySamples: true,
    nLocalSearch: true,
    maxFitIterations: true,
  } satisfies Keys<GPSamplerOptions>,
  cmaes: {
    x0: true,
    sigma0: true,
    nStartupTrials: true,
    independentSampler: false,
    warnIndependentSampling: true,
    seed: true,
    considerPrunedTrials: true,
    restartStrategy: true,
    popsize: true,
    incPopsize: true,
    useSeparableCma: true,
    withMargin: true,
  } satisfies Keys<CmaEsSamplerOptions>,
  nsga2: {
    populationSize: true,
    mutationProb: true,
    crossover: true,
    crossoverProb: true,
    swappingProb: true,
    seed: true,
    constraintsFunc: false,
  } satisfies Keys<NSGAIISamplerOptions>,
} as const;

/** Spellings that differ from the table's names once case, `-` and `_` are dropped. */
const SYNONYMS: Record<string, string> = { nsgaii: 'nsga2', nopruner: 'nop' };

/**
 * A registry name as the tables spell it: lower case without `-` and `_`, without a trailing
 * `Pruner` / `Sampler` (so `'successive-halving'`, `'successive_halving'` and
 * `'SuccessiveHalvingPruner'` are all `'successivehalving'`).
 *
 * @example
 * ```ts
 * normalPluginName('CmaEsSampler'); // 'cmaes'
 * ```
 */
export function normalPluginName(name: string): string {
  const n = name.toLowerCase().replace(/[-_]/g, '');
  const bare = n.endsWith('pruner') && n !== 'nopruner' ? n.slice(0, -6) : n.endsWith('sampler') ? n.slice(0, -7) : n;
  return SYNONYMS[bare] ?? bare;
}

/**
 * Throws a TunerError naming the pruner or sampler and its options when `options` holds a key it
 * does not have, or gives a code-only option (a function, a sampler) a plain value such as a
 * number or a string (as text from a command line would). Unknown names are left to the
 * registries (they list the names). `display` spells the names in messages (the CLI shows
 * Optuna's snake_case).
 *
 * @example
 * ```ts
 * checkOptionKeys('pruner', 'threshold', { lowr: 0.5 });
 * // TunerError: pruner 'threshold' has no option 'lowr'; its options: lower, upper, nWarmupSteps, intervalSteps
 * ```
 */
export function checkOptionKeys(
  family: 'pruner' | 'sampler',
  name: string,
  options: Readonly<Record<string, unknown>>,
  { display = (key: string) => key }: { display?: (key: string) => string } = {},
): void {
  const tables: Record<string, Record<string, boolean>> = family === 'pruner' ? PRUNER_OPTION_KEYS : SAMPLER_OPTION_KEYS;
  const known = tables[normalPluginName(name)];
  if (known === undefined) return;
  const names = Object.keys(known).map(display);
  const list = names.length > 0 ? `its options: ${names.join(', ')}` : 'it takes no options';
  for (const [key, value] of Object.entries(options)) {
    const jsonOk = known[key];
    if (jsonOk === undefined) throw new TunerError(`${family} '${name}' has no option '${display(key)}'; ${list}`, 'UNKNOWN_OPTION');
    if (!jsonOk && value !== undefined && typeof value !== 'function' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new TunerError(`${family} '${name}': option '${display(key)}' takes a function or an object, set from code (got ${JSON.stringify(value)})`, 'BAD_OPTION');
    }
  }
}
