import { describe, expect, it } from 'vitest';
import { K_ZERO_THRESHOLD } from '../../src/core/constants.js';
import { BinMapper, MissingType, nextUp } from '../../src/data/bin-mapper.js';
import { BinnedDataset, sampleIndices } from '../../src/data/binned-dataset.js';
import { Dataset } from '../../src/data/dataset.js';
import { Rng } from '../../src/core/rng.js';

/** Naive reference: distinct non-zero values with counts, zero counted separately. */
function naiveDistinct(values: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    const k = Math.abs(v) <= K_ZERO_THRESHOLD ? 0 : v;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

describe('BinMapper numeric', () => {
  it('gives each distinct value its own bin, with midpoint bounds, when few distinct values', () => {
    const vals = [3, 1, 2, 2, 5, 5, 5, 8];
    const m = BinMapper.fromSample(new Float64Array(vals), 'numeric', { minDataInBin: 1 });
    // distinct: 1 2 3 5 8 (no zeros, no negatives): zero bin bound first then greedy on positives
    expect(m.missingType).toBe(MissingType.None);
    // bounds: kZero, then midpoints 1.5 2.5 4 6.5, +inf
    expect(Array.from(m.upperBounds)).toEqual([K_ZERO_THRESHOLD, nextUp(1.5), nextUp(2.5), nextUp(4), nextUp(6.5), Infinity]);
    for (const v of vals) {
      const b = m.valueToBin(v);
      expect(v).toBeLessThanOrEqual(m.binToValue(b));
      if (b > 0) expect(v).toBeGreaterThan(m.binToValue(b - 1));
    }
    expect(m.info()).toBe('[1:8]');
  });

  it('keeps zero in its own bin between negatives and positives, NaN in the last bin', () => {
    const rng = new Rng(7);
    const vals: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const u = rng.random();
      vals.push(u < 0.2 ? 0 : u < 0.3 ? NaN : Math.round(rng.normal() * 1000) / 10);
    }
    const m = BinMapper.fromSample(new Float64Array(vals), 'numeric', { maxBin: 32, minDataInBin: 3 });
    expect(m.missingType).toBe(MissingType.NaN);
    expect(m.numBin).toBeLessThanOrEqual(32);
    expect(Number.isNaN(m.upperBounds[m.numBin - 1])).toBe(true);
    expect(m.valueToBin(NaN)).toBe(m.numBin - 1);
    const zb = m.valueToBin(0);
    expect(m.binToValue(zb)).toBe(K_ZERO_THRESHOLD);
    expect(m.binToValue(zb - 1)).toBe(-K_ZERO_THRESHOLD);
    expect(m.defaultBin).toBe(zb);
    // the zero bin holds only zeros
    const counts = new Map<number, number>();
    for (const v of vals) counts.set(m.valueToBin(v), (counts.get(m.valueToBin(v)) ?? 0) + 1);
    expect(counts.get(zb)).toBe(vals.filter((v) => v === 0).length);
    expect(counts.get(m.numBin - 1)).toBe(vals.filter((v) => Number.isNaN(v)).length);
    // bounds strictly increase; each value lies in (previous bound, own bound]
    for (let b = 1; b < m.numBin - 1; b++) expect(m.upperBounds[b]).toBeGreaterThan(m.upperBounds[b - 1]);
    for (const v of vals) {
      if (Number.isNaN(v)) continue;
      const b = m.valueToBin(v);
      expect(v <= m.upperBounds[b]).toBe(true);
      if (b > 0) expect(v > m.upperBounds[b - 1]).toBe(true);
    }
    // cntInBin agrees with a naive count
    for (const [b, c] of counts) expect(m.cntInBin[b]).toBe(c);
  });

  it('honours min_data_in_bin when distinct values are few', () => {
    // values 1..10, value k appears k times (55 rows): bins must hold >= 5 rows except the last
    const vals: number[] = [];
    for (let k = 1; k <= 10; k++) for (let r = 0; r < k; r++) vals.push(k);
    const m = BinMapper.fromSample(new Float64Array(vals), 'numeric', { minDataInBin: 5 });
    const naive = naiveDistinct(vals);
    const binCount = new Array<number>(m.numBin).fill(0);
    for (const [v, c] of naive) binCount[m.valueToBin(v)] += c;
    // bin 0 is the (empty) zero bin; greedy merges 1+2+3(=6) then 4,5,...
    expect(binCount.slice(1, -1).every((c) => c >= 5)).toBe(true);
    expect(m.binToValue(1)).toBe(nextUp(3.5));
  });

  it('caps the number of bins at max_bin with many distinct values and balances them', () => {
    const rng = new Rng(3);
    const vals = Array.from({ length: 10000 }, () => rng.random() + 0.001);
    const m = BinMapper.fromSample(new Float64Array(vals), 'numeric', { maxBin: 16 });
    expect(m.numBin).toBe(16);
    const cnt = new Array<number>(m.numBin).fill(0);
    for (const v of vals) cnt[m.valueToBin(v)]++;
    // bin 0 is the zero bin (empty); the other 15 hold about 10000/15 each
    expect(cnt[0]).toBe(0);
    for (let b = 1; b < 16; b++) expect(Math.abs(cnt[b] - 10000 / 15)).toBeLessThan(120);
  });

  it('zero_as_missing gives MissingType.Zero; use_missing=false maps NaN to the zero bin', () => {
    const vals = new Float64Array([0, 0, 0, 1, 2, 3, 4, NaN, -1, -2]);
    const z = BinMapper.fromSample(vals, 'numeric', { minDataInBin: 1, zeroAsMissing: true });
    expect(z.missingType).toBe(MissingType.Zero);
    const u = BinMapper.fromSample(vals, 'numeric', { minDataInBin: 1, useMissing: false });
    expect(u.missingType).toBe(MissingType.None);
    expect(u.valueToBin(NaN)).toBe(u.valueToBin(0));
  });

  it('marks a constant feature trivial', () => {
    const m = BinMapper.fromSample(new Float64Array([5, 5, 5, 5]), 'numeric', { minDataInBin: 1 });
    // zero bin + value bin = 2 bins, but pre-filter with minSplitData 1 is fine; one-valued: 0 never seen
    expect(m.numBin).toBeLessThanOrEqual(2);
    const t = BinMapper.fromSample(new Float64Array([5, 5, 5, 5]), 'numeric', { minDataInBin: 1, minSplitData: 1 });
    expect(t.isTrivial).toBe(true);
    expect(t.info()).toBe('none');
  });
});

describe('BinMapper.mostFreqBin (LightGBM most_freq_bin: the fullest bin if it holds 70% of the rows, else the bin of 0)', () => {
  const mapper = (vals: number[], kind: 'numeric' | 'categorical' = 'numeric'): BinMapper =>
    BinMapper.fromSample(new Float64Array(vals), kind, { minDataInBin: 1 });
  it('numeric', () => {
    // positive values: bin 0 is the (empty) zero bin, the default bin; value 1 holds 60% < 70%
    expect(mapper([1, 1, 1, 2, 3]).mostFreqBin).toBe(0);
    // value 7 holds 80%: its bin
    const m7 = mapper([7, 7, 7, 7, 7, 7, 7, 7, 2, 3]);
    expect(m7.mostFreqBin).toBe(m7.valueToBin(7));
    expect(m7.mostFreqBin).toBeGreaterThan(0);
    // negative values: -2 is the fullest bin (50%), so the bin of 0 (not bin 0)
    const mn = mapper([-2, -2, -2, -1, 0, 1]);
    expect(mn.mostFreqBin).toBe(mn.defaultBin);
    expect(mn.defaultBin).toBeGreaterThan(0);
    // 75% missing: the NaN bin
    const mnan = mapper([NaN, NaN, NaN, NaN, NaN, NaN, 1, 2]);
    expect(mnan.mostFreqBin).toBe(mnan.numBin - 1);
  });
  it('categorical: the bin of category 0, unless one category holds 70%', () => {
    const c = mapper([0, 1, 1, 1, 2], 'categorical');
    expect(Array.from(c.binToCategory)).toEqual([-1, 1, 0, 2]);
    expect(c.mostFreqBin).toBe(2);
    expect(mapper([2, 1, 1, 1, 1, 1, 1, 1, 0, 0], 'categorical').mostFreqBin).toBe(1);
  });
});

describe('BinMapper categorical', () => {
  it('puts categories in bins by decreasing count, bin 0 for NaN/unseen', () => {
    const vals = new Float64Array([2, 2, 2, 0, 0, 1, 1, 1, 1, NaN, 3]);
    const m = BinMapper.fromSample(vals, 'categorical', { minDataInBin: 1 });
    expect(Array.from(m.binToCategory)).toEqual([-1, 1, 2, 0, 3]);
    expect(m.valueToBin(1)).toBe(1);
    expect(m.valueToBin(NaN)).toBe(0);
    expect(m.valueToBin(17)).toBe(0);
    expect(m.missingType).toBe(MissingType.NaN);
    expect(m.info()).toBe('-1:1:2:0:3');
  });
});

describe('BinnedDataset', () => {
  it('bins every row like valueToBin, drops trivial features, uses Uint8 bins', () => {
    const rng = new Rng(11);
    const n = 500;
    const a = new Float64Array(n).map(() => (rng.random() < 0.1 ? NaN : rng.normal()));
    const c = new Float64Array(n).fill(1);
    const k = new Float64Array(n).map(() => rng.below(4));
    const data = new Dataset(
      [
        { name: 'a', kind: 'numeric', values: a },
        { name: 'c', kind: 'numeric', values: c },
        { name: 'k', kind: 'categorical', values: k, categories: ['w', 'x', 'y', 'z'] },
      ],
      null,
    );
    const b = BinnedDataset.fromDataset(data, { max_bin: 63 });
    expect(Array.from(b.usedFeatures)).toEqual([0, 2]);
    expect(b.features[1].info).toBe('none');
    // all features <= 256 bins: row-major Uint8 bins too (stride padded to 4)
    expect(b.rowBins).toBeInstanceOf(Uint8Array);
    expect(b.rowStride).toBe(4);
    expect(b.bins[0]).toBeInstanceOf(Uint8Array);
    for (let i = 0; i < n; i++) for (let j = 0; j < 2; j++) expect(b.rowBins![i * 4 + j]).toBe(b.bins[j][i]);
    const v = b.view;
    for (let i = 0; i < n; i++) {
      expect(v.cols[0][i * v.stride + v.offsets[0]]).toBe(b.mappers[0].valueToBin(a[i]));
      expect(v.cols[1][i * v.stride + v.offsets[1]]).toBe(b.mappers[2].valueToBin(k[i]));
    }
    expect(b.totalBins).toBe(b.mappers[0].numBin + b.mappers[2].numBin);
  });

  it('keeps Uint16 columns when a feature has more than 256 bins', () => {
    const rng = new Rng(12);
    const n = 3000;
    const a = new Float64Array(n).map(() => rng.normal());
    const data = new Dataset([{ name: 'a', kind: 'numeric', values: a }], null);
    const b = BinnedDataset.fromDataset(data, { max_bin: 1000, min_data_in_bin: 1 });
    expect(b.rowBins).toBeNull();
    expect(b.bins[0]).toBeInstanceOf(Uint16Array);
    expect(b.numBins[0]).toBeGreaterThan(256);
    for (let i = 0; i < n; i += 7) expect(b.view.cols[0][i]).toBe(b.mappers[0].valueToBin(a[i]));
  });

  it('samples sorted distinct rows, deterministically', () => {
    const s = sampleIndices(1000, 100, 5);
    expect(s.length).toBe(100);
    for (let i = 1; i < s.length; i++) expect(s[i]).toBeGreaterThan(s[i - 1]);
    expect(Array.from(sampleIndices(1000, 100, 5))).toEqual(Array.from(s));
  });

  it("writes feature_infos as LightGBM's %.17g stream, rounding exact ties to even", () => {
    // 1e14 + 0.125 is a double whose 18-digit decimal ends in 5: printf keeps the even ...12
    const m = BinMapper.fromSample(new Float64Array([100000000000000.125, 0.1, 48, 2.5000000000000004]), 'numeric', { minDataInBin: 1 });
    expect(m.info()).toBe('[0.10000000000000001:100000000000000.12]');
    const n = BinMapper.fromSample(new Float64Array([-1000000000000000.25, 48, 2.5000000000000004]), 'numeric', { minDataInBin: 1 });
    expect(n.info()).toBe('[-1000000000000000.2:48]');
  });
});
