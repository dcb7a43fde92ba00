import { describe, expect, it } from 'vitest';
import { acquireHistograms, pooledHistogramBytes, releaseHistograms } from '../../../src/gbdt/tree/histogram-pool.js';
import { cv, readCsv } from '../../../src/index.js';

describe('histogram pool', () => {
  it('hands back released buffers of the same length, and new ones beyond them', () => {
    const before = pooledHistogramBytes();
    const a = acquireHistograms(1234, 3);
    a[0].fill(7);
    releaseHistograms(a);
    expect(pooledHistogramBytes()).toBe(before + 3 * 1234 * 8);
    const b = acquireHistograms(1234, 4);
    expect(b.slice(0, 3).every((h) => a.includes(h))).toBe(true);
    expect(a.includes(b[3])).toBe(false);
    expect(b[3].every((x) => x === 0)).toBe(true);
    releaseHistograms(b);
  });

  it('keeps plain and shared buffers apart (a learner on one thread takes plain ones)', () => {
    const plain = acquireHistograms(1235, 2, { shared: false });
    expect(plain.every((h) => h.buffer instanceof ArrayBuffer && !(h.buffer instanceof SharedArrayBuffer))).toBe(true);
    releaseHistograms(plain);
    const shared = acquireHistograms(1235, 2);
    expect(shared.every((h) => h.buffer instanceof SharedArrayBuffer)).toBe(true);
    expect(shared.some((h) => plain.includes(h))).toBe(false);
    const again = acquireHistograms(1235, 2, { shared: false });
    expect(again.every((h) => plain.includes(h))).toBe(true);
    releaseHistograms(shared);
    releaseHistograms(again);
  });

  it('reused (dirty) buffers give bit-identical cross-validation results', async () => {
    const data = await readCsv('datasets/breast_cancer.csv');
    const params = { num_leaves: 63, num_iterations: 20, min_data_in_leaf: 5, verbosity: -1 };
    const first = cv(params, data, { nfold: 3, seed: 1 });
    // a different shape in between leaves other values in the pooled buffers
    cv({ num_leaves: 7, num_iterations: 5, verbosity: -1 }, data, { nfold: 3, seed: 2 });
    const again = cv(params, data, { nfold: 3, seed: 1 });
    expect(again.history).toEqual(first.history);
    expect(first.best.accuracy.mean).toBeGreaterThan(0.93);
  });
});
