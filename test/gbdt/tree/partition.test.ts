import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { DataPartition } from '../../../src/gbdt/tree/partition.js';

describe('DataPartition', () => {
  it('splits leaves stably, as a naive filter of each leaf\'s rows would (bagged rows, row map, strided bins)', () => {
    const rng = new Rng(3);
    const nData = 500;
    const stride = 3;
    const bins = new Uint8Array(nData * stride);
    for (let k = 0; k < bins.length; k++) bins[k] = rng.below(8);
    // local rows are data rows rows[i]; the bag holds about 70% of the local rows
    const rows = Uint32Array.from({ length: 400 }, (_, i) => (i * 7) % nData);
    const bag = Uint32Array.from(Array.from({ length: 400 }, (_, i) => i).filter(() => rng.random() < 0.7));
    for (const rowMap of [null, rows]) {
      const p = new DataPartition(400, 8);
      p.init(bag, bag.length);
      const naive: number[][] = [Array.from(bag)];
      for (let newLeaf = 1; newLeaf < 8; newLeaf++) {
        const leaf = rng.below(newLeaf);
        const off = rng.below(stride);
        const goLeft = Uint8Array.from({ length: 8 }, () => (rng.random() < 0.5 ? 1 : 0));
        const side = (i: number) => goLeft[bins[(rowMap === null ? i : rowMap[i]) * stride + off]] === 1;
        const leftCount = p.split(leaf, newLeaf, bins, stride, off, rowMap, goLeft);
        const before = naive[leaf];
        naive[leaf] = before.filter(side);
        naive[newLeaf] = before.filter((i) => !side(i));
        expect(leftCount).toBe(naive[leaf].length);
        for (let l = 0; l <= newLeaf; l++) {
          const b = p.leafBegin[l];
          expect(Array.from(p.indices.subarray(b, b + p.leafCount[l]))).toEqual(naive[l]);
        }
      }
    }
    const all = new DataPartition(10, 2);
    all.init(null, 10);
    expect(Array.from(all.indices)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(all.leafCount[0]).toBe(10);
  });
});
