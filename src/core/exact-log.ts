/**
 * The natural logarithm correctly rounded to the nearest double, for the few one-off logs whose
 * last bit shows in a model: the initial scores of `boost_from_average` (binary log-odds,
 * multiclass log-priors, log-link means), which LightGBM folds into the first trees' leaf values.
 * LightGBM takes them from the C library's `log` (glibc's is correctly rounded but for rare
 * cases within a few hundredths of an ulp of a midpoint); V8's `Math.log` (fdlibm) is within
 * 1 ulp and often the neighbouring double (breast_cancer's log-odds: `Math.log` gives 0.5211495071076266,
 * glibc and this one 0.5211495071076268), so the first tree of a binary model differed from
 * LightGBM's in its last bits.
 *
 * Method: `x = m * 2^k` with `m` in [1/sqrt(2), sqrt(2)); `log x = k ln 2 + 2 atanh(z)`,
 * `z = (m - 1) / (m + 1)`, `|z| < 0.172`, summed in 192-bit fixed point with BigInt (34 terms of
 * the odd series reach 2^-190), then rounded once by `Number(BigInt)` (round-half-even) and an
 * exact power-of-two scaling. The error before rounding is below 2^-180 of the result, so the
 * rounding is the correct one unless the exact value lies within that of a midpoint between two
 * doubles. About 20 µs a call: never in a hot loop.
 */

const BITS = 192n;
const ONE = 1n << BITS;
/** ln 2 in the fixed point, from the same series: ln 2 = 2 atanh(1/3). */
const LN2 = 2n * atanhFixed(ONE / 3n);

/** atanh(z) for a fixed-point `z` (value z / 2^BITS, |z| < 1/2), by its odd power series. */
function atanhFixed(z: bigint): bigint {
  // on |z|: shifting a negative term right floors it towards -1 and the series would never end
  if (z < 0n) return -atanhFixed(-z);
  const z2 = (z * z) >> BITS;
  let term = z;
  let sum = 0n;
  for (let n = 1n; term !== 0n; n += 2n) {
    sum += term / n;
    term = (term * z2) >> BITS;
  }
  return sum;
}

/** The 2^-64-scaled parts of a positive finite double: `x = mant * 2^exp`, `mant` a 53-bit integer. */
function decompose(x: number): { mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  // subnormals have no hidden bit and the smallest exponent
  return biased === 0 ? { mant: frac, exp: -1074 } : { mant: frac | (1n << 52n), exp: biased - 1075 };
}

/**
 * `ln x` correctly rounded (see the module comment); `Math.log`'s answer for 0, negatives,
 * infinities and NaN.
 *
 * @example
 * ```ts
 * exactLog(2); // Math.LN2
 * exactLog(1); // 0
 * ```
 */
export function exactLog(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  if (x === 1) return 0;
  let { mant, exp } = decompose(x);
  // normalise mant to exactly 53 significant bits (subnormals have fewer)
  while (mant < 1n << 52n) {
    mant <<= 1n;
    exp -= 1;
  }
  // x = (mant / 2^52) * 2^(exp + 52); bring m = mant / 2^52 into [1/sqrt(2), sqrt(2))
  let k = exp + 52;
  // sqrt(2) * 2^52, rounded up: mant >= this means m >= sqrt(2)
  if (mant >= 6369051672525773n) k += 1;
  const m = k === exp + 52 ? (mant << BITS) >> 52n : (mant << BITS) >> 53n;
  const z = ((m - ONE) << BITS) / (m + ONE);
  const fixed = BigInt(k) * LN2 + 2n * atanhFixed(z);
  return fixedToDouble(fixed);
}

/** The double nearest to `fixed / 2^BITS` (round-half-even on the 53 leading bits). */
function fixedToDouble(fixed: bigint): number {
  const negative = fixed < 0n;
  const a = negative ? -fixed : fixed;
  // Number(bigint) rounds to nearest, ties to even; dividing by 2^BITS is exact (the result is far from subnormal)
  const r = Number(a) / 2 ** Number(BITS);
  return negative ? -r : r;
}
