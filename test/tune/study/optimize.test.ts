import { describe, expect, it } from 'vitest';
import { TrialPruned, TunerError } from '../../../src/core/errors.js';
import { captureLogsAsync } from '../../../src/core/log.js';
import { Rng } from '../../../src/core/rng.js';
import { RandomSampler } from '../../../src/tune/samplers/random.js';
import { createStudy } from '../../../src/tune/study/create-study.js';
import { NopPruner } from '../../../src/tune/pruners/nop.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('study.optimize', () => {
  it('finds the minimum random search reaches, matching a naive replay of the seeded draws', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 7 }) });
    await study.optimize((t) => (t.suggestFloat('x', -10, 10) - 2) ** 2 + (t.suggestFloat('y', -5, 5) + 1) ** 2, { nTrials: 200 });
    expect(study.trials).toHaveLength(200);
    // naive reference: the same RNG stream drawn in suggestion order
    const rng = new Rng(7);
    let best = Infinity;
    for (let i = 0; i < 200; i++) {
      const x = -10 + 20 * rng.random();
      const y = -5 + 10 * rng.random();
      best = Math.min(best, (x - 2) ** 2 + (y + 1) ** 2);
    }
    expect(study.bestValue).toBe(best);
    expect(study.bestValue).toBeLessThan(0.6);
    const { x, y } = study.bestParams as { x: number; y: number };
    expect((x - 2) ** 2 + (y + 1) ** 2).toBe(study.bestValue);
    expect(study.bestTrial.state).toBe('COMPLETE');
  });

  it('maximizes', async () => {
    const study = await createStudy({ direction: 'maximize', sampler: new RandomSampler({ seed: 3 }) });
    await study.optimize((t) => -Math.abs(t.suggestInt('n', 0, 20) - 13), { nTrials: 60 });
    expect(Math.abs(study.bestValue)).toBe(0);
    expect(study.bestParams).toEqual({ n: 13 });
    expect(study.direction).toBe('MAXIMIZE');
  });

  it('accepts async objectives and runs nJobs trials concurrently with unique numbers', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    let running = 0;
    let maxRunning = 0;
    const seen: number[] = [];
    await study.optimize(
      async (t) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        seen.push(t.number);
        const x = t.suggestFloat('x', 0, 1);
        await sleep(2 + (t.number % 3));
        running--;
        return x;
      },
      { nTrials: 40, nJobs: 4 },
    );
    expect(study.trials).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
    expect(study.trials.map((t) => t.number)).toEqual(Array.from({ length: 40 }, (_x, i) => i));
    expect(study.trials.every((t) => t.state === 'COMPLETE')).toBe(true);
    expect(maxRunning).toBe(4);
  });

  it('stops starting trials after the timeout', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize(
      async (t) => {
        await sleep(15);
        return t.suggestFloat('x', 0, 1);
      },
      { timeout: 0.1, nTrials: 1000 },
    );
    expect(study.trials.length).toBeGreaterThanOrEqual(1);
    expect(study.trials.length).toBeLessThan(1000);
    expect(study.trials.every((t) => t.state === 'COMPLETE')).toBe(true);
  });

  it('marks trials that throw TrialPruned as PRUNED with their last intermediate value', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }), pruner: new NopPruner() });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat('x', 0, 1);
        t.report(10, 0);
        t.report(7.5, 1);
        if (t.number % 2 === 1) throw new TrialPruned();
        return x;
      },
      { nTrials: 6 },
    );
    const pruned = study.getTrials({ states: ['PRUNED'] });
    expect(pruned.map((t) => t.number)).toEqual([1, 3, 5]);
    for (const t of pruned) expect(t.values).toEqual([7.5]);
    expect(study.getTrials({ states: ['COMPLETE'] })).toHaveLength(3);
  });

  it('fails a trial whose objective throws and rethrows the error, unless its class is caught', async () => {
    class Flaky extends Error {}
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const logs = await captureLogsAsync(async () => {
      await study.optimize(
        (t) => {
          const x = t.suggestFloat('x', 0, 1);
          if (t.number === 2) throw new Flaky('flaky network');
          return x;
        },
        { nTrials: 5, catch: [Flaky] },
      );
    });
    expect(study.trials.map((t) => t.state)).toEqual(['COMPLETE', 'COMPLETE', 'FAIL', 'COMPLETE', 'COMPLETE']);
    expect(study.trials[2]?.values).toBeNull();
    expect(logs.some((l) => l.level === 'warn' && /trial 2 failed/.test(l.message) && /flaky network/.test(l.message))).toBe(true);

    const other = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await expect(
      other.optimize(
        (t) => {
          t.suggestFloat('x', 0, 1);
          if (t.number === 1) throw new RangeError('boom');
          return 1;
        },
        { nTrials: 5, catch: [Flaky] },
      ),
    ).rejects.toThrow(/boom/);
    expect(other.trials.map((t) => t.state)).toEqual(['COMPLETE', 'FAIL']);
  });

  it('stops all runners cleanly on an uncaught error with nJobs > 1', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await expect(
      study.optimize(
        async (t) => {
          await sleep(1);
          if (t.number === 5) throw new Error('stop here');
          return 0;
        },
        { nTrials: 100, nJobs: 3 },
      ),
    ).rejects.toThrow('stop here');
    expect(study.trials.length).toBeLessThan(100);
    expect(study.getTrials({ states: ['RUNNING'] })).toHaveLength(0);
    expect(study.trials[5]?.state).toBe('FAIL');
  });

  it('fails trials returning NaN, a non-number or the wrong count, with a warning naming the trial and value', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const results: unknown[] = [NaN, 'abc', [1, 2], undefined, 1.5, [Infinity]];
    const logs = await captureLogsAsync(async () => {
      await study.optimize((t) => results[t.number] as number, { nTrials: results.length });
    });
    expect(study.trials.map((t) => t.state)).toEqual(['FAIL', 'FAIL', 'FAIL', 'FAIL', 'COMPLETE', 'COMPLETE']);
    expect(study.trials[5]?.values).toEqual([Infinity]);
    const warns = logs.filter((l) => l.level === 'warn').map((l) => l.message);
    expect(warns.some((m) => /trial 0/.test(m) && /NaN/.test(m))).toBe(true);
    expect(warns.some((m) => /trial 1/.test(m) && /"abc"/.test(m))).toBe(true);
    expect(warns.some((m) => /trial 2/.test(m) && /number of the values 2/.test(m))).toBe(true);
    expect(warns.some((m) => /trial 3/.test(m) && /undefined/.test(m))).toBe(true);
  });

  it('supports multi-objective objectives returning arrays, with a Pareto front', async () => {
    const study = await createStudy({ directions: ['minimize', 'maximize'], sampler: new RandomSampler({ seed: 5 }) });
    await study.optimize(
      (t) => {
        const x = t.suggestFloat('x', 0, 1);
        return [x, x * x]; // both grow with x: every point is Pareto-optimal
      },
      { nTrials: 10 },
    );
    expect(study.bestTrials).toHaveLength(10);
    const study2 = await createStudy({ directions: ['minimize', 'minimize'], sampler: new RandomSampler({ seed: 5 }) });
    await study2.optimize(
      (t) => {
        const x = t.suggestFloat('x', 0, 1);
        return [x, 1 - x + 0.5 * Math.abs(x - 0.5)];
      },
      { nTrials: 30 },
    );
    // naive front
    const pts = study2.trials.map((t) => t.values as number[]);
    const naive = study2.trials.filter((_t, i) => !pts.some((q, j) => j !== i && q[0] <= pts[i][0] && q[1] <= pts[i][1] && (q[0] < pts[i][0] || q[1] < pts[i][1])));
    expect(study2.bestTrials.map((t) => t.number)).toEqual(naive.map((t) => t.number));
    expect(() => study2.bestTrial).toThrow(/multi-objective/);
    expect(() => study2.direction).toThrow(TunerError);
  });

  it('calls callbacks after each trial; stop() from a callback ends the loop', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    const seen: [number, string][] = [];
    await study.optimize((t) => t.suggestFloat('x', 0, 1), {
      nTrials: 100,
      callbacks: [
        (s, frozen) => {
          seen.push([frozen.number, frozen.state]);
          if (s.trials.length >= 7) s.stop();
        },
      ],
    });
    expect(study.trials).toHaveLength(7);
    expect(seen).toEqual(Array.from({ length: 7 }, (_x, i) => [i, 'COMPLETE']));
    expect(() => study.stop()).toThrow(/inside an objective/);
    // the flag is reset for the next optimize
    await study.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 2 });
    expect(study.trials).toHaveLength(9);
  });

  it('stops from inside the objective', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.optimize(
      (t) => {
        if (t.number === 3) study.stop();
        return t.number;
      },
      { nTrials: 50 },
    );
    expect(study.trials).toHaveLength(4);
  });

  it('validates its options', async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await expect(study.optimize(() => 1, { nTrials: -1 })).rejects.toThrow(/nTrials/);
    await expect(study.optimize(() => 1, { nTrials: 1.5 })).rejects.toThrow(/nTrials/);
    await expect(study.optimize(() => 1, { nJobs: 0 })).rejects.toThrow(/nJobs/);
    await expect(study.optimize(() => 1, { timeout: -2 })).rejects.toThrow(/timeout/);
    await study.optimize(() => 1, { nTrials: 0 });
    expect(study.trials).toHaveLength(0);
  });
});
