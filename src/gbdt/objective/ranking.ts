/**
 * Ranking objectives over queries (LightGBM's `LambdarankNDCG` and `RankXENDCG`, anchor
 * src/objective/rank_objective.hpp), with LightGBM's arithmetic so that the trees are LightGBM's:
 *
 * - `lambdarank` (Burges, "From RankNet to LambdaRank to LambdaMART: An Overview", 2010): for
 *   every pair of rows of a query with different labels, one of them among the top
 *   `lambdarank_truncation_level` by current score, a RankNet gradient scaled by the pair's change
 *   of NDCG (`|gain_i - gain_j| * |discount_i - discount_j| / maxDCG`), divided by `0.01 + |score
 *   gap|` and the query's lambdas normalised by `log2(1 + sum) / sum` when `lambdarank_norm`. The
 *   sigmoid is read from LightGBM's table of 2^20 values over [-50/sigmoid/2, 50/sigmoid/2].
 * - `rank_xendcg` (Bruch, "An Alternative Cross Entropy Loss for Learning-to-Rank", 2019,
 *   arXiv:1911.09798): softmax cross entropy against `2^label - u` with u drawn per row and round
 *   from LightGBM's generator (an LCG seeded `objective_seed + query`), reproduced exactly.
 *
 * Gradients are summed in 32-bit floats as LightGBM's `score_t`. The output is the raw score; there
 * is no initial score (LightGBM's ranking objectives boost from 0).
 *
 * @example
 * ```ts
 * const obj = new LambdarankObjective(resolveParams({ objective: 'lambdarank' }));
 * obj.init(label, null, new Uint32Array([0, 10, 25])); // two queries: rows 0-9 and 10-24
 * obj.getGradients(score, grad, hess);
 * ```
 */
import { K_EPSILON } from '../../core/constants.js';
import { DataError } from '../../core/errors.js';
import type { GbdtParams } from '../../params/resolved.js';
import { checkRankingData, DISCOUNT, labelGains, maxDcgAtK, MAX_QUERY_ROWS, sortByScoreDesc } from '../metric/dcg.js';
import type { Objective } from './objective.js';
import { checkWeights } from './check-weights.js';
import { roundedToFloat32 } from './float32.js';

/** The params lambdarank uses. */
export type LambdarankParams = Pick<GbdtParams, 'sigmoid' | 'lambdarank_truncation_level' | 'lambdarank_norm' | 'label_gain'>;
/** The params rank_xendcg uses. */
export type RankXendcgParams = Pick<GbdtParams, 'objective_seed'>;

/** Entries in LightGBM's sigmoid table (`_sigmoid_bins`). */
const SIGMOID_BINS = 1024 * 1024;

/** LightGBM's sigmoid table for one `sigmoid` (8 MB, built once and shared). */
interface SigmoidTable {
  sigmoid: number;
  min: number;
  max: number;
  factor: number;
  values: Float64Array;
}

let sharedTable: SigmoidTable | null = null;

/** LightGBM's `ConstructSigmoidTable`: `1 / (1 + exp(sigmoid * x))` at 2^20 points. */
function sigmoidTable(sigmoid: number): SigmoidTable {
  if (sharedTable !== null && sharedTable.sigmoid === sigmoid) return sharedTable;
  const min = -50 / sigmoid / 2;
  const max = -min;
  const factor = SIGMOID_BINS / (max - min);
  const values = new Float64Array(SIGMOID_BINS);
  for (let i = 0; i < SIGMOID_BINS; i++) values[i] = 1.0 / (1.0 + Math.exp((i / factor + min) * sigmoid));
  sharedTable = { sigmoid, min, max, factor, values };
  return sharedTable;
}

/** The query boundaries an objective is given, checked against the rows. */
function checkQueries(name: string, queries: Uint32Array | null | undefined, n: number): Uint32Array {
  if (queries === null || queries === undefined) {
    throw new DataError(`objective ${name} needs query groups: give the data a group column (--group-column, or the group option of readCsv / Dataset.fromRecords / fromColumns)`);
  }
  if (queries.length < 2 || queries[0] !== 0 || queries[queries.length - 1] !== n) {
    throw new DataError(`objective ${name}: the query boundaries do not cover the ${n} rows`);
  }
  return queries;
}

/** What both ranking objectives share: labels (as floats), weights, queries; output is the raw score. */
abstract class RankingObjective implements Objective {
  abstract readonly name: string;
  readonly numModelPerIteration = 1;
  protected label: Float64Array = new Float64Array(0);
  protected weights: Float64Array | null = null;
  protected queries: Uint32Array = new Uint32Array([0, 0]);

  init(label: Float64Array, weights: Float64Array | null, queries: Uint32Array | null = null): void {
    checkWeights(weights, label.length, this.name);
    this.queries = checkQueries(this.name, queries, label.length);
    // LightGBM's label_t: labels and weights as 32-bit floats
    this.label = roundedToFloat32(label);
    this.weights = weights === null ? null : roundedToFloat32(weights);
  }

  getGradients(score: Float64Array, grad: Float32Array, hess: Float32Array): void {
    const qb = this.queries;
    const w = this.weights;
    for (let q = 0; q + 1 < qb.length; q++) {
      const begin = qb[q];
      const end = qb[q + 1];
      this.queryGradients(q, begin, end - begin, score, grad, hess);
      if (w !== null) {
        for (let i = begin; i < end; i++) {
          grad[i] = grad[i] * w[i];
          hess[i] = hess[i] * w[i];
        }
      }
    }
  }

  /** Writes the gradients of query `q` (rows [begin, begin + cnt)). */
  protected abstract queryGradients(q: number, begin: number, cnt: number, score: Float64Array, grad: Float32Array, hess: Float32Array): void;

  boostFromScore(_classId: number): number {
    return 0;
  }

  convertOutput(raw: ArrayLike<number>, out: Float64Array): void {
    out[0] = raw[0];
  }

  toString(): string {
    return this.name;
  }
}

/** LambdaRank with NDCG (LightGBM's `LambdarankNDCG`). */
export class LambdarankObjective extends RankingObjective {
  readonly name = 'lambdarank';
  private readonly sigmoid: number;
  private readonly norm: boolean;
  private readonly truncation: number;
  private readonly gains: Float64Array;
  private invMaxDcg = new Float64Array(0);
  private table: SigmoidTable | null = null;
  private order = new Int32Array(0);

  constructor({ sigmoid = 1, lambdarank_truncation_level = 30, lambdarank_norm = true, label_gain = [] }: Partial<LambdarankParams> = {}) {
    super();
    if (!(sigmoid > 0)) throw new DataError(`objective lambdarank: sigmoid = ${sigmoid} must be > 0`);
    this.sigmoid = sigmoid;
    this.norm = lambdarank_norm;
    this.truncation = lambdarank_truncation_level;
    this.gains = labelGains(label_gain);
  }

  override init(label: Float64Array, weights: Float64Array | null, queries: Uint32Array | null = null): void {
    super.init(label, weights, queries);
    const qb = this.queries;
    checkRankingData(this.label, qb, this.gains.length, 'objective lambdarank');
    const nq = qb.length - 1;
    this.invMaxDcg = new Float64Array(nq);
    for (let q = 0; q < nq; q++) {
      const m = maxDcgAtK(this.truncation, this.label, qb[q], qb[q + 1] - qb[q], this.gains);
      this.invMaxDcg[q] = m > 0 ? 1.0 / m : m;
    }
    this.table = sigmoidTable(this.sigmoid);
    this.order = new Int32Array(MAX_QUERY_ROWS);
  }

  protected queryGradients(q: number, begin: number, cnt: number, score: Float64Array, grad: Float32Array, hess: Float32Array): void {
    const label = this.label;
    const gains = this.gains;
    const invMaxDcg = this.invMaxDcg[q];
    const t = this.table as SigmoidTable;
    const tv = t.values;
    const tMin = t.min;
    const tMax = t.max;
    const tFactor = t.factor;
    const sig = this.sigmoid;
    for (let i = 0; i < cnt; i++) {
      grad[begin + i] = 0;
      hess[begin + i] = 0;
    }
    const order = sortByScoreDesc(score, begin, cnt, this.order);
    const bestScore = score[begin + order[0]];
    let worstIdx = cnt - 1;
    if (worstIdx > 0 && score[begin + order[worstIdx]] === -Infinity) worstIdx--;
    const worstScore = score[begin + order[worstIdx]];
    const scaleByGap = this.norm && bestScore !== worstScore;
    const minGap = Math.fround(0.01);
    let sumLambdas = 0;
    for (let i = 0; i < cnt - 1 && i < this.truncation; i++) {
      const oi = order[i];
      if (score[begin + oi] === -Infinity) continue;
      const li = label[begin + oi];
      for (let j = i + 1; j < cnt; j++) {
        const oj = order[j];
        if (score[begin + oj] === -Infinity) continue;
        const lj = label[begin + oj];
        if (li === lj) continue;
        const hiRank = li > lj ? i : j;
        const loRank = li > lj ? j : i;
        const high = begin + order[hiRank];
        const low = begin + order[loRank];
        const deltaScore = score[high] - score[low];
        const dcgGap = gains[Math.trunc(label[high])] - gains[Math.trunc(label[low])];
        const pairedDiscount = Math.abs(DISCOUNT[hiRank] - DISCOUNT[loRank]);
        let delta = dcgGap * pairedDiscount * invMaxDcg;
        if (scaleByGap) delta /= minGap + Math.abs(deltaScore);
        // LightGBM's GetSigmoid: the table entry below the score gap
        let p = deltaScore <= tMin ? tv[0] : deltaScore >= tMax ? tv[SIGMOID_BINS - 1] : tv[Math.trunc((deltaScore - tMin) * tFactor)];
        let ph = p * (1.0 - p);
        p *= -sig * delta;
        ph *= sig * sig * delta;
        const pf = Math.fround(p);
        const phf = Math.fround(ph);
        grad[low] -= pf;
        hess[low] += phf;
        grad[high] += pf;
        hess[high] += phf;
        sumLambdas -= 2 * p;
      }
    }
    if (this.norm && sumLambdas > 0) {
      const factor = Math.log2(1 + sumLambdas) / sumLambdas;
      for (let i = begin; i < begin + cnt; i++) {
        grad[i] = grad[i] * factor;
        hess[i] = hess[i] * factor;
      }
    }
  }
}

/** XE-NDCG (LightGBM's `RankXENDCG`). */
export class RankXendcgObjective extends RankingObjective {
  readonly name = 'rank_xendcg';
  private readonly seed: number;
  /** Per query: the state of its LightGBM `Random` (seeded `objective_seed + q`). */
  private rand = new Uint32Array(0);
  private rho = new Float64Array(0);
  private params = new Float64Array(0);

  constructor({ objective_seed = 5 }: Partial<RankXendcgParams> = {}) {
    super();
    this.seed = objective_seed;
  }

  override init(label: Float64Array, weights: Float64Array | null, queries: Uint32Array | null = null): void {
    super.init(label, weights, queries);
    const nq = this.queries.length - 1;
    this.rand = new Uint32Array(nq);
    let most = 1;
    for (let q = 0; q < nq; q++) {
      this.rand[q] = (this.seed + q) >>> 0;
      most = Math.max(most, this.queries[q + 1] - this.queries[q]);
    }
    this.rho = new Float64Array(most);
    this.params = new Float64Array(most);
  }

  /** LightGBM's `Random::NextFloat` of query q's generator: `(x >> 16 & 0x7fff) / 32768` after one LCG step. */
  private nextFloat(q: number): number {
    const x = (Math.imul(214013, this.rand[q]) + 2531011) >>> 0;
    this.rand[q] = x;
    return ((x >>> 16) & 0x7fff) / 32768;
  }

  protected queryGradients(q: number, begin: number, cnt: number, score: Float64Array, grad: Float32Array, hess: Float32Array): void {
    if (cnt <= 1) {
      for (let i = begin; i < begin + cnt; i++) {
        grad[i] = 0;
        hess[i] = 0;
      }
      return;
    }
    const label = this.label;
    const rho = this.rho;
    const params = this.params;
    // softmax of the scores (LightGBM's Common::Softmax)
    let wmax = score[begin];
    for (let i = 1; i < cnt; i++) wmax = Math.max(score[begin + i], wmax);
    let wsum = 0;
    for (let i = 0; i < cnt; i++) {
      rho[i] = Math.exp(score[begin + i] - wmax);
      wsum += rho[i];
    }
    for (let i = 0; i < cnt; i++) rho[i] /= wsum;
    let denom = 0;
    for (let i = 0; i < cnt; i++) {
      params[i] = 2 ** Math.trunc(label[begin + i]) - this.nextFloat(q);
      denom += params[i];
    }
    const invDenom = 1 / Math.max(K_EPSILON, denom);
    // first, second and third order terms of the gradient, the hessian approximated by rho (1 - rho)
    let sumL1 = 0;
    for (let i = 0; i < cnt; i++) {
      const term = -params[i] * invDenom + rho[i];
      grad[begin + i] = term;
      params[i] = term / (1 - rho[i]);
      sumL1 += params[i];
    }
    let sumL2 = 0;
    for (let i = 0; i < cnt; i++) {
      const term = rho[i] * (sumL1 - params[i]);
      grad[begin + i] += Math.fround(term);
      params[i] = term / (1 - rho[i]);
      sumL2 += params[i];
    }
    for (let i = 0; i < cnt; i++) {
      grad[begin + i] += Math.fround(rho[i] * (sumL2 - params[i]));
      hess[begin + i] = rho[i] * (1.0 - rho[i]);
    }
  }
}
