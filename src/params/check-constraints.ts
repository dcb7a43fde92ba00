/**
 * The cross-param rules of monotone and interaction constraints (LightGBM's `Config::CheckParamConflict`
 * in src/io/config.cpp, and `GBDT::Init`'s check of renewing objectives in src/boosting/gbdt.cpp),
 * called by `checkConflicts`. The rules against the data (one monotone value per feature, none on a
 * categorical feature, interaction indices that are features) are checked when training starts.
 *
 * @example
 * ```ts
 * checkConstraintParams(p, '', log.warn); // may set p.monotone_constraints_method to 'basic'
 * ```
 */
import { ParamError } from '../core/errors.js';
import type { GbdtParams } from './resolved.js';

/** Objectives whose leaf values are refitted after each tree (LightGBM's IsRenewTreeOutput), which monotone constraints cannot bound. */
const RENEWING_OBJECTIVES: readonly string[] = ['regression_l1', 'quantile', 'mape'];

/**
 * Applies the constraint rules to `p` in place: an error for monotone constraints with a renewing
 * objective; `intermediate`/`advanced` fall back to `basic` with `feature_fraction_bynode < 1` (a
 * warning, as LightGBM); warnings for a `monotone_penalty` that forbids every constrained split and
 * for monotone settings given without `monotone_constraints` (which they would not change).
 */
export function checkConstraintParams(p: GbdtParams, where: string, warn: (message: string) => void): void {
  const constrained = p.monotone_constraints.length > 0;
  if (constrained && RENEWING_OBJECTIVES.includes(p.objective)) {
    throw new ParamError('monotone_constraints', p.monotone_constraints,
      `${where}monotone_constraints cannot be used with objective ${p.objective}, whose leaf values are refitted after each tree (as in LightGBM); remove them or choose another objective`,
      'PARAM_CONFLICT');
  }
  if (p.feature_fraction_bynode !== 1 && p.monotone_constraints_method !== 'basic') {
    warn(`${where}monotone_constraints_method = ${p.monotone_constraints_method} cannot be used with feature_fraction_bynode = ${p.feature_fraction_bynode}; ` +
      'set to basic (as LightGBM)');
    p.monotone_constraints_method = 'basic';
  }
  if (!constrained) {
    const unused: string[] = [];
    if (p.monotone_constraints_method !== 'basic') unused.push(`monotone_constraints_method = ${p.monotone_constraints_method}`);
    if (p.monotone_penalty !== 0) unused.push(`monotone_penalty = ${p.monotone_penalty}`);
    if (unused.length > 0) warn(`${where}${unused.join(' and ')} ${unused.length > 1 ? 'have' : 'has'} no effect without monotone_constraints`);
  } else if (p.max_depth > 0 && p.monotone_penalty >= p.max_depth) {
    warn(`${where}monotone_penalty = ${p.monotone_penalty} >= max_depth = ${p.max_depth}: no split on a constrained feature can be made (as LightGBM)`);
  }
}
