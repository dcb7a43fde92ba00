/**
 * `gbtune tune DATA.csv`: tunes a boosted model's hyperparameters by k-fold CV (tuneGbdt, or
 * tuneGbdtStepwise with --stepwise), keeps the study in OUT/study.db (SQLite) unless --storage is
 * given so a stopped run resumes, and writes best_params.json, model.json, model.txt, trials.csv.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import type { Command } from 'commander';
import {
  StudyMismatchError,
  TunerError,
  tuneGbdt,
  type FrozenTrial,
  type SearchSpaceSpec,
  type Study,
  type TuneGbdtResult,
} from '../../index.js';
import { canonicalParamName } from '../../gbdt/index.js';
import { parseSearchSpace, trialCosts, tuneGbdtStepwise, type TuneGbdtStepwiseResult, type TuneOutputPaths, type TuneRunInfo } from '../../tune-gbdt/index.js';
import { getTimeToBestInfo } from '../../viz/index.js';
import { checkOutputPath } from '../output-path.js';
import { ProgressBar } from '../progress.js';
import { storageFilePath } from '../storage.js';
import { foldCount, integer, positiveInt, positiveIntOrAuto, printJson } from '../util.js';
import { addDataOptions, checkParams, paramsFrom, readData, type DataCliOptions } from './data-options.js';
import { duration } from './duration.js';
import { addPluginOptions, tunePlugins, type PluginCliOptions } from './plugin-options.js';
import { portNumber } from './dashboard.js';
import { startDashboardThread, type DashboardThread } from '../../dashboard/index.js';
import { getStorage } from '../../tune/storages/index.js';

interface TuneCliOptions extends DataCliOptions, PluginCliOptions {
  trials?: number;
  time?: number;
  timeout?: number;
  folds: number;
  seed: number;
  storage?: string;
  studyName?: string;
  jobs?: number | 'auto';
  out: string;
  space?: string;
  metric?: string;
  stepwise?: boolean;
  refit: boolean;
  portfolio: boolean;
  refineLr: boolean;
  progressEvery: number;
  dashboard?: true | number;
}

/**
 * Reads a --space JSON file: checked in full (its shape, its keys, bounds and choices against the
 * params table) and against the fixed --param keys; errors name the file.
 */
function readSpace(path: string, fixed: Record<string, unknown>): unknown {
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
  const byName = new Map(Object.keys(fixed).map((k) => [canonicalParamName(k) ?? k, k]));
  for (const key of Object.keys(spec as Record<string, unknown>)) {
    const given = byName.get(canonicalParamName(key) ?? key);
    if (given !== undefined) {
      throw new TunerError(`--space ${path}: '${key}' is also fixed by --param ${given}=${String(fixed[given])}; a param is either fixed or searched: leave it out of one of them`);
    }
  }
  return spec;
}

function show(v: unknown): string {
  return typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(6) : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function assignments(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${show(v)}`)
    .join(', ');
}

/** The target and its classes in one phrase. */
function describeTarget(info: TuneRunInfo): string {
  if (info.queries > 0) return `target '${info.target}' (relevance${info.classes !== null ? ` ${info.classes.join(', ')}` : ''}), ${info.queries} queries`;
  if (info.classes === null) return `target '${info.target}' (numeric)`;
  const shown = info.classes.length <= 10 ? info.classes.join(', ') : `${info.classes.slice(0, 10).join(', ')}, ...`;
  return `target '${info.target}' (${info.classes.length} classes: ${shown})`;
}

/** What the run tunes, printed on stderr before the first trial. */
function startLines(file: string, info: TuneRunInfo, stepwise: boolean, storage: string): string[] {
  const from = info.queries > 0 ? 'the query groups' : 'the target';
  const objective = `objective ${info.objective}${info.objectiveInferred ? ` (inferred from ${from}; override with --param objective=...)` : ''}`;
  return [
    `tune ${file}: ${info.rows} rows, ${info.features} features, ${describeTarget(info)}`,
    `  ${objective}, metric ${info.metric} (${info.direction}d), ${info.nFolds}-fold CV`,
    `  fixed: ${Object.keys(info.fixedParams).length > 0 ? assignments(info.fixedParams) : '(none; fix a param with --param key=value)'}`,
    `  searched${stepwise ? ' (step by step)' : ''}: ${info.searchedParams === null ? '(a search-space function)' : info.searchedParams.length > 0 ? info.searchedParams.join(', ') : '(nothing: every param is fixed)'}`,
    `  study '${info.studyName}' in ${storage}${info.trialsBefore > 0 ? `: continuing after ${info.trialsBefore} trials` : ''}`,
    `  ${info.jobs} trial${info.jobs === 1 ? '' : 's'} at once (--jobs), ${info.threadsPerTrial} trainer thread${info.threadsPerTrial === 1 ? '' : 's'} each`,
    ...imbalanceLines(info),
  ];
}

/** An imbalanced binary target: what the run does about it, and the hint on the metric. */
function imbalanceLines(info: TuneRunInfo): string[] {
  const im = info.imbalance;
  if (im === null) return [];
  const share = `${(100 * im.minorityShare).toFixed(1)}%`;
  const spw = im.scalePosWeight;
  const lines = [
    `  imbalanced target: class '${im.minorityClass}' is ${share} of the rows; ` +
      (spw !== null
        ? `scale_pos_weight is searched in [${spw.low}, ${spw.high}] (log scale; ${spw.high > 1 ? `${spw.high}` : `${spw.low}`} weighs the classes the same)`
        : 'scale_pos_weight is not searched (the search space or the fixed params decide it)'),
  ];
  if (info.hint !== null) lines.push(`  hint: ${info.hint}`);
  return lines;
}

/** A study-mismatch error in the CLI's own names (--folds, --metric, --param, ...). */
function mismatchForCli(e: StudyMismatchError, storage: string, fromOut: boolean): TunerError {
  const label = (field: string): string => {
    if (field === 'nFolds') return '--folds';
    if (field === 'seed') return '--seed';
    if (field === 'metric') return '--metric';
    if (field === 'data.target') return 'target (--target)';
    if (field === 'rounds.max') return '--param num_iterations';
    if (field === 'rounds.earlyStopping') return '--param early_stopping_round';
    if (field.startsWith('fixedParams.')) return `--param ${field.slice('fixedParams.'.length)}`;
    if (field.startsWith('searchSpace.')) return `search space (--space) ${field.slice('searchSpace.'.length)}`;
    if (field === 'searchSpace') return 'search space (--space)';
    if (field.startsWith('data.')) return `data ${field.slice(5)}`;
    return field;
  };
  const lines = e.differences.map((d) => `  ${label(d.field)}: ${d.stored} (study) → ${d.given} (this run)`);
  const advice = fromOut
    ? 'use another --out folder (or --study-name) for this run, or rerun with the study\'s settings to continue it'
    : 'use another --study-name (or --storage) for this run, or rerun with the study\'s settings to continue it';
  return new TunerError(`study '${e.studyName}' in ${storage} was made for another tuning run; its trials cannot be compared with this run's:\n${lines.join('\n')}\n${advice}`, e.code);
}

/** Registers `gbtune tune`. */
export function registerTune(program: Command): void {
  addDataOptions(
    addPluginOptions(program
      .command('tune')
      .description('tune the hyperparameters of a boosted model on a CSV file by k-fold cross-validation')
      .argument('<data>', 'CSV file with a header row')
      .option('-n, --trials <n>', 'number of trials to run (default 100 unless --time is given; with both, whichever ends first; with --stepwise: the total over all steps)', positiveInt('--trials'))
      .option('--time <duration>', 'time budget of the whole run (90, 30s, 10m, 1h): reading, trials, refit and outputs; a trial running when it ends is stopped at its next round', duration('--time'))
      .option('--timeout <duration>', 'the same as --time (an older name)', duration('--timeout'))
      .option('-k, --folds <n>', 'number of CV folds', foldCount('--folds'), 5)
      .option('--seed <n>', 'seed of the folds, the sampler and the booster', integer('--seed'), 0)
      .option('--storage <url>', 'study storage URL (default: sqlite in the output folder, OUT/study.db)')
      .option('--study-name <name>', "study name (an existing study made for the same data and settings continues; default 'gbtune')")
      .option('-j, --jobs <n>', "trials at once, in worker threads sharing one copy of the binned data; each trains on cores/n threads. 'auto': a trial per core (per trial when fewer trials than cores). Default 1, or auto with --time", positiveIntOrAuto('--jobs'))
      .option('-o, --out <dir>', 'output folder', './gbtune-out')
      .option('--space <file>', 'search space as JSON: {"num_leaves": {"type": "int", "low": 2, "high": 256}, ...}; a --param is fixed and may not be in it')
      .option('--sampler <name>', 'tpe (default) | gp | random | cmaes | qmc | grid')
      .option('--pruner <name>', 'median (default) | nop | percentile | hyperband | successive-halving | threshold | patient | wilcoxon')
      .option('--metric <name>', "metric to optimize (default accuracy for classification, else the objective's own: l2 for regression, quantile for quantile, ...; ndcg@k for ranking with k the first eval_at position, 1 unless --param eval_at=...; e.g. --metric ndcg@10)")
      .option('--stepwise', "tune step by step in LightGBMTuner's order (feature_fraction, num_leaves, bagging, ...): its 68 trials, or --trials shared in the same proportions")
      .option('--progress-every <duration>', 'without a terminal (CI logs, pipes), print a progress line this often', duration('--progress-every'), 5)
      .option('--no-refit', 'do not refit the best params on all rows')
      .option('--no-portfolio', 'do not start a new study (default search space) with the configurations that did well across many datasets')
      .option('--no-refine-lr', 'with --time, do not cross-validate the best configuration again at a third of its learning rate with 3x the rounds')
      .option('--dashboard [port]', 'serve the dashboard (gbtune dashboard) of the study while tuning, on 127.0.0.1 (default port 8080; 0 picks a free one)', portNumber('--dashboard'))),
  ).action(async (file: string, opts: TuneCliOptions) => {
    checkOutputPath(opts.out, { option: '--out', kind: 'folder' });
    if (opts.time !== undefined && opts.timeout !== undefined && opts.time !== opts.timeout) {
      throw new TunerError(`--time (${opts.time} s) and --timeout (${opts.timeout} s) are the same option (the run's time budget); give one`);
    }
    const time = opts.time ?? opts.timeout;
    const storageFile = opts.storage === undefined ? null : storageFilePath(opts.storage);
    if (storageFile !== null) checkOutputPath(storageFile, { option: '--storage', kind: 'file' });
    const params = paramsFrom(opts);
    const space = opts.space !== undefined ? readSpace(opts.space, params) : undefined;
    const { pruner, samplerOptions } = await tunePlugins(opts);
    if (opts.stepwise === true && (opts.space !== undefined || opts.sampler !== undefined || Object.keys(samplerOptions).length > 0)) {
      throw new TunerError('--stepwise has its own spaces and samplers; leave out --space, --sampler and --sampler-option(s)');
    }
    const data = await readData(file, opts);
    checkParams(data, params, { metric: opts.metric, folds: opts.folds });
    const out = resolve(opts.out);
    mkdirSync(out, { recursive: true });
    const storage = opts.storage ?? `sqlite:///${join(out, 'study.db')}`;
    const bar = new ProgressBar('tune', opts.trials ?? (time !== undefined ? 0 : 100), { lineEvery: opts.progressEvery });
    let done = 0;
    const onTrial = (t: FrozenTrial, best: number | null, step?: string): void => {
      done++;
      const bestText = best !== null ? `best ${best.toFixed(5)}` : 'no trial complete yet';
      bar.update(done, `${step !== undefined ? `step ${step}, ` : ''}${bestText} (trial ${t.number} ${t.state.toLowerCase()})`);
    };
    const studyBest = (s: Study): number | null => {
      try {
        return s.bestValue;
      } catch {
        return null; // no completed trial yet
      }
    };
    const onStart = (info: TuneRunInfo): void => {
      if (info.plannedTrials !== null) bar.setTotal(info.plannedTrials);
      if (opts.json !== true) process.stderr.write(`${startLines(file, info, opts.stepwise === true, storage).join('\n')}\n`);
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
    const dashboard = opts.dashboard === undefined ? null : await serveDashboard(storage, opts.dashboard === true ? 8080 : opts.dashboard);
    const common = {
      metric: opts.metric,
      nFolds: opts.folds,
      seed: opts.seed,
      params,
      storage,
      ...(opts.jobs !== undefined ? { nJobs: opts.jobs } : {}),
      refit: opts.refit,
      outDir: out,
      signal: controller.signal,
      onStart,
      ...(opts.trials !== undefined ? { nTrials: opts.trials } : {}),
      ...(opts.studyName !== undefined ? { studyName: opts.studyName } : {}),
      ...(time !== undefined ? { timeout: time } : {}),
      pruner,
    };
    let result: TuneGbdtResult | TuneGbdtStepwiseResult;
    try {
      if (opts.stepwise === true) {
        result = await tuneGbdtStepwise(data, { ...common, onTrial: (t, _s, step, best) => onTrial(t, best, step) });
      } else {
        result = await tuneGbdt(data, {
          ...common,
          ...(space !== undefined ? { searchSpace: space as SearchSpaceSpec } : {}),
          ...(opts.sampler !== undefined ? { sampler: opts.sampler } : {}),
          samplerOptions,
          portfolio: opts.portfolio,
          refineLearningRate: opts.refineLr,
          onTrial: (t, s) => onTrial(t, studyBest(s)),
        });
      }
    } catch (e) {
      if (e instanceof StudyMismatchError) throw mismatchForCli(e, storage, opts.storage === undefined);
      throw e;
    } finally {
      bar.done();
      process.off('SIGINT', onSigint);
      await dashboard?.close();
    }
    await result.study.storage.close?.();
    printResult(file, opts, result, { ...result.paths, storage }, controller.signal.aborted);
  });
}

/**
 * trialCosts over every step's study (trial numbers start again in each), each trial with its step:
 * the best step's study alone left out the others' time (68 trials of 11 s read '1.0 s in trials').
 */
function stepwiseCosts(steps: TuneGbdtStepwiseResult['steps']): { trials: (ReturnType<typeof trialCosts>['trials'][number] & { step: string })[]; total: ReturnType<typeof trialCosts>['total'] } {
  const each = steps.map((s) => ({ step: s.step, costs: trialCosts(s.study.trials) }));
  return {
    trials: each.flatMap(({ step, costs }) => costs.trials.map((t) => ({ step, ...t }))),
    total: {
      foldRounds: each.reduce((sum, e) => sum + e.costs.total.foldRounds, 0),
      seconds: each.reduce((sum, e) => sum + e.costs.total.seconds, 0),
    },
  };
}

/** Where the time went, in one line: the trials' seconds and fold-rounds, and when the best was reached. */
function timeLine(costs: ReturnType<typeof trialCosts>, timeToBest: { trial: number; seconds: number }[], jobs: number): string {
  const stopped = costs.trials.filter((t) => t.stopped === 'time budget').length;
  const byFolds = costs.trials.filter((t) => t.stopped === 'first folds').length;
  const last = timeToBest[timeToBest.length - 1];
  return (
    `time: ${costs.total.seconds.toFixed(1)} s in trials${jobs > 1 ? ` (summed over ${jobs} at once)` : ''}, ${costs.total.foldRounds} fold-rounds trained` +
    (stopped > 0 ? `, ${stopped} trial${stopped > 1 ? 's' : ''} stopped by the time budget` : '') +
    (byFolds > 0 ? `, ${byFolds} pruned after their first folds` : '') +
    (last !== undefined ? `; best reached ${last.seconds.toFixed(1)} s after the first trial started (trial ${last.trial}, ${timeToBest.length} improvements)` : '')
  );
}

/**
 * `--dashboard`: the study's storage opened here first (a new SQLite file gets its schema before
 * two connections race to make it), then the dashboard in its own thread (trials on the main
 * thread would hold up its pages); its URL on stderr.
 */
async function serveDashboard(storage: string, port: number): Promise<DashboardThread> {
  const st = await getStorage(storage);
  let dash: DashboardThread;
  try {
    dash = await startDashboardThread({ storage, port });
  } finally {
    await st.close?.(); // a PostgreSQL pool left open would keep the process alive
  }
  process.stderr.write(`dashboard listening on ${dash.url}\n`);
  return dash;
}

/** The summary on stdout (one JSON object with --json). */
function printResult(file: string, opts: TuneCliOptions, result: TuneGbdtResult | TuneGbdtStepwiseResult, paths: TuneOutputPaths, interrupted: boolean): void {
  const { info, states } = result;
  // where the time went: each trial's rounds, folds and seconds (every step's, stepwise), and when each new best was reached
  const costs = 'steps' in result ? stepwiseCosts(result.steps) : trialCosts(result.study.trials);
  const timeToBest = getTimeToBestInfo(result.study).improvements;
  if (opts.json === true) {
    printJson({
      data: file,
      target: info.target,
      classes: info.classes,
      objective: info.objective,
      metric: result.metric,
      direction: result.direction,
      nFolds: info.nFolds,
      fixedParams: info.fixedParams,
      searchedParams: info.searchedParams,
      jobs: info.jobs,
      threadsPerTrial: info.threadsPerTrial,
      imbalance: info.imbalance,
      hint: info.hint,
      bestValue: result.bestValue,
      bestParams: result.bestParams,
      bestIteration: result.bestIteration,
      nTrials: result.nTrials,
      nTrialsRun: result.nTrialsRun,
      states,
      seconds: result.seconds,
      timeBudget: opts.time ?? opts.timeout ?? null,
      interrupted,
      paths,
      trialSeconds: costs.total.seconds,
      foldRounds: costs.total.foldRounds,
      timeToBest,
      trials: costs.trials,
    });
    return;
  }
  const fixed = new Set(Object.keys(info.fixedParams));
  const lines = [
    `best ${info.nFolds}-fold CV ${result.metric}: ${result.bestValue.toFixed(5)} (${result.nTrialsRun} trials run: ${states.complete} complete, ${states.pruned} pruned, ${states.failed} failed; ${result.nTrials} in the study; ${result.seconds.toFixed(1)} s)`,
    `${describeTarget(info)}, objective ${info.objective}, ${info.rows} rows, ${info.features} features`,
    `best rounds: ${result.bestIteration}`,
    timeLine(costs, timeToBest, info.jobs),
    'best params:',
    ...Object.entries(result.bestParams).map(([k, v]) => `  ${k.padEnd(18)} ${show(v)}${fixed.has(k) ? ' (fixed)' : ''}`),
    `written: ${[paths.bestParams, paths.modelJson, paths.modelTxt, paths.trialsCsv, paths.report].filter((p) => p !== undefined).join(', ')}`,
    `study: ${paths.storage}${interrupted ? ' (interrupted; run the same command again to continue)' : ''}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
