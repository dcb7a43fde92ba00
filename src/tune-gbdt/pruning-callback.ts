/**
 * A pruning callback for `train` and `cv` (Optuna's `LightGBMPruningCallback`, anchor
 * `optuna_integration/lightgbm/lightgbm.py`): after every boosting round it reports the watched
 * metric (the fold mean for `cv`, one validation set's value for `train`) to the trial at step =
 * round, and throws `TrialPruned` when the study's pruner says the trial should stop.
 */
import { TrialPruned, TunerError } from '../core/errors.js';
import type { CvCallbackEnv, TrainCallbackEnv } from '../gbdt/boosting/callbacks.js';

/** What the callback needs of a trial (a `Trial` has it). */
export interface PruningTrial {
  readonly number: number;
  report(value: number, step: number): void;
  shouldPrune(): boolean;
}

/** Options of {@link pruningCallback}. */
export interface PruningCallbackOptions {
  /** The metric to report, e.g. 'accuracy'. Default: the first metric evaluated. */
  metric?: string;
  /** For `train`: the validation set's name. Default: the first validation set. */
  validName?: string;
}

/** A callback usable with both `train` and `cv`. */
export type PruningCallback = (env: CvCallbackEnv | TrainCallbackEnv) => void;

/**
 * Makes the callback.
 *
 * @example
 * ```ts
 * await study.optimize((trial) => {
 *   const r = cv({ objective: 'binary', num_leaves: trial.suggestInt('num_leaves', 2, 64) }, binned, {
 *     callbacks: [pruningCallback(trial, { metric: 'accuracy' })],
 *   });
 *   return r.best.accuracy.mean;
 * });
 * ```
 */
export function pruningCallback(trial: PruningTrial, { metric, validName }: PruningCallbackOptions = {}): PruningCallback {
  return (env) => {
    const value = pickValue(env, metric, validName);
    trial.report(value, env.iteration);
    if (trial.shouldPrune()) throw new TrialPruned(`trial ${trial.number} pruned at round ${env.iteration + 1}`);
  };
}

/** The watched metric's value in a round's evaluations. */
export function pickValue(env: CvCallbackEnv | TrainCallbackEnv, metric: string | undefined, validName: string | undefined): number {
  const evals = env.evaluations;
  if (evals.length === 0) throw new TunerError('pruning callback: the round has no evaluation; give a metric (and a validation set for train)');
  for (const e of evals) {
    if (metric !== undefined && e.metricName !== metric) continue;
    if ('mean' in e) return e.mean;
    if (validName !== undefined && e.dataName !== validName) continue;
    return e.value;
  }
  const seen = evals.map((e) => ('mean' in e ? e.metricName : `${e.dataName}/${e.metricName}`)).join(', ');
  throw new TunerError(`pruning callback: metric '${metric ?? ''}'${validName !== undefined ? ` on '${validName}'` : ''} is not evaluated; evaluated: ${seen}`);
}
