/**
 * Area under the ROC curve (LightGBM's `AUCMetric`, src/metric/binary_metric.hpp): the
 * probability that a random positive row scores above a random negative one, ties counting one
 * half (as LightGBM and scikit-learn's `roc_auc_score`). Computed on raw scores (the link is
 * monotone). A label > 0 is positive. With only one class present, 1 (as LightGBM).
 *
 * @example
 * ```ts
 * new AucMetric().eval(new Float64Array([0.1, 0.4, 0.35, 0.8]), new Float64Array([0, 0, 1, 1]), obj); // 0.75
 * ```
 */
import type { Objective } from '../objective/objective.js';
import type { Metric } from './metric.js';
import { checkMetricInput } from './check-input.js';

export class AucMetric implements Metric {
  readonly name = 'auc';
  readonly higherIsBetter = true;

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    const n = checkMetricInput(this.name, score, label, objective, weights, 1);
    return weights === null ? aucUnweighted(score, label, n) : aucWeighted(score, label, weights, n);
  }
}

/**
 * Unweighted AUC by two native sorts (positives' and negatives' scores) and one merge walk:
 * for each positive, the negatives below it plus half of those equal to it.
 */
function aucUnweighted(score: Float64Array, label: Float64Array, n: number): number {
  let nPos = 0;
  for (let i = 0; i < n; i++) if (label[i] > 0) nPos++;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return 1;
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    if (label[i] > 0) pos[a++] = score[i];
    else neg[b++] = score[i];
  }
  pos.sort();
  neg.sort();
  // walk both ascending; count pairs (pos > neg) + 0.5 (pos == neg), in integers (exact below 2^53)
  let below = 0; // negatives strictly below the current positive score
  let equal = 0; // negatives equal to it
  let j = 0;
  let twiceWins = 0;
  let prev = NaN;
  for (let i = 0; i < nPos; i++) {
    const s = pos[i];
    if (s !== prev) {
      below += equal;
      equal = 0;
      while (j < nNeg && neg[j] < s) {
        below++;
        j++;
      }
      while (j < nNeg && neg[j] === s) {
        equal++;
        j++;
      }
      prev = s;
    }
    twiceWins += 2 * below + equal;
  }
  return twiceWins / (2 * nPos * nNeg);
}

/** Weighted AUC: rows sorted by score descending, LightGBM's accumulation per distinct score. */
function aucWeighted(score: Float64Array, label: Float64Array, weights: Float64Array, n: number): number {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((x, y) => score[y] - score[x]);
  let sumW = 0;
  for (let i = 0; i < n; i++) sumW += weights[i];
  let curPos = 0;
  let curNeg = 0;
  let sumPos = 0;
  let accum = 0;
  let threshold = score[order[0]];
  for (let t = 0; t < n; t++) {
    const i = order[t];
    const s = score[i];
    if (s !== threshold) {
      threshold = s;
      accum += curNeg * (curPos * 0.5 + sumPos);
      sumPos += curPos;
      curNeg = 0;
      curPos = 0;
    }
    const w = weights[i];
    if (label[i] > 0) curPos += w;
    else curNeg += w;
  }
  accum += curNeg * (curPos * 0.5 + sumPos);
  sumPos += curPos;
  if (sumPos > 0 && sumPos !== sumW) return accum / (sumPos * (sumW - sumPos));
  return 1;
}
