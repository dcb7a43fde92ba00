// A small hand-made study driver for sampler unit tests: a StudyView over an in-memory list of
// frozen trials, and trials that suggest through a Sampler the way Optuna's Trial._suggest does
// (relative sample first, then independent). Independent of the study core on purpose.
import type { Distribution, ParamValue } from '../../../../src/tune/distributions.js';
import type { Sampler, TrialSetup } from '../../../../src/tune/samplers/base.js';
import type { StudyView } from '../../../../src/tune/study/study-view.js';
import { singleValue, type FrozenTrial, type StudyDirection, type TrialState } from '../../../../src/tune/trial/frozen-trial.js';

export class FakeStudy implements StudyView {
  readonly studyName = 'fake';
  readonly studyId: number;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs = {};
  readonly systemAttrs: Record<string, unknown> = {};
  trials: FrozenTrial[] = [];

  constructor(directions: readonly StudyDirection[] = ['MINIMIZE'], studyId = 0) {
    this.directions = directions;
    this.studyId = studyId;
  }

  getTrials(options?: { states?: readonly TrialState[] }): readonly FrozenTrial[] {
    const s = options?.states;
    return s === undefined ? this.trials : this.trials.filter((t) => s.includes(t.state));
  }

  setSystemAttr(key: string, value: unknown): void {
    this.systemAttrs[key] = value;
  }

  /** Adds a finished trial directly (like study.addTrial). */
  add(t: Partial<FrozenTrial> & { params: Record<string, ParamValue>; distributions: Record<string, Distribution> }): FrozenTrial {
    const number = this.trials.length;
    const ft: FrozenTrial = {
      number,
      trialId: number,
      state: 'COMPLETE',
      values: null,
      datetimeStart: null,
      datetimeComplete: null,
      userAttrs: {},
      systemAttrs: {},
      intermediateValues: new Map(),
      ...t,
      value: singleValue(t.values),
    };
    this.trials.push(ft);
    return ft;
  }

  begin(sampler: Sampler): FakeTrial {
    return new FakeTrial(this, sampler);
  }

  /** Runs one trial to completion. */
  run(sampler: Sampler, objective: (t: FakeTrial) => number | number[]): FrozenTrial {
    const t = this.begin(sampler);
    const v = objective(t);
    return t.finish('COMPLETE', Array.isArray(v) ? v : [v]);
  }
}

export class FakeTrial {
  readonly number: number;
  private relative: { space: Record<string, Distribution>; params: Record<string, ParamValue> } | null = null;

  constructor(
    private readonly study: FakeStudy,
    private readonly sampler: Sampler,
  ) {
    this.number = study.trials.length;
    study.trials.push({
      number: this.number,
      trialId: this.number,
      state: 'RUNNING',
      values: null,
      value: null,
      datetimeStart: null,
      datetimeComplete: null,
      params: {},
      distributions: {},
      userAttrs: {},
      systemAttrs: {},
      intermediateValues: new Map(),
    });
    const setup: TrialSetup = Object.assign({}, this.frozen, {
      setSystemAttr: (k: string, v: unknown): void => this.update({ systemAttrs: { ...this.frozen.systemAttrs, [k]: v } }),
    });
    sampler.beforeTrial?.(study, setup);
  }

  get frozen(): FrozenTrial {
    return this.study.trials[this.number];
  }

  private update(p: Partial<FrozenTrial>): void {
    this.study.trials[this.number] = { ...this.frozen, ...p };
  }

  suggest(name: string, d: Distribution): ParamValue {
    if (name in this.frozen.params) return this.frozen.params[name];
    if (this.relative === null) {
      const space = this.sampler.inferRelativeSearchSpace(this.study, this.frozen);
      this.relative = { space, params: Object.keys(space).length > 0 ? this.sampler.sampleRelative(this.study, this.frozen, space) : {} };
    }
    let v: ParamValue;
    if (d.single()) v = d.kind === 'categorical' ? d.choices[0] : d.low;
    else if (name in this.relative.params && this.relative.space[name] !== undefined) v = this.relative.params[name];
    else v = this.sampler.sampleIndependent(this.study, this.frozen, name, d);
    if (!d.contains(d.toInternal(v))) throw new Error(`sampled ${String(v)} outside ${JSON.stringify(d)}`);
    this.update({ params: { ...this.frozen.params, [name]: v }, distributions: { ...this.frozen.distributions, [name]: d } });
    return v;
  }

  report(value: number, step: number): void {
    const m = new Map(this.frozen.intermediateValues);
    m.set(step, value);
    this.update({ intermediateValues: m });
  }

  finish(state: TrialState, values: number[] | null = null): FrozenTrial {
    this.sampler.afterTrial?.(this.study, this.frozen, state, values);
    const v = state === 'COMPLETE' ? values : null;
    this.update({ state, values: v, value: singleValue(v) });
    return this.frozen;
  }
}
