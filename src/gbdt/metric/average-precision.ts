/**
 * Average precision, the area under the precision-recall curve as a step function (LightGBM's
 * `AveragePrecisionMetric`, src/metric/binary_metric.hpp): rows sorted by score, descending; at
 * each distinct score the positives (by weight) there times the precision of all rows scored at
 * least that high, summed and divided by the positives' total weight. Computed on raw scores (the
 * link is monotone). A label > 0 is positive. With no positive, or only positives, 1 (as LightGBM).
 * Better than AUC at telling models apart on a rare positive class: it does not count the many
 * easy negatives.
 *
 * @example
 * ```ts
 * new AveragePrecisionMetric().eval(new Float64Array([0.9, 0.8, 0.7]), new Float64Array([1, 0, 1]), obj); // (1 + 2/3) / 2
 * ```
 */
import type { Objective } from '../objective/objective.js';
import type { Metric } from './metric.js';
import { checkMetricInput } from './check-input.js';

export class AveragePrecisionMetric implements Metric {
  readonly name = 'average_precision';
  readonly higherIsBetter = true;

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null): number {
    const n = checkMetricInput(this.name, score, label, objective, weights, 1);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((x, y) => score[y] - score[x]);
    let sumW = 0;
    if (weights === null) sumW = n;
    else for (let i = 0; i < n; i++) sumW += weights[i];
    let curPos = 0; // weight of the positives at the current score
    let curNeg = 0;
    let sumPos = 0; // positives scored above the current score
    let sumPred = 0; // rows scored above it
    let accum = 0;
    let threshold = score[order[0]];
    for (let t = 0; t < n; t++) {
      const i = order[t];
      const s = score[i];
      if (s !== threshold) {
        threshold = s;
        sumPos += curPos;
        sumPred += curPos + curNeg;
        accum += curPos * (sumPos / sumPred);
        curPos = 0;
        curNeg = 0;
      }
      const w = weights === null ? 1 : weights[i];
      if (label[i] > 0) curPos += w;
      else curNeg += w;
    }
    sumPos += curPos;
    sumPred += curPos + curNeg;
    accum += curPos * (sumPos / sumPred);
    return sumPos > 0 && sumPos !== sumW ? accum / sumPos : 1;
  }
}
