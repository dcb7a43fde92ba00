/**
 * The bounds of the advanced monotone method: per leaf and feature, a lower and an upper bound that
 * vary along the feature's bins (piecewise constant), recomputed from the leaves that actually
 * constrain the leaf when a split elsewhere moved them, and read by the split search per threshold.
 * Anchor: LightGBM's `AdvancedLeafConstraints`, `AdvancedConstraintEntry`,
 * `AdvancedFeatureConstraints`, `FeatureMinOrMaxConstraints` and `CumulativeFeatureConstraint`
 * (`src/treelearner/monotone_constraints.hpp`), including how `FindBestThresholdSequentially`
 * reads them (per threshold right-to-left; the first and the whole-range pieces left-to-right and
 * in categorical searches, which never move the cumulative index).
 */
import { NO_MAX, NO_MIN, setBounds, type OutputBounds } from './output-bounds.js';
import { keepGoing, KEEP_LEFT, KEEP_RIGHT, oppositeChildMatters, UpPath, type BoundUpdates, type MonotoneTree } from './monotone-tree.js';

/** A piecewise-constant bound: `values[i]` holds on bins [thresholds[i], thresholds[i + 1]) (the last to the end). */
class Pieces {
  thresholds: number[] = [0];
  values: number[];

  constructor(v: number) {
    this.values = [v];
  }

  reset(v: number): void {
    this.thresholds.length = 1;
    this.thresholds[0] = 0;
    this.values.length = 1;
    this.values[0] = v;
  }

  /** Becomes a copy of `o` (in place: the arrays keep their storage). */
  copyFrom(o: Pieces): void {
    const n = o.values.length;
    this.thresholds.length = n;
    this.values.length = n;
    for (let i = 0; i < n; i++) {
      this.thresholds[i] = o.thresholds[i];
      this.values[i] = o.values[i];
    }
  }

  /** Raises every piece to at least `v` (FeatureMinOrMaxConstraints::UpdateMin). */
  raise(v: number): void {
    for (let i = 0; i < this.values.length; i++) if (v > this.values[i]) this.values[i] = v;
  }

  /** Lowers every piece to at most `v`. */
  lower(v: number): void {
    for (let i = 0; i < this.values.length; i++) if (v < this.values[i]) this.values[i] = v;
  }
}

/** One leaf's bounds on one feature, and whether each must be recomputed before the next search. */
class FeatureBounds {
  readonly min = new Pieces(NO_MIN);
  readonly max = new Pieces(NO_MAX);
  minStale = false;
  maxStale = false;
}

/**
 * The advanced method's bounds of every leaf and feature.
 *
 * @example
 * ```ts
 * const entries = new AdvancedBounds(tree, numLeaves, nFeatures);
 * entries.fill(leaf, feature, numBin, true, bounds); // recomputes if needed, then fills `bounds`
 * ```
 */
export class AdvancedBounds implements BoundUpdates {
  private readonly t: MonotoneTree;
  private readonly leaves: FeatureBounds[][];
  private readonly path = new UpPath();
  /** The running extremes of the pieces (see {@link cumulativeBounds}), grown when a bound has more pieces. */
  private cum = new Float64Array(0);

  constructor(t: MonotoneTree, numLeaves: number, nFeatures: number) {
    this.t = t;
    this.leaves = Array.from({ length: numLeaves }, () => Array.from({ length: nFeatures }, () => new FeatureBounds()));
  }

  reset(): void {
    for (const leaf of this.leaves) {
      for (const f of leaf) {
        f.min.reset(NO_MIN);
        f.max.reset(NO_MAX);
        f.minStale = false;
        f.maxStale = false;
      }
    }
  }

  /** The new leaf starts with the bounds of the leaf it split from. */
  copy(from: number, to: number): void {
    const a = this.leaves[from];
    const b = this.leaves[to];
    for (let f = 0; f < a.length; f++) {
      b[f].min.copyFrom(a[f].min);
      b[f].max.copyFrom(a[f].max);
      b[f].minStale = a[f].minStale;
      b[f].maxStale = a[f].maxStale;
    }
  }

  updateMin(leaf: number, v: number): void {
    for (const f of this.leaves[leaf]) f.min.raise(v);
  }

  updateMax(leaf: number, v: number): void {
    for (const f of this.leaves[leaf]) f.max.lower(v);
  }

  /** As LightGBM: marks every feature's lower bound for recomputation, and always asks for a new search. */
  updateMinChanged(leaf: number, v: number): boolean {
    for (const f of this.leaves[leaf]) {
      f.minStale = true;
      f.min.raise(v);
    }
    return true;
  }

  updateMaxChanged(leaf: number, v: number): boolean {
    for (const f of this.leaves[leaf]) {
      f.maxStale = true;
      f.max.lower(v);
    }
    return true;
  }

  /**
   * Fills `out` with `leaf`'s bounds on `feature` (`numBin` bins), recomputing a stale bound first
   * when the feature is numerical (LightGBM's RecomputeConstraintsIfNeeded: only the lower bound
   * when both are stale, as LightGBM, and both marks cleared).
   */
  fill(leaf: number, feature: number, numBin: number, numerical: boolean, out: OutputBounds): void {
    const f = this.leaves[leaf][feature];
    if (numerical && (f.minStale || f.maxStale)) {
      const lower = f.minStale;
      const pieces = lower ? f.min : f.max;
      pieces.reset(lower ? NO_MIN : NO_MAX);
      this.path.clear();
      this.goUp(feature, ~leaf, pieces, lower, 0, numBin, numBin);
      f.minStale = false;
      f.maxStale = false;
    }
    const pieces = Math.max(f.min.values.length, f.max.values.length);
    if (this.cum.length < 4 * pieces) this.cum = new Float64Array(4 * Math.max(pieces, 64));
    cumulativeBounds(f, numBin, this.cum, out);
  }

  /** LightGBM's GoUpToFindConstrainingLeaves (node < 0: the leaf ~node). */
  private goUp(feature: number, nodeIn: number, pieces: Pieces, lower: boolean, startIn: number, endIn: number, lastThreshold: number): void {
    const t = this.t;
    const path = this.path;
    let node = nodeIn;
    let start = startIn;
    let end = endIn;
    for (;;) {
      const parent = node < 0 ? t.leafParent[~node] : t.nodeParent[node];
      if (parent === -1) return;
      const inner = t.nodeFeature[parent];
      const type = t.types[inner];
      const inRight = t.right(parent) === node;
      const numerical = t.nodeNumerical[parent] === 1;
      const thr = t.nodeThreshold[parent];
      // the leaf's own range of the feature narrows going up (LightGBM keeps `threshold`, not +1, on the right)
      if (feature === inner && numerical) {
        if (inRight) start = Math.max(thr, start);
        else end = Math.min(thr + 1, end);
      }
      if (oppositeChildMatters(numerical, path, inner, inRight)) {
        if (type !== 0) {
          const leftIsCurrent = t.left(parent) === node;
          const lowerInCurrent = type < 0 ? leftIsCurrent : !leftIsCurrent;
          if (lowerInCurrent === lower) {
            const opposite = leftIsCurrent ? t.right(parent) : t.left(parent);
            this.goDown(feature, inner, opposite, lower, start, end, pieces, lastThreshold);
          }
        }
        path.push(inRight, thr, inner);
      }
      if (parent === 0) return;
      node = parent;
    }
  }

  /** LightGBM's GoDownToFindConstrainingLeaves. */
  private goDown(feature: number, rootFeature: number, node: number, lower: boolean, start: number, end: number, pieces: Pieces, lastThreshold: number): void {
    const t = this.t;
    if (node < 0) {
      updatePieces(pieces, t.output(~node), start, end, lower, lastThreshold);
      return;
    }
    const keep = keepGoing(t, node, this.path);
    const inner = t.nodeFeature[node];
    const thr = t.nodeThreshold[node];
    const onFeature = inner === feature;
    // LightGBM's LeftRightContainsRelevantInformation: one side of a constrained split holds the extremes
    let relevant = KEEP_LEFT | KEEP_RIGHT;
    const type = t.types[inner];
    if (!(onFeature && rootFeature !== feature) && type !== 0) relevant = (type === -1 && lower) || (type === 1 && !lower) ? KEEP_LEFT : KEEP_RIGHT;
    const goLeft = (keep & KEEP_LEFT) !== 0;
    const goRight = (keep & KEEP_RIGHT) !== 0;
    if (goLeft && ((relevant & KEEP_LEFT) !== 0 || !goRight)) {
      this.goDown(feature, rootFeature, t.left(node), lower, start, onFeature ? Math.min(thr + 1, end) : end, pieces, lastThreshold);
    }
    if (goRight && ((relevant & KEEP_RIGHT) !== 0 || !goLeft)) {
      this.goDown(feature, rootFeature, t.right(node), lower, onFeature ? Math.max(thr + 1, start) : start, end, pieces, lastThreshold);
    }
  }
}

/**
 * LightGBM's AdvancedLeafConstraints::UpdateConstraints: the bound on bins [start, end) becomes at
 * least (`lower`) or at most `extremum`, pieces split and merged as LightGBM does, step by step.
 */
function updatePieces(p: Pieces, extremum: number, start: number, end: number, lower: boolean, lastThreshold: number): void {
  const thr = p.thresholds;
  const val = p.values;
  const better = (a: number, b: number): boolean => (lower ? a > b : a < b);
  const merge = (v: number): number => (lower ? stdMax(extremum, v) : stdMin(extremum, v));
  let startDone = false;
  let endDone = false;
  let previous = lower ? NO_MIN : NO_MAX;
  for (let i = 0; i < thr.length; i++) {
    const current = val[i];
    if (thr[i] === start) {
      val[i] = merge(val[i]);
      startDone = true;
    }
    if (thr[i] > start) {
      if (thr[i] < end) val[i] = merge(val[i]);
      if (!startDone) {
        startDone = true;
        if (better(extremum, previous)) {
          val.splice(i, 0, extremum);
          thr.splice(i, 0, start);
          i++;
        }
      }
    }
    if (thr[i] === end) {
      endDone = true;
      break;
    }
    if (thr[i] > end) {
      // the bound before this update resumes where the updated range ends
      if (i !== 0 && previous !== val[i - 1]) {
        val.splice(i, 0, previous);
        thr.splice(i, 0, end);
      }
      endDone = true;
      break;
    }
    // two equal pieces in a row become one
    if (i !== 0 && val[i] === val[i - 1]) {
      val.splice(i, 1);
      thr.splice(i, 1);
      previous = current;
      i--;
    }
    previous = current;
  }
  if (!startDone) {
    if (better(extremum, val[val.length - 1])) {
      val.push(extremum);
      thr.push(start);
    } else {
      endDone = true;
    }
  }
  if (!endDone && end !== lastThreshold && previous !== val[val.length - 1]) {
    val.push(previous);
    thr.push(end);
  }
}

/** C++'s std::max / std::min (the first argument on ties, -0 and 0 included), as LightGBM compares bounds. */
function stdMax(a: number, b: number): number {
  return a < b ? b : a;
}

function stdMin(a: number, b: number): number {
  return b < a ? b : a;
}

/**
 * Running extremes of `v` into `out[at..at + v.length)`: from the left (`fromLeft`) or from the
 * right, by max (`max`) or min (LightGBM's CumulativeExtremum).
 */
function cumulative(v: readonly number[], fromLeft: boolean, max: boolean, out: Float64Array, at: number): void {
  const n = v.length;
  for (let i = 0; i < n; i++) out[at + i] = v[i];
  const pick = max ? stdMax : stdMin;
  if (fromLeft) for (let i = at + 1; i < at + n; i++) out[i] = pick(out[i], out[i - 1]);
  else for (let i = at + n - 2; i >= at; i--) out[i] = pick(out[i], out[i + 1]);
}

/**
 * The bounds a search reads (LightGBM's CumulativeFeatureConstraint): a child on bins [0, t] is
 * bounded by the pieces up to bin t, a child on [t + 1, end) by those from bin t + 1; scans
 * left-to-right read index 0 throughout, categorical searches the last index. `cum` (4 x the
 * pieces) holds the running extremes: lower bounds from the left and from the right, then upper bounds.
 */
function cumulativeBounds(f: FeatureBounds, numBin: number, cum: Float64Array, out: OutputBounds): void {
  const minT = f.min.thresholds;
  const maxT = f.max.thresholds;
  const nMin = minT.length;
  const nMax = maxT.length;
  const minLR = 0;
  const minRL = nMin;
  const maxLR = 2 * nMin;
  const maxRL = 2 * nMin + nMax;
  cumulative(f.min.values, true, true, cum, minLR);
  cumulative(f.min.values, false, true, cum, minRL);
  cumulative(f.max.values, true, false, cum, maxLR);
  cumulative(f.max.values, false, false, cum, maxRL);
  setBounds(out.forward, cum[minLR], cum[maxLR], cum[minRL], cum[maxRL]);
  setBounds(out.categorical, cum[minLR + nMin - 1], cum[maxLR + nMax - 1], cum[minRL + nMin - 1], cum[maxRL + nMax - 1]);
  out.perThreshold = nMin > 1 || nMax > 1;
  if (!out.perThreshold) {
    const lo = f.min.values[0];
    const hi = f.max.values[0];
    setBounds(out.reverse, lo, hi, lo, hi);
    return;
  }
  // threshold bin t: the last piece starting at or before t (left child), at or before t + 1 (right child)
  let iMinL = 0;
  let iMinR = 0;
  let iMaxL = 0;
  let iMaxR = 0;
  for (let t = 0; t + 1 < numBin; t++) {
    while (iMinL + 1 < nMin && minT[iMinL + 1] <= t) iMinL++;
    while (iMinR + 1 < nMin && minT[iMinR + 1] <= t + 1) iMinR++;
    while (iMaxL + 1 < nMax && maxT[iMaxL + 1] <= t) iMaxL++;
    while (iMaxR + 1 < nMax && maxT[iMaxR + 1] <= t + 1) iMaxR++;
    out.thresholdLeftMin[t] = cum[minLR + iMinL];
    out.thresholdLeftMax[t] = cum[maxLR + iMaxL];
    out.thresholdRightMin[t] = cum[minRL + iMinR];
    out.thresholdRightMax[t] = cum[maxRL + iMaxR];
  }
}
