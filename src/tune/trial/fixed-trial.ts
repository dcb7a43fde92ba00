/**
 * A trial with given params, for running an objective outside a study (Optuna's `FixedTrial`):
 * `suggest*` return the given values (a warning when one is outside the suggested range, an error
 * when one is missing), `report` records values, `shouldPrune` is false. Nothing is stored.
 *
 * @example
 * ```ts
 * const value = await objective(new FixedTrial({ x: 1, kind: 'a' }));
 * ```
 */
import { TunerError } from '../../core/errors.js';
import type { Distribution, ParamValue } from '../distributions.js';
import type { Pruner } from '../pruners/base.js';
import type { Sampler } from '../samplers/base.js';
import type { Storage } from '../storages/base.js';
import type { StudyView } from '../study/study-view.js';
import { freezeTrial } from './create-trial.js';
import type { FrozenTrial } from './frozen-trial.js';
import { Trial, type TrialHost } from './trial.js';

const missing: Sampler = {
  inferRelativeSearchSpace: () => ({}),
  sampleRelative: () => ({}),
  sampleIndependent: (_s: StudyView, t: FrozenTrial, name: string) => {
    throw new TunerError(`FixedTrial ${t.number}: the parameter '${name}' is not among the given params`);
  },
};

const never: Pruner = { prune: () => false };

const nothing = async (): Promise<never> => {
  throw new TunerError('FixedTrial has no storage');
};

/** A storage that accepts the trial's writes and keeps nothing. */
const sink = new Proxy({} as Storage, {
  get: (_t, key) => (key === 'then' ? undefined : key.toString().startsWith('set') ? async () => undefined : nothing),
});

function view(): StudyView {
  return {
    studyName: 'fixed-trial',
    studyId: -1,
    directions: ['MINIMIZE'],
    getTrials: () => [],
    userAttrs: {},
    systemAttrs: {},
    setSystemAttr: () => undefined,
  };
}

/** See the module comment. */
export class FixedTrial extends Trial {
  constructor(params: Record<string, ParamValue>, number = 0) {
    const host: TrialHost = { storage: sink, studyId: -1, directions: ['MINIMIZE'], sampler: missing, pruner: never, view: view() };
    const base = freezeTrial({
      number,
      trialId: -1,
      state: 'RUNNING',
      values: null,
      datetimeStart: new Date(),
      datetimeComplete: null,
      params: [],
      distributions: {} as Record<string, Distribution>,
      userAttrs: [],
      systemAttrs: [['fixed_params', { ...params }]],
      intermediateValues: [],
    });
    super(host, base);
  }
}
