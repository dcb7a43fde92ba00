import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { BinnedDataset } from '../../src/data/binned-dataset.js';
import { bundlingCount, lightgbmFeatureOrder } from '../../src/data/lightgbm-feature-order.js';
import { binnedFromParts, binnedParts } from '../../src/tune-gbdt/threads/shared-bins.js';

describe("LightGBM's inner feature order (FastFeatureBundling's group shuffle)", () => {
  it('dense features: the groups shuffled by Random(rows); 4 features of 569 rows give 3 0 1 2, as LightGBM 4.7 seeded extra_trees', () => {
    // seen in LightGBM: with 4 breast_cancer columns, extra_trees' thresholds of feature j came from Random(extra_seed + [3,0,1,2][j])
    expect(Array.from(lightgbmFeatureOrder([569, 569, 569, 569], 569, 569)!)).toEqual([3, 0, 1, 2]);
    // breast_cancer's 30 features (seen the same way on a 60-round stump model)
    const order = lightgbmFeatureOrder(new Array(30).fill(560), 569, 569)!;
    expect([order[23], order[20], order[27], order[7], order[1], order[3], order[22]]).toEqual([14, 21, 17, 18, 23, 29, 28]);
    expect(Array.from(lightgbmFeatureOrder([10], 10, 10)!)).toEqual([0]);
  });

  it('unknown (null) when two features could share a group; a lone feature under 40% of the rows goes last before the shuffle', () => {
    expect(lightgbmFeatureOrder([569, 100, 300], 569, 569)).toBeNull();
    expect(lightgbmFeatureOrder([1000, 5000, 5000], 10000, 10000)).toBeNull();
    // 1100 + 9000 > 10000 + 1: no pair fits, but feature 0 (11%) is "sparse": groups [1] [2] [0], then shuffled
    const withSparse = lightgbmFeatureOrder([1100, 9000, 9500], 10000, 10000)!;
    const dense = lightgbmFeatureOrder([9000, 9500, 9900], 10000, 10000)!;
    expect([withSparse[1], withSparse[2], withSparse[0]]).toEqual(Array.from(dense));
  });

  it('bundlingCount: non-zero (or NaN) sample values; the values outside the most frequent bin when that is not zero\'s and holds >= 70%', () => {
    expect(bundlingCount(Float64Array.from([0, 1, 2, NaN, 0, 1e-40]), [0, 1, 2, 3, 0, 0], 4, 0)).toBe(3);
    expect(bundlingCount(Float64Array.from([5, 5, 5, 5, 5, 5, 5, 0, 1, 2]), [2, 2, 2, 2, 2, 2, 2, 0, 1, 1], 3, 0)).toBe(3);
    expect(bundlingCount(Float64Array.from([5, 5, 5, 5, 5, 5, 0, 0, 1, 2]), [2, 2, 2, 2, 2, 2, 0, 0, 1, 1], 3, 0)).toBe(8);
  });

  it('a BinnedDataset carries it, its row copies and worker copies keep it; sparse data (spam) has none', async () => {
    const bc = BinnedDataset.fromDataset(await readCsv('datasets/breast_cancer.csv'));
    expect(bc.lightgbmOrder).not.toBeNull();
    expect(bc.lightgbmOrder![23]).toBe(14);
    expect(bc.takeRows(Uint32Array.from([0, 5, 9])).lightgbmOrder).toBe(bc.lightgbmOrder);
    expect(Array.from(binnedFromParts(binnedParts(bc)).lightgbmOrder!)).toEqual(Array.from(bc.lightgbmOrder!));
    const spam = BinnedDataset.fromDataset(await readCsv('datasets/spam.csv'));
    expect(spam.lightgbmOrder).toBeNull();
  });
});
