/**
 * The LightGBM fixtures (test/fixtures/lightgbm/fixtures.json): every one is loaded and predicted,
 * trained tree for tree, and its params checked against gbtune's table (no fixture is pending).
 *
 * @example
 * ```ts
 * for (const fx of FIXTURES) it(fx.name, () => expect(loadModel(`${fx.name}.model.txt`)).toBeDefined());
 * ```
 */
import { readFileSync } from 'node:fs';

/** One fixture's entry in fixtures.json (the fields the tests read). */
export interface LightGbmFixture {
  name: string;
  data: string;
  rows: number;
  /** LightGBM's params, as given to lgb.train (`objective` always set). */
  params: Readonly<Record<string, unknown>>;
  categorical_feature: string[];
  num_boost_round: number;
  /** "1+row%3": row i (0-based) had weight 1 + (i mod 3). */
  weight?: string;
  /** Continued training: the init model was trained first with `params` overridden by these, for this many rounds. */
  init_model?: { params: Readonly<Record<string, unknown>>; num_boost_round: number };
  outputs?: string[];
}

/**
 * A fixture's row weights: `"1+row%3"` → row i (0-based) weighs 1 + (i mod 3); undefined when the
 * fixture has none. Throws on a spelling the tests do not know (so a new fixture is not trained unweighted).
 */
export function fixtureWeights(fx: LightGbmFixture): Float64Array | undefined {
  if (fx.weight === undefined) return undefined;
  if (fx.weight !== '1+row%3') throw new Error(`fixture ${fx.name}: unknown weight rule '${fx.weight}'`);
  return Float64Array.from({ length: fx.rows }, (_, i) => 1 + (i % 3));
}

/** Every fixture, in file order. */
export const FIXTURES: LightGbmFixture[] = JSON.parse(readFileSync('test/fixtures/lightgbm/fixtures.json', 'utf8')) as LightGbmFixture[];
