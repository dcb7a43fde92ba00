/**
 * Gradient-based One-Side Sampling (Ke et al., "LightGBM: A Highly Efficient Gradient Boosting
 * Decision Tree", NeurIPS 2017), as LightGBM 4.x does it (anchor `src/boosting/goss.hpp`, single
 * partition as with one thread): rows are ranked by |gradient × hessian| (summed over the classes'
 * trees); the `top_rate` share with the largest stay, `other_rate` of all rows are drawn from the
 * rest (each with probability still-needed / still-left, from LightGBM's per-block generators)
 * and their gradients and hessians multiplied by (rows − top) / other, so the sums stay unbiased.
 * No sampling in the first `1 / learning_rate` rounds, as LightGBM.
 */
import type { GbdtParams } from '../../params/resolved.js';
import { BAGGING_RAND_BLOCK, blockRandoms } from './bagging.js';
import type { SampleStrategy } from './sample-strategy.js';
import type { LightGbmRandom } from '../../core/lightgbm-random.js';

/**
 * @example
 * ```ts
 * const goss = new Goss({ top_rate: 0.2, other_rate: 0.1, learning_rate: 0.1, bagging_seed: 3 }, n, 1);
 * goss.sample(10, grad, hess); // goss.bagCount ≈ 0.3 n; sampled small-gradient rows scaled by 8
 * ```
 */
export class Goss implements SampleStrategy {
  active = false;
  readonly bag: Uint32Array;
  bagCount: number;
  readonly oob: Uint32Array;
  oobCount = 0;
  private readonly n: number;
  private readonly nModel: number;
  private readonly topRate: number;
  private readonly otherRate: number;
  /** rounds before the first sample: LightGBM's `static_cast<int>(1.0f / learning_rate)` */
  private readonly warmup: number;
  private readonly rands: LightGbmRandom[];
  /** |g·h| per row (float32, as LightGBM's score_t), and a copy to rank */
  private readonly weight: Float32Array;
  private readonly sorted: Float32Array;

  constructor(params: Pick<GbdtParams, 'top_rate' | 'other_rate' | 'learning_rate' | 'bagging_seed'>, n: number, nModel: number) {
    this.n = n;
    this.nModel = nModel;
    this.topRate = params.top_rate;
    this.otherRate = params.other_rate;
    this.warmup = Math.trunc(1 / params.learning_rate);
    this.bag = new Uint32Array(n);
    this.oob = new Uint32Array(n);
    this.bagCount = n;
    this.rands = blockRandoms(params.bagging_seed, n);
    this.weight = new Float32Array(n);
    this.sorted = new Float32Array(n);
  }

  sample(iter: number, grad: Float32Array, hess: Float32Array): void {
    this.active = false;
    this.bagCount = this.n;
    this.oobCount = 0;
    if (iter < this.warmup || this.n === 0) return;
    const n = this.n;
    const w = this.weight;
    w.fill(0);
    for (let k = 0; k < this.nModel; k++) {
      const off = k * n;
      for (let i = 0; i < n; i++) w[i] = w[i] + Math.abs(Math.fround(grad[off + i] * hess[off + i]));
    }
    const topK = Math.max(1, Math.trunc(n * this.topRate));
    const otherK = Math.trunc(n * this.otherRate);
    // the topK-th largest weight (LightGBM's ArgMaxAtK: a selection, so the value is the same)
    const sorted = this.sorted;
    sorted.set(w);
    sorted.sort();
    const threshold = sorted[n - topK];
    const multiply = Math.fround(Math.fround(n - topK) / otherK);
    let left = 0;
    let o = 0;
    let big = 0;
    for (let i = 0; i < n; i++) {
      if (w[i] >= threshold) {
        this.bag[left++] = i;
        big++;
        continue;
      }
      const sampled = left - big;
      const restNeed = otherK - sampled;
      const restAll = n - i - (topK - big);
      if (this.rands[(i / BAGGING_RAND_BLOCK) | 0].nextFloat() < restNeed / restAll) {
        this.bag[left++] = i;
        for (let k = 0; k < this.nModel; k++) {
          const j = k * n + i;
          grad[j] = grad[j] * multiply;
          hess[j] = hess[j] * multiply;
        }
      } else {
        this.oob[o++] = i;
      }
    }
    this.bagCount = left;
    this.oobCount = o;
    this.active = true;
  }
}
