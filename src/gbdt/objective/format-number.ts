/**
 * A number as C++'s default `ostream <<` writes it (`%g` with 6 significant digits: shortest form,
 * exponent notation below 1e-4 or from 1e6), as LightGBM writes `sigmoid:` in model.txt.
 *
 * @example
 * ```ts
 * formatNumber(0.5); // '0.5'
 * formatNumber(1e-5); // '1e-05'
 * formatNumber(1234567); // '1.23457e+06'
 * ```
 */
export function formatNumber(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? '0' : String(v);
  const [mant, expText] = v.toExponential(5).split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const m = mant.replace(/\.?0+$/, '');
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const fixed = v.toFixed(5 - exp);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
