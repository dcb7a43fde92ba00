import type { Command } from 'commander';
import { loadModel, train } from '../../index.js';
import { heapCollector, type TrainCallback } from '../../gbdt/index.js';
import { checkOutputPath } from '../output-path.js';
import { ProgressBar } from '../progress.js';
import { printJson, secondsSince } from '../util.js';
import { addDataOptions, prepareBins, prepareTraining, type DataCliOptions } from './data-options.js';

interface TrainCliOptions extends DataCliOptions {
  out: string;
  initModel?: string;
}

/** `gbtune train DATA.csv --out model.json|model.txt`: trains on all rows and saves the model. */
export function registerTrain(program: Command): void {
  addDataOptions(
    program
      .command('train')
      .description('train a boosted model on a CSV file and save it (JSON, or LightGBM model.txt for a .txt name)')
      .argument('<data>', 'CSV file with a header row')
      .option('-o, --out <file>', 'model file: .json (gbtune) or .txt (LightGBM text format)', 'model.json')
      .option('--init-model <file>', "continue this model (gbtune JSON or LightGBM model.txt; LightGBM's init_model): its trees, then num_iterations new rounds"),
  ).action(async (file: string, opts: TrainCliOptions) => {
    checkOutputPath(opts.out, { option: '--out', kind: 'file' });
    const t0 = performance.now();
    const init = opts.initModel === undefined ? null : loadModel(opts.initModel);
    // a training from scratch reads the bins only: the float64 columns go before it starts
    const prepared = init === null ? await prepareBins(file, opts) : await prepareTraining(file, opts);
    const { resolved, binned, tRead, tBin } = prepared;
    const { nRows, nFeatures } = 'data' in prepared ? prepared.data : prepared;
    if (init === null) heapCollector()?.();
    const bar = new ProgressBar('train', resolved.num_iterations);
    // a continued training numbers its rounds after the init model's
    const first = init === null ? 0 : init.numIterations;
    const progress: TrainCallback = ({ iteration }) => {
      bar.update(iteration + 1 - first);
    };
    const t2 = performance.now();
    // the init model scores the rows from their values: it needs the Dataset, not the bins
    const booster = init === null || !('data' in prepared) ? train(resolved, binned, { callbacks: [progress] }) : train(resolved, prepared.data, { callbacks: [progress], initModel: init });
    bar.done();
    const tTrain = secondsSince(t2);
    booster.saveModel(opts.out);
    const seconds = { read: tRead, bin: tBin, train: tTrain, total: secondsSince(t0) };
    if (opts.json === true) {
      printJson({
        data: file,
        rows: nRows,
        features: nFeatures,
        objective: resolved.objective,
        numTrees: booster.numTrees,
        numIterations: booster.numIterations,
        ...(init !== null ? { initModel: opts.initModel, initIterations: first } : {}),
        classes: booster.classes,
        model: opts.out,
        seconds,
      });
      return;
    }
    const continued = init === null ? '' : ` after the ${init.numTrees} of ${opts.initModel}`;
    process.stdout.write(
      `trained ${booster.numTrees - (init?.numTrees ?? 0)} trees${continued} (objective ${resolved.objective}) on ${nRows} rows in ${tTrain.toFixed(2)} s; saved ${opts.out}\n`,
    );
  });
}
