/**
 * Finishing a trial (Optuna's `optuna/study/_tell.py`): checks the state and values, gives a
 * pruned trial its last intermediate value, calls `Sampler.afterTrial`, then writes the state.
 *
 * Values that are not numbers, NaN, or of the wrong count make the trial FAIL with a warning when
 * no state is given (how `optimize` treats an objective's result); with an explicit COMPLETE state
 * they are an error.
 */
import { StorageError, TunerError } from '../../core/errors.js';
import { log } from '../../core/log.js';
import type { FrozenTrial, TrialState } from '../trial/frozen-trial.js';
import type { TrialSetup } from '../samplers/base.js';
import type { Trial, TrialHost } from '../trial/trial.js';

/** What telling a trial needs from its study (implemented by `Study`): a trial's host and the study's name for messages. */
export interface TellHost extends TrialHost {
  readonly studyName: string;
}

/** What `tell` did. */
export interface TellOutcome {
  /** The trial as stored after tell (or unchanged when skipped). */
  trial: FrozenTrial;
  state: TrialState;
  values: number[] | null;
  /** Why the values were refused (the trial was set to FAIL), when a warning was suppressed. */
  warning: string | null;
}

/** A value as Python's repr would show it, for messages. */
export function showValue(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (v === undefined) return 'undefined';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'function') return 'a function';
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && Number.isNaN(x) ? 'NaN' : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Null when `values` are acceptable for a study with `nObjectives`, else why not (Optuna's `_check_values_are_feasible`). */
export function checkValues(values: readonly unknown[], nObjectives: number): string | null {
  const errors: string[] = [];
  for (const v of values) {
    if (typeof v !== 'number') errors.push(`the value ${showValue(v)} is not a number`);
    else if (Number.isNaN(v)) errors.push(`the value NaN is not acceptable`);
  }
  if (errors.length > 0) return errors.join('; ');
  if (values.length !== nObjectives) {
    return `the number of the values ${values.length} did not match the number of the objectives ${nObjectives}`;
  }
  return null;
}

const TELLABLE: readonly TrialState[] = ['COMPLETE', 'PRUNED', 'FAIL'];

/** See the module comment. `flushStudy` writes the study-level queued writes (e.g. from afterTrial). */
export async function tellTrial(
  study: TellHost,
  target: { live: Trial | undefined; number: number },
  rawValues: unknown,
  state: TrialState | undefined,
  opts: { skipIfFinished: boolean; suppressWarning: boolean; flushStudy: () => Promise<void> },
): Promise<TellOutcome> {
  const { storage, studyId } = study;
  const { live } = target;
  let trialId: number;
  if (live !== undefined) {
    trialId = live.trialId;
  } else {
    try {
      trialId = await storage.getTrialIdFromStudyIdTrialNumber(studyId, target.number);
    } catch (e) {
      if (e instanceof StorageError) {
        throw new TunerError(`cannot tell trial number ${target.number} of study '${study.studyName}': it has not been created`);
      }
      throw e;
    }
  }

  // the trial's queued writes go first; if they fail, the trial fails and the error surfaces
  if (live !== undefined && !live.finished) {
    try {
      await live.flush();
    } catch (e) {
      live.markFinished();
      try {
        await storage.setTrialStateValues(trialId, 'FAIL', null);
      } catch {
        // already finished elsewhere: nothing more to do
      }
      throw e;
    }
  }

  const frozen = await storage.getTrial(trialId);
  if (isFinishedState(frozen.state) && opts.skipIfFinished) {
    log.info(
      `skipped telling trial ${frozen.number} with values ${showValue(rawValues)} and state ${state ?? 'undefined'} since it was already finished with values ${showValue(frozen.values)} and state ${frozen.state}`,
    );
    live?.markFinished();
    return { trial: frozen, state: frozen.state, values: frozen.values === null ? null : [...frozen.values], warning: null };
  }
  if (frozen.state !== 'RUNNING') {
    throw new TunerError(`cannot tell a ${frozen.state} trial (trial ${frozen.number} of study '${study.studyName}')`);
  }

  let values: unknown[] | null = rawValues === undefined ? null : Array.isArray(rawValues) ? [...(rawValues as unknown[])] : [rawValues];
  if (state !== undefined && !TELLABLE.includes(state)) {
    throw new TunerError(`cannot tell with state ${JSON.stringify(state)}; use COMPLETE, PRUNED or FAIL`);
  }
  if (state === 'COMPLETE' && values === null) {
    throw new TunerError('no values were told; values are required when the state is COMPLETE');
  }
  if ((state === 'PRUNED' || state === 'FAIL') && values !== null) {
    throw new TunerError(`values were told (${showValue(rawValues)}); values cannot be given when the state is PRUNED or FAIL`);
  }

  let warning: string | null = null;
  let finalState: TrialState;
  if (state === 'COMPLETE') {
    const msg = checkValues(values as unknown[], study.directions.length);
    if (msg !== null) throw new TunerError(`tell trial ${frozen.number}: ${msg}`);
    finalState = 'COMPLETE';
  } else if (state === 'PRUNED') {
    // the last intermediate value becomes the pruned trial's value, as Optuna does
    let last: number | null = null;
    const iv = live !== undefined ? live.intermediateValues : frozen.intermediateValues;
    for (const s of iv.keys()) if (last === null || s > last) last = s;
    values = null;
    if (last !== null) {
      const lv = iv.get(last) as number;
      if (checkValues([lv], study.directions.length) === null) values = [lv];
    }
    finalState = 'PRUNED';
  } else if (state === 'FAIL') {
    finalState = 'FAIL';
  } else {
    const msg = values === null ? 'the value undefined could not be used as a number' : checkValues(values, study.directions.length);
    if (msg === null) {
      finalState = 'COMPLETE';
    } else {
      finalState = 'FAIL';
      values = null;
      warning = `trial ${frozen.number} failed because ${msg} (returned ${showValue(rawValues)})`;
      if (!opts.suppressWarning) {
        log.warn(warning);
        warning = null;
      }
    }
  }
  const nums = values as number[] | null;

  try {
    // the trial is still RUNNING (and live in the view) while the sampler looks, as in Optuna;
    // what the sampler writes on the trial is stored before the state makes the trial immutable
    const view = study.pruner.filterStudy?.(study.view, frozen) ?? study.view;
    const writes: Promise<void>[] = [];
    const setup: TrialSetup = Object.assign({}, frozen, {
      setSystemAttr: (key: string, value: unknown): void => {
        writes.push(storage.setTrialSystemAttr(trialId, key, value));
      },
    });
    study.sampler.afterTrial?.(view, setup, finalState, nums);
    await Promise.all(writes);
  } finally {
    live?.markFinished();
    await storage.setTrialStateValues(trialId, finalState, nums);
    await opts.flushStudy();
  }
  const stored = await storage.getTrial(trialId);
  return { trial: stored, state: finalState, values: nums, warning };
}

function isFinishedState(s: TrialState): boolean {
  return s === 'COMPLETE' || s === 'PRUNED' || s === 'FAIL';
}

