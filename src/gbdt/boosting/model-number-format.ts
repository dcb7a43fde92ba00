/**
 * Number formatting exactly as LightGBM writes model.txt: C's `%.{p}g` (LightGBM uses fmt's
 * `{:g}` and `{:.17g}`, see `include/LightGBM/utils/common.h`, `__TToStringHelper`), so that a
 * model.txt written by gbtune is byte-for-byte what LightGBM would write for the same numbers.
 */

/**
 * Formats `x` as C's `printf("%.{precision}g", x)`: `precision` significant digits, correctly
 * rounded with ties to even, trailing zeros removed, exponent form (`1.5e-07`, `2e+20`) when
 * the decimal exponent is below -4 or at least `precision`. NaN → `nan`, ±Infinity → `inf`/`-inf`.
 *
 * @example
 * ```ts
 * formatG(0.1, 17); // '0.10000000000000001'
 * formatG(392.50512, 6); // '392.505'
 * formatG(5.684341886080802e-14, 6); // '5.68434e-14'
 * ```
 */
export function formatG(x: number, precision: number): string {
  if (x !== x) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const negative = x < 0 || (x === 0 && 1 / x < 0);
  const sign = negative ? '-' : '';
  if (x === 0) return `${sign}0`;
  const p = Math.max(1, Math.min(100, Math.floor(precision)));
  const a = Math.abs(x);
  let { digits, exp } = splitExponential(a.toExponential(p - 1));
  // JavaScript rounds an exact tie away from zero; C (and fmt) round it to even.
  const longer = a.toExponential(p);
  if (longer.charCodeAt(longer.indexOf('e') - 1) === 53 /* '5' */ && isExactTie(a, p)) {
    const t = splitExponential(longer);
    const kept = t.digits.slice(0, p);
    if (((kept.charCodeAt(p - 1) - 48) & 1) === 0) {
      digits = kept;
      exp = t.exp;
    }
  }
  if (exp < -4 || exp >= p) {
    const mant = stripZeros(digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits);
    const e = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (exp >= 0) {
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    return sign + (frac.length > 0 ? stripZeros(`${intPart}.${frac}`) : intPart);
  }
  return sign + stripZeros(`0.${'0'.repeat(-exp - 1)}${digits}`);
}

/** `'d.ddde+x'` → the significant digits without the point, and the decimal exponent. */
function splitExponential(s: string): { digits: string; exp: number } {
  const e = s.indexOf('e');
  const mant = s.slice(0, e);
  return { digits: mant.replace('.', ''), exp: Number(s.slice(e + 1)) };
}

/** True when `a`'s exact decimal expansion has exactly `p + 1` significant digits, the last a 5. */
function isExactTie(a: number, p: number): boolean {
  const full = a.toExponential(100);
  const { digits } = splitExponential(full);
  if (digits.charCodeAt(p) !== 53) return false;
  for (let i = p + 1; i < digits.length; i++) if (digits.charCodeAt(i) !== 48) return false;
  return true;
}

function stripZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

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
