/**
 * LightGBM's numeric constants, one definition each for the whole package (anchor:
 * `include/LightGBM/meta.h`). LightGBM writes them as C `float` literals (`kEpsilon = 1e-15f`,
 * `kZeroThreshold = 1e-35f`), so every use there, in float or in double arithmetic, reads the
 * float nearest to 1e-15 or 1e-35, not the double: the constants here are those floats as doubles
 * (and LightGBM's model.txt shows it: a split at zero has threshold 1.0000000180025095e-35).
 *
 * @example
 * ```ts
 * K_EPSILON;        // 1.0000000036274937e-15
 * K_ZERO_THRESHOLD; // 1.0000000180025095e-35
 * ```
 */

/**
 * LightGBM's `kEpsilon` (`meta.h`: `const score_t kEpsilon = 1e-15f;`): added to hessian sums so
 * they are never zero, the clamp of probabilities in the binary and multiclass objectives and
 * metrics, the "is it zero" test of the initial score and of `path_smooth`.
 *
 * @example
 * ```ts
 * const p = Math.min(Math.max(rate, K_EPSILON), 1 - K_EPSILON);
 * ```
 */
export const K_EPSILON = Math.fround(1e-15);

/**
 * LightGBM's `kZeroThreshold` (`meta.h`: `const double kZeroThreshold = 1e-35f;`): values with
 * |v| at or below it are zero, in binning (the zero bin's bounds are -/+ this, so a split at zero
 * has it as threshold) and in prediction.
 *
 * @example
 * ```ts
 * const isZero = v <= K_ZERO_THRESHOLD && v >= -K_ZERO_THRESHOLD;
 * ```
 */
export const K_ZERO_THRESHOLD = Math.fround(1e-35);
