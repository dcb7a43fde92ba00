import { describe, expect, it } from 'vitest';
import { prepareBins, prepareTraining } from '../../src/cli/commands/data-options.js';

describe('prepareBins (gbtune train without an init model)', () => {
  it('gives prepareTraining’s bins and params with the data’s shape, and no Dataset to keep alive', async () => {
    const opts = { param: ['objective=binary', 'max_bin=63'], target: 'target' };
    const bins = await prepareBins('datasets/breast_cancer.csv', opts);
    const full = await prepareTraining('datasets/breast_cancer.csv', opts);
    expect('data' in bins).toBe(false);
    expect(bins.nRows).toBe(full.data.nRows);
    expect(bins.nFeatures).toBe(full.data.nFeatures);
    expect(bins.resolved).toEqual(full.resolved);
    expect(bins.binned.bins).toEqual(full.binned.bins);
  });
});
