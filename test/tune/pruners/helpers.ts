/**
 * Test helpers for pruners: hand-built FrozenTrials, a small in-memory StudyView stand-in, and a
 * sequential optimize loop that mirrors Optuna's (report, then should_prune, at every step).
 */
import type { Pruner, PrunerTrial } from '../../../src/tune/pruners/base.js';
import type { StudyView } from '../../../src/tune/study/study-view.js';
import { singleValue, type FrozenTrial, type StudyDirection, type TrialState } from '../../../src/tune/trial/frozen-trial.js';

export interface TrialSpec {
  number: number;
  state?: TrialState;
  value?: number | null;
  values?: number[] | null;
  intermediate?: readonly (readonly [number, number])[] | readonly number[];
  systemAttrs?: Record<string, unknown>;
}

/** A FrozenTrial from a short spec; `intermediate` as [step, value] pairs or values at steps 0, 1, 2, ... */
export function makeTrial(spec: TrialSpec): FrozenTrial {
  const iv = new Map<number, number>();
  const inter = spec.intermediate ?? [];
  for (let i = 0; i < inter.length; i++) {
    const e = inter[i];
    if (typeof e === 'number') iv.set(i, e);
    else iv.set(e[0], e[1]);
  }
  const state = spec.state ?? 'COMPLETE';
  const values = spec.values !== undefined ? spec.values : spec.value !== undefined && spec.value !== null ? [spec.value] : state === 'COMPLETE' ? [0] : null;
  return {
    number: spec.number,
    trialId: 1000 + spec.number,
    state,
    values,
    value: singleValue(values),
    datetimeStart: null,
    datetimeComplete: null,
    params: {},
    distributions: {},
    userAttrs: {},
    systemAttrs: { ...(spec.systemAttrs ?? {}) },
    intermediateValues: iv,
  };
}

/** A StudyView over a fixed (or externally mutated) list of trials. */
export class FakeStudy implements StudyView {
  readonly studyId = 1;
  readonly userAttrs = {};
  readonly systemAttrs: Record<string, unknown> = {};
  constructor(
    public trials: FrozenTrial[],
    public directions: readonly StudyDirection[] = ['MINIMIZE'],
    readonly studyName = 'test-study',
  ) {}

  getTrials(options?: { states?: readonly TrialState[] }): readonly FrozenTrial[] {
    const states = options?.states;
    return states === undefined ? [...this.trials] : this.trials.filter((t) => states.includes(t.state));
  }

  setSystemAttr(key: string, value: unknown): void {
    this.systemAttrs[key] = value;
  }
}

/** A study of `complete` finished trials (their intermediate values given) plus the trial under judgement. */
export function studyWith(
  complete: readonly (readonly number[])[],
  direction: StudyDirection = 'MINIMIZE',
): FakeStudy {
  return new FakeStudy(
    complete.map((iv, i) => makeTrial({ number: i, intermediate: iv, value: iv[iv.length - 1] ?? 0 })),
    [direction],
  );
}

/** The running trial numbered after the study's trials, with the given values at steps 0, 1, .... */
export function running(study: FakeStudy, intermediate: TrialSpec['intermediate']): FrozenTrial {
  return makeTrial({ number: study.trials.length, state: 'RUNNING', intermediate, values: null });
}

/**
 * Runs `nTrials` trials one after another, each reporting `f(n, step)` (negated when maximizing)
 * at steps 0..nSteps-1 and asking the pruner after every report, as Optuna's optimize loop does.
 * With `writable`, the judged trial can take system attr writes (which later snapshots show).
 * Returns `[number, state, lastStep]` per trial.
 */
export function simulate(
  pruner: Pruner,
  direction: StudyDirection,
  f: (n: number, step: number) => number,
  { nTrials = 40, nSteps = 30, studyName = 'ref-study', writable = true } = {},
): [number, string, number][] {
  const study = new FakeStudy([], [direction], studyName);
  const out: [number, string, number][] = [];
  for (let n = 0; n < nTrials; n++) {
    const iv = new Map<number, number>();
    const attrs: Record<string, unknown> = {};
    const snapshot = (state: TrialState, values: number[] | null): FrozenTrial => ({
      number: n,
      trialId: 500 + n,
      state,
      values,
      value: singleValue(values),
      datetimeStart: null,
      datetimeComplete: null,
      params: {},
      distributions: {},
      userAttrs: {},
      systemAttrs: { ...attrs },
      intermediateValues: new Map(iv),
    });
    study.trials.push(snapshot('RUNNING', null));
    let state: TrialState = 'COMPLETE';
    let last = -1;
    let v = 0;
    for (let s = 0; s < nSteps; s++) {
      v = direction === 'MINIMIZE' ? f(n, s) : -f(n, s);
      iv.set(s, v);
      last = s;
      study.trials[n] = snapshot('RUNNING', null);
      const judged: PrunerTrial = writable
        ? { ...snapshot('RUNNING', null), setSystemAttr: (k: string, val: unknown) => void (attrs[k] = val) }
        : snapshot('RUNNING', null);
      if (pruner.prune(study, judged)) {
        state = 'PRUNED';
        break;
      }
    }
    study.trials[n] = snapshot(state, state === 'COMPLETE' ? [v] : null);
    out.push([n, state, last]);
  }
  return out;
}

/** The deterministic learning curves of the Optuna reference runs (bench-free copy of prune_ref.py's f). */
export function refCurve(n: number, s: number): number {
  const a = ((n * 7919) % 13) / 13;
  return a + 1 / (s + 1) + 0.01 * ((n * s) % 5);
}
