/**
 * `--sampler-option key=value` / `--sampler-options JSON` and the same for the pruner: the options
 * of the sampler or pruner a command uses, in Optuna's snake_case or gbtune's camelCase.
 */
import type { Command } from 'commander';
import { GridSampler, TunerError, type Pruner } from '../../index.js';
import { checkOptionKeys } from '../../tune/index.js';
import { resolveTunePruner, resolveTuneSampler } from '../../tune-gbdt/index.js';
import { collect } from '../util.js';

/** What commander hands a command that has {@link addPluginOptions}. */
export interface PluginCliOptions {
  sampler?: string;
  samplerOption?: string[];
  samplerOptions?: string;
  pruner?: string;
  prunerOption?: string[];
  prunerOptions?: string;
}

/** Adds `--sampler-option(s)` and, with `pruner`, `--pruner-option(s)` to a command. */
export function addPluginOptions(cmd: Command, { pruner = true } = {}): Command {
  cmd
    .option('--sampler-option <key=value>', 'a sampler option (repeatable; the value is JSON when it parses), e.g. n_startup_trials=20', collect, [])
    .option('--sampler-options <json>', 'sampler options as one JSON object, e.g. {"n_startup_trials": 20, "multivariate": false}');
  if (pruner) {
    cmd
      .option('--pruner-option <key=value>', 'a pruner option (repeatable), e.g. --pruner patient --pruner-option patience=5 --pruner-option wrapped_pruner=median', collect, [])
      .option('--pruner-options <json>', 'pruner options as one JSON object, e.g. {"lower": 0.9} for --pruner threshold');
  }
  return cmd;
}

/** `n_startup_trials` → `nStartupTrials` (camelCase names pass unchanged). */
function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** `nStartupTrials` → `n_startup_trials`: how the CLI shows option names (Optuna's spelling). */
export function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The options given by `--X-options JSON` and then `--X-option key=value` pairs (later ones win),
 * with camelCase keys; a pair's value is JSON when it parses (`5`, `true`, `null`, `{"a": 1}`),
 * else text. A patient pruner's `wrapped_pruner` object gets camelCase keys too.
 *
 * @example
 * ```ts
 * pluginOptions('pruner', ['patience=3', 'wrapped_pruner=median'], undefined);
 * // { patience: 3, wrappedPruner: 'median' }
 * ```
 */
export function pluginOptions(family: 'sampler' | 'pruner', pairs: readonly string[] = [], json?: string): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  if (json !== undefined) {
    let obj: unknown;
    try {
      obj = JSON.parse(json) as unknown;
    } catch (e) {
      throw new TunerError(`--${family}-options: not valid JSON (${(e as Error).message})`, 'CLI_ARG');
    }
    if (!isPlainObject(obj)) throw new TunerError(`--${family}-options must be a JSON object, e.g. {"n_startup_trials": 10}; got ${json}`, 'CLI_ARG');
    Object.assign(raw, obj);
  }
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new TunerError(`--${family}-option '${pair}' is not of the form key=value`, 'CLI_ARG');
    const text = pair.slice(eq + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      // not JSON: the text itself (a name such as wrapped_pruner=median)
    }
    raw[pair.slice(0, eq).trim()] = value;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const key = camel(k);
    out[key] = key === 'wrappedPruner' && isPlainObject(v) ? Object.fromEntries(Object.entries(v).map(([wk, wv]) => [camel(wk), wv])) : v;
  }
  return out;
}

/** Options a pruner cannot do without, with what to type. */
const REQUIRED: Record<string, { keys: string[]; hint: string }> = {
  percentile: { keys: ['percentile'], hint: '--pruner-option percentile=P (prune below the P-th percentile, 0-100)' },
  patient: { keys: ['patience'], hint: '--pruner-option patience=N (rounds without improvement), optionally wrapped_pruner=median' },
  threshold: { keys: ['lower', 'upper'], hint: '--pruner-option lower=X and/or upper=X' },
};

/**
 * The pruner of `--pruner` and its options (keys checked: an unknown one names the pruner and its
 * options), and the sampler options of `--sampler-option(s)`, checked by making the sampler once
 * (tune makes its own: its seed moves on when a study resumes), all before any work.
 *
 * @example
 * ```ts
 * const { pruner } = await tunePlugins({ pruner: 'threshold', prunerOption: ['lower=0.9'] });
 * ```
 */
export async function tunePlugins(opts: PluginCliOptions & { space?: string }): Promise<{ pruner: Pruner; samplerOptions: Record<string, unknown> }> {
  const prunerOptions = pluginOptions('pruner', opts.prunerOption, opts.prunerOptions);
  const samplerOptions = pluginOptions('sampler', opts.samplerOption, opts.samplerOptions);
  if ('seed' in samplerOptions) throw new TunerError("--sampler-option seed: give the seed with --seed (it seeds the folds too, and moves on when a study resumes)", 'CLI_ARG');
  const name = opts.pruner;
  checkOptionKeys('pruner', name ?? 'median', prunerOptions, { display: snake });
  const wrapped = prunerOptions.wrappedPruner;
  if (typeof wrapped === 'object' && wrapped !== null && typeof (wrapped as { name?: unknown }).name === 'string') {
    const { name: wName, ...wOpts } = wrapped as Record<string, unknown>;
    checkOptionKeys('pruner', wName as string, wOpts, { display: snake });
  }
  const need = name === undefined ? undefined : REQUIRED[name.toLowerCase().replace(/[-_]/g, '').replace(/pruner$/, '')];
  if (need !== undefined && !need.keys.some((k) => prunerOptions[k] !== undefined)) throw new TunerError(`--pruner ${name} needs ${need.hint}`, 'CLI_ARG');
  checkOptionKeys('sampler', opts.sampler ?? 'tpe', samplerOptions, { display: snake });
  const pruner = resolveTunePruner(name, prunerOptions);
  // an unknown sampler name or a bad option value fails here; the grid's own space comes from --space later
  const sampler = await resolveTuneSampler(opts.sampler, 0, 1, {}, samplerOptions);
  if (sampler instanceof GridSampler && opts.space === undefined) {
    throw new TunerError('--sampler grid needs --space FILE whose entries are categorical, int or fixed (the grid)', 'CLI_ARG');
  }
  return { pruner, samplerOptions };
}
