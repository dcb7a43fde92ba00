/**
 * LightGBM holds labels and weights as 32-bit floats (`label_t`, include/LightGBM/meta.h). The
 * objectives round them the same way so that gradients, initial scores and re-fitted leaves match
 * LightGBM's; integer class labels are unchanged by this.
 *
 * @example
 * ```ts
 * roundedToFloat32(new Float64Array([0.1]))[0]; // 0.10000000149011612
 * ```
 */
export function roundedToFloat32(values: Float64Array): Float64Array {
  const n = values.length;
  let exact = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Math.fround(v) !== v) {
      exact = false;
      break;
    }
  }
  if (exact) return values;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.fround(values[i]);
  return out;
}
