/**
 * Hypervolume tools for multi-objective TPE (all objectives to minimize, points row-major in a
 * flat `Float64Array` of `n * m` numbers): Pareto-front flags, non-domination ranks computed only
 * as deep as needed, the exact hypervolume (2-D sweep, WFG recursion above), and the greedy
 * hypervolume subset selection (HSSP) used to break ties on the boundary front.
 *
 * Follows Optuna 4.x: `study/_multi_objective.py` (`_is_pareto_front`,
 * `_calculate_nondomination_rank`), `_hypervolume/wfg.py` (While, Bradstreet & Barone, "A Fast
 * Way of Calculating Exact Hypervolumes", IEEE TEVC 2012) and `_hypervolume/hssp.py` (Guerreiro,
 * Fonseca & Paquete, "Greedy Hypervolume Subset Selection in Low Dimensions", ECJ 2016).
 *
 * @example
 * ```ts
 * const pts = new Float64Array([1, 3, 2, 2, 3, 1]);               // three 2-D points
 * computeHypervolume(pts, 3, new Float64Array([4, 4]));            // 6
 * ```
 */

/**
 * Row indices of `pts` (n rows of m) in lexicographic order with duplicates removed (the first
 * occurrence kept), and for every row the position of its representative in that list.
 */
export function uniqueLexsorted(pts: Float64Array, n: number, m: number): { uniq: Int32Array; inv: Int32Array } {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => {
    for (let t = 0; t < m; t++) {
      const d = pts[a * m + t] - pts[b * m + t];
      if (d !== 0) return d;
    }
    return a - b;
  });
  const uniq = new Int32Array(n);
  const inv = new Int32Array(n);
  let u = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (u > 0) {
      const p = uniq[u - 1];
      let same = true;
      for (let t = 0; t < m && same; t++) same = pts[p * m + t] === pts[i * m + t];
      if (same) {
        inv[i] = u - 1;
        continue;
      }
    }
    inv[i] = u;
    uniq[u++] = i;
  }
  return { uniq: uniq.slice(0, u), inv };
}

/**
 * Pareto-front flags for rows `rows` of `pts`, which must be sorted by the first objective
 * (lexsorted and unique for exact results; duplicates of a front point are then dropped).
 */
function paretoFlagsSorted(pts: Float64Array, m: number, rows: Int32Array): Uint8Array {
  const n = rows.length;
  const on = new Uint8Array(n);
  if (n === 0) return on;
  if (m === 1) {
    on[0] = 1;
    return on;
  }
  if (m === 2) {
    let best = Infinity;
    for (let r = 0; r < n; r++) {
      const y = pts[rows[r] * 2 + 1];
      if (r === 0 || y < best) {
        on[r] = 1;
        best = y;
      }
    }
    return on;
  }
  // keep the first remaining row (nothing later can dominate it), drop what it weakly dominates
  let remaining = new Int32Array(n);
  for (let r = 0; r < n; r++) remaining[r] = r;
  let len = n;
  while (len > 0) {
    const top = remaining[0];
    on[top] = 1;
    const tb = rows[top] * m;
    let w = 0;
    for (let q = 1; q < len; q++) {
      const r = remaining[q];
      const rb = rows[r] * m;
      let better = false;
      for (let t = 1; t < m && !better; t++) better = pts[rb + t] < pts[tb + t];
      if (better) remaining[w++] = r;
    }
    len = w;
    remaining = remaining.subarray(0, len);
  }
  return on;
}

/** Per row: true when no other row dominates it (duplicates of a front point are all true). */
export function isParetoFront(pts: Float64Array, n: number, m: number): Uint8Array {
  const { uniq, inv } = uniqueLexsorted(pts, n, m);
  const flags = paretoFlagsSorted(pts, m, uniq);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = flags[inv[i]];
  return out;
}

/**
 * Non-domination ranks (0 = Pareto front), exact for the best `nBelow` rows; rows past them get
 * the next rank (Optuna's `_calculate_nondomination_rank(..., n_below)`).
 */
export function nondominationRanks(pts: Float64Array, n: number, m: number, nBelow: number = n): Int32Array {
  const ranks = new Int32Array(n);
  if (n === 0 || nBelow <= 0) return ranks;
  const { uniq: u, inv } = uniqueLexsorted(pts, n, m);
  const U = u.length;
  const uRank = new Int32Array(U);
  const need = Math.min(nBelow, U);
  let rows = u;
  let idx = new Int32Array(U);
  for (let r = 0; r < U; r++) idx[r] = r;
  let done = 0;
  let rank = 0;
  while (done < need) {
    const on = paretoFlagsSorted(pts, m, rows);
    const nextRows = new Int32Array(rows.length);
    const nextIdx = new Int32Array(rows.length);
    let w = 0;
    for (let r = 0; r < rows.length; r++) {
      if (on[r] === 1) {
        uRank[idx[r]] = rank;
        done++;
      } else {
        nextRows[w] = rows[r];
        nextIdx[w++] = idx[r];
      }
    }
    rows = nextRows.subarray(0, w);
    idx = nextIdx.subarray(0, w);
    rank++;
  }
  for (let r = 0; r < idx.length; r++) uRank[idx[r]] = rank;
  for (let i = 0; i < n; i++) ranks[i] = uRank[inv[i]];
  return ranks;
}

function hv2d(pts: Float64Array, rows: ArrayLike<number>, ref0: number, ref1: number): number {
  // rows sorted by the first objective, all on one front
  let s = 0;
  let prevY = ref1;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    const x = pts[i * 2];
    const y = pts[i * 2 + 1];
    s += (ref0 - x) * (prevY - y);
    prevY = y;
  }
  return s;
}

/** WFG on rows of `flat` (k rows of m) sorted by the first objective. */
function hvWfg(flat: Float64Array, k: number, m: number, ref: Float64Array): number {
  if (k === 0) return 0;
  if (k === 1) {
    let v = 1;
    for (let t = 0; t < m; t++) v *= ref[t] - flat[t];
    return v;
  }
  if (k === 2) {
    let h1 = 1;
    let h2 = 1;
    let hi = 1;
    for (let t = 0; t < m; t++) {
      const a = flat[t];
      const b = flat[m + t];
      const r = ref[t];
      h1 *= r - a;
      h2 *= r - b;
      hi *= r - (a > b ? a : b);
    }
    return h1 + h2 - hi;
  }
  let total = 1; // the last point's box, then each earlier point's exclusive part
  for (let t = 0; t < m; t++) total *= ref[t] - flat[(k - 1) * m + t];
  for (let i = 0; i < k - 1; i++) {
    let incl = 1;
    for (let t = 0; t < m; t++) incl *= ref[t] - flat[i * m + t];
    // the points after i, limited to i's dominated box
    const L = k - 1 - i;
    const lim = new Float64Array(L * m);
    for (let j = 0; j < L; j++) {
      for (let t = 0; t < m; t++) {
        const a = flat[i * m + t];
        const b = flat[(i + 1 + j) * m + t];
        lim[j * m + t] = a > b ? a : b;
      }
    }
    if (L <= 3) {
      total += incl - hvWfg(lim, L, m, ref);
      continue;
    }
    const all = new Int32Array(L);
    for (let j = 0; j < L; j++) all[j] = j;
    const on = paretoFlagsSorted(lim, m, all);
    let c = 0;
    for (let j = 0; j < L; j++) if (on[j] === 1) c++;
    const front = new Float64Array(c * m);
    let w = 0;
    for (let j = 0; j < L; j++) if (on[j] === 1) front.set(lim.subarray(j * m, j * m + m), (w++) * m);
    total += incl - hvWfg(front, c, m, ref);
  }
  return total;
}

/**
 * The hypervolume dominated by the first `n` rows of `pts` (m = ref.length objectives) and bounded
 * by `ref` (every point must be <= ref). `assumePareto` skips the front filter (a speed hint).
 */
export function computeHypervolume(pts: Float64Array, n: number, ref: Float64Array, assumePareto = false): number {
  const m = ref.length;
  for (let t = 0; t < m; t++) if (!Number.isFinite(ref[t])) return Infinity;
  if (n === 0) return 0;
  let rows: Int32Array;
  if (!assumePareto) {
    const u = uniqueLexsorted(pts, n, m).uniq;
    const on = paretoFlagsSorted(pts, m, u);
    let c = 0;
    for (let r = 0; r < u.length; r++) if (on[r] === 1) c++;
    rows = new Int32Array(c);
    let w = 0;
    for (let r = 0; r < u.length; r++) if (on[r] === 1) rows[w++] = u[r];
  } else {
    rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = i;
    rows.sort((a, b) => pts[a * m] - pts[b * m] || a - b);
  }
  let hv: number;
  if (m === 2) hv = hv2d(pts, rows, ref[0], ref[1]);
  else {
    const flat = new Float64Array(rows.length * m);
    for (let r = 0; r < rows.length; r++) flat.set(pts.subarray(rows[r] * m, rows[r] * m + m), r * m);
    hv = hvWfg(flat, rows.length, m, ref);
  }
  return Number.isFinite(hv) ? hv : Infinity;
}

/** Optuna's reference point for a set of loss vectors: 1.1x the worst (0.9x if negative), 0 -> 1e-12. */
export function referencePoint(pts: Float64Array, n: number, m: number): Float64Array {
  const ref = new Float64Array(m).fill(-Infinity);
  for (let i = 0; i < n; i++) for (let t = 0; t < m; t++) if (pts[i * m + t] > ref[t]) ref[t] = pts[i * m + t];
  for (let t = 0; t < m; t++) {
    const w = ref[t];
    const r = Math.max(1.1 * w, 0.9 * w);
    ref[t] = r === 0 ? 1e-12 : r;
  }
  return ref;
}

function hssp2d(pts: Float64Array, rows: Int32Array, k: number, ref: Float64Array): Int32Array {
  // rows unique-lexsorted; rectangle corners shrink as neighbours get selected
  let ids = Array.from(rows);
  let d0 = ids.map(() => ref[0]);
  let d1 = ids.map(() => ref[1]);
  const out = new Int32Array(k);
  for (let s = 0; s < k; s++) {
    let best = 0;
    let bestV = -Infinity;
    for (let r = 0; r < ids.length; r++) {
      const i = ids[r];
      const v = (d0[r] - pts[i * 2]) * (d1[r] - pts[i * 2 + 1]);
      if (v > bestV) {
        bestV = v;
        best = r;
      }
    }
    const sel = ids[best];
    out[s] = sel;
    const x = pts[sel * 2];
    const y = pts[sel * 2 + 1];
    ids = ids.filter((_, r) => r !== best);
    d0 = d0.filter((_, r) => r !== best);
    d1 = d1.filter((_, r) => r !== best);
    for (let r = 0; r < best; r++) if (x < d0[r]) d0[r] = x;
    for (let r = best; r < ids.length; r++) if (y < d1[r]) d1[r] = y;
  }
  return out;
}

function hsspGreedy(pts: Float64Array, m: number, rows: Int32Array, k: number, ref: Float64Array): Int32Array {
  // lazy greedy: a candidate's last contribution bounds its next one (submodularity)
  const n = rows.length;
  const contrib = new Float64Array(n);
  const alive = new Uint8Array(n).fill(1);
  for (let r = 0; r < n; r++) {
    let v = 1;
    for (let t = 0; t < m; t++) v *= ref[t] - pts[rows[r] * m + t];
    contrib[r] = v;
  }
  const selected = new Float64Array(k * m);
  const out = new Int32Array(k);
  let hvSel = 0;
  for (let s = 0; s < k; s++) {
    let best = -1;
    for (let r = 0; r < n; r++) if (alive[r] === 1 && (best < 0 || contrib[r] > contrib[best])) best = r;
    out[s] = rows[best];
    alive[best] = 0;
    selected.set(pts.subarray(rows[best] * m, rows[best] * m + m), s * m);
    hvSel += contrib[best];
    if (s === k - 1) break;
    if (!Number.isFinite(hvSel)) {
      contrib.fill(Infinity);
      continue;
    }
    const order = Array.from({ length: n }, (_, r) => r).filter((r) => alive[r] === 1);
    order.sort((a, b) => contrib[b] - contrib[a]);
    let maxC = 0;
    const trial = new Float64Array((s + 2) * m);
    trial.set(selected.subarray(0, (s + 1) * m));
    for (const r of order) {
      if (contrib[r] < maxC) continue;
      trial.set(pts.subarray(rows[r] * m, rows[r] * m + m), (s + 1) * m);
      const c = computeHypervolume(trial, s + 2, ref, true) - hvSel;
      contrib[r] = c;
      if (c > maxC) maxC = c;
    }
    hvSel = computeHypervolume(selected, s + 1, ref, true);
  }
  return out;
}

/**
 * Greedy hypervolume subset selection: `k` of the given rows (one non-domination rank) chosen to
 * maximise the hypervolume w.r.t. `ref`; returns the chosen row indices. A (1 - 1/e)
 * approximation; duplicates are only chosen when there are fewer unique points than `k`.
 */
export function solveHssp(pts: Float64Array, m: number, rows: Int32Array, k: number, ref: Float64Array): Int32Array {
  if (k >= rows.length) return rows.slice();
  // unique rows among `rows`, lexsorted
  const sub = new Float64Array(rows.length * m);
  for (let r = 0; r < rows.length; r++) sub.set(pts.subarray(rows[r] * m, rows[r] * m + m), r * m);
  const u = uniqueLexsorted(sub, rows.length, m).uniq;
  if (u.length < k) {
    const chosen = new Uint8Array(rows.length);
    for (let r = 0; r < u.length; r++) chosen[u[r]] = 1;
    let extra = k - u.length;
    for (let r = 0; r < rows.length && extra > 0; r++) {
      if (chosen[r] === 0) {
        chosen[r] = 1;
        extra--;
      }
    }
    const out: number[] = [];
    for (let r = 0; r < rows.length; r++) if (chosen[r] === 1) out.push(rows[r]);
    return Int32Array.from(out);
  }
  let finite = true;
  for (let t = 0; t < m; t++) finite = finite && Number.isFinite(ref[t]);
  let picked: Int32Array;
  if (!finite) picked = u.slice(0, k);
  else if (u.length === k) picked = u;
  else if (m === 2) picked = hssp2d(sub, u, k, ref);
  else picked = hsspGreedy(sub, m, u, k, ref);
  return Int32Array.from(picked, (r) => rows[r]);
}
