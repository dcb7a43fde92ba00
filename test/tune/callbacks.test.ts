import { describe, expect, it } from 'vitest';
import { MaxTrialsCallback } from '../../src/tune/callbacks.js';
import { RandomSampler } from '../../src/tune/samplers/random.js';
import { InMemoryStorage } from '../../src/tune/storages/memory.js';
import { createStudy, loadStudy } from '../../src/tune/study/create-study.js';

describe('MaxTrialsCallback', () => {
  it('stops once the study holds n trials in the given states, counting other workers', async () => {
    const storage = new InMemoryStorage();
    const a = await createStudy({ storage, studyName: 's', sampler: new RandomSampler({ seed: 1 }) });
    await a.optimize((t) => t.suggestFloat('x', 0, 1), { nTrials: 4 });
    const b = await loadStudy({ storage, studyName: 's', sampler: new RandomSampler({ seed: 2 }) });
    await b.optimize((t) => (t.number % 2 === 0 ? NaN : t.suggestFloat('x', 0, 1)), { nTrials: 100, callbacks: [new MaxTrialsCallback(8).callback] });
    expect(b.getTrials({ states: ['COMPLETE'] })).toHaveLength(8);
    const c = await loadStudy({ storage, studyName: 's', sampler: new RandomSampler({ seed: 3 }) });
    const n = c.trials.length;
    await c.optimize(() => 1, { nTrials: 100, callbacks: [new MaxTrialsCallback(n + 2, null).callback] });
    expect(c.trials).toHaveLength(n + 2);
    expect(() => new MaxTrialsCallback(-1)).toThrow(/nTrials/);
  });
});

describe('metric names', () => {
  it("names the value columns as Optuna does", async () => {
    const s = await createStudy({ directions: ['maximize', 'minimize'], sampler: new RandomSampler({ seed: 1 }) });
    expect(s.metricNames).toBeNull();
    await s.setMetricNames(['acc', 'ms']);
    expect(s.metricNames).toEqual(['acc', 'ms']);
    await s.optimize(() => [0.9, 12], { nTrials: 1 });
    expect(s.trialsDataframe().columns.slice(0, 3)).toEqual(['number', 'values_acc', 'values_ms']);
    await expect(s.setMetricNames(['only'])).rejects.toThrow(/give 2 name\(s\)/);
    const one = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await one.setMetricNames(['loss']);
    await one.optimize(() => 1, { nTrials: 1 });
    expect(one.trialsToCsv().split('\n')[0]).toBe('number,value_loss,datetime_start,datetime_complete,duration,state');
  });
});
