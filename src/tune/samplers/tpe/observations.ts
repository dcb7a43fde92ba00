/**
 * TPE's observation store for one study: the internal value of each param for each finished
 * trial, read once from the trial and kept by trial number (finished trials never change), and
 * per param the finished trials in ascending order of value, kept up to date by insertion. A
 * Parzen estimator's observations are then gathered without touching trial objects, and for one
 * numeric param already in ascending order (its bandwidths need that order; no sort per trial).
 *
 * @example
 * ```ts
 * const store = new ObservationStore();
 * const { obs, rank } = store.gather(trials, numbers, finished, positions, ['x'], [dist], (t) => t.params);
 * ```
 */
import type { Distribution, ParamValue } from '../../distributions.js';
import type { FrozenTrial } from '../../trial/frozen-trial.js';

/** One param's values by trial number; `known` is 0 (not read), 1 (has the param) or 2 (has not). */
interface Column {
  vals: Float64Array;
  known: Uint8Array;
  /** Trial numbers with the param, ascending by (value, number); the first `size` are valid. */
  sorted: Int32Array;
  size: number;
  /** 1 when the trial number is in `sorted`. */
  inSorted: Uint8Array;
}

/** What {@link ObservationStore.gather} returns. */
export interface Gathered {
  /** Per param, the observations (internal values). */
  obs: Float64Array[];
  /**
   * For observation j, its position among the gathered trials in trial-number order (the index
   * into per-trial weights); the identity unless the observations were put in value order.
   */
  rank: Int32Array;
  /** Indices into the given positions of the trials that have every param (number order). */
  kept: Int32Array;
}

function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** See the module comment. One store per study. */
export class ObservationStore {
  private readonly columns = new Map<string, Column>();
  private stamp = new Int32Array(64);
  private rankOf = new Int32Array(64);
  private generation = 0;

  private column(name: string, d: Distribution): Column {
    const key = d.kind === 'categorical' ? `${name}\u0000c${JSON.stringify(d.choices)}` : `${name}\u0000n`;
    let c = this.columns.get(key);
    if (c === undefined) {
      c = { vals: new Float64Array(64), known: new Uint8Array(64), sorted: new Int32Array(64), size: 0, inSorted: new Uint8Array(64) };
      this.columns.set(key, c);
    }
    return c;
  }

  /**
   * The observations of `names` from the trials at `positions` (into `trials`, in number order)
   * that have all of them. `numbers[p]`/`finished[p]` describe `trials[p]`; unfinished trials
   * (constant liar) are read through `paramsOf`. With one numeric param and only finished trials,
   * the observations come in ascending order of value (ties by number) and `rank` maps them back.
   */
  gather(
    trials: readonly FrozenTrial[],
    numbers: Int32Array,
    finished: (p: number) => boolean,
    positions: Int32Array,
    names: readonly string[],
    dists: readonly Distribution[],
    paramsOf: (t: FrozenTrial) => Readonly<Record<string, ParamValue>>,
  ): Gathered {
    const D = names.length;
    const m = positions.length;
    const cols = names.map((nm, i) => this.column(nm, dists[i]));
    const raw = new Float64Array(m * D);
    const keep = new Uint8Array(m);
    let n = 0;
    let allFinished = true;
    for (let r = 0; r < m; r++) {
      const pos = positions[r];
      let all = true;
      if (finished(pos)) {
        const num = numbers[pos];
        for (let i = 0; i < D && all; i++) {
          const c = cols[i];
          if (num >= c.known.length) growColumn(c, num);
          let k = c.known[num];
          if (k === 0) {
            const t = trials[pos];
            const name = names[i];
            if (hasOwn(t.params, name)) {
              c.vals[num] = dists[i].toInternal(t.params[name]);
              k = 1;
            } else k = 2;
            c.known[num] = k;
          }
          if (k === 2) all = false;
          else raw[r * D + i] = c.vals[num];
        }
      } else {
        allFinished = false;
        const p = paramsOf(trials[pos]);
        for (let i = 0; i < D && all; i++) {
          const name = names[i];
          if (!hasOwn(p, name)) all = false;
          else raw[r * D + i] = dists[i].toInternal(p[name]);
        }
      }
      if (all) {
        keep[r] = 1;
        n++;
      }
    }
    const kept = new Int32Array(n);
    for (let r = 0, j = 0; r < m; r++) if (keep[r] === 1) kept[j++] = r;
    if (D === 1 && allFinished && dists[0].kind !== 'categorical' && n > 1) {
      return this.gatherSorted(cols[0], numbers, positions, kept);
    }
    const obs: Float64Array[] = [];
    for (let i = 0; i < D; i++) obs.push(new Float64Array(n));
    for (let r = 0, j = 0; r < m; r++) {
      if (keep[r] === 0) continue;
      for (let i = 0; i < D; i++) obs[i][j] = raw[r * D + i];
      j++;
    }
    const rank = new Int32Array(n);
    for (let j = 0; j < n; j++) rank[j] = j;
    return { obs, rank, kept };
  }

  /** One numeric param of finished trials: walk the column's value order, keep the wanted trials. */
  private gatherSorted(c: Column, numbers: Int32Array, positions: Int32Array, kept: Int32Array): Gathered {
    const n = kept.length;
    const gen = ++this.generation;
    for (let j = 0; j < n; j++) {
      const num = numbers[positions[kept[j]]];
      if (num >= this.stamp.length) this.growScratch(num);
      this.stamp[num] = gen;
      this.rankOf[num] = j;
      if (c.inSorted[num] === 0) insertSorted(c, num);
    }
    const vals = new Float64Array(n);
    const rank = new Int32Array(n);
    let j = 0;
    for (let q = 0; q < c.size && j < n; q++) {
      const num = c.sorted[q];
      if (num < this.stamp.length && this.stamp[num] === gen) {
        vals[j] = c.vals[num];
        rank[j] = this.rankOf[num];
        j++;
      }
    }
    return { obs: [vals], rank, kept };
  }

  private growScratch(num: number): void {
    let size = this.stamp.length;
    while (size <= num) size *= 2;
    const s = new Int32Array(size);
    s.set(this.stamp);
    const r = new Int32Array(size);
    r.set(this.rankOf);
    this.stamp = s;
    this.rankOf = r;
  }
}

/** Enlarges a column to hold trial number `num` (doubling). */
function growColumn(c: Column, num: number): void {
  let size = c.known.length;
  while (size <= num) size *= 2;
  const vals = new Float64Array(size);
  vals.set(c.vals);
  const known = new Uint8Array(size);
  known.set(c.known);
  const inSorted = new Uint8Array(size);
  inSorted.set(c.inSorted);
  c.vals = vals;
  c.known = known;
  c.inSorted = inSorted;
}

/** Inserts trial `num` (present in the column) into the (value, number) order. */
function insertSorted(c: Column, num: number): void {
  const v = c.vals[num];
  let lo = 0;
  let hi = c.size;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const o = c.sorted[mid];
    const ov = c.vals[o];
    if (ov < v || (ov === v && o < num)) lo = mid + 1;
    else hi = mid;
  }
  if (c.size === c.sorted.length) {
    const s = new Int32Array(c.sorted.length * 2);
    s.set(c.sorted);
    c.sorted = s;
  }
  c.sorted.copyWithin(lo + 1, lo, c.size);
  c.sorted[lo] = num;
  c.size++;
  c.inSorted[num] = 1;
}
