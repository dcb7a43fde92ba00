import type { Command } from 'commander';
import { GbtuneError, loadModel, readCsv } from '../../index.js';
import { writeFileAtomic } from '../../gbdt/index.js';
import { checkOutputPath } from '../output-path.js';
import { positiveInt, printJson, secondsSince } from '../util.js';

interface PredictCliOptions {
  out?: string;
  weightColumn?: string;
  raw?: boolean;
  numIteration?: number;
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

/** `gbtune predict MODEL DATA.csv`: one output row per input row, in input order. */
export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('predict with a saved model (gbtune JSON or LightGBM model.txt) on a CSV file')
    .argument('<model>', 'model file (.json or LightGBM .txt)')
    .argument('<data>', 'CSV file with a header row holding the model’s feature columns')
    .option('-o, --out <file>', 'write predictions to this CSV file (default: stdout)')
    .option('--raw', 'raw scores (one column per class) instead of labels and probabilities')
    .option('--num-iteration <n>', 'use the first n rounds (default: the best iteration, else all)', positiveInt('--num-iteration'))
    .option('--delimiter <char>', 'field delimiter', ',')
    .option('--weight-column <column>', 'the training weight column, when the data has it: skipped (weights do not change predictions), so a train command line can be reused')
    .option('--json', 'print exactly one JSON object on stdout')
    .action(async (modelPath: string, file: string, opts: PredictCliOptions) => {
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
      const classes = booster.classes;
      const header: string[] = [];
      const columns: (readonly string[] | Float64Array)[] = [];
      const popts = opts.numIteration !== undefined ? { numIteration: opts.numIteration } : {};
      if (opts.raw === true) {
        const raw = booster.predictRaw(data, popts);
        const k = raw.length / Math.max(1, n);
        for (let c = 0; c < k; c++) {
          header.push(k === 1 ? 'raw_score' : `raw_${classes?.[c] ?? c}`);
          const col = new Float64Array(n);
          for (let i = 0; i < n; i++) col[i] = raw[i * k + c];
          columns.push(col);
        }
      } else {
        header.push('prediction');
        columns.push(booster.predict(data, popts));
        if (classes !== null) {
          const proba = booster.predictProba(data, popts);
          const k = classes.length;
          for (let c = 0; c < k; c++) {
            header.push(`proba_${classes[c]}`);
            const col = new Float64Array(n);
            for (let i = 0; i < n; i++) col[i] = proba[i * k + c];
            columns.push(col);
          }
        }
      }
      const tPredict = secondsSince(t2);
      const seconds = { load: tLoad, read: tRead, predict: tPredict, total: secondsSince(t0) };
      const lines: string[] = [header.map(csvField).join(',')];
      for (let i = 0; i < n; i++) {
        const row: string[] = [];
        for (const col of columns) {
          const v = col[i];
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
          result.predictions = columns.map((c, j) => ({ name: header[j], values: Array.from(c as ArrayLike<string | number>) }));
        }
        printJson(result);
        return;
      }
      if (opts.out === undefined) process.stdout.write(text);
      else process.stderr.write(`wrote ${n} predictions to ${opts.out}\n`);
    });
}
