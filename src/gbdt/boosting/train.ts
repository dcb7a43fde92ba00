/**
 * `train(params, data, options)`: LightGBM's `lgb.train` for gbtune (see {@link trainModel} for the loop).
 */
import type { BinnedDataset } from '../../data/binned-dataset.js';
import type { Dataset } from '../../data/dataset.js';
import type { GbdtParams, GbdtParamsInput } from '../../params/resolved.js';
import { Booster } from './booster.js';
import { trainModel, type TrainOptions } from './train-model.js';

export type { TrainOptions } from './train-model.js';

/**
 * Trains a gradient-boosted model: params with LightGBM names and aliases, typed from the params
 * table ({@link GbdtParamsInput}: a misspelt key or objective fails to compile; already resolved
 * {@link GbdtParams} fit too), data as a {@link Dataset} (binned now) or a {@link BinnedDataset} (bins reused).
 * Returns a {@link Booster}; with early stopping `booster.bestIteration` is the best round (1-based).
 *
 * @example
 * ```ts
 * const data = await readCsv('datasets/breast_cancer.csv');
 * const booster = train({ objective: 'binary', num_iterations: 100, early_stopping_round: 10 }, data, {
 *   validSets: [valid],
 *   callbacks: [({ iteration, evaluations }) => console.log(iteration, evaluations[0]?.value)],
 * });
 * booster.predictProba(valid);
 * ```
 */
export function train(params: GbdtParamsInput, data: Dataset | BinnedDataset, options: TrainOptions = {}): Booster {
  return new Booster(trainModel(params, data, options));
}
