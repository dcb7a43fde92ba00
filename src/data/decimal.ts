/**
 * Decimal text to the nearest double, from a string or straight from the bytes of a CSV file,
 * with the same result as `Number(text)` for every decimal number (bit for bit, sign of zero
 * included) and NaN for anything else.
 *
 * A decimal number, as pandas' C parser reads one: optional blanks, optional sign, digits with an
 * optional point (at least one digit), optional exponent, optional blanks. Hex (`0x10`),
 * `Infinity`, `inf`, `1_000` are not numbers, and a value that overflows to infinity is not one.
 *
 * These run once per CSV cell, so they scan by hand (no regex) and compute the value themselves:
 * - up to 15 significant digits and a decimal exponent within ±22: the digits and the power of
 *   ten are exact doubles and one division or multiplication rounds correctly (Clinger, "How to
 *   read floating point numbers accurately", PLDI 1990, the fast path);
 * - 16 to 19 significant digits (what `repr` and `String(number)` write, so most of a
 *   machine-written CSV) and an exponent within ±22: the digits as an exact pair of doubles, one
 *   rounded division or product, and the remainder computed exactly (Dekker's product, Knuth's
 *   sum) to decide between that double and its two neighbours, ties to even;
 * - otherwise `Number(text)` (longer mantissas, far exponents: rare in data files).
 *
 * From bytes, runs of digits are read four at a time (one 32-bit load, a digit test and three
 * multiplications on the whole word, "SWAR" as in simdjson's and fast_float's eight-digit
 * parsers): a 17-digit number is four such steps instead of sixteen byte steps.
 */

/** 10^0 .. 10^22: every one exact in a double. */
const POW10 = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
/** 1 / 10^k (rounded): only for estimates that are checked with a margin. */
const INV10 = Float64Array.from(POW10, (p) => 1 / p);
/** 2^24, for splitting 50-bit integers into exact halves, and its inverse (exact). */
const TWO24 = 16777216;
const INV_TWO24 = 1 / TWO24;
/** Veltkamp's splitter for doubles: 2^27 + 1. */
const SPLITTER = 134217729;

/** Returned by {@link digitsToDouble} when it cannot decide: the caller asks `Number(text)`. */
const UNDECIDED = Infinity;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

/**
 * The exact error of the last {@link twoSum} or {@link twoProduct} (its rounded result is
 * returned). In a typed array: a double stored in a module variable would be boxed on every store.
 */
const ERR = new Float64Array(1);

/** a + b rounded; sets `ERR[0]` so that a + b = result + ERR[0] exactly (Knuth's TwoSum). */
function twoSum(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  ERR[0] = a - (s - bb) + (b - bb);
  return s;
}

/** a * b rounded; sets `ERR[0]` so that a * b = result + ERR[0] exactly (Dekker's product, Veltkamp's split). */
function twoProduct(a: number, b: number): number {
  const p = a * b;
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  ERR[0] = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/**
 * The sign (-1, 0, 1) of a + b + c + d computed exactly: the sum grown into a nonoverlapping
 * expansion (Shewchuk, "Adaptive precision floating-point arithmetic", 1997, Grow-Expansion), whose
 * largest nonzero component has the sign of the sum.
 */
function signOfSum(a: number, b: number, c: number, d: number): number {
  const q1 = twoSum(a, b);
  const e1 = ERR[0];
  const r1 = twoSum(c, e1);
  const f1 = ERR[0];
  const q2 = twoSum(r1, q1);
  const f2 = ERR[0];
  const s1 = twoSum(d, f1);
  const g1 = ERR[0];
  const s2 = twoSum(s1, f2);
  const g2 = ERR[0];
  const q3 = twoSum(s2, q2);
  const g3 = ERR[0];
  if (q3 !== 0) return q3 > 0 ? 1 : -1;
  if (g3 !== 0) return g3 > 0 ? 1 : -1;
  if (g2 !== 0) return g2 > 0 ? 1 : -1;
  return g1 > 0 ? 1 : g1 < 0 ? -1 : 0;
}

/**
 * In and out of {@link digitsToDouble}: in, the first up to 15 significant digits (`hi`); out, the
 * value. A typed array, because a double passed to or returned from a function that is not
 * inlined is boxed (one heap object per CSV cell).
 */
const DIGITS = new Float64Array(1);

/**
 * The value of the digits `hi` (DIGITS[0]: the first up to 15 significant digits) and `lo` (the
 * next `nLo` <= 4 digits) times 10^e10, correctly rounded, as a non-negative double (into
 * DIGITS[0]); or {@link UNDECIDED} when the exponent is out of the range handled here.
 */
function digitsToDouble(lo: number, nLo: number, e10: number): void {
  const hi = DIGITS[0];
  if (e10 < -22 || e10 > 22) {
    DIGITS[0] = UNDECIDED;
    return;
  }
  if (nLo === 0) {
    DIGITS[0] = e10 < 0 ? hi / POW10[-e10] : hi * POW10[e10];
    return;
  }
  // m = hi * 10^nLo + lo exactly, as mh (m rounded) + ml: hi < 2^50 splits into two 25-bit-or-less
  // halves whose products with 10^nLo (< 2^14) are exact
  const scale = POW10[nLo];
  const top = (hi * INV_TWO24) | 0; // hi < 2^50: the quotient fits an int32; exact power of two
  const a = top * scale * TWO24;
  const b = (hi - top * TWO24) * scale + lo;
  const mh = twoSum(a, b);
  const ml = ERR[0];
  if (ml === 0 && mh < 9007199254740992) {
    // below 2^53 the digits are an exact double: Clinger's one rounding again (most 16-digit numbers)
    DIGITS[0] = e10 < 0 ? mh / POW10[-e10] : mh * POW10[e10];
    return;
  }
  if (e10 === 0) {
    DIGITS[0] = mh;
    return;
  }
  const p = POW10[e10 < 0 ? -e10 : e10];
  let q: number;
  // the exact value is q + r (e10 > 0) or q + r / p (e10 < 0): r's terms
  let r0: number;
  let r1: number;
  let r2: number;
  if (e10 < 0) {
    q = mh / p;
    const t = twoProduct(q, p);
    // r = m - q p = (mh - t) + ml - ERR[0]; mh - t is exact (Sterbenz)
    r0 = mh - t;
    r1 = ml;
    r2 = -ERR[0];
  } else {
    q = twoProduct(mh, p);
    r0 = ERR[0];
    r1 = twoProduct(ml, p);
    r2 = ERR[0];
  }
  // the exact value is q + x with x = r (e10 > 0) or r / p (e10 < 0), and r's rounding error is
  // below 1e-15 ulp: when q + 1.0001 x still rounds to q, x is safely under half a gap, so q is
  // the answer; else the same test on q + x (almost always the neighbour that is the answer)
  const x = e10 < 0 ? (r0 + r1 + r2) * INV10[-e10] : r0 + r1 + r2;
  if (q + x * 1.0001 === q) {
    DIGITS[0] = q;
    return;
  }
  const q2 = q + x;
  const x2 = x - (q2 - q);
  DIGITS[0] = q2 + x2 * 1.0001 === q2 ? q2 : nearest(q, r0, r1, r2, e10 < 0 ? p : 1);
}

/**
 * The double nearest q + r / unit (r = r0 + r1 + r2 exactly), ties to even, when it is q or one
 * of its neighbours, else {@link UNDECIDED}: q is within 1.5 ulp of the exact value.
 */
function nearest(q: number, r0: number, r1: number, r2: number, unit: number): number {
  // the gaps to q's neighbours from its bits: up = 2^(exponent - 52), down = up / 2 when q is a
  // power of two
  f64[0] = q;
  const high = u32[HI];
  const low = u32[LO];
  u32[HI] = (((high >>> 20) & 0x7ff) - 52) << 20;
  u32[LO] = 0;
  const up = f64[0];
  const down = low === 0 && (high & 0xfffff) === 0 ? up / 2 : up;
  const halfUp = (up / 2) * unit;
  const halfDown = (down / 2) * unit;
  // most often the rounded sum of r's terms (off by far less than `margin`) is far enough from
  // the half-gaps to decide; else the exact signs decide
  const r = r0 + r1 + r2;
  const margin = 1e-12 * (Math.abs(r0) + Math.abs(r1) + Math.abs(r2));
  if (r < halfUp - margin) {
    if (r > -halfDown + margin) return q;
    if (r < -halfDown - margin && r > -3 * halfDown + margin) return q - down;
  } else if (r > halfUp + margin && r < 3 * halfUp - margin) return q + up;
  const odd = (low & 1) === 1;
  const aboveHalf = signOfSum(r0, r1, r2, -halfUp);
  if (aboveHalf > 0 || (aboveHalf === 0 && odd)) {
    if (signOfSum(r0, r1, r2, -3 * halfUp) >= 0) return UNDECIDED;
    return q + up;
  }
  const belowHalf = signOfSum(r0, r1, r2, halfDown);
  if (belowHalf < 0 || (belowHalf === 0 && odd)) {
    if (signOfSum(r0, r1, r2, 3 * halfDown) <= 0) return UNDECIDED;
    return q - down;
  }
  return q;
}

/** Space, tab, CR, LF, VT, FF. */
function isBlank(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

// The scanners below read past the end as -1 (never as `charCodeAt`'s NaN, which makes the loop
// variable a double and the loop twice as slow), and keep the first 15 significant digits in
// `hi` and the next 4 in `lo` for digitsToDouble.

/**
 * `text` as a finite number, or NaN when it is not a decimal number (see the module comment).
 * Same results as `Number`, and faster: 17-digit numbers are read without it.
 *
 * @example
 * ```ts
 * parseDecimal('3.0'); // 3
 * parseDecimal('0.30000000000000004'); // 0.30000000000000004
 * parseDecimal('0x10'); // NaN
 * ```
 */
export function parseDecimal(text: string): number {
  const n = text.length;
  let i = 0;
  let c = n > 0 ? text.charCodeAt(0) : -1;
  while (isBlank(c)) c = ++i < n ? text.charCodeAt(i) : -1;
  let negative = false;
  if (c === 43 || c === 45) {
    negative = c === 45;
    c = ++i < n ? text.charCodeAt(i) : -1;
  }
  let digits = 0;
  let significant = 0;
  let hi = 0;
  let lo = 0;
  let scale = 0;
  while (c >= 48 && c <= 57) {
    digits++;
    if (significant > 0 || c !== 48) {
      significant++;
      if (significant <= 15) hi = hi * 10 + (c - 48);
      else if (significant <= 19) lo = lo * 10 + (c - 48);
    }
    c = ++i < n ? text.charCodeAt(i) : -1;
  }
  if (c === 46) {
    // .
    c = ++i < n ? text.charCodeAt(i) : -1;
    while (c >= 48 && c <= 57) {
      digits++;
      scale++;
      if (significant > 0 || c !== 48) {
        significant++;
        if (significant <= 15) hi = hi * 10 + (c - 48);
        else if (significant <= 19) lo = lo * 10 + (c - 48);
      }
      c = ++i < n ? text.charCodeAt(i) : -1;
    }
  }
  if (digits === 0) return NaN;
  let exponent = 0;
  if (c === 101 || c === 69) {
    // e E
    c = ++i < n ? text.charCodeAt(i) : -1;
    let expNegative = false;
    if (c === 43 || c === 45) {
      expNegative = c === 45;
      c = ++i < n ? text.charCodeAt(i) : -1;
    }
    let expDigits = 0;
    while (c >= 48 && c <= 57) {
      expDigits++;
      if (exponent < 100000) exponent = exponent * 10 + (c - 48);
      c = ++i < n ? text.charCodeAt(i) : -1;
    }
    if (expDigits === 0) return NaN;
    if (expNegative) exponent = -exponent;
  }
  while (isBlank(c)) c = ++i < n ? text.charCodeAt(i) : -1;
  if (i < n) return NaN;
  let v = UNDECIDED;
  if (significant <= 19) {
    DIGITS[0] = hi;
    digitsToDouble(lo, significant <= 15 ? 0 : significant - 15, exponent - scale);
    v = DIGITS[0];
  }
  if (v !== UNDECIDED) return negative ? -v : v;
  const slow = Number(text);
  return slow === Infinity || slow === -Infinity ? NaN : slow;
}

/** Where the last {@link parseDecimalBytes} call stopped: the delimiter's index, or `end`. */
export let fieldEnd = 0;

/** A view of the last byte array read, for its 32-bit loads (made again when the array changes). */
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(8));
let viewOf: Uint8Array | null = null;

/** Whether the 4 bytes of `x` (a little-endian 32-bit load) are all ASCII digits (no false positive: a carry only raises a byte). */
function fourDigits(x: number): boolean {
  return ((x & 0xf0f0f0f0) | ((((x + 0x06060606) | 0) & 0xf0f0f0f0) >>> 4)) === 0x33333333;
}

/** The value 0..9999 of 4 ASCII digits loaded little-endian into `x` (first digit in the low byte). */
function fourDigitsValue(x: number): number {
  let t = (x - 0x30303030) | 0;
  t = ((Math.imul(t, 10) + (t >>> 8)) | 0) & 0x00ff00ff; // byte 0: d0 d1, byte 2: d2 d3
  return (Math.imul(t, 100) + (t >>> 16)) & 0xffff;
}

/** The value of the last {@link parseDecimalBytes} call's field (in an array: see {@link DIGITS}). */
const VALUE = new Float64Array(1);

/**
 * Reads one field of a CSV line, `bytes[start ..]` up to the next `delimiter` byte or `end`, and
 * returns it as a number when the whole field is a decimal number (as {@link parseDecimal} reads
 * it), else NaN; sets {@link fieldEnd} to where the field ends either way. Blank bytes other than
 * the delimiter may surround the number. One pass over the bytes finds the field and its value.
 *
 * @example
 * ```ts
 * const b = Buffer.from('1.5,x,');
 * parseDecimalBytes(b, 0, b.length, 44); // 1.5 (fieldEnd 3)
 * parseDecimalBytes(b, 4, b.length, 44); // NaN (fieldEnd 5)
 * ```
 */
export function parseDecimalBytes(bytes: Uint8Array, start: number, end: number, delimiter: number): number {
  fieldEnd = readDecimalField(bytes, start, end, delimiter, VALUE, 0);
  return VALUE[0];
}

/**
 * {@link parseDecimalBytes} for a reader's hot loop: the field's number (or NaN) goes into
 * `out[at]` and the field's end is returned, so that no double crosses the call (a double
 * returned from a function that is not inlined is a heap object, one per cell).
 *
 * @example
 * ```ts
 * const b = Buffer.from('1.5,x,');
 * const values = new Float64Array(2);
 * readDecimalField(b, 0, b.length, 44, values, 0); // 3 (values[0] = 1.5)
 * ```
 */
export function readDecimalField(bytes: Uint8Array, start: number, end: number, delimiter: number, out: Float64Array, at: number): number {
  if (viewOf !== bytes) {
    viewOf = bytes;
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  const dv = view;
  let i = start;
  let c = i < end ? bytes[i] : -1;
  if (c <= 32) while (c !== delimiter && isBlank(c)) c = ++i < end ? bytes[i] : -1;
  let negative = false;
  if (c === 43 || c === 45) {
    negative = c === 45;
    c = ++i < end ? bytes[i] : -1;
  }
  // the digits before and after the point in one loop: the first 15 significant in hi, the
  // next 4 in lo (digitsToDouble's split), the rest only counted; `zeros`: leading zeros seen
  let zeros = false;
  while (c === 48) {
    zeros = true;
    c = ++i < end ? bytes[i] : -1;
  }
  let hi = 0;
  let lo = 0;
  let sig = 0;
  let point = -1;
  for (;;) {
    // four digits at a time while they fit in hi
    while (sig < 15 && i + 4 <= end) {
      const x = dv.getInt32(i, true);
      if (!fourDigits(x)) break;
      const t = fourDigitsValue(x);
      if (sig <= 11) hi = hi * 10000 + t;
      else {
        // the word straddles the 15th digit: its first k digits end hi, the rest start lo
        const k = 15 - sig;
        const div = POW10[4 - k];
        const head = Math.floor(t / div);
        hi = hi * POW10[k] + head;
        lo = t - head * div;
      }
      sig += 4;
      i += 4;
    }
    c = i < end ? bytes[i] : -1;
    while (c >= 48 && c <= 57) {
      if (sig < 15) hi = hi * 10 + (c - 48);
      else if (sig < 19) lo = lo * 10 + (c - 48);
      sig++;
      c = ++i < end ? bytes[i] : -1;
    }
    if (c !== 46 || point >= 0) break;
    // . : zeros right after it are significant only after a nonzero digit
    c = ++i < end ? bytes[i] : -1;
    point = i;
    if (sig === 0) {
      while (c === 48) c = ++i < end ? bytes[i] : -1;
    }
  }
  const scale = point < 0 ? 0 : i - point;
  const significant = sig;
  let number = zeros || significant > 0 || scale > 0;
  let exponent = 0;
  if (number && (c === 101 || c === 69)) {
    // e E
    c = ++i < end ? bytes[i] : -1;
    let expNegative = false;
    if (c === 43 || c === 45) {
      expNegative = c === 45;
      c = ++i < end ? bytes[i] : -1;
    }
    let expDigits = 0;
    while (c >= 48 && c <= 57) {
      expDigits++;
      if (exponent < 100000) exponent = exponent * 10 + (c - 48);
      c = ++i < end ? bytes[i] : -1;
    }
    number = expDigits > 0;
    if (expNegative) exponent = -exponent;
  }
  if (c !== delimiter && c !== -1) {
    while (c !== delimiter && isBlank(c)) c = ++i < end ? bytes[i] : -1;
    if (c !== delimiter && c !== -1) {
      // not a number: the field runs on to the delimiter
      while (i < end && bytes[i] !== delimiter) i++;
      out[at] = NaN;
      return i;
    }
  }
  if (!number) {
    out[at] = NaN;
    return i;
  }
  let v = UNDECIDED;
  if (significant <= 19) {
    DIGITS[0] = hi;
    digitsToDouble(lo, significant <= 15 ? 0 : significant - 15, exponent - scale);
    v = DIGITS[0];
  }
  if (v === UNDECIDED) {
    let text = '';
    for (let k = start; k < i; k++) text += String.fromCharCode(bytes[k]);
    v = Number(text);
    out[at] = v === Infinity || v === -Infinity ? NaN : v;
  } else out[at] = negative ? -v : v;
  return i;
}
