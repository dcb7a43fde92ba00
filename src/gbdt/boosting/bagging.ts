/**
 * Bagging as LightGBM 4.x does it (anchor `src/boosting/bagging.hpp`), with LightGBM's random
 * draws ({@link LightGbmRandom}), so that a bag holds the same rows as LightGBM's for the same
 * `bagging_seed`: each row is kept with probability `bagging_fraction`, every `bagging_freq` rounds.
 */
import { LightGbmRandom } from '../../core/lightgbm-random.js';
import type { GbdtParams } from '../../params/resolved.js';
import type { SampleStrategy } from './sample-strategy.js';

/** LightGBM draws a bag with one generator per block of this many rows (`bagging_rand_block_`). */
export const BAGGING_RAND_BLOCK = 1024;

/** One generator per block of {@link BAGGING_RAND_BLOCK} rows, seeded `seed + block` (LightGBM's `bagging_rands_`). */
export function blockRandoms(seed: number, n: number): LightGbmRandom[] {
  const out: LightGbmRandom[] = [];
  for (let b = 0; b * BAGGING_RAND_BLOCK < n; b++) out.push(new LightGbmRandom((seed + b) | 0));
  return out;
}

/**
 * LightGBM's bagging (`BaggingSampleStrategy`, single partition as with one thread): every
 * `bagging_freq` rounds, row i is in the bag when its block's generator draws below
 * `bagging_fraction`. As LightGBM, it stops re-drawing once a draw happened to keep every row.
 *
 * @example
 * ```ts
 * const b = new Bagging({ bagging_fraction: 0.8, bagging_freq: 1, bagging_seed: 3 }, 569);
 * b.sample(0, grad, hess); // b.bagCount ≈ 455
 * ```
 */
export class Bagging implements SampleStrategy {
  active = false;
  readonly bag: Uint32Array;
  bagCount: number;
  readonly oob: Uint32Array;
  oobCount = 0;
  private readonly n: number;
  private readonly fraction: number;
  private readonly freq: number;
  private readonly rands: LightGbmRandom[];

  constructor(params: Pick<GbdtParams, 'bagging_fraction' | 'bagging_freq' | 'bagging_seed'>, n: number) {
    this.n = n;
    this.fraction = params.bagging_fraction;
    this.freq = params.bagging_freq;
    this.bag = new Uint32Array(n);
    this.oob = new Uint32Array(n);
    // LightGBM's initial bag_data_cnt_: the expected bag size, which decides whether a first bag is drawn
    this.bagCount = Math.trunc(params.bagging_fraction * n);
    this.rands = blockRandoms(params.bagging_seed, n);
  }

  sample(iter: number): void {
    if (!(this.bagCount < this.n && iter % this.freq === 0)) return;
    // nextFloat() < fraction, i.e. randInt16() / 32768 < fraction, is randInt16() < ceil(fraction *
    // 32768) (randInt16() is an integer; scaling by a power of two rounds nothing); each block's
    // state kept in a local, read as `>>> 0` (a uint32 to V8: read as the generator's field,
    // whose representation is any value, the loop kept the state boxed, 5.7 ns a row instead of
    // 2.8). Branch-free (the side is random: a quarter of the rows mispredicted at fraction 0.75):
    // every row is written to both lists and only the counts move. 40,000 rows, bagging_fraction
    // 0.75: 7.7 ns a row before both changes, 2.8 after (process CPU, quiet machine)
    const limit = Math.ceil(this.fraction * 32768);
    const { bag, oob, n } = this;
    let b = 0;
    let o = 0;
    for (let k = 0; k < this.rands.length; k++) {
      const r = this.rands[k];
      let x = r.state >>> 0;
      const end = Math.min(n, (k + 1) * BAGGING_RAND_BLOCK);
      for (let i = k * BAGGING_RAND_BLOCK; i < end; i++) {
        x = LightGbmRandom.advance(x);
        // 1 when the draw is below the limit: the sign bit of draw - limit (both in [0, 32768])
        const inBag = (((x >>> 16) & 0x7fff) - limit) >>> 31;
        bag[b] = i;
        oob[o] = i;
        b += inBag;
        o += inBag ^ 1;
      }
      r.state = x;
    }
    this.bagCount = b;
    this.oobCount = o;
    this.active = true;
  }
}
