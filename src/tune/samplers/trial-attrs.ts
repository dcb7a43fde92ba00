/**
 * Trial system attributes for samplers that keep state in them (CMA-ES generations and optimizer
 * state, NSGA-II generations), as Optuna's samplers do with `storage.set_trial_system_attr`.
 *
 * The sampler contract hands `sampleRelative` a plain `FrozenTrial`; the writable `TrialSetup` of
 * the same trial arrives earlier in `beforeTrial`. This helper remembers it by trial id and writes
 * through it, so the values reach the storage (and other workers). It also keeps its own copy of
 * every value it writes, so a study core that cannot take the write still works in one process.
 *
 * @example
 * ```ts
 * const attrs = new TrialAttrs();
 * // beforeTrial(study, setup): attrs.remember(setup)
 * // sampleRelative(study, trial): attrs.set(trial, 'cma:generation', 3); attrs.get(trial, 'cma:generation') === 3
 * ```
 */
import type { TrialSetup } from './base.js';
import type { FrozenTrial } from '../trial/frozen-trial.js';

/** See the module comment. */
export class TrialAttrs {
  private readonly setups = new Map<number, TrialSetup>();
  private readonly local = new Map<number, Record<string, unknown>>();

  /** Remembers the writable trial (call from `beforeTrial`). */
  remember(trial: TrialSetup): void {
    this.setups.set(trial.trialId, trial);
  }

  /** Forgets the writable trial (call from `afterTrial`). */
  forget(trialId: number): void {
    this.setups.delete(trialId);
  }

  /** Queues a system attr write on `trial` and keeps a local copy. */
  set(trial: FrozenTrial, key: string, value: unknown): void {
    let own = this.local.get(trial.trialId);
    if (own === undefined) {
      own = {};
      this.local.set(trial.trialId, own);
    }
    own[key] = value;
    const maybe = trial as Partial<TrialSetup>;
    const setup = typeof maybe.setSystemAttr === 'function' ? (maybe as TrialSetup) : this.setups.get(trial.trialId);
    setup?.setSystemAttr(key, value);
  }

  /** The attr from the trial's snapshot, or else from the local copy. */
  get(trial: FrozenTrial, key: string): unknown {
    const v = trial.systemAttrs[key];
    if (v !== undefined) return v;
    return this.local.get(trial.trialId)?.[key];
  }

  /** All attrs of `trial` whose key starts with `prefix` (snapshot first, local copy for the rest). */
  withPrefix(trial: FrozenTrial, prefix: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const own = this.local.get(trial.trialId);
    if (own !== undefined) for (const k of Object.keys(own)) if (k.startsWith(prefix)) out[k] = own[k];
    for (const k of Object.keys(trial.systemAttrs)) if (k.startsWith(prefix)) out[k] = trial.systemAttrs[k];
    return out;
  }
}
