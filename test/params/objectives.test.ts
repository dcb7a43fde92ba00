import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../src/core/log.js';
import { Dataset } from '../../src/data/dataset.js';
import { defaultClassLabels, type BoosterModel } from '../../src/gbdt/boosting/model.js';
import { trainModel } from '../../src/gbdt/boosting/train-model.js';
import { canonicalObjectiveName, createObjective } from '../../src/gbdt/objective/registry.js';
import {
  DEFAULT_METRICS,
  OBJECTIVE_ALIASES,
  OBJECTIVE_NAMES,
  OBJECTIVE_TABLE,
  TaskKind,
  isClassificationObjective,
  modelsPerRound,
  objectiveLineTask,
  objectiveOfName,
  type PredictionTransform,
} from '../../src/params/objectives.js';
import { resolveParams } from '../../src/params/resolve.js';

const K = 3;
const RAW = [0.7, -1.3, 2.1];

/** What each transform of the table does to a row's raw scores. */
function expectedOutput(transform: PredictionTransform, raw: number[]): number[] {
  if (transform === 'sigmoid') return raw.map((x) => 1 / (1 + Math.exp(-x)));
  if (transform === 'exp') return raw.map((x) => Math.exp(x));
  if (transform === 'log1p_exp') return raw.map((x) => Math.log1p(Math.exp(x)));
  if (transform === 'identity') return raw;
  const m = Math.max(...raw);
  const e = raw.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/**
 * A small table whose target is classes 0..nClass-1 (numeric, so regression objectives take it
 * too); with `groups`, in 6 queries of 15 rows (ranking).
 */
function smallData(nClass: number, groups = false): Dataset {
  const n = 90;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % nClass;
    x[i] = y[i] * 10 + (i % 7);
  }
  return Dataset.fromColumns({ x, target: y }, groups ? { group: [15, 15, 15, 15, 15, 15] } : {});
}

describe.each(OBJECTIVE_NAMES)('objective table row %s matches the implementation', (name) => {
  const row = OBJECTIVE_TABLE[name];
  const params = resolveParams({ objective: name, num_class: row.outputs === 'per_class' ? K : 1 });

  it('outputs per round and prediction transform', () => {
    const obj = createObjective(params);
    expect(obj.name).toBe(name);
    expect(obj.numModelPerIteration).toBe(modelsPerRound(name, K));
    expect(obj.numModelPerIteration).toBe(row.outputs === 'per_class' ? K : 1);
    const raw = RAW.slice(0, obj.numModelPerIteration);
    const out = new Float64Array(raw.length);
    obj.convertOutput(raw, out);
    const want = expectedOutput(row.transform, raw);
    for (let c = 0; c < raw.length; c++) expect(out[c]).toBeCloseTo(want[c], 12);
  });

  it('default metric and aliases', () => {
    expect(params.metric).toEqual([row.defaultMetric]);
    expect(DEFAULT_METRICS[name]).toEqual([row.defaultMetric]);
    for (const alias of row.aliases) {
      expect(canonicalObjectiveName(alias)).toBe(name);
      expect(resolveParams({ objective: alias, num_class: row.outputs === 'per_class' ? K : 1 }).objective).toBe(name);
      expect(objectiveOfName(alias)).toBe(name);
    }
    expect(objectiveOfName(name)).toBe(name);
  });

  it('task: a trained model keeps class labels for classification, one tree per class per round', () => {
    // labels 0/1 for binary and for the cross-entropy objectives (labels in [0, 1]), else 0..K-1
    const data = smallData(row.task === TaskKind.BINARY || name.startsWith('cross_entropy') ? 2 : K, row.task === TaskKind.RANKING);
    const trained: BoosterModel[] = [];
    captureLogs(() => trained.push(trainModel({ objective: name, num_iterations: 2, min_data_in_leaf: 5, verbosity: -1 }, data)));
    const model = trained[0];
    expect(model.classes !== null).toBe(row.task === TaskKind.BINARY || row.task === TaskKind.MULTICLASS);
    expect(model.classes !== null).toBe(isClassificationObjective(name));
    expect(model.numClass).toBe(row.task === TaskKind.MULTICLASS ? K : 1);
    expect(model.numTreePerIteration).toBe(modelsPerRound(name, model.numClass));
  });
});

describe('objective table', () => {
  it('holds LightGBM\'s aliases of the objectives gbtune trains', () => {
    expect(Object.keys(OBJECTIVE_ALIASES).sort()).toEqual([
      'l1', 'l2', 'l2_root', 'mae', 'mean_absolute_error', 'mean_absolute_percentage_error', 'mean_squared_error', 'mse',
      'multiclass_ova', 'ova', 'ovr', 'regression_l2', 'rmse', 'root_mean_squared_error', 'softmax', 'xe_ndcg', 'xe_ndcg_mart',
      'xendcg', 'xendcg_mart', 'xentlambda', 'xentropy',
    ]);
    expect(OBJECTIVE_ALIASES.ovr).toBe('multiclassova');
    expect(OBJECTIVE_ALIASES.softmax).toBe('multiclass');
    expect(OBJECTIVE_ALIASES.mae).toBe('regression_l1');
    expect(OBJECTIVE_ALIASES.xe_ndcg_mart).toBe('rank_xendcg');
  });

  it('reads the task of a model file objective line', () => {
    expect(objectiveLineTask('binary sigmoid:1')).toBe('binary');
    expect(objectiveLineTask('multiclass num_class:3')).toBe('multiclass');
    expect(objectiveLineTask('softmax num_class:3')).toBe('multiclass');
    expect(objectiveLineTask('multiclassova num_class:3 sigmoid:1')).toBe('multiclass');
    expect(objectiveLineTask(' regression_l1 ')).toBe('regression');
    expect(objectiveLineTask('regression sqrt')).toBe('regression');
    expect(objectiveLineTask('poisson')).toBe('regression');
    expect(objectiveLineTask('lambdarank')).toBe('ranking');
    expect(objectiveLineTask('constructor')).toBeNull();
    expect(objectiveLineTask('')).toBeNull();
    expect(objectiveOfName('toString')).toBeUndefined();
  });

  it('gives the class labels a model file without stored classes implies', () => {
    expect(defaultClassLabels('binary sigmoid:1', 1)).toEqual(['0', '1']);
    expect(defaultClassLabels('multiclassova num_class:4 sigmoid:1', 4)).toEqual(['0', '1', '2', '3']);
    expect(defaultClassLabels('softmax', 3)).toEqual(['0', '1', '2']);
    expect(defaultClassLabels('huber', 1)).toBeNull();
    expect(defaultClassLabels('cross_entropy', 1)).toBeNull();
  });
});
