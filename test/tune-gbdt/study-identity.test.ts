import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudyMismatchError } from '../../src/core/errors.js';
import { captureLogsAsync } from '../../src/core/log.js';
import { readCsv } from '../../src/data/csv.js';
import { Dataset } from '../../src/data/dataset.js';
import { dataFingerprint } from '../../src/tune-gbdt/data-fingerprint.js';
import { STUDY_IDENTITY_ATTR, type StudyIdentity } from '../../src/tune-gbdt/study-identity.js';
import { tuneGbdt, type TuneGbdtOptions } from '../../src/tune-gbdt/tune.js';
import { InMemoryStorage } from '../../src/tune/storages/memory.js';
import { createStudy, loadStudy } from '../../src/tune/study/create-study.js';
import type { Trial } from '../../src/tune/trial/trial.js';

const BC = 'datasets/breast_cancer.csv';
const IRIS = 'datasets/iris.csv';
const fast: TuneGbdtOptions = { nFolds: 3, maxRounds: 30, earlyStoppingRounds: 5, nTrials: 2, refit: false, sampler: 'random' };

async function mismatch(p: Promise<unknown>): Promise<StudyMismatchError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StudyMismatchError);
  return e as StudyMismatchError;
}

describe('a study records what it was made for, and only a matching run continues it', () => {
  it('records the data, target, objective, metric, folds, rounds, fixed params and space; other data, metric or folds are refused before any trial', async () => {
    const storage = new InMemoryStorage();
    const a = await tuneGbdt(BC, { ...fast, storage, studyName: 's', params: { max_bin: 63 } });
    const id = a.study.userAttrs[STUDY_IDENTITY_ATTR] as StudyIdentity;
    expect(id.data.rows).toBe(569);
    expect(id.data.columns).toHaveLength(30);
    expect(id.data.columns[0]).toBe('mean radius (numeric)');
    expect(id.data.target).toBe('target (2 classes: 0, 1)');
    expect(id.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(id).toMatchObject({ objective: 'binary', metric: 'accuracy', direction: 'maximize', nFolds: 3, seed: 0, explicitFolds: null, rounds: { max: 30, earlyStopping: 5 } });
    expect(id.fixedParams).toEqual({ max_bin: 63 });
    expect(id.searchSpace.kind).toBe('default');
    expect(id.searchSpace.entries?.num_leaves).toBe('int 2..256');

    // iris into the same study: every data field differs, and the objective
    const e1 = await mismatch(tuneGbdt(IRIS, { ...fast, storage, studyName: 's', params: { max_bin: 63 } }));
    const fields = e1.differences.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['data.rows', 'data.columns', 'data.target', 'objective']));
    expect(e1.differences.find((d) => d.field === 'data.rows')).toMatchObject({ stored: '569', given: '150' });
    expect(e1.message).toMatch(/^study 's' was made for another tuning run/);
    expect(e1.message).toMatch(/data rows: 569 \(study\) → 150 \(this run\)/);
    expect(e1.message).toMatch(/give this run another studyName/);

    // AUC ranked against accuracies; 3 vs 5 folds; another fixed param; another space
    const e2 = await mismatch(tuneGbdt(BC, { ...fast, storage, studyName: 's', params: { max_bin: 63 }, metric: 'auc' }));
    expect(e2.differences).toEqual([{ field: 'metric', stored: 'accuracy', given: 'auc' }]);
    const e3 = await mismatch(tuneGbdt(BC, { ...fast, storage, studyName: 's', params: { max_bin: 63 }, nFolds: 5 }));
    expect(e3.differences).toEqual([{ field: 'nFolds', stored: '3', given: '5' }]);
    expect(e3.message).toMatch(/nFolds: 3 \(study\) → 5 \(this run\)/);
    const e4 = await mismatch(tuneGbdt(BC, { ...fast, storage, studyName: 's', params: { max_bin: 31, num_leaves: 7 } }));
    expect(e4.differences.map((d) => [d.field, d.stored, d.given])).toEqual([
      ['fixedParams.max_bin', '63', '31'],
      ['fixedParams.num_leaves', '(not fixed)', '7'],
      ['searchSpace.num_leaves', 'int 2..256', '(not searched)'],
    ]);
    expect(e4.message).toMatch(/params\.max_bin: 63 \(study\) → 31 \(this run\)/);
    const e5 = await mismatch(tuneGbdt(BC, { ...fast, storage, studyName: 's', params: { max_bin: 63 }, searchSpace: { num_leaves: { type: 'int', low: 4, high: 8 } } }));
    expect(e5.differences).toEqual([{ field: 'searchSpace', stored: 'default', given: 'spec' }]);
    // a metric of the other direction is named too
    const e6 = await mismatch(tuneGbdt(BC, { ...fast, storage, studyName: 's', params: { max_bin: 63 }, metric: 'binary_logloss' }));
    expect(e6.differences.map((d) => d.field)).toEqual(['direction', 'metric']);

    // nothing ran: still the first run's 2 trials; the same run continues (an alias of a fixed param is the same param)
    const s = await loadStudy({ storage, studyName: 's' });
    expect(s.trials).toHaveLength(2);
    const cliParams: Record<string, unknown> = { max_bins: '63' };
    const b = await tuneGbdt(BC, { ...fast, storage, studyName: 's', params: cliParams });
    expect(b.nTrials).toBe(4);
    expect(b.nTrialsRun).toBe(2);
  });

  it('the data hash: the same table written differently hashes the same; one changed value does not, and is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gbtune-ident-'));
    const text = readFileSync(IRIS, 'utf8');
    const lines = text.trim().split('\n');
    // CRLF line ends and 5.0 written as 5.00: the same parsed columns
    const respelled = join(dir, 'respelled.csv');
    writeFileSync(respelled, `${lines.map((l) => l.replace(/(^|,)5\.0(,|$)/g, '$15.00$2')).join('\r\n')}\r\n`);
    const changed = join(dir, 'changed.csv');
    const cells = lines[10].split(',');
    cells[0] = String(Number(cells[0]) + 0.1);
    writeFileSync(changed, [...lines.slice(0, 10), cells.join(','), ...lines.slice(11)].join('\n'));
    const f0 = dataFingerprint(await readCsv(IRIS));
    expect(dataFingerprint(await readCsv(respelled))).toEqual(f0);
    const f1 = dataFingerprint(await readCsv(changed));
    expect(f1.rows).toBe(f0.rows);
    expect(f1.columns).toEqual(f0.columns);
    expect(f1.sha256).not.toBe(f0.sha256);
    // a Dataset built in memory from the same columns is the same data
    const d = await readCsv(IRIS);
    const cols: Record<string, Float64Array | string[]> = {};
    for (const c of d.features) cols[c.name] = c.values;
    cols.target = Array.from(d.target!.classIndex!, (k) => d.target!.classes![k]);
    expect(dataFingerprint(Dataset.fromColumns(cols, { target: 'target' })).sha256).toBe(f0.sha256);

    // ranking data: its query groups count (the same columns grouped otherwise are other data)
    const sizes = Array.from({ length: 30 }, () => 5);
    const g5 = dataFingerprint(Dataset.fromColumns(cols, { target: 'target', group: sizes }));
    const g10 = dataFingerprint(Dataset.fromColumns(cols, { target: 'target', group: sizes.slice(15).map(() => 10) }));
    expect(new Set([f0.sha256, g5.sha256, g10.sha256]).size).toBe(3);

    const storage = new InMemoryStorage();
    await tuneGbdt(IRIS, { ...fast, storage, studyName: 'i' });
    const e = await mismatch(tuneGbdt(changed, { ...fast, storage, studyName: 'i' }));
    expect(e.differences.map((x) => x.field)).toEqual(['data.sha256']);
    expect((await tuneGbdt(respelled, { ...fast, storage, studyName: 'i' })).nTrials).toBe(4);
  });

  it('row weights are part of the data: other weights are refused; a weight_column param is the same data as the weight option', async () => {
    const n = 150;
    const plain = await readCsv(IRIS);
    const w1 = await readCsv(IRIS, { weight: Float64Array.from({ length: n }, (_, i) => 1 + (i % 3)) });
    const w2 = await readCsv(IRIS, { weight: Float64Array.from({ length: n }, (_, i) => 1 + (i % 2)) });
    const f = dataFingerprint(w1);
    expect(f.weights).toBe('one per row');
    expect(f.columns).toEqual(dataFingerprint(plain).columns);
    expect(f.sha256).not.toBe(dataFingerprint(plain).sha256);
    expect(dataFingerprint(plain).weights).toBeUndefined();
    const storage = new InMemoryStorage();
    await tuneGbdt(w1, { ...fast, storage, studyName: 'w' });
    const e = await mismatch(tuneGbdt(w2, { ...fast, storage, studyName: 'w' }));
    expect(e.differences.map((x) => x.field)).toEqual(['data.sha256']);
    const e2 = await mismatch(tuneGbdt(plain, { ...fast, storage, studyName: 'w' }));
    expect(e2.differences).toEqual([{ field: 'data.weights', stored: 'one per row', given: '(none)' }]);
    // the weights as a column, by the weight option or by the weight_column param: the same study
    const cols: Record<string, Float64Array | string[]> = {};
    for (const c of plain.features) cols[c.name] = c.values;
    cols.w = Float64Array.from({ length: n }, (_, i) => 1 + (i % 3));
    cols.target = Array.from(plain.target!.classIndex!, (k) => plain.target!.classes![k]);
    const a = await tuneGbdt(Dataset.fromColumns(cols, { target: 'target', weight: 'w' }), { ...fast, storage, studyName: 'c' });
    expect((a.study.userAttrs[STUDY_IDENTITY_ATTR] as StudyIdentity).data.weights).toBe("column 'w'");
    const b = await tuneGbdt(Dataset.fromColumns(cols, { target: 'target' }), { ...fast, storage, studyName: 'c', params: { weight_column: 'w' } });
    expect(b.nTrials).toBe(4);
    expect(b.info.features).toBe(4);
  });

  it('a study made without the record (an older gbtune) is adopted with a warning, and recorded from then on', async () => {
    const storage = new InMemoryStorage();
    const old = await createStudy({ storage, studyName: 'old', direction: 'maximize' });
    await old.optimize(
      (t) => {
        t.suggestInt('num_leaves', 2, 8);
        t.setUserAttr('gbdt_params', { num_leaves: 4 });
        t.setUserAttr('best_iteration', 3);
        return 0.5;
      },
      { nTrials: 2 },
    );
    let r: Awaited<ReturnType<typeof tuneGbdt>> | null = null;
    const logs = await captureLogsAsync(async () => {
      r = await tuneGbdt(BC, { ...fast, storage, studyName: 'old' });
    });
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([expect.stringMatching(/study 'old' has 2 trial\(s\) but no record of the data.*adopted/)]);
    expect(r!.nTrials).toBe(4);
    expect((r!.study.userAttrs[STUDY_IDENTITY_ATTR] as StudyIdentity).data.rows).toBe(569);
    await mismatch(tuneGbdt(IRIS, { ...fast, storage, studyName: 'old' }));
  });

  it('a define-by-run space is checked by its searchSpaceKey; without one, continuing warns that it cannot be checked', async () => {
    const storage = new InMemoryStorage();
    const space = (t: Trial): Record<string, unknown> => ({ num_leaves: t.suggestInt('num_leaves', 2, 16) });
    await tuneGbdt(BC, { ...fast, storage, studyName: 'f', searchSpace: space, searchSpaceKey: 'leaves-v1' });
    const e = await mismatch(tuneGbdt(BC, { ...fast, storage, studyName: 'f', searchSpace: space, searchSpaceKey: 'leaves-v2' }));
    expect(e.differences).toEqual([{ field: 'searchSpace.key', stored: 'leaves-v1', given: 'leaves-v2' }]);
    await tuneGbdt(BC, { ...fast, storage, studyName: 'g', searchSpace: space });
    const logs = await captureLogsAsync(async () => {
      await tuneGbdt(BC, { ...fast, storage, studyName: 'g', searchSpace: space });
    });
    expect(logs.some((l) => l.level === 'warn' && /the search space is a function.*searchSpaceKey/.test(l.message))).toBe(true);
  });
});
