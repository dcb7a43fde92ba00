/**
 * What the dashboard shows of a study made by gbtune's tuner (`gbtune tune`, `tuneGbdt`): the best
 * trial's booster params as `gbtune train` would take them (the fixed params, the trial's params,
 * `num_iterations` = its best round), the same as `gbtune train` flags, and the files the run
 * wrote (its `gbtune_outputs` user attr) that this machine can serve.
 *
 * @example
 * ```ts
 * const info = tuningInfo(entry.userAttrs, best);
 * info?.cliFlags; // "--target diagnosis --param objective=binary --param num_leaves=31 ..."
 * ```
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import type { FrozenTrial } from '../index.js';
import { BEST_ITERATION_ATTR, OUTPUTS_ATTR, PARAMS_ATTR, STUDY_IDENTITY_ATTR } from '../tune-gbdt/index.js';

/** The files a tuning run writes, by the name the dashboard serves them under → the recorded key. */
export const OUTPUT_FILES = {
  'model.txt': 'modelTxt',
  'model.json': 'modelJson',
  'report.html': 'report',
  'best_params.json': 'bestParams',
  'trials.csv': 'trialsCsv',
} as const;
export type OutputFileName = keyof typeof OUTPUT_FILES;

/** A tuning study's extras. */
export interface TuningInfo {
  metric: string;
  direction: string;
  nFolds: number;
  target: string | null;
  /** The best trial's number, or null when none completed. */
  bestTrial: number | null;
  /** The params to train the tuned model with, or null. */
  bestParams: Record<string, unknown> | null;
  /** The same as `gbtune train` flags (`--target ... --param k=v ...`), or null. */
  cliFlags: string | null;
  /** Files this dashboard can serve (by name), and where the run wrote them. */
  outputs: { name: OutputFileName; path: string; available: boolean }[];
  /** The machine that wrote the outputs (as recorded). */
  outputsHost: string | null;
}

/** A shell word: bare when safe, else single-quoted. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function paramText(v: unknown): string {
  if (Array.isArray(v)) return v.map(String).join(',');
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

/**
 * `gbtune train` flags for a target and params.
 *
 * @example
 * ```ts
 * cliFlags('y', { num_leaves: 31, objective: 'binary' }); // '--target y --param num_leaves=31 --param objective=binary'
 * ```
 */
export function cliFlags(target: string | null, params: Record<string, unknown>): string {
  const words: string[] = [];
  if (target !== null) words.push('--target', shellWord(target));
  for (const [k, v] of Object.entries(params)) words.push('--param', shellWord(`${k}=${paramText(v)}`));
  return words.join(' ');
}

/**
 * The recorded path of an output file if it is that file, on this machine, and a regular file:
 * its name must be the expected one and it must sit in the recorded output folder (symbolic
 * links resolved), so that a path written into the storage cannot make the dashboard serve any
 * other file.
 *
 * @example
 * ```ts
 * servableOutput({ outDir: '/runs/a', modelTxt: '/runs/a/model.txt' }, 'model.txt'); // '/runs/a/model.txt' (when it exists)
 * ```
 */
export function servableOutput(outputs: Readonly<Record<string, unknown>>, name: OutputFileName): string | null {
  const path = outputs[OUTPUT_FILES[name]];
  const outDir = outputs.outDir;
  if (typeof path !== 'string' || typeof outDir !== 'string' || basename(path) !== name || !existsSync(path) || !existsSync(outDir)) return null;
  try {
    const real = realpathSync(path);
    const dir = realpathSync(outDir);
    if (dirname(real) !== dir && !real.startsWith(dir + sep)) return null;
    if (basename(real) !== name || !statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

/**
 * The extras of a tuning study (null for any other study).
 *
 * @example
 * ```ts
 * tuningInfo(entry.userAttrs, bestTrial(entry.trials, entry.directions))?.bestParams;
 * ```
 */
export function tuningInfo(userAttrs: Readonly<Record<string, unknown>>, best: FrozenTrial | null): TuningInfo | null {
  const id = userAttrs[STUDY_IDENTITY_ATTR] as Record<string, unknown> | undefined;
  if (id === null || typeof id !== 'object' || typeof id.metric !== 'string') return null;
  const targetText = String((id.data as Record<string, unknown> | undefined)?.target ?? '');
  const target = targetText === '' ? null : targetText.replace(/ \((numeric|\d+ classes.*|relevance.*)\)$/, '');
  let bestParams: Record<string, unknown> | null = null;
  const trialParams = best?.userAttrs[PARAMS_ATTR];
  const rounds = best?.userAttrs[BEST_ITERATION_ATTR];
  if (best !== null && trialParams !== null && typeof trialParams === 'object' && typeof rounds === 'number') {
    bestParams = {
      objective: id.objective,
      metric: id.metric,
      ...((id.fixedParams ?? {}) as Record<string, unknown>),
      ...(trialParams as Record<string, unknown>),
      num_iterations: Math.max(1, rounds),
    };
  }
  const rec = (userAttrs[OUTPUTS_ATTR] ?? {}) as Record<string, unknown>;
  const outputs = (Object.keys(OUTPUT_FILES) as OutputFileName[])
    .filter((name) => typeof rec[OUTPUT_FILES[name]] === 'string')
    .map((name) => ({ name, path: rec[OUTPUT_FILES[name]] as string, available: servableOutput(rec, name) !== null }));
  return {
    metric: id.metric,
    direction: String(id.direction ?? ''),
    nFolds: Number(id.nFolds ?? 0),
    target,
    bestTrial: best?.number ?? null,
    bestParams,
    cliFlags: bestParams === null ? null : cliFlags(target, bestParams),
    outputs,
    outputsHost: typeof rec.host === 'string' ? rec.host : null,
  };
}
