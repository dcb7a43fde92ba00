/**
 * The per-purpose seeds LightGBM derives from `seed` (`Config::Set`, src/io/config.cpp), in one
 * place for `resolveParams` (which applies them) and `checkConflicts` (which knows a derived
 * `objective_seed` from one set by hand).
 *
 * @example
 * ```ts
 * deriveSeeds(1).bagging_seed; // 18467
 * ```
 */

import { LightGbmRandom } from '../core/lightgbm-random.js';

/** The seeds LightGBM derives from `seed` (its `Random` LCG, see `Config::Set`). */
export interface DerivedSeeds {
  data_random_seed: number;
  bagging_seed: number;
  drop_seed: number;
  feature_fraction_seed: number;
  objective_seed: number;
  extra_seed: number;
}

/**
 * Derives the per-purpose seeds from `seed` exactly as LightGBM 4 does: an MSVC-style linear
 * congruential generator started at `seed` draws six 15-bit numbers, each taken modulo 32767.
 *
 * @example
 * ```ts
 * deriveSeeds(1); // { data_random_seed: 41, bagging_seed: 18467, drop_seed: 6334, feature_fraction_seed: 26500, ... }
 * ```
 */
export function deriveSeeds(seed: number): DerivedSeeds {
  const rand = new LightGbmRandom(seed);
  const next = (): number => rand.nextShort(0, 32767);
  const data_random_seed = next();
  const bagging_seed = next();
  const drop_seed = next();
  const feature_fraction_seed = next();
  const objective_seed = next();
  const extra_seed = next();
  return { data_random_seed, bagging_seed, drop_seed, feature_fraction_seed, objective_seed, extra_seed };
}

