import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { captureLogsAsync } from '../../src/core/log.js';
import { detectImbalance, imbalanceHint, IMBALANCED_SHARE } from '../../src/tune-gbdt/imbalance.js';
import { tuneGbdt, type TuneGbdtOptions } from '../../src/tune-gbdt/tune.js';
import { PARAMS_ATTR } from '../../src/tune-gbdt/context.js';
import { imbalancedBreastCancer } from '../helpers/imbalanced.js';

let path = '';
let counts: [number, number] = [0, 0];
beforeAll(() => {
  ({ path, counts } = imbalancedBreastCancer(mkdtempSync(join(tmpdir(), 'gbtune-imb-'))));
});
const fast: TuneGbdtOptions = { nFolds: 3, maxRounds: 60, earlyStoppingRounds: 10, nTrials: 6, refit: false, seed: 2 };

describe('detectImbalance: a binary minority under 20% of the rows', () => {
  it('finds the rare class, its share and the scale_pos_weight range 1..negatives/positives', async () => {
    const [neg, pos] = counts;
    expect(pos / (neg + pos)).toBeGreaterThan(0.05);
    expect(pos / (neg + pos)).toBeLessThan(IMBALANCED_SHARE);
    const info = detectImbalance(await readCsv(path), 'binary')!;
    expect(info.minorityClass).toBe('1');
    expect(info.majorityClass).toBe('0');
    expect(info.minorityShare).toBeCloseTo(pos / (neg + pos), 15);
    expect(info.scalePosWeight).toEqual({ low: 1, high: Number((neg / pos).toPrecision(3)) });
  });

  it('by weight when the rows have weights; the majority positive gives a range below 1; balanced or multiclass: none', async () => {
    const plain = await readCsv('datasets/breast_cancer.csv'); // 212 / 357
    expect(detectImbalance(plain, 'binary')).toBeNull();
    expect(detectImbalance(await readCsv('datasets/iris.csv'), 'multiclass')).toBeNull();
    expect(detectImbalance(plain, 'regression')).toBeNull();
    // class 0 rows weigh 0.1: 21.2 against 357, class 0 is 5.6% by weight, the positives the majority
    const w = Float64Array.from(plain.target!.classIndex!, (c) => (c === 0 ? 0.1 : 1));
    const info = detectImbalance(await readCsv('datasets/breast_cancer.csv', { weight: w }), 'binary')!;
    expect(info.minorityClass).toBe('0');
    expect(info.minorityShare).toBeCloseTo(21.2 / 378.2, 12);
    expect(info.scalePosWeight).toEqual({ low: Number((21.2 / 357).toPrecision(3)), high: 1 });
  });

  it('hints at auc and average_precision when accuracy (or binary_error) is tuned', () => {
    const info = { minorityClass: '1', majorityClass: '0', minorityShare: 0.1, scalePosWeight: null };
    expect(imbalanceHint(info, 'accuracy')).toBe(
      "class '1' is 10.0% of the rows: accuracy may mislead on imbalanced data (always predicting '0' scores 90.0%); --metric auc or --metric average_precision rank the models by how they order the rows",
    );
    expect(imbalanceHint(info, 'binary_error')).toMatch(/binary_error may mislead .*an error of 10\.0%/);
    expect(imbalanceHint(info, 'auc')).toBeNull();
    expect(imbalanceHint(info, 'average_precision')).toBeNull();
  });
});

describe('tuneGbdt on an imbalanced binary target', () => {
  it('searches scale_pos_weight in the default space, says so, and hints at auc when tuning accuracy', async () => {
    let r: Awaited<ReturnType<typeof tuneGbdt>> | undefined;
    const logs = await captureLogsAsync(async () => {
      r = await tuneGbdt(path, fast);
    });
    const { info, study } = r!;
    const high = Number((counts[0] / counts[1]).toPrecision(3));
    expect(info.imbalance).toMatchObject({ minorityClass: '1', scalePosWeight: { low: 1, high } });
    expect(info.searchedParams).toContain('scale_pos_weight');
    expect(info.hint).toMatch(/accuracy may mislead on imbalanced data .* --metric auc/);
    expect(logs.some((l) => l.level === 'info' && l.message.includes('--metric auc'))).toBe(true);
    const values = study.trials.map((t) => (t.userAttrs[PARAMS_ATTR] as Record<string, number>).scale_pos_weight);
    expect(values).toHaveLength(6);
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(1);
      expect(v).toBeLessThanOrEqual(high);
    }
    expect(new Set(values).size).toBe(6);
  });

  it('tunes auc and average_precision (no hint); a fixed scale_pos_weight or is_unbalance is not searched', async () => {
    const auc = await tuneGbdt(path, { ...fast, metric: 'auc' });
    expect(auc.info.hint).toBeNull();
    expect(auc.bestValue).toBeGreaterThan(0.95);
    expect(auc.bestValue).toBeLessThanOrEqual(1);
    const ap = await tuneGbdt(path, { ...fast, metric: 'average_precision' });
    expect(ap.metric).toBe('average_precision');
    expect(ap.direction).toBe('maximize');
    expect(ap.bestValue).toBeGreaterThan(0.8);
    expect(ap.info.searchedParams).toContain('scale_pos_weight');
    const fixed = await tuneGbdt(path, { ...fast, nTrials: 2, params: { scale_pos_weight: 3 } });
    expect(fixed.info.searchedParams).not.toContain('scale_pos_weight');
    expect(fixed.info.imbalance?.scalePosWeight).toBeNull();
    expect(fixed.bestParams.scale_pos_weight).toBe(3);
    const unbalanced = await tuneGbdt(path, { ...fast, nTrials: 2, params: { is_unbalance: true } });
    expect(unbalanced.info.searchedParams).not.toContain('scale_pos_weight');
    // a balanced target keeps the default space
    const balanced = await tuneGbdt('datasets/breast_cancer.csv', { ...fast, nTrials: 1 });
    expect(balanced.info.imbalance).toBeNull();
    expect(balanced.info.searchedParams).not.toContain('scale_pos_weight');
  });
});
