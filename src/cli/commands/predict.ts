import type { Command } from 'commander';
import { GbtuneError, loadModel, readCsv, type Booster, type Dataset } from '../../index.js';
import { writeFileAtomic } from '../../gbdt/index.js';
import { checkOutputPath } from '../output-path.js';
import { positiveInt, printJson, secondsSince } from '../util.js';

interface PredictCliOptions {
  out?: string;
  weightColumn?: string;
  raw?: boolean;
  contrib?: boolean;
  leaf?: boolean;
  numIteration?: number;
  numThreads?: number;
  delimiter?: string;
  json?: boolean;
}

/** Quotes a CSV field when it needs it (RFC 4180). */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Shortest text that reads back as the same double. */
function num(x: number): string {
  return String(x);
}

/** One output column: its header and its values (one per input row). */
interface OutputColumn {
  name: string;
  values: readonly string[] | Float64Array | Int32Array;
}

/** Column `c` of a row-major matrix with `width` columns. */
function columnOf(m: Float64Array | Int32Array, n: number, width: number, c: number): Float64Array {
  const col = new Float64Array(n);
  for (let i = 0; i < n; i++) col[i] = m[i * width + c];
  return col;
}

/**
 * `--contrib` columns: the features then `bias` (per class `<class>:<feature>` ... `<class>:bias`
 * for multiclass). A feature called `bias` makes the bias column `_bias`.
 */
function contribColumnNames(features: readonly string[], classes: readonly string[] | null, perRound: number): string[] {
  const bias = features.includes('bias') ? '_bias' : 'bias';
  const block = [...features, bias];
  if (perRound <= 1) return block;
  return Array.from({ length: perRound }, (_, k) => block.map((f) => `${classes?.[k] ?? k}:${f}`)).flat();
}

/** At most one of --raw, --contrib and --leaf. */
function checkOneOutput(opts: PredictCliOptions): void {
  const chosen = (['raw', 'contrib', 'leaf'] as const).filter((k) => opts[k] === true);
  if (chosen.length > 1) throw new GbtuneError(`--${chosen[0]} and --${chosen[1]} cannot be used together (pick one output)`, 'CLI_ARG');
}

/** The output columns for the options: labels and probabilities, raw scores, contributions or leaves. */
function outputColumns(booster: Booster, data: Dataset, opts: PredictCliOptions): OutputColumn[] {
  const n = data.nRows;
  const classes = booster.classes;
  const popts = { ...(opts.numIteration !== undefined ? { numIteration: opts.numIteration } : {}), ...(opts.numThreads !== undefined ? { numThreads: opts.numThreads } : {}) };
  const out: OutputColumn[] = [];
  if (opts.raw === true) {
    const raw = booster.predictRaw(data, popts);
    const k = booster.numTreePerIteration;
    for (let c = 0; c < k; c++) out.push({ name: k === 1 ? 'raw_score' : `raw_${classes?.[c] ?? c}`, values: columnOf(raw, n, k, c) });
  } else if (opts.contrib === true) {
    const phi = booster.predictContrib(data, popts);
    const names = contribColumnNames(booster.featureNames, classes, booster.numTreePerIteration);
    names.forEach((name, c) => out.push({ name, values: columnOf(phi, n, names.length, c) }));
  } else if (opts.leaf === true) {
    const leaves = booster.predictLeaf(data, popts);
    const nTrees = n > 0 ? leaves.length / n : 0;
    for (let t = 0; t < nTrees; t++) {
      const col = new Int32Array(n);
      for (let i = 0; i < n; i++) col[i] = leaves[i * nTrees + t];
      out.push({ name: `tree_${t}`, values: col });
    }
  } else {
    if (classes === null) out.push({ name: 'prediction', values: booster.predict(data, popts) });
    else {
      // labels and probabilities from one pass over the trees
      const { labels, proba } = booster.predictWithProba(data, popts);
      out.push({ name: 'prediction', values: labels });
      classes.forEach((label, c) => out.push({ name: `proba_${label}`, values: columnOf(proba, n, classes.length, c) }));
    }
  }
  return out;
}

/** `gbtune predict MODEL DATA.csv`: one output row per input row, in input order. */
export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('predict with a saved model (gbtune JSON or LightGBM model.txt) on a CSV file')
    .argument('<model>', 'model file (.json or LightGBM .txt)')
    .argument('<data>', 'CSV file with a header row holding the model’s feature columns')
    .option('-o, --out <file>', 'write predictions to this CSV file (default: stdout)')
    .option('--raw', 'raw scores (one column per class) instead of labels and probabilities')
    .option('--contrib', "SHAP values (TreeSHAP, LightGBM's pred_contrib): one column per feature, then 'bias'; per class for multiclass ('<class>:<feature>')")
    .option('--leaf', "the leaf index each row reaches in each tree (LightGBM's pred_leaf): columns tree_0, tree_1, ...")
    .option('--num-iteration <n>', 'use the first n rounds (default: the best iteration, else all)', positiveInt('--num-iteration'))
    .option('--num-threads <n>', "threads of the prediction (LightGBM's num_threads; default: the machine's cores; batches under 2,000,000 rows x trees use one)", positiveInt('--num-threads'))
    .option('--delimiter <char>', 'field delimiter', ',')
    .option('--weight-column <column>', 'the training weight column, when the data has it: skipped (weights do not change predictions), so a train command line can be reused')
    .option('--json', 'print exactly one JSON object on stdout')
    .action(async (modelPath: string, file: string, opts: PredictCliOptions) => {
      checkOneOutput(opts);
      if (opts.out !== undefined) checkOutputPath(opts.out, { option: '--out', kind: 'file' });
      const t0 = performance.now();
      const booster = loadModel(modelPath);
      // the model picks its features by name, so a weight column in the data is skipped anyway; it
      // cannot be one of the model's features (as LightGBM, weights never enter a prediction)
      const w = opts.weightColumn?.startsWith('name:') === true ? opts.weightColumn.slice('name:'.length) : opts.weightColumn;
      if (w !== undefined && booster.featureNames.includes(w)) {
        throw new GbtuneError(`--weight-column ${w}: '${w}' is a feature of the model ${modelPath}, not a weight column`, 'CLI_ARG');
      }
      const tLoad = secondsSince(t0);
      const t1 = performance.now();
      // no column is the target here: the model picks its features by name and ignores the others
      const data = await readCsv(file, { target: false, delimiter: opts.delimiter ?? ',' });
      const tRead = secondsSince(t1);
      const t2 = performance.now();
      const n = data.nRows;
      const columns = outputColumns(booster, data, opts);
      const header = columns.map((c) => c.name);
      const tPredict = secondsSince(t2);
      const seconds = { load: tLoad, read: tRead, predict: tPredict, total: secondsSince(t0) };
      const lines: string[] = [header.map(csvField).join(',')];
      for (let i = 0; i < n; i++) {
        const row: string[] = [];
        for (const col of columns) {
          const v = col.values[i];
          row.push(typeof v === 'string' ? csvField(v) : num(v));
        }
        lines.push(row.join(','));
      }
      const text = `${lines.join('\n')}\n`;
      if (opts.out !== undefined) writeFileAtomic(opts.out, text);
      if (opts.json === true) {
        const result: Record<string, unknown> = { model: modelPath, data: file, rows: n, columns: header, seconds };
        if (opts.out !== undefined) result.out = opts.out;
        else {
          result.predictions = columns.map((c) => ({ name: c.name, values: Array.from(c.values as ArrayLike<string | number>) }));
        }
        printJson(result);
        return;
      }
      if (opts.out === undefined) process.stdout.write(text);
      else process.stderr.write(`wrote ${n} predictions to ${opts.out}\n`);
    });
}
