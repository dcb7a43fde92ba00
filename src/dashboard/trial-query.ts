/**
 * The trials table's query, done on the server so that a page of 50 rows out of 50,000 trials
 * costs the browser 50 rows: filter by state, by param and value ranges (or categorical choices),
 * sort by any column (missing values last, either order), then one page.
 *
 * Query string: `state=COMPLETE,PRUNED`, `param.lr=0.001..0.1` (either end may be left out),
 * `param.booster=gbdt,dart` (choices), `value=..0.5` (`value.1=` for the second objective),
 * `sort=number|value|value.1|duration|start|complete|state|param.lr`, `order=asc|desc`,
 * `offset=0`, `limit=50` (at most 1,000).
 *
 * @example
 * ```ts
 * const q = parseTrialQuery(new URLSearchParams('state=COMPLETE&sort=value&limit=20'));
 * const { total, rows } = queryTrials(trials, q);
 * ```
 */
import { GbtuneError, TrialState, type FrozenTrial } from '../index.js';
import type { ParamValue } from '../tune/index.js';
import { trialDuration } from './trial-json.js';

/** A range `[min, max]` (either end null: open) or a set of choices. */
export type Condition = { kind: 'range'; min: number | null; max: number | null } | { kind: 'choices'; values: string[] };

/** A parsed query. */
export interface TrialQuery {
  /** Null: every state. */
  states: TrialState[] | null;
  /** Per param name. */
  params: [string, Condition][];
  /** Per objective index: a range of the value. */
  values: [number, Condition & { kind: 'range' }][];
  sort: string;
  desc: boolean;
  offset: number;
  limit: number;
}

/** The most rows one query returns. */
export const MAX_LIMIT = 1000;

const STATES = Object.values(TrialState) as TrialState[];

/** A wrong query parameter (answered with HTTP 400). */
export class QueryError extends GbtuneError {
  constructor(message: string) {
    super(message, 'DASHBOARD_BAD_QUERY');
  }
}

function parseNumber(text: string, what: string): number | null {
  if (text.trim() === '') return null;
  const x = Number(text);
  if (!Number.isFinite(x)) throw new QueryError(`${what}: '${text}' is not a number`);
  return x;
}

function parseRange(text: string, what: string): Condition & { kind: 'range' } {
  const i = text.indexOf('..');
  if (i < 0) throw new QueryError(`${what}=${text}: a range is written min..max (either end may be left out)`);
  return { kind: 'range', min: parseNumber(text.slice(0, i), what), max: parseNumber(text.slice(i + 2), what) };
}

function parseInteger(text: string | null, what: string, dflt: number, max: number): number {
  if (text === null || text === '') return dflt;
  const x = Number(text);
  if (!Number.isInteger(x) || x < 0) throw new QueryError(`${what}=${text}: must be an integer >= 0`);
  return Math.min(x, max);
}

/**
 * Reads a query from URL search params (see the module comment); a wrong parameter is a
 * {@link QueryError} naming it and what is allowed.
 *
 * @example
 * ```ts
 * parseTrialQuery(new URLSearchParams('param.lr=..0.1')).params; // [['lr', { kind: 'range', min: null, max: 0.1 }]]
 * ```
 */
export function parseTrialQuery(q: URLSearchParams): TrialQuery {
  let states: TrialState[] | null = null;
  const stateText = q.get('state');
  if (stateText !== null && stateText !== '') {
    states = [];
    for (const s of stateText.split(',')) {
      const up = s.trim().toUpperCase() as TrialState;
      if (!STATES.includes(up)) throw new QueryError(`state=${stateText}: '${s}' is not a trial state; known: ${STATES.join(', ')}`);
      states.push(up);
    }
  }
  const params: [string, Condition][] = [];
  const values: [number, Condition & { kind: 'range' }][] = [];
  for (const [k, v] of q) {
    if (v === '') continue;
    if (k.startsWith('param.')) {
      const name = k.slice('param.'.length);
      params.push([name, v.includes('..') ? parseRange(v, k) : { kind: 'choices', values: v.split(',') }]);
    } else if (k === 'value' || /^value\.\d+$/.test(k)) {
      values.push([k === 'value' ? 0 : Number(k.slice(6)), parseRange(v, k)]);
    }
  }
  const sort = q.get('sort') ?? 'number';
  if (!/^(number|value(\.\d+)?|duration|start|complete|state|param\..+)$/.test(sort)) {
    throw new QueryError(`sort=${sort}: sort by number, value, value.N, duration, start, complete, state or param.NAME`);
  }
  const order = q.get('order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw new QueryError(`order=${order}: asc or desc`);
  return {
    states,
    params,
    values,
    sort,
    desc: order === 'desc',
    offset: parseInteger(q.get('offset'), 'offset', 0, Number.MAX_SAFE_INTEGER),
    limit: parseInteger(q.get('limit'), 'limit', 50, MAX_LIMIT),
  };
}

function choiceText(v: ParamValue): string {
  return v === null ? 'None' : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
}

function matches(v: ParamValue | number | undefined, c: Condition): boolean {
  if (v === undefined) return false;
  if (c.kind === 'choices') return c.values.includes(choiceText(v as ParamValue));
  if (typeof v !== 'number' || Number.isNaN(v)) return false;
  return (c.min === null || v >= c.min) && (c.max === null || v <= c.max);
}

/** The sort key of a trial: a number, a string, or null (sorted last). */
function sortKey(sort: string): (t: FrozenTrial) => number | string | null {
  if (sort === 'number') return (t) => t.number;
  if (sort === 'duration') return (t) => trialDuration(t);
  if (sort === 'start') return (t) => t.datetimeStart?.getTime() ?? null;
  if (sort === 'complete') return (t) => t.datetimeComplete?.getTime() ?? null;
  if (sort === 'state') return (t) => t.state;
  if (sort.startsWith('value')) {
    const i = sort === 'value' ? 0 : Number(sort.slice(6));
    return (t) => {
      const v = t.values?.[i];
      return v === undefined || Number.isNaN(v) ? null : v;
    };
  }
  const name = sort.slice('param.'.length);
  return (t) => {
    const v = t.params[name];
    return v === undefined ? null : typeof v === 'number' ? v : choiceText(v);
  };
}

/**
 * Sorts `idx` (ascending) by `num[idx[j]]`, ties in `idx` order, without a comparator: the keys
 * sorted natively (a Float64Array), each element's rank by binary search, then a stable counting
 * sort by rank — 50,000 trials in a few ms where `Array.prototype.sort` with a comparator takes ~50.
 */
function sortNumeric(idx: number[], num: Float64Array): void {
  const m = idx.length;
  const keys = new Float64Array(m);
  for (let j = 0; j < m; j++) keys[j] = num[idx[j]];
  const sorted = keys.slice().sort();
  const rank = new Uint32Array(m);
  const count = new Uint32Array(m + 1);
  for (let j = 0; j < m; j++) {
    const x = keys[j];
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    rank[j] = lo;
    count[lo + 1]++;
  }
  for (let r = 1; r <= m; r++) count[r] += count[r - 1];
  const out = new Array<number>(m);
  for (let j = 0; j < m; j++) out[count[rank[j]]++] = idx[j];
  for (let j = 0; j < m; j++) idx[j] = out[j];
}

/** Sorts `kept` (in number order) by one key; ties and the missing (last, either way) in number order, reversed when descending. */
function sortBy(kept: FrozenTrial[], sort: string, desc: boolean): FrozenTrial[] {
  const key = sortKey(sort);
  const n = kept.length;
  const sign = desc ? -1 : 1;
  // numeric keys (the common case): a typed array of keys and a comparator over it (2-3x faster on 50,000 trials)
  const num = new Float64Array(n);
  const keys = new Array<number | string | null>(n);
  let numeric = true;
  for (let i = 0; i < n; i++) {
    const k = key(kept[i]);
    keys[i] = k;
    if (k === null) num[i] = NaN;
    else if (typeof k === 'number') num[i] = k;
    else numeric = false;
  }
  const present: number[] = [];
  const missing: number[] = [];
  for (let i = 0; i < n; i++) (keys[i] === null ? missing : present).push(i);
  if (numeric) {
    sortNumeric(present, num);
    if (desc) present.reverse();
  } else {
    present.sort((a, b) => {
      const x = keys[a] as number | string;
      const y = keys[b] as number | string;
      if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
      const c = x < y ? -1 : x > y ? 1 : 0;
      return sign * (c !== 0 ? c : a - b);
    });
  }
  if (desc) missing.reverse();
  const out = new Array<FrozenTrial>(n);
  let j = 0;
  for (const i of present) out[j++] = kept[i];
  for (const i of missing) out[j++] = kept[i];
  return out;
}

/**
 * The trials a query keeps, in its order (every page of it): filtered, then sorted.
 *
 * @example
 * ```ts
 * filterAndSort(trials, parseTrialQuery(new URLSearchParams('state=COMPLETE&sort=value')))[0]; // the lowest value
 * ```
 */
export function filterAndSort(trials: readonly FrozenTrial[], q: TrialQuery): FrozenTrial[] {
  const states = q.states === null ? null : new Set(q.states);
  const kept: FrozenTrial[] = [];
  for (const t of trials) {
    if (states !== null && !states.has(t.state)) continue;
    let ok = true;
    for (const [name, c] of q.params) if (!matches(t.params[name], c)) ok = false;
    for (const [i, c] of q.values) if (!matches(t.values?.[i], c)) ok = false;
    if (ok) kept.push(t);
  }
  if (q.sort === 'number') return q.desc ? kept.reverse() : kept;
  return sortBy(kept, q.sort, q.desc);
}

/**
 * The key of a query's ordered trials (the query without its page): the same key, the same order.
 *
 * @example
 * ```ts
 * orderKey(parseTrialQuery(new URLSearchParams('state=COMPLETE&sort=value'))); // '[["COMPLETE"],[],[],"value",false]'
 * ```
 */
export function orderKey(q: TrialQuery): string {
  return JSON.stringify([q.states, q.params, q.values, q.sort, q.desc]);
}

/**
 * Filters, sorts and pages `trials` (in number order); `total` counts the filtered trials.
 *
 * @example
 * ```ts
 * queryTrials(trials, { ...q, sort: 'value', desc: true }).rows[0]; // the highest value
 * ```
 */
export function queryTrials(trials: readonly FrozenTrial[], q: TrialQuery): { total: number; rows: FrozenTrial[] } {
  const all = filterAndSort(trials, q);
  return { total: all.length, rows: all.slice(q.offset, q.offset + q.limit) };
}
