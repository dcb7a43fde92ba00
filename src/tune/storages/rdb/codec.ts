/**
 * How Optuna's RDB storage encodes values (`optuna/storages/_rdb/models.py`): an objective value is
 * a float column plus a `value_type` (`FINITE`, `INF_POS`, `INF_NEG`), an intermediate value also
 * has `NAN`; datetimes are naive local times (`datetime.now()`), which SQLite keeps as text
 * `YYYY-MM-DD HH:MM:SS.ffffff`.
 *
 * @example
 * ```ts
 * encodeValue(Infinity); // { value: null, type: 'INF_POS' }
 * formatDatetime(new Date(2024, 0, 2, 3, 4, 5, 678)); // '2024-01-02 03:04:05.678000'
 * ```
 */

/** A value as stored: the float (or null) and its type tag. */
export interface StoredValue {
  value: number | null;
  type: 'FINITE' | 'INF_POS' | 'INF_NEG' | 'NAN';
}

/**
 * Encodes an objective or intermediate value as Optuna stores it.
 *
 * @example
 * ```ts
 * encodeValue(-Infinity); // { value: null, type: 'INF_NEG' }
 * ```
 */
export function encodeValue(x: number): StoredValue {
  if (Number.isNaN(x)) return { value: null, type: 'NAN' };
  if (x === Infinity) return { value: null, type: 'INF_POS' };
  if (x === -Infinity) return { value: null, type: 'INF_NEG' };
  return { value: x, type: 'FINITE' };
}

/**
 * Decodes a stored value.
 *
 * @example
 * ```ts
 * decodeValue(null, 'NAN'); // NaN
 * ```
 */
export function decodeValue(value: unknown, type: unknown): number {
  switch (type) {
    case 'INF_POS':
      return Infinity;
    case 'INF_NEG':
      return -Infinity;
    case 'NAN':
      return NaN;
    default:
      return value === null || value === undefined ? NaN : Number(value);
  }
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/**
 * A Date as a naive local datetime with microseconds (what SQLAlchemy writes for `datetime.now()`).
 *
 * @example
 * ```ts
 * formatDatetime(new Date(2024, 0, 2, 3, 4, 5, 678)); // '2024-01-02 03:04:05.678000'
 * ```
 */
export function formatDatetime(d: Date): string {
  return (
    `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)} ` +
    `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(d.getMilliseconds() * 1000, 6)}`
  );
}

const DT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/;

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Reads a stored datetime (text in SQLite, a Date from pg), or null.
 *
 * @example
 * ```ts
 * parseDatetime('2024-01-02 03:04:05.678000'); // new Date(2024, 0, 2, 3, 4, 5, 678)
 * ```
 */
export function parseDatetime(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  const s = String(v);
  // fast path for the fixed layout 'YYYY-MM-DD HH:MM:SS.ffffff' (what Optuna and gbtune write)
  if (s.length === 26 && s.charCodeAt(19) === 46) {
    const y = digits(s, 0, 4);
    const mo = digits(s, 5, 2);
    const d = digits(s, 8, 2);
    const h = digits(s, 11, 2);
    const mi = digits(s, 14, 2);
    const se = digits(s, 17, 2);
    const us = digits(s, 20, 6);
    if (y >= 0 && mo >= 0 && d >= 0 && h >= 0 && mi >= 0 && se >= 0 && us >= 0) {
      return new Date(y, mo - 1, d, h, mi, se, Math.floor(us / 1000));
    }
  }
  const m = DT.exec(s);
  if (m === null) return null;
  const frac = m[7] === undefined ? 0 : Math.floor(Number(m[7].padEnd(6, '0')) / 1000);
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), frac);
}
