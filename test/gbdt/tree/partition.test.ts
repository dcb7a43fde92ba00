import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { DataPartition, segmentStart } from '../../../src/gbdt/tree/partition.js';

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

  it('in segments keeps each leaf\'s rows, in segment order, as one range would, each piece within its segment', () => {
    const rng = new Rng(11);
    const n = 1000;
    const bins = Uint8Array.from({ length: n }, () => rng.below(16));
    const bag = Uint32Array.from(Array.from({ length: n }, (_, i) => i).filter(() => rng.random() < 0.8));
    for (const segments of [2, 3, 7]) {
      const one = new DataPartition(n, 12);
      const seg = new DataPartition(n, 12, undefined, null, segments);
      expect(seg.segments).toBe(segments);
      one.init(bag, bag.length);
      seg.init(bag, bag.length);
      const rows = new Uint32Array(n);
      for (let newLeaf = 1; newLeaf < 12; newLeaf++) {
        const leaf = rng.below(newLeaf);
        const goLeft = Uint8Array.from({ length: 16 }, () => (rng.random() < 0.5 ? 1 : 0));
        expect(seg.split(leaf, newLeaf, bins, 1, 0, null, goLeft)).toBe(one.split(leaf, newLeaf, bins, 1, 0, null, goLeft));
        for (let l = 0; l <= newLeaf; l++) {
          const b = one.leafBegin[l];
          expect(seg.leafBegin[l]).toBe(b);
          expect(seg.leafCount[l]).toBe(one.leafCount[l]);
          expect(Array.from(rows.subarray(0, seg.leafRows(l, rows)))).toEqual(Array.from(one.indices.subarray(b, b + one.leafCount[l])));
          for (let s = 0; s < segments; s++) {
            const q = l * segments + s;
            if (seg.pieceCount[q] === 0) continue;
            expect(seg.pieceBegin[q]).toBeGreaterThanOrEqual(segmentStart(bag.length, segments, s));
            expect(seg.pieceBegin[q] + seg.pieceCount[q]).toBeLessThanOrEqual(segmentStart(bag.length, segments, s + 1));
          }
        }
      }
    }
  });

  it('cuts segments on 16-entry lines, near-equal', () => {
    expect([0, 1, 2].map((s) => segmentStart(1000, 2, s))).toEqual([0, 496, 1000]);
    expect([0, 1, 2, 3].map((s) => segmentStart(1_000_000, 3, s))).toEqual([0, 333_328, 666_672, 1_000_000]);
    expect(segmentStart(10, 4, 2)).toBe(0);
    expect(segmentStart(10, 4, 4)).toBe(10);
  });
});
