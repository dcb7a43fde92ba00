import type { Command } from 'commander';
import { GbtuneError, loadModel } from '../../index.js';
import type { ImportanceType } from '../../gbdt/index.js';
import { positiveInt, printJson } from '../util.js';

interface ImportanceCliOptions {
  type: string;
  numIteration?: number;
  json?: boolean;
}

/** One feature's importance. */
interface Row {
  feature: string;
  importance: number;
}

/** The features by importance, largest first (ties in model order). */
function ranked(names: readonly string[], values: Float64Array): Row[] {
  return names
    .map((feature, i) => ({ feature, importance: values[i], i }))
    .sort((a, b) => b.importance - a.importance || a.i - b.i)
    .map(({ feature, importance }) => ({ feature, importance }));
}

/** A gain with 6 significant digits, a split count as an integer. */
function cell(x: number, type: ImportanceType): string {
  return type === 'split' ? String(x) : Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

/** The rows as an aligned text table with each feature's share of the total. */
function table(rows: readonly Row[], type: ImportanceType): string {
  const total = rows.reduce((s, r) => s + r.importance, 0);
  const cells = rows.map((r) => [r.feature, cell(r.importance, type), total > 0 ? `${((100 * r.importance) / total).toFixed(1)}%` : '-']);
  const head = ['feature', type, 'share'];
  const w = head.map((h, j) => Math.max(h.length, ...cells.map((c) => c[j].length)));
  const line = (c: readonly string[]): string => `${c[0].padEnd(w[0])}  ${c[1].padStart(w[1])}  ${c[2].padStart(w[2])}`.trimEnd();
  return `${[line(head), ...cells.map(line)].join('\n')}\n`;
}

/** `gbtune importance MODEL`: LightGBM's feature_importance, as a table sorted by importance. */
export function registerImportance(program: Command): void {
  program
    .command('importance')
    .description("feature importance of a saved model (LightGBM's feature_importance), sorted largest first")
    .argument('<model>', 'model file (.json or LightGBM .txt)')
    .option('--type <type>', "'split' (number of splits on the feature) or 'gain' (sum of their gains)", 'split')
    .option('--num-iteration <n>', 'count the first n rounds (default: the best iteration, else all)', positiveInt('--num-iteration'))
    .option('--json', 'print exactly one JSON object on stdout')
    .action((modelPath: string, opts: ImportanceCliOptions) => {
      if (opts.type !== 'split' && opts.type !== 'gain') throw new GbtuneError(`--type must be 'split' or 'gain', got '${opts.type}'`, 'CLI_ARG');
      const type: ImportanceType = opts.type;
      const booster = loadModel(modelPath);
      const values = booster.featureImportance({ importanceType: type, numIteration: opts.numIteration });
      const rows = ranked(booster.featureNames, values);
      if (opts.json === true) printJson({ model: modelPath, type, numTrees: booster.numTrees, importance: rows });
      else process.stdout.write(table(rows, type));
    });
}
