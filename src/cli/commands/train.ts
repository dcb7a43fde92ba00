import type { Command } from 'commander';
import { train } from '../../index.js';
import type { TrainCallback } from '../../gbdt/index.js';
import { checkOutputPath } from '../output-path.js';
import { ProgressBar } from '../progress.js';
import { printJson, secondsSince } from '../util.js';
import { addDataOptions, prepareTraining, type DataCliOptions } from './data-options.js';

interface TrainCliOptions extends DataCliOptions {
  out: string;
}

/** `gbtune train DATA.csv --out model.json|model.txt`: trains on all rows and saves the model. */
export function registerTrain(program: Command): void {
  addDataOptions(
    program
      .command('train')
      .description('train a boosted model on a CSV file and save it (JSON, or LightGBM model.txt for a .txt name)')
      .argument('<data>', 'CSV file with a header row')
      .option('-o, --out <file>', 'model file: .json (gbtune) or .txt (LightGBM text format)', 'model.json'),
  ).action(async (file: string, opts: TrainCliOptions) => {
    checkOutputPath(opts.out, { option: '--out', kind: 'file' });
    const t0 = performance.now();
    const { data, resolved, binned, tRead, tBin } = await prepareTraining(file, opts);
    const bar = new ProgressBar('train', resolved.num_iterations);
    const progress: TrainCallback = ({ iteration }) => {
      bar.update(iteration + 1);
    };
    const t2 = performance.now();
    const booster = train(resolved, binned, { callbacks: [progress] });
    bar.done();
    const tTrain = secondsSince(t2);
    booster.saveModel(opts.out);
    const seconds = { read: tRead, bin: tBin, train: tTrain, total: secondsSince(t0) };
    if (opts.json === true) {
      printJson({
        data: file,
        rows: data.nRows,
        features: data.nFeatures,
        objective: resolved.objective,
        numTrees: booster.numTrees,
        numIterations: booster.numIterations,
        classes: booster.classes,
        model: opts.out,
        seconds,
      });
      return;
    }
    process.stdout.write(
      `trained ${booster.numTrees} trees (objective ${resolved.objective}) on ${data.nRows} rows in ${tTrain.toFixed(2)} s; saved ${opts.out}\n`,
    );
  });
}
