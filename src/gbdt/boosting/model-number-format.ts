/**
 * The number forms of LightGBM's model.txt: `{:.17g}` for doubles and `{:g}` for float gains (fmt,
 * see `include/LightGBM/utils/common.h`, `__TToStringHelper`), both C's `%.{p}g` from
 * `core/format.ts`, so that a model.txt written by gbtune is byte-for-byte what LightGBM would
 * write for the same numbers; and the `strtod`-like parser that reads them back.
 */
import { formatG } from '../../core/format.js';

/**
 * LightGBM's `{:.17g}`: the form it uses for thresholds, leaf values and leaf weights.
 *
 * @example
 * ```ts
 * formatDouble17(0.1); // '0.10000000000000001'
 * ```
 */
export function formatDouble17(x: number): string {
  return formatG(x, 17);
}

/**
 * LightGBM's `{:g}` of a C `float` (split gains are stored as float32): 6 significant digits.
 *
 * @example
 * ```ts
 * formatFloat32G(392.50512); // '392.505'
 * ```
 */
export function formatFloat32G(x: number): string {
  return formatG(Math.fround(x), 6);
}

/**
 * Parses a number as C's `strtod` accepts it in a model file (decimal, exponent, `inf`, `nan`),
 * returning `undefined` when the text is not a number at all.
 *
 * @example
 * ```ts
 * parseCNumber('1e-35'); // 1e-35
 * parseCNumber('0.5x'); // undefined
 * ```
 */
export function parseCNumber(text: string): number | undefined {
  const t = text.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  const lower = t.toLowerCase();
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (lower === 'nan' || lower === '-nan' || lower === '+nan') return NaN;
  return undefined;
}
