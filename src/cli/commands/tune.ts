/**
 * `gbtune tune DATA.csv`: tunes a boosted model's hyperparameters by k-fold CV (tuneGbdt, or
 * tuneGbdtStepwise with --stepwise), keeps the study in OUT/study.db (SQLite) unless --storage is
 * given so a stopped run resumes, and writes best_params.json, model.json, model.txt, trials.csv.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import type { Command } from 'commander';
import { TunerError, parseSearchSpace, tuneGbdt, tuneGbdtStepwise, type FrozenTrial, type Study, type TuneGbdtResult } from '../../index.js';
import { checkOutputPath } from '../output-path.js';
import { ProgressBar } from '../progress.js';
import { storageFilePath } from '../storage.js';
import { foldCount, integer, positiveInt, printJson } from '../util.js';
import { addDataOptions, checkParams, paramsFrom, readData, type DataCliOptions } from './data-options.js';
import { duration } from './duration.js';
import { addPluginOptions, tunePlugins, type PluginCliOptions } from './plugin-options.js';

interface TuneCliOptions extends DataCliOptions, PluginCliOptions {
  trials?: number;
  timeout?: number;
  folds: number;
  seed: number;
  storage?: string;
  studyName?: string;
  jobs: number;
  out: string;
  space?: string;
  metric?: string;
  stepwise?: boolean;
  refit: boolean;
}

/** Reads a --space JSON file (errors name the file). */
function readSpace(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TunerError(`--space ${path}: cannot read the file (${(e as Error).message})`);
  }
  let spec: unknown;
  try {
    spec = JSON.parse(text) as unknown;
  } catch (e) {
    throw new TunerError(`--space ${path}: not valid JSON (${(e as Error).message})`);
  }
  parseSearchSpace(spec, `--space ${path}`); // validates, naming the file
  return spec;
}

function show(v: unknown): string {
  return typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(6) : String(v);
}

/** Registers `gbtune tune`. */
export function registerTune(program: Command): void {
  addDataOptions(
    addPluginOptions(program
      .command('tune')
      .description('tune the hyperparameters of a boosted model on a CSV file by k-fold cross-validation')
      .argument('<data>', 'CSV file with a header row')
      .option('-n, --trials <n>', 'number of trials to run (default 100 unless --timeout is given)', positiveInt('--trials'))
      .option('--timeout <duration>', 'stop starting trials after this long (90, 30s, 10m, 1h)', duration('--timeout'))
      .option('-k, --folds <n>', 'number of CV folds', foldCount('--folds'), 5)
      .option('--seed <n>', 'seed of the folds, the sampler and the booster', integer('--seed'), 0)
      .option('--storage <url>', 'study storage URL (default: sqlite in the output folder, OUT/study.db)')
      .option('--study-name <name>', "study name (an existing study continues; default 'gbtune')")
      .option('-j, --jobs <n>', 'trials at once, in worker threads sharing one copy of the binned data', positiveInt('--jobs'), 1)
      .option('-o, --out <dir>', 'output folder', './gbtune-out')
      .option('--space <file>', 'search space as JSON: {"num_leaves": {"type": "int", "low": 2, "high": 256}, ...}')
      .option('--sampler <name>', 'tpe (default) | gp | random | cmaes | qmc | grid')
      .option('--pruner <name>', 'median (default) | nop | percentile | hyperband | successive-halving | threshold | patient | wilcoxon')
      .option('--metric <name>', 'metric to optimize (default accuracy for classification, l2 for regression)')
      .option('--stepwise', "tune step by step in LightGBMTuner's order (feature_fraction, num_leaves, bagging, ...)")
      .option('--no-refit', 'do not refit the best params on all rows')),
  ).action(async (file: string, opts: TuneCliOptions) => {
    checkOutputPath(opts.out, { option: '--out', kind: 'folder' });
    const storageFile = opts.storage === undefined ? null : storageFilePath(opts.storage);
    if (storageFile !== null) checkOutputPath(storageFile, { option: '--storage', kind: 'file' });
    const { pruner, samplerOptions } = await tunePlugins(opts);
    const data = await readData(file, opts);
    checkParams(data, paramsFrom(opts), { metric: opts.metric, folds: opts.folds });
    const out = resolve(opts.out);
    mkdirSync(out, { recursive: true });
    const storage = opts.storage ?? `sqlite:///${join(out, 'study.db')}`;
    const total = opts.stepwise === true ? 68 : (opts.trials ?? (opts.timeout !== undefined ? 0 : 100));
    const bar = new ProgressBar('tune', total);
    let done = 0;
    let best: number | null = null;
    const onTrial = (t: FrozenTrial, s: Study): void => {
      done++;
      try {
        best = s.bestValue;
      } catch {
        // no completed trial yet
      }
      bar.update(done, `trial ${t.number} ${t.state.toLowerCase()}${best !== null ? `, best ${best.toFixed(5)}` : ''}`);
    };
    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = (): void => {
      interrupts++;
      if (interrupts === 1) {
        process.stderr.write('\ngbtune: stopping after the running trial(s); finished trials are kept in the storage (Ctrl-C again to quit now)\n');
        controller.abort();
      } else process.exit(130);
    };
    process.on('SIGINT', onSigint);
    const common = {
      metric: opts.metric,
      nFolds: opts.folds,
      seed: opts.seed,
      params: paramsFrom(opts),
      storage,
      nJobs: opts.jobs,
      refit: opts.refit,
      outDir: out,
      signal: controller.signal,
      ...(opts.studyName !== undefined ? { studyName: opts.studyName } : {}),
      ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
      pruner,
    };
    let result: TuneGbdtResult;
    try {
      if (opts.stepwise === true) {
        if (opts.space !== undefined || opts.sampler !== undefined || Object.keys(samplerOptions).length > 0) {
          throw new TunerError('--stepwise has its own spaces and samplers; leave out --space, --sampler and --sampler-option(s)');
        }
        result = await tuneGbdtStepwise(data, { ...common, onTrial: (t, s) => onTrial(t, s) });
      } else {
        result = await tuneGbdt(data, {
          ...common,
          ...(opts.trials !== undefined ? { nTrials: opts.trials } : {}),
          ...(opts.space !== undefined ? { searchSpace: readSpace(opts.space) as never } : {}),
          ...(opts.sampler !== undefined ? { sampler: opts.sampler } : {}),
          samplerOptions,
          onTrial,
        });
      }
    } finally {
      bar.done();
      process.off('SIGINT', onSigint);
    }
    await result.study.storage.close?.();
    const paths = { ...result.paths, storage };
    if (opts.json === true) {
      printJson({
        data: file,
        metric: result.metric,
        direction: result.direction,
        bestValue: result.bestValue,
        bestParams: result.bestParams,
        bestIteration: result.bestIteration,
        nTrials: result.nTrials,
        nTrialsRun: result.nTrialsRun,
        seconds: result.seconds,
        interrupted: controller.signal.aborted,
        paths,
      });
      return;
    }
    const lines = [
      `best ${opts.folds}-fold CV ${result.metric}: ${result.bestValue.toFixed(5)} (${result.nTrialsRun} trials run, ${result.nTrials} in the study, ${result.seconds.toFixed(1)} s)`,
      `best rounds: ${result.bestIteration}`,
      'best params:',
      ...Object.entries(result.bestParams).map(([k, v]) => `  ${k.padEnd(18)} ${show(v)}`),
      `written: ${[paths.bestParams, paths.modelJson, paths.modelTxt, paths.trialsCsv, paths.report].filter((p) => p !== undefined).join(', ')}`,
      `study: ${storage}${controller.signal.aborted ? ' (interrupted; run the same command again to continue)' : ''}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
