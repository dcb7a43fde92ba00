/** LightGBM's `kEpsilon` (include/LightGBM/meta.h): the float `1e-15f`, as a double. */
export const K_EPSILON = Math.fround(1e-15);
