import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../../src/core/log.js';
import { Dataset } from '../../../src/data/dataset.js';
import { cv } from '../../../src/gbdt/boosting/cv.js';
import { train } from '../../../src/gbdt/boosting/train.js';

/** 3,000 rows: classes 'a' and 'b' split on x, class 'rare' only 2 rows (0.07%). */
function data(): Dataset {
  const x: number[] = [];
  const y: string[] = [];
  for (let i = 0; i < 3000; i++) {
    x.push(i % 100);
    y.push(i === 7 || i === 1507 ? 'rare' : i % 100 < 50 ? 'a' : 'b');
  }
  return Dataset.fromColumns({ x, y }, { target: 'y' });
}

describe('the rare-class warning of multiclass boost_from_average', () => {
  it('names the rare class and the fix under LightGBM defaults, in train and cv', () => {
    const d = data();
    const logs = captureLogs(() => {
      train({ objective: 'multiclass', num_iterations: 2 }, d);
      cv({ objective: 'multiclass', num_iterations: 2 }, d, { nfold: 3 });
    }).filter((l) => l.level === 'warn' && l.message.includes('multiclass: class'));
    expect(logs).toHaveLength(2);
    expect(logs[0].message).toContain("'rare' (2 rows)");
    expect(logs[0].message).toContain('lambda_l2');
    expect(logs[0].message).not.toContain("'a'");
  });

  it('stays quiet with lambda_l2, max_delta_step, boost_from_average off or verbosity -1', () => {
    const d = data();
    for (const extra of [{ lambda_l2: 1 }, { max_delta_step: 0.7 }, { boost_from_average: false }, { verbosity: -1 }]) {
      const logs = captureLogs(() => train({ objective: 'multiclass', num_iterations: 2, ...extra }, d)).filter((l) => l.message.includes('multiclass: class'));
      expect(logs, JSON.stringify(extra)).toHaveLength(0);
    }
  });
});
