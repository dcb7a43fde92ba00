import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { sortByCtr } from '../../../src/gbdt/tree/categorical-split.js';

/** The built-in stable sort the categorical search used before sortByCtr (the reference). */
function builtinOrder(idx: Int32Array, n: number, ctr: Float64Array): number[] {
  return Array.from(idx.subarray(0, n).slice().sort((a, b) => ctr[a] - ctr[b]));
}

/** n bins 1..n in a shuffled order, their ctr drawn from `levels` values (ties when few), some `special`. */
function draw(rng: Rng, n: number, levels: number, special: number[]): { idx: Int32Array; ctr: Float64Array } {
  const idx = new Int32Array(n + 4);
  const ctr = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) idx[i] = i + 1;
  for (let i = n - 1; i > 0; i--) {
    const k = rng.below(i + 1);
    const t = idx[i];
    idx[i] = idx[k];
    idx[k] = t;
  }
  for (let t = 1; t <= n; t++) ctr[t] = (rng.below(levels) - levels / 2) / 7;
  for (let s = 0; s < special.length && n > 0; s++) ctr[1 + rng.below(n)] = special[s];
  return { idx, ctr };
}

describe('sortByCtr', () => {
  it.each([
    ['few ties', 3],
    ['many values', 1000],
  ])('orders bins as the built-in stable sort (%s), below and above the insertion limit', (_, levels) => {
    const rng = new Rng(levels);
    for (const n of [0, 1, 2, 5, 17, 64, 127, 128, 129, 200, 255]) {
      for (let rep = 0; rep < 5; rep++) {
        const { idx, ctr } = draw(rng, n, levels, rep === 4 ? [-0, 0] : []);
        const want = builtinOrder(idx, n, ctr);
        const tail = Array.from(idx.subarray(n));
        sortByCtr(idx, n, ctr);
        expect(Array.from(idx.subarray(0, n))).toEqual(want);
        expect(Array.from(idx.subarray(n))).toEqual(tail);
      }
    }
  });

  it('gives the built-in order when a value is NaN or infinite (an inconsistent comparator)', () => {
    const rng = new Rng(11);
    for (const special of [[NaN], [Infinity, -Infinity], [NaN, Infinity, NaN]]) {
      for (const n of [3, 20, 90]) {
        const { idx, ctr } = draw(rng, n, 4, special);
        const want = builtinOrder(idx, n, ctr);
        sortByCtr(idx, n, ctr);
        expect(Array.from(idx.subarray(0, n))).toEqual(want);
      }
    }
  });
});
