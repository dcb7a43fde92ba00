/**
 * The package's one `%g` number formatter: C's `printf("%.{p}g", x)`, digit for digit. LightGBM
 * writes its model.txt with it (fmt's `{:g}` / `{:.17g}` and C++ streams, which print as printf
 * does), so gbtune's model.txt, `sigmoid:` and `feature_infos` text are byte-for-byte LightGBM's.
 *
 * @example
 * ```ts
 * formatG(0.1, 17); // '0.10000000000000001'
 * formatG(1e-5, 6); // '1e-05'
 * ```
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
