import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvError, DataError } from '../../src/core/errors.js';
import { captureLogs, captureLogsAsync } from '../../src/core/log.js';
import { readCsv } from '../../src/data/csv.js';
import { Dataset } from '../../src/data/dataset.js';
import { withGroupColumn } from '../../src/data/group-column.js';
import { groupSizes, queriesFromIds, queriesFromSizes, subsetQueries } from '../../src/data/queries.js';

const dir = mkdtempSync(join(tmpdir(), 'gbtune-queries-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('query boundaries', () => {
  it('from group sizes, checked against the rows', () => {
    expect(Array.from(queriesFromSizes([3, 1, 2], 6))).toEqual([0, 3, 4, 6]);
    expect(Array.from(groupSizes(queriesFromSizes([3, 1, 2], 6)))).toEqual([3, 1, 2]);
    expect(() => queriesFromSizes([3, 0, 2], 5)).toThrow('group: size of query 1 is 0; group sizes must be positive integers');
    expect(() => queriesFromSizes([3, 2], 6)).toThrow('group: the group sizes sum to 5 rows, but the data has 6');
  });

  it('from query ids: one query per run of equal ids; an id coming back is an error naming both rows', () => {
    const where = (i: number): string => `line ${i + 2}`;
    expect(Array.from(queriesFromIds(['a', 'a', 'b', 'c', 'c', 'c'], where, 'qid'))).toEqual([0, 2, 3, 6]);
    expect(Array.from(queriesFromIds(new Float64Array([7, 7, 1]), where, 'qid'))).toEqual([0, 2, 3]);
    expect(() => queriesFromIds(['a', 'b', 'a'], where, 'qid')).toThrow(
      "group column 'qid': query 'a' at line 4 also came earlier (line 2), with other queries between; the rows of a query must follow each other",
    );
    expect(() => queriesFromIds(new Float64Array([1, NaN]), where, 'qid')).toThrow("group column 'qid': the query id at line 3 is missing");
  });

  it('of a subset of whole queries (a cv fold); a split query is an error', () => {
    const q = queriesFromSizes([2, 3, 1], 6);
    expect(Array.from(subsetQueries(q, Uint32Array.from([2, 3, 4, 5]), 'fold'))).toEqual([0, 3, 4]);
    expect(Array.from(subsetQueries(q, Uint32Array.from([0, 1, 5]), 'fold'))).toEqual([0, 2, 3]);
    expect(() => subsetQueries(q, Uint32Array.from([0, 1, 2, 3]), 'cv(): fold 1 train')).toThrow(
      'cv(): fold 1 train: row 2 starts no whole query (query 1 is rows 2..4)',
    );
    expect(() => subsetQueries(q, Uint32Array.from([3, 4]), 'fold')).toThrow(/row 3 starts no whole query/);
  });
});

describe('the group option of readCsv, Dataset.fromRecords and fromColumns', () => {
  const csv = 'qid,x,y\nq1,1,0\nq1,2,1\nq2,3,2\nq3,4,0\nq3,5,\nq3,6,1\n';

  it('a group column: the query ids leave the features; a row skipped for its target leaves its query', async () => {
    const path = join(dir, 'g.csv');
    writeFileSync(path, csv);
    let data: Dataset | null = null;
    const logs = await captureLogsAsync(async () => {
      data = await readCsv(path, { group: 'qid', target: 'y' });
    });
    expect(logs.map((l) => l.message)).toEqual([`${path}: skipped 1 row whose target 'y' is missing (first at line 6)`]);
    const d = data as unknown as Dataset;
    expect(d.featureNames).toEqual(['x']);
    expect(Array.from(d.queryBoundaries!)).toEqual([0, 2, 3, 5]);
    expect(d.nQueries).toBe(3);
    const records = [
      { qid: 1, x: 1, y: 0 },
      { qid: 1, x: 2, y: 1 },
      { qid: 2, x: 3, y: 2 },
    ];
    expect(Array.from(Dataset.fromRecords(records, { group: 'qid', target: 'y' }).queryBoundaries!)).toEqual([0, 2, 3]);
    const cols = { qid: ['a', 'a', 'b'], x: new Float64Array([1, 2, 3]), y: [0, 1, 2] };
    expect(Array.from(Dataset.fromColumns(cols, { group: 'qid', target: 'y' }).queryBoundaries!)).toEqual([0, 2, 3]);
    expect(Dataset.fromColumns({ x: new Float64Array([1, 2]), y: [0, 1] }, { target: 'y' }).queryBoundaries).toBeNull();
  });

  it('group sizes count every row given, skipped ones too', () => {
    const records = [{ x: 1, y: 0 }, { x: 2, y: null }, { x: 3, y: 1 }, { x: 4, y: 2 }];
    let d: Dataset | null = null;
    captureLogs(() => {
      d = Dataset.fromRecords(records, { group: [2, 2], target: 'y' });
    });
    expect(Array.from((d as unknown as Dataset).queryBoundaries!)).toEqual([0, 1, 3]);
    const cols = { x: new Float64Array([1, 2, 3]), y: [0, 1, 2] };
    expect(Array.from(Dataset.fromColumns(cols, { group: [1, 2], target: 'y' }).queryBoundaries!)).toEqual([0, 1, 3]);
    expect(() => Dataset.fromColumns(cols, { group: [1, 1], target: 'y' })).toThrow(/the group sizes sum to 2 rows, but there are more rows/);
    expect(() => Dataset.fromColumns(cols, { group: [2, 2], target: 'y' })).toThrow('columns: the group sizes sum to 4 rows, but there are 3');
    expect(() => Dataset.fromColumns(cols, { group: [1, 1.5], target: 'y' })).toThrow('columns: group size 1 is 1.5; group sizes must be positive integers');
  });

  it('errors name the column and the row', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'qid,x,y\nq1,1,0\nq2,2,1\nq1,3,2\n');
    await expect(readCsv(path, { group: 'qid', target: 'y' })).rejects.toThrow(
      "group column 'qid': query 'q1' at line 4 also came earlier (line 2), with other queries between; the rows of a query must follow each other (as LightGBM's query data): sort the data by the group column",
    );
    writeFileSync(path, 'qid,x,y\nq1,1,0\n,2,1\n');
    await expect(readCsv(path, { group: 'qid', target: 'y' })).rejects.toThrow(CsvError);
    await expect(readCsv(path, { group: 'qid', target: 'y' })).rejects.toThrow(/line 3, column 'qid': the query id is missing \(empty\)/);
    await expect(readCsv(path, { group: 'nope', target: 'y' })).rejects.toThrow("no group column 'nope'; the columns are: qid, x, y");
    await expect(readCsv(path, { group: 'y', target: 'y' })).rejects.toThrow("'y' is the target; it cannot be the group column too");
    await expect(readCsv(path, { group: 'qid', ignoreColumns: ['qid'], target: 'y' })).rejects.toThrow("'qid' is both ignored and the group column; choose one");
  });

  it('withGroupColumn (the group_column param) turns a feature column into the groups', () => {
    const d = Dataset.fromColumns({ qid: ['b', 'b', 'a'], x: new Float64Array([1, 2, 3]), y: [0, 1, 2] }, { target: 'y' });
    const g = withGroupColumn(d, 'qid');
    expect(g.featureNames).toEqual(['x']);
    expect(Array.from(g.queryBoundaries!)).toEqual([0, 2, 3]);
    expect(withGroupColumn(Dataset.fromColumns({ qid: ['b', 'b', 'a'], x: new Float64Array([1, 2, 3]), y: [0, 1, 2] }, { target: 'y', group: 'qid' }), 'qid').nQueries).toBe(2);
    const split = Dataset.fromColumns({ qid: ['b', 'a', 'b'], x: new Float64Array([1, 2, 3]), y: [0, 1, 2] }, { target: 'y' });
    expect(() => withGroupColumn(split, 'qid')).toThrow("group column 'qid': query 'b' at row 2 also came earlier (row 0)");
    expect(() => withGroupColumn(d, 'z')).toThrow(DataError);
  });
});
