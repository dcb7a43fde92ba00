/**
 * Ranking metrics over queries (LightGBM's `NDCGMetric`, src/metric/rank_metric.hpp, and
 * `MapMetric`, src/metric/map_metric.hpp), each at one position k: `ndcg@k` and `map@k`. The
 * rows of each query are ordered by raw score (descending, ties in row order); the metric is the
 * mean over queries, weighted by the mean row weight of each query when rows have weights. As
 * LightGBM: a query whose best DCG is 0 (no relevant row) counts as NDCG 1, and a query with no
 * relevant row (label > 0.5) as AP 1. The `ndcg` metric of params reports one of these per
 * `eval_at` position.
 *
 * @example
 * ```ts
 * const queries = new Uint32Array([0, 3, 5]); // rows 0-2 and 3-4
 * new NdcgMetric(2).eval(score, label, objective, null, queries);
 * ```
 */
import { DataError } from '../../core/errors.js';
import type { Objective } from '../objective/objective.js';
import type { Metric } from './metric.js';
import { checkMetricInput } from './check-input.js';
import { checkRankingData, DISCOUNT, labelGains, maxDcgAtK, MAX_QUERY_ROWS, sortByScoreDesc } from './dcg.js';

/** The query boundaries of a ranking metric's input, or throws naming the metric. */
function queriesOf(name: string, queries: Uint32Array | null | undefined, n: number): Uint32Array {
  if (queries === null || queries === undefined) {
    throw new DataError(`metric ${name} needs query groups: give the data a group column (--group-column, group option of readCsv / Dataset.fromRecords)`);
  }
  if (queries.length < 2 || queries[0] !== 0 || queries[queries.length - 1] !== n) {
    throw new DataError(`metric ${name}: the query boundaries do not cover the ${n} rows`);
  }
  return queries;
}

/** Per query: the mean row weight (LightGBM's query weights), or null without weights. */
function queryWeights(weights: Float64Array | null | undefined, queries: Uint32Array): Float64Array | null {
  if (weights === null || weights === undefined) return null;
  const nq = queries.length - 1;
  const out = new Float64Array(nq);
  for (let q = 0; q < nq; q++) {
    // LightGBM sums the float weights in a float (label_t)
    let s = 0;
    for (let i = queries[q]; i < queries[q + 1]; i++) s = Math.fround(s + Math.fround(weights[i]));
    out[q] = Math.fround(s / (queries[q + 1] - queries[q]));
  }
  return out;
}

/** NDCG at position k (`ndcg@k`). */
export class NdcgMetric implements Metric {
  readonly name: string;
  readonly higherIsBetter = true;
  private readonly gains: Float64Array;
  private order = new Int32Array(64);

  /**
   * @param k The position evaluated (LightGBM's `eval_at` entry). Default 1.
   * @param labelGain The gain of each label (LightGBM's `label_gain`); empty means `2^i - 1`. Default empty.
   * @param firstK The smallest `eval_at` position: LightGBM counts a query as NDCG 1 when its best
   *   DCG there is 0. Default `k`.
   */
  constructor(readonly k = 1, labelGain: readonly number[] = [], private readonly firstK = k) {
    this.name = `ndcg@${k}`;
    this.gains = labelGains(labelGain);
  }

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null, queries: Uint32Array | null = null): number {
    const n = checkMetricInput(this.name, score, label, objective, weights, 1);
    const qb = queriesOf(this.name, queries, n);
    checkRankingData(label, qb, this.gains.length, `metric ${this.name}`);
    const qw = queryWeights(weights, qb);
    const gains = this.gains;
    const k = this.k;
    if (this.order.length < MAX_QUERY_ROWS) this.order = new Int32Array(MAX_QUERY_ROWS);
    let sum = 0;
    let sumW = 0;
    for (let q = 0; q + 1 < qb.length; q++) {
      const begin = qb[q];
      const cnt = qb[q + 1] - begin;
      const w = qw === null ? 1 : qw[q];
      sumW += w;
      // no relevant row (best DCG 0 at the first position): NDCG 1, unweighted (as LightGBM)
      if (!(maxDcgAtK(this.firstK, label, begin, cnt, gains) > 0)) {
        sum += 1;
        continue;
      }
      const best = maxDcgAtK(k, label, begin, cnt, gains);
      const inv = best > 0 ? 1.0 / best : -1;
      const order = sortByScoreDesc(score, begin, cnt, this.order);
      const kk = Math.min(k, cnt);
      let dcg = 0;
      for (let j = 0; j < kk; j++) dcg += gains[Math.trunc(label[begin + order[j]])] * DISCOUNT[j];
      sum += qw === null ? dcg * inv : dcg * inv * w;
    }
    return sum / sumW;
  }
}

/** Mean average precision at position k (`map@k`): rows with label > 0.5 are relevant. */
export class MapMetric implements Metric {
  readonly name: string;
  readonly higherIsBetter = true;
  private order = new Int32Array(64);

  /** @param k The position evaluated (LightGBM's `eval_at` entry). Default 1. */
  constructor(readonly k = 1) {
    this.name = `map@${k}`;
  }

  eval(score: Float64Array, label: Float64Array, objective: Objective, weights: Float64Array | null = null, queries: Uint32Array | null = null): number {
    const n = checkMetricInput(this.name, score, label, objective, weights, 1);
    const qb = queriesOf(this.name, queries, n);
    const qw = queryWeights(weights, qb);
    const k = this.k;
    let sum = 0;
    let sumW = 0;
    for (let q = 0; q + 1 < qb.length; q++) {
      const begin = qb[q];
      const cnt = qb[q + 1] - begin;
      const w = qw === null ? 1 : qw[q];
      sumW += w;
      let npos = 0;
      for (let i = 0; i < cnt; i++) if (label[begin + i] > 0.5) npos++;
      if (this.order.length < cnt) this.order = new Int32Array(cnt);
      const order = sortByScoreDesc(score, begin, cnt, this.order);
      const kk = Math.min(k, cnt);
      let hits = 0;
      let sumAp = 0;
      for (let j = 0; j < kk; j++) {
        if (label[begin + order[j]] > 0.5) {
          hits++;
          sumAp += hits / (j + 1.0);
        }
      }
      const ap = npos > 0 ? sumAp / Math.min(npos, kk) : 1;
      sum += qw === null ? ap : ap * w;
    }
    return sum / sumW;
  }
}
