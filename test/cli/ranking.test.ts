// gbtune on ranking data: --group-column for cv, train, tune and predict (the compiled CLI).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonError, runCli } from './run-cli.js';

const CSV = 'test/fixtures/lightgbm/rank_queries.csv';
// the params of the LightGBM 4.7 fixture (test/gbdt/boosting/ranking.test.ts has LightGBM's values)
const FIXTURE = ['num_iterations=30', 'num_leaves=15', 'learning_rate=0.1', 'min_data_in_leaf=10', 'seed=1', 'metric=ndcg,map', 'eval_at=1,3,5'].flatMap((p) => ['-p', p]);

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gbtune-cli-rank-'));
});

describe('gbtune with --group-column', () => {
  it("cv: lambdarank inferred from the groups, group folds, lgb.cv's ndcg@k and map@k", () => {
    const r = runCli(['cv', CSV, '--group-column', 'qid', ...FIXTURE, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as { objective: string; features: number; metrics: Record<string, { mean: number }> };
    expect(o.objective).toBe('lambdarank');
    expect(o.features).toBe(6);
    // lgb.cv(nfold=5) after 30 rounds
    expect(o.metrics['ndcg@1']!.mean).toBe(0.8732698412698412);
    expect(o.metrics['ndcg@5']!.mean).toBe(0.9122542089062732);
    expect(o.metrics['map@3']!.mean).toBe(0.9744444444444446);
  });

  it('train writes a lambdarank model.txt; predict scores every row (the group and target columns are not features)', () => {
    const model = join(dir, 'rank.txt');
    const t = runCli(['train', CSV, '--group-column', 'qid', '-p', 'objective=xe_ndcg', '-p', 'num_iterations=5', '--out', model, '--json']);
    expect(t.code, t.stderr).toBe(0);
    const text = readFileSync(model, 'utf8');
    expect(text).toMatch(/\nobjective=rank_xendcg\n/);
    expect(text).toMatch(/\nfeature_names=f0 f1 f2 f3 f4 f5\n/);
    const p = runCli(['predict', model, CSV, '--json']);
    expect(p.code, p.stderr).toBe(0);
    const o = JSON.parse(p.stdout) as { rows: number; columns: string[] };
    expect(o.rows).toBe(2280);
    expect(o.columns).toEqual(['prediction']);
  });

  it('tune maximizes ndcg@k, k the first eval_at position (1 by default); --metric names another', () => {
    const base = ['tune', CSV, '--group-column', 'qid', '--trials', '2', '--folds', '3', '-p', 'num_iterations=10', '--json'];
    const cases: [string[], string][] = [
      [[], 'ndcg@1'],
      [['-p', 'eval_at=5,3'], 'ndcg@3'],
      [['--metric', 'map@2'], 'map@2'],
    ];
    cases.forEach(([extra, metric], i) => {
      const r = runCli([...base, '--out', join(dir, `tune${i}`), ...extra]);
      expect(r.code, r.stderr).toBe(0);
      const o = JSON.parse(r.stdout) as { metric: string; bestValue: number; bestParams: Record<string, unknown> };
      expect(o.metric).toBe(metric);
      expect(o.bestValue).toBeGreaterThan(0.6);
      expect(o.bestValue).toBeLessThanOrEqual(1);
    });
  });

  it('errors name the option and the value', () => {
    const cases: [string[], RegExp][] = [
      [['cv', CSV, '--group-column', 'nope', '--json'], /no group column 'nope'; the columns are: qid, f0/],
      [['cv', CSV, '--group-column', 'qid', '--folds', '200', '--json'], /--folds 200 is more than the 150 queries of the data/],
      [['cv', CSV, '--group-column', 'qid', '-p', 'group_column=f4', '--json'], /--group-column qid and --param group_column=f4 name different columns/],
      [['cv', CSV, '--group-column', 'f4', '--json'], /group column 'f4': query '2.0' at line 6 also came earlier \(line 2\), with other queries between/],
      [['tune', CSV, '--group-column', 'qid', '--metric', 'ndcg@x', '--out', join(dir, 'bad'), '--json'], /--metric ndcg@x: the position after '@' must be an integer >= 1/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(String(jsonError(r).message)).toMatch(message);
    }
  });
});
