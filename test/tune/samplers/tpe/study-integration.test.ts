// TPESampler through the public study API (createStudy / optimize / ask / tell).
import { describe, expect, it } from 'vitest';
import { createStudy } from '../../../../src/tune/study/create-study.js';
import { TPESampler } from '../../../../src/tune/samplers/tpe/sampler.js';

describe('TPESampler with createStudy', () => {
  it('optimizes a 3-D function and is reproducible from its seed', async () => {
    const run = async (seed: number): Promise<{ best: number; params: unknown[] }> => {
      const study = await createStudy({ sampler: new TPESampler({ seed }) });
      await study.optimize(
        (t) => {
          const x = t.suggestFloat('x', -10, 10);
          const n = t.suggestInt('n', 1, 64, { log: true });
          const c = t.suggestCategorical('c', ['relu', 'tanh', 'gelu'] as const);
          return (x - 3) ** 2 + Math.abs(Math.log2(n) - 3) + (c === 'gelu' ? 0 : 2);
        },
        { nTrials: 60 },
      );
      return { best: study.bestValue, params: study.trials.map((t) => t.params) };
    };
    const a = await run(11);
    const b = await run(11);
    expect(b.params).toEqual(a.params);
    // random search's median best here is about 1.2 (12 seeds); TPE's about 0.4
    const bests = [a.best, (await run(1)).best, (await run(2)).best].sort((x, y) => x - y);
    expect(bests[1]).toBeLessThan(1);
  });

  it('parallel asks with the constant liar (multivariate) do not repeat a point', async () => {
    const study = await createStudy({ sampler: new TPESampler({ seed: 2, constantLiar: true, multivariate: true }) });
    await study.optimize(
      async (t) => {
        const x = t.suggestFloat('x', -5, 5);
        const y = t.suggestFloat('y', -5, 5);
        await new Promise((r) => setTimeout(r, 1));
        return x * x + y * y;
      },
      { nTrials: 40, nJobs: 4 },
    );
    const keys = new Set(study.trials.map((t) => `${t.params.x},${t.params.y}`));
    expect(keys.size).toBe(40);
    expect(study.bestValue).toBeLessThan(2);
  });

  it('ask/tell by hand with several objectives gives a Pareto front', async () => {
    const study = await createStudy({ directions: ['minimize', 'maximize'], sampler: new TPESampler({ seed: 5 }) });
    for (let i = 0; i < 40; i++) {
      const t = await study.ask();
      const x = t.suggestFloat('x', 0, 1);
      await study.tell(t, [x * x, Math.sqrt(x)]);
    }
    const front = study.bestTrials;
    expect(front.length).toBe(40); // every distinct point of this problem is Pareto-optimal
  });
});
