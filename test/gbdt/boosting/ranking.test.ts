// Ranking against LightGBM 4.7 (test/fixtures/lightgbm/README.md, "Ranking"): rank_queries.csv,
// 150 queries of 3 to 29 rows, relevance 0..4, trained by lgb.train with
//   {objective, num_leaves: 15, learning_rate: 0.1, min_data_in_leaf: 10, seed: 1, deterministic: True,
//    num_threads: 1, verbosity: -1, metric: ['ndcg', 'map'], eval_at: [1, 3, 5]}, 30 rounds,
//   Dataset(X, y, group=sizes of the runs of qid), valid_sets=[the training set]
// and lgb.cv with the same params and nfold=5 (its group folds: scikit-learn's GroupKFold).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/data/csv.js';
import { Dataset } from '../../../src/data/dataset.js';
import { train } from '../../../src/gbdt/boosting/train.js';
import { cv } from '../../../src/gbdt/boosting/cv.js';
import { loadModel } from '../../../src/gbdt/boosting/model-io.js';
import type { Evaluation } from '../../../src/gbdt/boosting/callbacks.js';
import type { GbdtParamsInput } from '../../../src/params/resolved.js';

const DIR = 'test/fixtures/lightgbm';
const PARAMS: GbdtParamsInput = { num_leaves: 15, learning_rate: 0.1, min_data_in_leaf: 10, seed: 1, verbosity: -1, metric: ['ndcg', 'map'], eval_at: [1, 3, 5], num_iterations: 30 };

/** Tree `t`'s block of a model.txt, `Tree=t` line excluded. */
function block(model: string, t: number): string {
  return model.split(`\nTree=${t}\n`)[1]!.split('\n\n')[0]!;
}

const readData = (): Promise<Dataset> => readCsv(`${DIR}/rank_queries.csv`, { group: 'qid' });

// LightGBM's evaluations on the training set after round 30 (record_evaluation)
const LGB_TRAIN_EVAL = {
  lambdarank: { 'ndcg@1': 0.9964444444444445, 'ndcg@3': 0.9760221302194666, 'ndcg@5': 0.9751719497912901, 'map@1': 1.0, 'map@3': 0.9911111111111113, 'map@5': 0.9824055555555554 },
  rank_xendcg: { 'ndcg@1': 0.9621587301587302, 'ndcg@3': 0.9483117039966055, 'ndcg@5': 0.9576171034908901, 'map@1': 1.0, 'map@3': 0.9844444444444443, 'map@5': 0.9808425925925927 },
};
// lgb.cv's fold means after round 30
const LGB_CV = {
  lambdarank: { 'ndcg@1': 0.8732698412698412, 'ndcg@3': 0.8890677009502875, 'ndcg@5': 0.9122542089062732, 'map@1': 0.9866666666666667, 'map@3': 0.9744444444444446, 'map@5': 0.9690537037037037 },
  rank_xendcg: { 'ndcg@1': 0.8642539682539683, 'ndcg@3': 0.8830259790324748, 'ndcg@5': 0.9057561974642484, 'map@1': 0.9866666666666667, 'map@3': 0.9781481481481482, 'map@5': 0.9673425925925926 },
};

describe.each(['lambdarank', 'rank_xendcg'] as const)('%s vs LightGBM 4.7', (objective) => {
  const name = `rank_${objective === 'lambdarank' ? 'lambdarank' : 'xendcg'}`;

  it("trains LightGBM's trees, line for line, and evaluates its ndcg@k and map@k on the way", async () => {
    // lambdarank: the sigmoid table, truncation, normalisation and float32 sums; rank_xendcg:
    // LightGBM's per-query random draws; both: LightGBM's derived most-frequent bins (FixHistogram)
    const data = await readData();
    const seen: Evaluation[][] = [];
    const booster = train({ ...PARAMS, objective }, data, { validSets: [data], validNames: ['train'], callbacks: [(e) => void seen.push(e.evaluations)] });
    const ours = booster.modelToString();
    const theirs = readFileSync(`${DIR}/${name}.model.txt`, 'utf8');
    expect(ours).toContain(`\nobjective=${objective}\n`);
    for (let t = 0; t < 30; t++) expect(block(ours, t), `tree ${t}`).toBe(block(theirs, t));
    const last = Object.fromEntries(seen[29]!.map((e) => [e.metricName, e.value]));
    expect(last).toEqual(LGB_TRAIN_EVAL[objective]);
  });

  it("loads LightGBM's model and predicts its raw scores (also after a round trip through gbtune's JSON)", async () => {
    const data = await readData();
    const lgb = loadModel(`${DIR}/${name}.model.txt`);
    const booster = loadModel(lgb.serialize('json'));
    expect(booster.objective).toBe(objective);
    const expected = readFileSync(`${DIR}/${name}.raw_score.csv`, 'utf8').trim().split('\n').map(Number);
    const got = booster.predict(data) as Float64Array;
    expect(got.length).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - expected[i]!));
    expect(worst).toBeLessThan(1e-9);
  });

  it("cv with group folds gives lgb.cv's fold means", async () => {
    const r = cv({ ...PARAMS, objective }, await readData());
    const means = Object.fromEntries(Object.entries(r.best).map(([k, v]) => [k, v.mean]));
    expect(means).toEqual(LGB_CV[objective]);
  });
});

describe('ranking data', () => {
  it('lambdarank is the objective of data with query groups when none is given; ndcg@1..5 its metrics', async () => {
    const data = await readData();
    const seen: Evaluation[][] = [];
    const booster = train({ num_iterations: 2, verbosity: -1 }, data, { validSets: [data], callbacks: [(e) => void seen.push(e.evaluations)] });
    expect(booster.objective).toBe('lambdarank');
    expect(booster.classes).toBeNull();
    expect(seen[1]!.map((e) => e.metricName)).toEqual(['ndcg@1', 'ndcg@2', 'ndcg@3', 'ndcg@4', 'ndcg@5']);
  });

  it('the group_column param takes the query groups from a feature column (any alias)', async () => {
    const plain = await readCsv(`${DIR}/rank_queries.csv`);
    const grouped = await readData();
    const params = { ...PARAMS, objective: 'lambdarank', num_iterations: 3 } as const;
    const a = train({ ...params, query_column: 'qid' }, plain).modelToString();
    const b = train(params, grouped).modelToString();
    expect(block(a, 2)).toBe(block(b, 2));
    expect(() => train({ ...params, group_column: 'nope' }, plain)).toThrow(/group_column 'nope': no such feature column/);
  });

  it('objectives and metrics that need query groups say so', async () => {
    const plain = await readCsv(`${DIR}/rank_queries.csv`);
    expect(() => train({ objective: 'lambdarank', num_iterations: 1, verbosity: -1 }, plain)).toThrow(/objective lambdarank needs query groups/);
    expect(() => cv({ objective: 'rank_xendcg', num_iterations: 1, verbosity: -1 }, plain)).toThrow(/needs query groups/);
    expect(() => train({ objective: 'regression', metric: 'ndcg', num_iterations: 1, verbosity: -1 }, plain, { validSets: [plain] })).toThrow(/metric ndcg@1 needs query groups/);
  });

  it('cv folds keep queries whole; explicit folds that split a query are rejected', async () => {
    const data = await readData();
    const r = cv({ objective: 'lambdarank', num_iterations: 2, verbosity: -1 }, data, { nfold: 3, returnBoosters: true });
    expect(r.boosters!.length).toBe(3);
    const n = data.nRows;
    const half = Math.floor(n / 2) + 1; // not a query boundary
    expect(Array.from(data.queryBoundaries!)).not.toContain(half);
    const folds = [{ train: Uint32Array.from({ length: n - half }, (_, i) => half + i), valid: Uint32Array.from({ length: half }, (_, i) => i) }];
    expect(() => cv({ objective: 'lambdarank', num_iterations: 2, verbosity: -1 }, data, { folds })).toThrow(/cv\(\): fold 0 train: row \d+ starts no whole query/);
  });
});
