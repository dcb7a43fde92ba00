/**
 * The output folder of a tuning run: best_params.json, model.json, model.txt (the refitted model)
 * and trials.csv, each written atomically (temporary name, then rename).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import type { Booster } from '../gbdt/boosting/booster.js';
import type { Study } from '../tune/study/study.js';

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
}

/**
 * Writes the files; `booster` may be null (no refit).
 *
 * @example
 * ```ts
 * const paths = writeTuneOutputs('gbtune-out', study, best, booster);
 * ```
 */
export function writeTuneOutputs(outDir: string, study: Study, best: BestParamsFile | null, booster: Booster | null): TuneOutputPaths {
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
  writeFileAtomic(paths.trialsCsv, study.trialsToCsv());
  // REPORT HOOK: when src/viz/report.ts (writeHtmlReport) lands, write join(outDir, 'report.html') here
  // and set paths.report.
  return paths;
}
