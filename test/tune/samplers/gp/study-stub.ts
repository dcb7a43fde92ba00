/**
 * A small hand-made StudyView and an ask/tell loop for sampler tests, independent of the study
 * core: trials are FrozenTrial objects kept in an array.
 */
import type { Distribution, ParamValue } from '../../../../src/tune/distributions.js';
import type { Sampler, TrialSetup } from '../../../../src/tune/samplers/base.js';
import type { StudyView } from '../../../../src/tune/study/study-view.js';
import { singleValue, type FrozenTrial, type StudyDirection, type TrialState } from '../../../../src/tune/trial/frozen-trial.js';

export class StubStudy implements StudyView {
  readonly studyName = 'stub';
  readonly studyId = 0;
  readonly userAttrs = {};
  readonly systemAttrs: Record<string, unknown> = {};
  readonly trials: FrozenTrial[] = [];

  constructor(readonly directions: readonly StudyDirection[] = ['MINIMIZE']) {}

  getTrials(options?: { states?: readonly TrialState[] }): readonly FrozenTrial[] {
    const states = options?.states;
    return states === undefined ? [...this.trials] : this.trials.filter((t) => states.includes(t.state));
  }

  setSystemAttr(key: string, value: unknown): void {
    this.systemAttrs[key] = value;
  }

  /** Adds a finished trial directly. */
  add(params: Record<string, ParamValue>, distributions: Record<string, Distribution>, values: number[] | null, state: TrialState = 'COMPLETE'): FrozenTrial {
    const t = makeTrial(this.trials.length, state, params, distributions, values);
    this.trials.push(t);
    return t;
  }
}

export function makeTrial(
  number: number,
  state: TrialState,
  params: Record<string, ParamValue>,
  distributions: Record<string, Distribution>,
  values: number[] | null,
): FrozenTrial {
  return {
    number,
    trialId: number,
    state,
    values,
    value: singleValue(values),
    datetimeStart: null,
    datetimeComplete: null,
    params,
    distributions,
    userAttrs: {},
    systemAttrs: {},
    intermediateValues: new Map(),
  };
}

/** Asks the sampler for one trial's params over a fixed space (relative first, then independent). */
export function ask(sampler: Sampler, study: StubStudy, space: Record<string, Distribution>): Record<string, ParamValue> {
  const running = makeTrial(study.trials.length, 'RUNNING', {}, {}, null);
  const setup: TrialSetup = { ...running, setSystemAttr: () => undefined };
  sampler.beforeTrial?.(study, setup);
  const relSpace = sampler.inferRelativeSearchSpace(study, running);
  const rel = sampler.sampleRelative(study, running, relSpace);
  const params: Record<string, ParamValue> = {};
  for (const name of Object.keys(space)) {
    params[name] = name in rel ? rel[name] : sampler.sampleIndependent(study, running, name, space[name]);
  }
  return params;
}

/** Runs `nTrials` trials of `objective` and returns the study. */
export function runStudy(
  sampler: Sampler,
  space: Record<string, Distribution>,
  objective: (p: Record<string, ParamValue>) => number,
  nTrials: number,
  direction: StudyDirection = 'MINIMIZE',
): StubStudy {
  const study = new StubStudy([direction]);
  for (let i = 0; i < nTrials; i++) {
    const params = ask(sampler, study, space);
    const v = objective(params);
    sampler.afterTrial?.(study, makeTrial(i, 'RUNNING', params, space, null), 'COMPLETE', [v]);
    study.add(params, space, [v]);
  }
  return study;
}

export function bestValue(study: StubStudy, direction: StudyDirection = 'MINIMIZE'): number {
  let best = direction === 'MINIMIZE' ? Infinity : -Infinity;
  for (const t of study.trials) {
    const v = (t.values as number[])[0];
    if (direction === 'MINIMIZE' ? v < best : v > best) best = v;
  }
  return best;
}
