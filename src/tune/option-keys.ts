/**
 * Checks an options object built from text (the CLI's `--pruner-option`, `--sampler-options`,
 * `ask --sampler-kwargs`) against the options the named pruner or sampler takes, as its registry
 * entry lists them (`optionKeys`, typed from the class's options interface): a misspelt key is an
 * error naming the pruner or sampler and its options, not a setting silently ignored.
 */
import type { CheckOptionsOptions } from '../core/registry.js';
import { PRUNERS } from './pruners/registry.js';
import { SAMPLERS } from './samplers/registry.js';

/**
 * Throws a TunerError naming the pruner or sampler and its options when `options` holds a key it
 * does not take, or gives a code-only option (a function, a sampler) a plain value. Unknown names
 * are left to the registries (they list the names). `display` spells the keys in messages.
 *
 * @example
 * ```ts
 * checkOptionKeys('pruner', 'threshold', { lowr: 0.5 });
 * // TunerError: pruner 'threshold' has no option 'lowr'; its options: lower, upper, nWarmupSteps, intervalSteps
 * ```
 */
export function checkOptionKeys(family: 'pruner' | 'sampler', name: string, options: Readonly<Record<string, unknown>>, how: CheckOptionsOptions = {}): void {
  (family === 'pruner' ? PRUNERS : SAMPLERS).checkOptions(name, options, how);
}
