/**
 * Samplers that fall back to independent sampling for a param (CMA-ES for a categorical param, GP
 * and QMC for a param outside their search space) say so once per study and param, not in every
 * trial; a second study of the same sampler is told again.
 */
import { describe, expect, it } from 'vitest';
import { captureLogsAsync } from '../../../src/core/log.js';
import type { Sampler } from '../../../src/tune/samplers/base.js';
import { CmaEsSampler } from '../../../src/tune/samplers/cmaes/sampler.js';
import { GPSampler } from '../../../src/tune/samplers/gp/sampler.js';
import { QMCSampler } from '../../../src/tune/samplers/qmc.js';
import { createStudy } from '../../../src/tune/study/create-study.js';
import type { Trial } from '../../../src/tune/trial/trial.js';

const cases: { name: string; make: () => Sampler; param: string; objective: (t: Trial) => number }[] = [
  {
    name: 'CmaEsSampler, a categorical param',
    make: () => new CmaEsSampler({ seed: 1, nStartupTrials: 2 }),
    param: 'k',
    objective: (t) => t.suggestFloat('x', -1, 1) ** 2 + (t.suggestCategorical('k', ['a', 'b', 'c']) === 'b' ? 0 : 1),
  },
  {
    name: 'GPSampler, a conditional param',
    make: () => new GPSampler({ seed: 1, nStartupTrials: 2 }),
    param: 'c',
    objective: (t) => t.suggestFloat('x', -1, 1) ** 2 + (t.number % 2 === 0 ? t.suggestFloat('c', 0, 1) : 0),
  },
  {
    name: 'QMCSampler, a param that appears after the first trial',
    make: () => new QMCSampler({ seed: 1 }),
    param: 'late',
    objective: (t) => t.suggestFloat('x', 0, 1) + (t.number > 0 ? t.suggestFloat('late', 0, 1) : 0),
  },
];

describe.each(cases)('$name', ({ make, param, objective }) => {
  it('warns once per study, not once per trial', async () => {
    const sampler = make();
    const warnings = async (studyName: string): Promise<string[]> => {
      const study = await createStudy({ sampler, studyName });
      const logs = await captureLogsAsync(() => study.optimize(objective, { nTrials: 10 }));
      expect(study.trials.filter((t) => param in t.params).length).toBeGreaterThanOrEqual(5);
      return logs.filter((l) => l.level === 'warn' && l.message.includes(`'${param}'`)).map((l) => l.message);
    };
    const first = await warnings('one');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/sampled independently .*once per study/);
    expect(await warnings('two')).toHaveLength(1);
  });
});
