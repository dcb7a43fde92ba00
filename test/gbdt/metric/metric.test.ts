import { describe, expect, it } from 'vitest';
import { DataError, GbtuneError, UnknownNameError } from '../../../src/core/errors.js';
import { Rng } from '../../../src/core/rng.js';
import { METRICS, canonicalMetricName, createMetric, createMetrics, defaultMetrics } from '../../../src/gbdt/metric/registry.js';
import { METRIC_NAMES } from '../../../src/params/schema.js';
import { parseObjectiveLine } from '../../../src/gbdt/objective/registry.js';
import { BinaryObjective } from '../../../src/gbdt/objective/binary.js';
import { MulticlassObjective } from '../../../src/gbdt/objective/multiclass.js';
import { RegressionL2Objective } from '../../../src/gbdt/objective/regression.js';
import type { Objective } from '../../../src/gbdt/objective/objective.js';
import { resolveParams } from '../../../src/params/resolve.js';
import type { MetricName } from '../../../src/params/schema.js';
import { coveringFactories } from '../../helpers/registry-coverage.js';

const binary = new BinaryObjective({ sigmoid: 1, is_unbalance: false, scale_pos_weight: 1 });
const multi3 = new MulticlassObjective({ num_class: 3 });
const l2 = new RegressionL2Objective();
const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

type Kind = 'binary' | 'multiclass' | 'regression' | 'probability' | 'ranking';

/**
 * Seeded data fitting each metric's objective (labels and weights 32-bit floats, as LightGBM holds
 * them; probabilities multiples of 1/1024, so that LightGBM's float `1 - label` is exact; ranking:
 * relevance 0..4 in queries of 1 to 14 rows).
 */
function data(kind: Kind, n: number, seed: number, ties = false) {
  const rng = new Rng(seed);
  const k = kind === 'multiclass' ? 3 : 1;
  const label = new Float64Array(n);
  const score = new Float64Array(n * k);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.random();
    label[i] = kind === 'binary' ? (u < 0.4 ? 1 : 0) : kind === 'multiclass' ? Math.floor(u * 3) : kind === 'ranking' ? Math.floor(u * rng.random() * 5) : kind === 'probability' ? (u < 0.2 ? 0 : u > 0.8 ? 1 : Math.round(u * 1024) / 1024) : Math.fround(0.05 + u * 5);
    weights[i] = Math.fround(0.2 + rng.random() * 2);
  }
  for (let j = 0; j < n * k; j++) score[j] = ties ? Math.round(rng.random() * 6) / 2 - 1.5 : (rng.random() - 0.5) * 6;
  const bounds = [0];
  while (bounds[bounds.length - 1] < n) bounds.push(Math.min(n, bounds[bounds.length - 1] + 1 + Math.floor(rng.random() * 14)));
  // some queries with no relevant row (ndcg and map count them 1)
  if (kind === 'ranking') for (let i = bounds[1]; i < bounds[2]; i++) label[i] = 0;
  return { label, score, weights, queries: kind === 'ranking' ? Uint32Array.from(bounds) : null };
}

const logLink = parseObjectiveLine('poisson');
const xentropy = parseObjectiveLine('cross_entropy');
const xentlambda = parseObjectiveLine('cross_entropy_lambda');

/** The objective each registered metric is checked with (a registered metric missing here fails the coverage test). */
const objectiveOf: Record<MetricName, Objective> = {
  binary_logloss: binary, binary_error: binary, auc: binary, average_precision: binary, accuracy: binary,
  multi_logloss: multi3, multi_error: multi3, l1: l2, l2, rmse: l2, huber: l2,
  quantile: l2, mape: l2, fair: l2, poisson: logLink, gamma: logLink, gamma_deviance: logLink, tweedie: logLink,
  cross_entropy: xentropy, cross_entropy_lambda: xentlambda, kullback_leibler: xentropy, ndcg: l2, map: l2,
};
const RANKING = new Set(['ndcg', 'map']);
const kindOf = (name: string): Kind => {
  const o = objectiveOf[name as MetricName];
  if (RANKING.has(name)) return 'ranking';
  return o === binary ? 'binary' : o === multi3 ? 'multiclass' : o === xentropy || o === xentlambda ? 'probability' : 'regression';
};
const xent = (y: number, p: number) => -(y * Math.log(Math.max(p, 1e-12)) + (1 - y) * Math.log(Math.max(1 - p, 1e-12)));

/**
 * Naive NDCG@k or MAP@k from their definitions: per query, rows by score (ties in row order);
 * DCG = sum of (2^label - 1) / log2(position + 2) over the top k, over the best order's; AP = mean
 * precision at the relevant rows (label >= 1) of the top k, over min(relevant, k); a query with no
 * relevant row counts 1; the mean over queries weighted by each query's mean row weight.
 */
function naiveRanking(name: string, k: number, score: Float64Array, label: Float64Array, w: Float64Array | null, queries: Uint32Array): number {
  let s = 0;
  let sw = 0;
  for (let q = 0; q + 1 < queries.length; q++) {
    const rows = Array.from({ length: queries[q + 1] - queries[q] }, (_, i) => queries[q] + i);
    const byScore = [...rows].sort((a, b) => score[b] - score[a] || a - b);
    const top = byScore.slice(0, k);
    let value: number;
    if (name === 'ndcg') {
      const dcg = (order: number[]) => order.slice(0, k).reduce((acc, r, j) => acc + (2 ** label[r] - 1) / Math.log2(j + 2), 0);
      const best = dcg([...rows].sort((a, b) => label[b] - label[a]));
      value = best > 0 ? dcg(byScore) / best : 1;
    } else {
      const relevant = rows.filter((r) => label[r] >= 1).length;
      let hits = 0;
      let sum = 0;
      top.forEach((r, j) => {
        if (label[r] >= 1) sum += ++hits / (j + 1);
      });
      value = relevant > 0 ? sum / Math.min(relevant, top.length) : 1;
    }
    const qw = w === null ? 1 : rows.reduce((a, r) => a + w[r], 0) / rows.length;
    s += best1(name, label, rows) ? 1 : value * qw;
    sw += qw;
  }
  return s / sw;
}

/** NDCG of a query with no relevant row counts 1 unweighted (as LightGBM); MAP weights it. */
function best1(name: string, label: Float64Array, rows: number[]): boolean {
  return name === 'ndcg' && rows.every((r) => label[r] === 0);
}

/** Naive references, written directly from the definitions. */
function naive(name: string, score: Float64Array, label: Float64Array, w: Float64Array | null): number {
  const n = label.length;
  const wt = (i: number) => (w === null ? 1 : w[i]);
  const mean = (f: (i: number) => number) => {
    let s = 0;
    let sw = 0;
    for (let i = 0; i < n; i++) {
      s += f(i) * wt(i);
      sw += wt(i);
    }
    return s / sw;
  };
  const probs = (i: number) => {
    const r = [0, 1, 2].map((c) => Math.exp(score[c * n + i]));
    const t = r[0] + r[1] + r[2];
    return r.map((v) => v / t);
  };
  switch (name) {
    case 'binary_logloss':
      return mean((i) => -Math.log(label[i] > 0 ? sigmoid(score[i]) : 1 - sigmoid(score[i])));
    case 'binary_error':
      return mean((i) => ((sigmoid(score[i]) > 0.5) !== (label[i] > 0) ? 1 : 0));
    case 'accuracy':
      return 1 - naive('binary_error', score, label, w);
    case 'auc': {
      let num = 0;
      let den = 0;
      for (let i = 0; i < n; i++) {
        if (!(label[i] > 0)) continue;
        for (let j = 0; j < n; j++) {
          if (label[j] > 0) continue;
          const pair = wt(i) * wt(j);
          den += pair;
          num += score[i] > score[j] ? pair : score[i] === score[j] ? pair / 2 : 0;
        }
      }
      return num / den;
    }
    case 'average_precision': {
      // scikit-learn's average_precision_score: sum over distinct thresholds of (recall gained) x precision
      const thresholds = [...new Set(score)].sort((a, b) => b - a);
      let totalPos = 0;
      for (let i = 0; i < n; i++) if (label[i] > 0) totalPos += wt(i);
      let ap = 0;
      for (const t of thresholds) {
        let tp = 0;
        let all = 0;
        let gained = 0;
        for (let i = 0; i < n; i++) {
          if (score[i] < t) continue;
          all += wt(i);
          if (label[i] > 0) tp += wt(i);
          if (label[i] > 0 && score[i] === t) gained += wt(i);
        }
        ap += (gained / totalPos) * (tp / all);
      }
      return ap;
    }
    case 'multi_logloss':
      return mean((i) => -Math.log(probs(i)[label[i]]));
    case 'multi_error':
      // the label predict gives: the most probable class, the first on ties (numpy's argmax)
      return mean((i) => {
        const p = probs(i);
        return p.indexOf(Math.max(...p)) === label[i] ? 0 : 1;
      });
    case 'l1':
      return mean((i) => Math.abs(score[i] - label[i]));
    case 'l2':
      return mean((i) => (score[i] - label[i]) ** 2);
    case 'rmse':
      return Math.sqrt(naive('l2', score, label, w));
    case 'huber':
      return mean((i) => {
        const d = Math.abs(score[i] - label[i]);
        return d <= 0.9 ? 0.5 * d * d : 0.9 * (d - 0.45);
      });
    case 'quantile':
      return mean((i) => (label[i] >= score[i] ? 0.9 * (label[i] - score[i]) : 0.1 * (score[i] - label[i])));
    case 'mape':
      return mean((i) => Math.abs(score[i] - label[i]) / Math.max(1, Math.abs(label[i])));
    case 'fair':
      return mean((i) => {
        const x = Math.abs(score[i] - label[i]);
        return x - Math.log(1 + x);
      });
    case 'poisson':
      return mean((i) => Math.exp(score[i]) - label[i] * score[i]);
    case 'gamma':
      // LightGBM adds log(y) - logf(y) (its constant term takes one log in float)
      return mean((i) => label[i] / Math.exp(score[i]) + score[i] - (Math.log(label[i]) - Math.fround(Math.log(label[i]))));
    case 'gamma_deviance': {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const r = label[i] / (Math.exp(score[i]) + 1e-9);
        s += wt(i) * (r - Math.log(r) - 1);
      }
      return 2 * s;
    }
    case 'tweedie':
      return mean((i) => -label[i] * Math.exp(-0.5 * score[i]) / -0.5 + Math.exp(0.5 * score[i]) / 0.5);
    case 'cross_entropy':
      return mean((i) => xent(label[i], sigmoid(score[i])));
    case 'kullback_leibler':
      return mean((i) => xent(label[i], sigmoid(score[i])) - xent(label[i], label[i]));
    case 'cross_entropy_lambda': {
      let s = 0;
      for (let i = 0; i < n; i++) s += xent(label[i], 1 - Math.exp(-wt(i) * Math.log1p(Math.exp(score[i]))));
      return s / n;
    }
  }
  throw new Error(name);
}

const names = coveringFactories('metric', METRICS.names, Object.fromEntries(Object.keys(objectiveOf).map((n) => [n, [n]])));

describe.each(names)('metric conformance: %s', (name) => {
  const metric = createMetric(name);
  const obj = objectiveOf[name as MetricName];
  it('has its canonical name and direction', () => {
    expect(metric.name).toBe(RANKING.has(name) ? `${name}@1` : name);
    expect(metric.higherIsBetter).toBe(name === 'auc' || name === 'average_precision' || name === 'accuracy' || RANKING.has(name));
  });
  for (const weighted of [false, true]) {
    for (const ties of [false, true]) {
      it(`matches a naive reference on seeded data (weighted=${weighted}, ties=${ties})`, () => {
        const { label, score, weights, queries } = data(kindOf(name), 200, name.length * 7 + (ties ? 1 : 0), ties);
        const w = weighted ? weights : null;
        if (queries === null) {
          expect(metric.eval(score, label, obj, w)).toBeCloseTo(naive(name, score, label, w), 12);
          return;
        }
        for (const k of [1, 3, 10]) {
          // the query weights: float sums of float weights, as LightGBM (label_t)
          const got = createMetric(`${name}@${k}`).eval(score, label, obj, w, queries);
          expect(got).toBeCloseTo(naiveRanking(name, k, score, label, w, queries), weighted ? 6 : 12);
        }
      });
    }
  }
  it('rejects mismatched shapes', () => {
    const k = obj.numModelPerIteration;
    expect(() => metric.eval(new Float64Array(3 * k + 1), new Float64Array(3), obj)).toThrow(GbtuneError);
    expect(() => metric.eval(new Float64Array(3 * k), new Float64Array(3), obj, new Float64Array(2))).toThrow(/2 weights for 3 rows/);
  });
});

describe('known values (scikit-learn 1.2)', () => {
  it('auc', () => {
    const auc = createMetric('auc');
    expect(auc.eval(new Float64Array([0.1, 0.4, 0.35, 0.8]), new Float64Array([0, 0, 1, 1]), binary)).toBe(0.75);
    expect(auc.eval(new Float64Array([0.5, 0.5, 0.2, 0.9]), new Float64Array([0, 1, 0, 1]), binary)).toBe(0.875);
    expect(
      auc.eval(new Float64Array([0.5, 0.5, 0.2, 0.9, 0.2, 0.9]), new Float64Array([0, 1, 0, 1, 1, 0]), binary, new Float64Array([1, 2, 0.5, 1, 3, 1])),
    ).toBeCloseTo(0.31666666666666665, 14);
    // one class only: 1, as LightGBM
    expect(auc.eval(new Float64Array([0.1, 0.2]), new Float64Array([1, 1]), binary)).toBe(1);
  });

  it('binary and multiclass log loss', () => {
    const p = [0.2, 0.7, 0.9];
    expect(createMetric('logloss').eval(new Float64Array(p.map(logit)), new Float64Array([0, 1, 1]), binary)).toBeCloseTo(0.22839300363692283, 14);
    const probs = [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.5, 0.4, 0.1]];
    const n = probs.length;
    const score = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) score[c * n + i] = Math.log(probs[i][c]);
    expect(createMetric('multi_logloss').eval(score, new Float64Array([0, 1, 2, 1]), multi3)).toBeCloseTo(0.603099989750313, 14);
    // row 3: true class 1 has 0.4 < 0.5 → 1 error of 4
    expect(createMetric('multi_error').eval(score, new Float64Array([0, 1, 2, 1]), multi3)).toBe(0.25);
    expect(createMetric('accuracy').eval(score, new Float64Array([0, 1, 2, 1]), multi3)).toBe(0.75);
  });

  it('multi_error on raw scores equals argmax (first on ties) of the softmax probabilities, ties and near-ties included', () => {
    const k = 5;
    const n = 4000;
    const rng = new Rng(11);
    const label = new Float64Array(n);
    const score = new Float64Array(k * n);
    for (let i = 0; i < n; i++) {
      const y = rng.below(k);
      label[i] = y;
      const base = rng.normal() * 3;
      for (let c = 0; c < k; c++) score[c * n + i] = rng.normal() * 3;
      const rival = (y + 1 + rng.below(k - 1)) % k;
      score[y * n + i] = base;
      // exact ties, 1-ulp-apart scores (their probabilities round to the same value) and clear gaps
      const kind = i % 4;
      if (kind === 0) score[rival * n + i] = base;
      else if (kind === 1) score[rival * n + i] = base - Math.abs(base) * Number.EPSILON;
      else if (kind === 2) score[rival * n + i] = base + 1e3 * rng.normal();
    }
    const multi = new MulticlassObjective({ num_class: k });
    // the rule on probabilities, softmax shifted by the row's max (LightGBM's Common::Softmax)
    const byProbability = (s: Float64Array, y: Float64Array) => {
      const rows = y.length;
      let wrong = 0;
      for (let i = 0; i < rows; i++) {
        const r = Array.from({ length: k }, (_, c) => s[c * rows + i]);
        const m = Math.max(...r);
        const e = r.map((v) => Math.exp(v - m));
        const t = e.reduce((a, b) => a + b, 0);
        const p = e.map((v) => v / t);
        if (p.indexOf(Math.max(...p)) !== y[i]) wrong++;
      }
      return wrong / rows;
    };
    const expected = byProbability(score, label);
    expect(expected).toBeGreaterThan(0.3);
    expect(createMetric('multi_error').eval(score, label, multi)).toBe(expected);
    expect(createMetric('accuracy').eval(score, label, multi)).toBe(1 - expected);
    // a row whose raw scores differ by 1 ulp but whose probabilities tie: the first class of the tie
    // wins, whichever of the two has the larger raw score
    for (const [a, b] of [[0.7, 0.7 - 0.7 * Number.EPSILON], [0.7 - 0.7 * Number.EPSILON, 0.7]] as const) {
      const ulpRows = new Float64Array(k * 1);
      ulpRows[0] = a;
      ulpRows[1] = b;
      for (let c = 2; c < k; c++) ulpRows[c] = 0.5; // (with these, the two probabilities round to one value)
      const prob = new Float64Array(k);
      multi.convertOutput(ulpRows, prob);
      expect(prob[0]).toBe(prob[1]);
      for (const y of [0, 1]) {
        const yOf = new Float64Array([y]);
        expect(createMetric('multi_error').eval(ulpRows, yOf, multi)).toBe(byProbability(ulpRows, yOf));
        expect(createMetric('multi_error').eval(ulpRows, yOf, multi)).toBe(y === 0 ? 0 : 1);
      }
    }
  });

  it('a tie for the highest score predicts the first class of the tie, as predict and numpy argmax', () => {
    // 3 rows of one class each, every class scoring the same (an all-stump model): class 0 is predicted
    const n = 3;
    const tied = new Float64Array(3 * n).fill(Math.log(1 / 3));
    const label = new Float64Array([0, 1, 2]);
    expect(createMetric('multi_error').eval(tied, label, multi3)).toBeCloseTo(2 / 3, 15);
    expect(createMetric('accuracy').eval(tied, label, multi3)).toBeCloseTo(1 / 3, 15);
    // classes 1 and 2 tie above class 0: class 1 is predicted
    const score = new Float64Array([-1, -1, -1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(createMetric('accuracy').eval(score, label, multi3)).toBeCloseTo(1 / 3, 15);
    expect(createMetric('accuracy').eval(score, new Float64Array([1, 1, 1]), multi3)).toBe(1);
  });

  it('binary error treats p = 0.5 as negative, as LightGBM', () => {
    expect(createMetric('binary_error').eval(new Float64Array([0, 0]), new Float64Array([0, 1]), binary)).toBe(0.5);
    expect(createMetric('accuracy').eval(new Float64Array([0, 0]), new Float64Array([0, 0]), binary)).toBe(1);
  });

  it('log loss clamps probabilities at 1e-15', () => {
    const v = createMetric('binary_logloss').eval(new Float64Array([-1000]), new Float64Array([1]), binary);
    expect(v).toBe(-Math.log(Math.fround(1e-15)));
  });

  it('regression metrics convert through the objective (poisson exp link)', () => {
    const poisson = parseObjectiveLine('poisson');
    expect(createMetric('l1').eval(new Float64Array([0, Math.log(3)]), new Float64Array([1, 1]), poisson)).toBeCloseTo(1, 14);
    expect(createMetric('rmse').eval(new Float64Array([1, 3]), new Float64Array([0, 0]), l2)).toBeCloseTo(Math.sqrt(5), 14);
    expect(createMetric('huber', { alpha: 2 }).eval(new Float64Array([1, 5]), new Float64Array([0, 0]), l2)).toBeCloseTo((0.5 + 2 * 4) / 2, 14);
  });
});

describe('registry', () => {
  it('maps aliases and rejects unknown names listing the known ones', () => {
    expect(canonicalMetricName('error')).toBe('binary_error');
    expect(canonicalMetricName('MSE')).toBe('l2');
    expect(canonicalMetricName('mae')).toBe('l1');
    expect(canonicalMetricName('root_mean_squared_error')).toBe('rmse');
    expect(canonicalMetricName('softmax')).toBe('multi_logloss');
    expect(canonicalMetricName('ova')).toBe('multi_logloss');
    expect(canonicalMetricName('mean_absolute_percentage_error')).toBe('mape');
    expect(canonicalMetricName('xentropy')).toBe('cross_entropy');
    expect(canonicalMetricName('xentlambda')).toBe('cross_entropy_lambda');
    expect(canonicalMetricName('kldiv')).toBe('kullback_leibler');
    expect(canonicalMetricName('xe_ndcg')).toBe('ndcg');
    expect(canonicalMetricName('mean_average_precision')).toBe('map');
    expect(createMetric('lambdarank@3').name).toBe('ndcg@3');
    expect(() => createMetric('auc@3')).toThrow(/only the ranking metrics \(ndcg, map\) take a position/);
    expect(() => createMetric('ndcg@0')).toThrow(/integer k >= 1/);
    expect(() => createMetric('ndgc')).toThrow(UnknownNameError);
    expect(() => createMetric('ndgc')).toThrow(/known: binary_logloss, binary_error, auc, average_precision, accuracy/);
    expect(() => createMetric('rmes')).toThrow(/unknown metric 'rmes'; did you mean 'rmse'\?/);
    expect(() => createMetric('none')).toThrow(UnknownNameError); // 'none' means no metric: resolveParams drops it
  });

  it("registers exactly the params table's metrics, in its order", () => {
    expect(METRICS.names).toEqual([...METRIC_NAMES]);
  });

  it('defaults as LightGBM', () => {
    expect(defaultMetrics('binary')).toEqual(['binary_logloss']);
    expect(defaultMetrics('multiclass')).toEqual(['multi_logloss']);
    expect(defaultMetrics('regression')).toEqual(['l2']);
    expect(defaultMetrics('regression_l1')).toEqual(['l1']);
    expect(defaultMetrics('huber')).toEqual(['huber']);
    expect(defaultMetrics('fair')).toEqual(['fair']);
    expect(defaultMetrics('quantile')).toEqual(['quantile']);
    expect(defaultMetrics('mape')).toEqual(['mape']);
    expect(defaultMetrics('poisson')).toEqual(['poisson']);
    expect(defaultMetrics('gamma')).toEqual(['gamma']);
    expect(defaultMetrics('tweedie')).toEqual(['tweedie']);
    expect(defaultMetrics('multiclassova')).toEqual(['multi_logloss']);
    expect(defaultMetrics('cross_entropy')).toEqual(['cross_entropy']);
    expect(defaultMetrics('cross_entropy_lambda')).toEqual(['cross_entropy_lambda']);
    expect(defaultMetrics('lambdarank')).toEqual(['ndcg']);
    expect(defaultMetrics('rank_xendcg')).toEqual(['ndcg']);
  });

  it('creates a ranking metric per eval_at position (default 1..5, as LightGBM)', () => {
    expect(createMetrics(resolveParams({ objective: 'lambdarank' })).map((m) => m.name)).toEqual(['ndcg@1', 'ndcg@2', 'ndcg@3', 'ndcg@4', 'ndcg@5']);
    const ms = createMetrics(resolveParams({ objective: 'lambdarank', metric: 'map,l2,ndcg', eval_at: '10,3' }));
    expect(ms.map((m) => m.name)).toEqual(['map@3', 'map@10', 'l2', 'ndcg@3', 'ndcg@10']);
  });

  it('creates the metrics of resolved params', () => {
    const ms = createMetrics(resolveParams({ objective: 'huber', alpha: 3, metric: 'huber,rmse' }));
    expect(ms.map((m) => m.name)).toEqual(['huber', 'rmse']);
    expect((ms[0] as unknown as { alpha: number }).alpha).toBe(3);
    // quantile, fair and tweedie take their params from the booster params
    const [q, f, t] = createMetrics(resolveParams({ alpha: 0.3, fair_c: 2.5, tweedie_variance_power: 1.2, metric: 'quantile,fair,tweedie' }));
    const y = new Float64Array([1, 2]);
    const s = new Float64Array([2, 0]);
    expect(q.eval(s, y, l2)).toBeCloseTo((0.7 * 1 + 0.3 * 2) / 2, 15);
    expect(f.eval(s, y, l2)).toBe(createMetric('fair', { fair_c: 2.5 }).eval(s, y, l2));
    expect(f.eval(s, y, l2)).not.toBe(createMetric('fair').eval(s, y, l2));
    expect(t.eval(s, y, logLink)).toBe(createMetric('tweedie', { tweedie_variance_power: 1.2 }).eval(s, y, logLink));
    expect(t.eval(s, y, logLink)).not.toBe(createMetric('tweedie').eval(s, y, logLink));
  });

  it('refuses labels outside a metric\'s domain, naming the row (as LightGBM\'s checks)', () => {
    const two = new Float64Array(2);
    expect(() => createMetric('gamma').eval(two, new Float64Array([1, 0]), logLink)).toThrow(/metric gamma: label of row 1 is 0; labels must be > 0/);
    expect(() => createMetric('gamma_deviance').eval(two, new Float64Array([-1, 1]), logLink)).toThrow(DataError);
    expect(() => createMetric('xentropy').eval(two, new Float64Array([0.5, 1.5]), xentropy)).toThrow(/metric cross_entropy: label of row 1 is 1.5; labels must be in \[0, 1\]/);
    expect(() => createMetric('kldiv').eval(two, new Float64Array([-0.5, 1]), xentropy)).toThrow(DataError);
    expect(() => createMetric('xentlambda').eval(two, new Float64Array([0.5, 1]), xentlambda, new Float64Array([1, 0]))).toThrow(/weight of row 1 is 0; weights must be > 0/);
    expect(() => createMetric('cross_entropy').eval(two, new Float64Array([0.5, 1]), xentropy, new Float64Array([0, 0]))).toThrow(/weights sum to 0/);
    // poisson takes labels >= 0 and outputs below 1e-10 (LightGBM's float) as 1e-10
    expect(createMetric('poisson').eval(new Float64Array([1]), new Float64Array([0]), l2)).toBe(1);
    expect(createMetric('poisson').eval(new Float64Array([-1]), new Float64Array([2]), l2)).toBe(Math.fround(1e-10) - 2 * Math.log(Math.fround(1e-10)));
  });

  it('accuracy refuses a regression objective', () => {
    expect(() => createMetric('accuracy').eval(new Float64Array(1), new Float64Array(1), l2)).toThrow(/classification objective/);
  });
});
