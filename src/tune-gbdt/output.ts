/**
 * The output folder of a tuning run: best_params.json, model.json, model.txt (the refitted model)
 * and trials.csv, each written atomically (temporary name, then rename).
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import type { Booster } from '../gbdt/boosting/booster.js';
import type { Study } from '../tune/study/study.js';
import type { FrozenTrial } from '../tune/trial/frozen-trial.js';
import { log } from '../core/log.js';
import type { VizStudy } from '../viz/info/common.js';
import { writeHtmlReport } from '../viz/report.js';
import type { Dataset } from '../data/dataset.js';
import { explainModel } from './model-explanation.js';

/** Paths of the files a run wrote (absent when not written). */
export interface TuneOutputPaths {
  outDir?: string;
  bestParams?: string;
  modelJson?: string;
  modelTxt?: string;
  trialsCsv?: string;
  report?: string;
  storage?: string;
}

/**
 * The study user attr a run with an output folder records its {@link TuneOutputPaths} in (absolute
 * paths, plus `host`: the machine that wrote them), so that the dashboard offers the refitted
 * model and the report for download.
 */
export const OUTPUTS_ATTR = 'gbtune_outputs';

/**
 * Records `paths` (made absolute) and this machine's name in the study's {@link OUTPUTS_ATTR}.
 *
 * @example
 * ```ts
 * await recordOutputs(study, { outDir: 'out', modelTxt: 'out/model.txt' }); // { outDir: '/home/me/out', ..., host: 'box' }
 * ```
 */
export async function recordOutputs(study: Study, paths: TuneOutputPaths): Promise<void> {
  const abs: Record<string, string> = {};
  for (const [k, v] of Object.entries(paths)) if (typeof v === 'string' && k !== 'storage') abs[k] = resolve(v);
  await study.setUserAttr(OUTPUTS_ATTR, { ...abs, host: hostname() });
}

/** What best_params.json holds. */
export interface BestParamsFile {
  metric: string;
  direction: 'maximize' | 'minimize';
  bestValue: number;
  bestIteration: number;
  bestTrial: number;
  nFolds: number;
  /** The booster params to train with (LightGBM names), `num_iterations` = the best round. */
  params: Record<string, unknown>;
  /** The trial's raw suggested params (search-space names). */
  trialParams: Record<string, unknown>;
  /** The params fixed for every trial (canonical names; also in `params`). */
  fixedParams: Record<string, unknown>;
}

/**
 * Writes the files; `booster` may be null (no refit). With a booster and its training `data`, the
 * report also explains the model (gain importance, SHAP summary and dependence plots on a seeded
 * sample of the rows, see {@link explainModel}).
 *
 * @example
 * ```ts
 * const paths = writeTuneOutputs('gbtune-out', study, best, booster, data);
 * ```
 */
export function writeTuneOutputs(
  outDir: string,
  study: Study | readonly (readonly [string, Study])[],
  best: BestParamsFile | null,
  booster: Booster | null,
  data: Dataset | null = null,
): TuneOutputPaths {
  mkdirSync(outDir, { recursive: true });
  const paths: TuneOutputPaths = { outDir };
  if (best !== null) {
    paths.bestParams = join(outDir, 'best_params.json');
    writeFileAtomic(paths.bestParams, `${JSON.stringify(best, null, 2)}\n`);
  }
  if (booster !== null) {
    paths.modelJson = join(outDir, 'model.json');
    booster.saveModel(paths.modelJson, { format: 'json' });
    paths.modelTxt = join(outDir, 'model.txt');
    booster.saveModel(paths.modelTxt, { format: 'txt' });
  }
  paths.trialsCsv = join(outDir, 'trials.csv');
  writeFileAtomic(paths.trialsCsv, Array.isArray(study) ? stepsCsv(study as readonly (readonly [string, Study])[]) : (study as Study).trialsToCsv());
  paths.report = join(outDir, 'report.html');
  try {
    const model = booster !== null && data !== null ? explainModel(booster, data) : undefined;
    const viz = vizStudy(study);
    // the value is the tuned metric's CV mean: name it (e.g. '5-fold CV l2'), not 'Objective value'
    const named = best === null ? viz : { studyName: viz.studyName, trials: viz.trials, directions: viz.directions, metricNames: [`${best.nFolds}-fold CV ${best.metric}`] };
    writeHtmlReport(named, paths.report, { model });
  } catch (e) {
    log.warn(`the report ${paths.report} was not written: ${e instanceof Error ? e.message : String(e)}`);
    delete paths.report;
  }
  return paths;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const t = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** The trials of several step studies as one CSV: a 'step' column, then the union of their columns. */
export function stepsCsv(steps: readonly (readonly [string, Study])[]): string {
  const columns: string[] = ['step'];
  const rows: Record<string, unknown>[] = [];
  for (const [step, study] of steps) {
    const df = study.trialsDataframe();
    for (const c of df.columns) if (!columns.includes(c)) columns.push(c);
    for (const r of df.rows) rows.push({ step, ...r });
  }
  const lines = [columns.map(cell).join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c])).join(','));
  return `${lines.join('\n')}\n`;
}

/** The study to report: the study itself, or the trials of every step renumbered in run order. */
function vizStudy(study: Study | readonly (readonly [string, Study])[]): VizStudy {
  if (!Array.isArray(study)) return study as Study;
  const steps = study as readonly (readonly [string, Study])[];
  const trials: FrozenTrial[] = [];
  for (const [, s] of steps) for (const t of s.trials) trials.push({ ...t, number: trials.length });
  const first = steps[0][1];
  return { studyName: first.studyName.replace(/:[^:]*$/, ''), trials, directions: first.directions };
}
