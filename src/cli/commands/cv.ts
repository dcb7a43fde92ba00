import type { Command } from 'commander';
import { cv } from '../../index.js';
import type { CvCallback } from '../../gbdt/index.js';
import { ProgressBar } from '../progress.js';
import { foldCount, integer, printJson, secondsSince } from '../util.js';
import { addDataOptions, prepareTraining, type DataCliOptions } from './data-options.js';

interface CvCliOptions extends DataCliOptions {
  folds: number;
  seed: number;
  stratified: boolean;
}

/** `gbtune cv DATA.csv`: k-fold cross-validation, printing every metric's mean and std. */
export function registerCv(program: Command): void {
  addDataOptions(
    program
      .command('cv')
      .description('k-fold cross-validation of a boosted model on a CSV file')
      .argument('<data>', 'CSV file with a header row')
      .option('-k, --folds <n>', 'number of folds', foldCount('--folds'), 5)
      .option('--seed <n>', 'seed of the fold split', integer('--seed'), 0)
      .option('--no-stratified', 'plain (not stratified) folds for classification'),
  ).action(async (file: string, opts: CvCliOptions) => {
    const t0 = performance.now();
    const { data, resolved, binned, tRead, tBin } = await prepareTraining(file, opts, { folds: opts.folds, stratified: opts.stratified });
    const bar = new ProgressBar('cv', resolved.num_iterations);
    const progress: CvCallback = ({ iteration }) => {
      bar.update(iteration + 1);
    };
    const t2 = performance.now();
    const result = cv(resolved, binned, { nfold: opts.folds, seed: opts.seed, stratified: opts.stratified, callbacks: [progress] });
    bar.done();
    const tTrain = secondsSince(t2);
    const seconds = { read: tRead, bin: tBin, train: tTrain, total: secondsSince(t0) };
    if (opts.json === true) {
      printJson({
        data: file,
        rows: data.nRows,
        features: data.nFeatures,
        objective: resolved.objective,
        folds: opts.folds,
        metrics: result.best,
        bestIteration: result.bestIteration,
        seconds,
      });
      return;
    }
    const lines = [`${opts.folds}-fold CV of ${file} (${data.nRows} rows, ${data.nFeatures} features), objective ${resolved.objective}, ${result.bestIteration} rounds`];
    for (const [name, { mean, std }] of Object.entries(result.best)) {
      lines.push(`  ${name.padEnd(16)} ${mean.toFixed(4)} ± ${std.toFixed(4)}`);
    }
    lines.push(`  time: read ${tRead.toFixed(2)} s, bin ${tBin.toFixed(2)} s, train ${tTrain.toFixed(2)} s`);
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
