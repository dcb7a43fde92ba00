import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/data/csv.js';
import { tuneGbdt } from '../../src/tune-gbdt/tune.js';
import { DEFAULT_PORTFOLIO, portfolioTrials, type PortfolioEntry } from '../../src/tune-gbdt/portfolio.js';
import { PORTFOLIO_ATTR } from '../../src/tune-gbdt/time-budget.js';
import { PARAMS_ATTR } from '../../src/tune-gbdt/context.js';
import { defaultSearchSpace } from '../../src/tune-gbdt/search-space.js';
import { FixedTrial } from '../../src/tune/trial/fixed-trial.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BC = 'datasets/breast_cancer.csv';
const fast = { nFolds: 3, maxRounds: 60, earlyStoppingRounds: 10 };
const A: PortfolioEntry = { lambda_l1: 1e-3, lambda_l2: 0.1, num_leaves: 7, feature_fraction: 0.8, bagging_fraction: 0.9, bagging_freq: 1, min_child_samples: 20, learning_rate: 0.1, limit_depth: false };
const B: PortfolioEntry = { ...A, num_leaves: 31, limit_depth: true, max_depth: 5, learning_rate: 0.2 };

describe('portfolio', () => {
  it('the default portfolio holds trial params of the default space, each in its range', () => {
    expect(DEFAULT_PORTFOLIO.length).toBeGreaterThanOrEqual(2);
    expect(DEFAULT_PORTFOLIO.length).toBeLessThanOrEqual(6);
    for (const entry of DEFAULT_PORTFOLIO) {
      // the default space takes every entry as a fixed trial: the names and ranges are the space's
      const p = defaultSearchSpace(new FixedTrial({ ...entry }));
      expect(p.num_leaves).toBe(entry.num_leaves);
      expect(p.learning_rate).toBe(entry.learning_rate);
      expect(p.max_depth).toBe(entry.limit_depth === true ? entry.max_depth : -1);
    }
  });

  it('portfolioTrials keeps the searched params, drops max_depth when limit_depth is false, and repeats', () => {
    const t = portfolioTrials([{ ...A, max_depth: 4 }, B, { ...A, max_depth: 9 }], ['num_leaves', 'limit_depth', 'max_depth']);
    expect(t).toEqual([
      { num_leaves: 7, limit_depth: false },
      { num_leaves: 31, limit_depth: true, max_depth: 5 },
    ]);
    expect(portfolioTrials([A], [])).toEqual([]);
  });

  it('a new study runs the portfolio first (marked), then the sampler; fixed params stay fixed; a continued study gets none', async () => {
    const data = await readCsv(BC);
    const r = await tuneGbdt(data, { ...fast, nTrials: 3, seed: 1, refit: false, portfolio: [A, B], params: { min_child_samples: 10 } });
    const [t0, t1, t2] = r.study.trials;
    expect(t0.params).toEqual(Object.fromEntries(Object.entries(A).filter(([k]) => k !== 'min_child_samples')));
    expect(t0.userAttrs[PORTFOLIO_ATTR]).toBe(true);
    expect((t0.userAttrs[PARAMS_ATTR] as Record<string, unknown>).min_data_in_leaf).toBe(10);
    expect((t1.userAttrs[PARAMS_ATTR] as Record<string, unknown>).max_depth).toBe(5);
    expect(t1.params.learning_rate).toBe(0.2);
    expect(t2.userAttrs[PORTFOLIO_ATTR]).toBeUndefined();
    expect(t2.params.num_leaves).not.toBe(7);
  });

  it('at most nTrials of it (none left waiting); none for a continued study, a custom space or portfolio: false', async () => {
    const data = await readCsv(BC);
    const storage = `sqlite:///${join(mkdtempSync(join(tmpdir(), 'gbtune-portfolio-')), 'study.db')}`;
    const one = await tuneGbdt(data, { ...fast, nTrials: 1, seed: 1, refit: false, portfolio: [A, B], storage, studyName: 'p' });
    expect(one.study.trials.map((t) => t.state)).toEqual(['COMPLETE']);
    expect(one.study.trials[0].params.num_leaves).toBe(7);
    await one.study.storage.close?.();
    const again = await tuneGbdt(data, { ...fast, nTrials: 1, seed: 1, refit: false, portfolio: [A, B], storage, studyName: 'p' });
    expect(again.study.trials.length).toBe(2);
    expect(again.study.trials[1].userAttrs[PORTFOLIO_ATTR]).toBeUndefined();
    await again.study.storage.close?.();
    const spec = await tuneGbdt(data, { ...fast, nTrials: 1, seed: 1, refit: false, portfolio: [A], searchSpace: { num_leaves: { type: 'int', low: 2, high: 5 } } });
    expect(spec.study.trials[0].userAttrs[PORTFOLIO_ATTR]).toBeUndefined();
    const off = await tuneGbdt(data, { ...fast, nTrials: 1, seed: 1, refit: false, portfolio: false });
    expect(off.study.trials[0].userAttrs[PORTFOLIO_ATTR]).toBeUndefined();
  });
});
