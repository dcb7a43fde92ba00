/**
 * LightGBM's numeric constants, one definition each for the whole package (anchor:
 * `include/LightGBM/meta.h`). LightGBM writes them as C `float` literals (`kEpsilon = 1e-15f`, a
 * `score_t`, i.e. float), so every use there, in float or in double arithmetic, reads the float
 * nearest to 1e-15, not the double 1e-15: the constant here is that float as a double.
 *
 * @example
 * ```ts
 * K_EPSILON; // 1.0000000036274937e-15
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
