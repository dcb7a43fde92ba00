// The bag draw (bagging.ts) against the simplest statement of LightGBM's rule: row i is in the bag
// when its block's generator's next nextFloat() is below bagging_fraction, every bagging_freq rounds.
import { describe, expect, it } from 'vitest';
import { LightGbmRandom } from '../../../src/core/lightgbm-random.js';
import { BAGGING_RAND_BLOCK, Bagging } from '../../../src/gbdt/boosting/bagging.js';

/** The bags of `rounds` rounds drawn row by row with LightGbmRandom.nextFloat (in-bag rows, out-of-bag rows). */
function simpleBags(fraction: number, freq: number, seed: number, n: number, rounds: number): { bag: number[]; oob: number[] }[] {
  const rands: LightGbmRandom[] = [];
  for (let b = 0; b * BAGGING_RAND_BLOCK < n; b++) rands.push(new LightGbmRandom(seed + b));
  const out: { bag: number[]; oob: number[] }[] = [];
  let last = { bag: Array.from({ length: n }, (_, i) => i), oob: [] as number[] };
  for (let it = 0; it < rounds; it++) {
    if (it % freq === 0) {
      const bag: number[] = [];
      const oob: number[] = [];
      for (let i = 0; i < n; i++) (rands[Math.floor(i / BAGGING_RAND_BLOCK)].nextFloat() < fraction ? bag : oob).push(i);
      last = { bag, oob };
    }
    out.push(last);
  }
  return out;
}

describe('Bagging.sample', () => {
  it.each([
    [0.75, 1, 3, 5000],
    [0.5, 2, 11, 2049],
    [1 / 3, 1, 0, 3000],
    // fraction * 32768 not an integer: a draw equal to floor(fraction * 32768) is in the bag
    [0.6000061, 1, 5, 4096],
    [0.99999, 3, 2, 1500],
    [0.01, 1, -7, 2500],
  ])('fraction %f every %i rounds (seed %i, %i rows): the rows of the row-by-row draw, in order', (fraction, freq, seed, n) => {
    const b = new Bagging({ bagging_fraction: fraction, bagging_freq: freq, bagging_seed: seed }, n);
    const expected = simpleBags(fraction, freq, seed, n, 7);
    for (let it = 0; it < 7; it++) {
      b.sample(it);
      expect(b.active).toBe(true);
      expect(Array.from(b.bag.subarray(0, b.bagCount))).toEqual(expected[it].bag);
      expect(Array.from(b.oob.subarray(0, b.oobCount))).toEqual(expected[it].oob);
    }
  });
});
