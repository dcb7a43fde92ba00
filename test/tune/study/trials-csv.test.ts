import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CategoricalDistribution, FloatDistribution } from '../../../src/tune/distributions.js';
import { RandomSampler } from '../../../src/tune/samplers/random.js';
import { createStudy } from '../../../src/tune/study/create-study.js';
import { csvField, formatDatetime, formatDuration } from '../../../src/tune/study/trials-csv.js';
import { createTrial } from '../../../src/tune/trial/create-trial.js';

const start = new Date(2024, 4, 1, 13, 45, 12, 345); // local time, as pandas prints naive datetimes
const end = new Date(2024, 4, 1, 13, 45, 13, 579);

describe('trialsDataframe / trialsToCsv', () => {
  // checked against Optuna 3.1 + pandas: the same trial gives
  // number,value,datetime_start,datetime_complete,duration,params_a,params_z,user_attrs_cfg,user_attrs_note,system_attrs_s,state
  // 0,0.5,2024-05-01 13:45:12.345,2024-05-01 13:45:13.579,0 days 00:00:01.234000,"x,y",1.5,{'d': 3},"line1\nline2",1,COMPLETE
  // (pandas writes a dict as a Python repr; gbtune writes JSON)
  it("has Optuna's columns in Optuna's order", async () => {
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await study.addTrial(
      createTrial({
        params: { z: 1.5, a: 'x,y' },
        distributions: { z: new FloatDistribution(0, 2), a: new CategoricalDistribution(['x,y', 'say "hi"']) },
        value: 0.5,
        userAttrs: { note: 'line1\nline2', cfg: { d: 3 } },
        systemAttrs: { s: 1 },
        datetimeStart: start,
        datetimeComplete: end,
      }),
    );
    await study.addTrial(
      createTrial({
        state: 'FAIL',
        params: { a: 'say "hi"' },
        distributions: { a: new CategoricalDistribution(['x,y', 'say "hi"']) },
        datetimeStart: start,
        datetimeComplete: end,
      }),
    );
    expect(study.trialsDataframe().columns).toEqual([
      'number', 'value', 'datetime_start', 'datetime_complete', 'duration', 'params_a', 'params_z', 'user_attrs_cfg', 'user_attrs_note', 'system_attrs_s', 'state',
    ]);
    const df = study.trialsDataframe({ includeSystemAttrs: false });
    expect(df.columns).toEqual([
      'number', 'value', 'datetime_start', 'datetime_complete', 'duration', 'params_a', 'params_z', 'user_attrs_cfg', 'user_attrs_note', 'state',
    ]);
    expect(df.rows[0]).toEqual({
      number: 0,
      value: 0.5,
      datetime_start: start,
      datetime_complete: end,
      duration: 1.234,
      params_a: 'x,y',
      params_z: 1.5,
      user_attrs_cfg: { d: 3 },
      user_attrs_note: 'line1\nline2',
      state: 'COMPLETE',
    });
    expect(df.rows[1]?.value).toBeNull();
    expect(df.rows[1]?.params_z).toBeNull();
    const csv = study.trialsToCsv({ includeSystemAttrs: false });
    const lines = csv.split('\n');
    expect(lines[0]).toBe('number,value,datetime_start,datetime_complete,duration,params_a,params_z,user_attrs_cfg,user_attrs_note,state');
    expect(csv).toBe(
      'number,value,datetime_start,datetime_complete,duration,params_a,params_z,user_attrs_cfg,user_attrs_note,state\n' +
        '0,0.5,2024-05-01 13:45:12.345,2024-05-01 13:45:13.579,0 days 00:00:01.234000,"x,y",1.5,"{""d"":3}","line1\nline2",COMPLETE\n' +
        '1,,2024-05-01 13:45:12.345,2024-05-01 13:45:13.579,0 days 00:00:01.234000,"say ""hi""",,,,FAIL\n',
    );
    // an RFC 4180 parser reads the same cells back
    const parsed = Papa.parse<string[]>(csv.trimEnd(), { header: false });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data[1]?.[5]).toBe('x,y');
    expect(parsed.data[1]?.[8]).toBe('line1\nline2');
    expect(parsed.data[2]?.[5]).toBe('say "hi"');
  });

  it('uses values_<i> columns for several objectives and is empty for an empty study', async () => {
    const study = await createStudy({ directions: ['minimize', 'maximize'], sampler: new RandomSampler({ seed: 1 }) });
    expect(study.trialsToCsv()).toBe('');
    expect(study.trialsDataframe()).toEqual({ columns: [], rows: [] });
    await study.optimize((t) => [t.suggestFloat('x', 0, 1), 2], { nTrials: 2 });
    const df = study.trialsDataframe({ includeIntermediateValues: true });
    expect(df.columns.slice(0, 3)).toEqual(['number', 'values_0', 'values_1']);
    expect(df.rows[1]?.values_1).toBe(2);
    expect(df.columns[df.columns.length - 1]).toBe('state');
  });

  it('formats cells as pandas does', () => {
    expect(formatDatetime(start)).toBe('2024-05-01 13:45:12.345');
    expect(formatDatetime(start, false)).toBe('2024-05-01 13:45:12');
    expect(formatDuration(90061.5)).toBe('1 days 01:01:01.500000');
    expect(formatDuration(0)).toBe('0 days 00:00:00.000000');
    expect(csvField(true)).toBe('True');
    expect(csvField(null)).toBe('');
    expect(csvField(NaN)).toBe('');
    expect(csvField(-Infinity)).toBe('-inf');
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField('plain')).toBe('plain');
  });
});
