/**
 * Options shared by the commands that read a CSV and train: target, categorical columns,
 * missing tokens, strictness and `--param key=value` pairs.
 */
import type { Command } from 'commander';
import { GbtuneError, readCsv, type Dataset, type ReadCsvOptions } from '../../index.js';
import {
  BinnedDataset,
  canonicalParamName,
  parseParamAssignments,
  resolveParams,
  splitMetricAt,
  type GbdtParams,
  type ObjectiveName,
} from '../../gbdt/index.js';
import { collect, list, secondsSince } from '../util.js';

/** What commander hands a command that has {@link addDataOptions}. */
export interface DataCliOptions {
  target?: string;
  categorical?: string[];
  ignoreColumn?: string[];
  weightColumn?: string;
  groupColumn?: string;
  missing?: string[];
  strict?: boolean;
  delimiter?: string;
  param?: string[];
  json?: boolean;
}

/** Adds the data and params options to a command. */
export function addDataOptions(cmd: Command): Command {
  return cmd
    .option('-t, --target <column>', "target column (default: the column named 'target', else the last)")
    .option('--categorical <columns>', 'comma-separated columns to treat as categorical', list)
    .option('--ignore-column <columns>', "comma-separated columns to leave out, e.g. an ID (LightGBM's ignore_column)", list)
    .option('--weight-column <column>', "column of row weights (finite, >= 0; LightGBM's weight_column): not a feature; weighs gradients, the start score and the metrics")
    .option('--group-column <column>', "ranking: the query id column (LightGBM's group_column); the rows of a query must follow each other; objective lambdarank unless --param objective=...")
    .option('--missing <tokens>', "comma-separated texts that mean missing (default: '',NA,NaN,null,?)", (v: string) => v.split(','))
    .option('--strict', 'a row with a missing target is an error instead of being skipped')
    .option('--delimiter <char>', "field delimiter (tab: --delimiter tab or '\\t')", ',')
    .option('-p, --param <key=value>', 'a LightGBM parameter (repeatable), e.g. --param num_leaves=63', collect, [])
    .option('--json', 'print exactly one JSON object on stdout');
}

/** The group column of `--group-column` or of `--param group_column=...` (any alias); both must agree. */
function groupColumnOf(opts: DataCliOptions): string | undefined {
  const params = parseParamAssignments(opts.param ?? []);
  let fromParam: string | undefined;
  for (const [k, v] of Object.entries(params)) if (canonicalParamName(k) === 'group_column' && v.trim() !== '') fromParam = v.trim();
  if (opts.groupColumn !== undefined && fromParam !== undefined && fromParam !== opts.groupColumn) {
    throw new GbtuneError(`--group-column ${opts.groupColumn} and --param group_column=${fromParam} name different columns; give one`, 'CLI_ARG');
  }
  return opts.groupColumn ?? fromParam;
}

/** Reads the CSV the way the options say. */
export async function readData(path: string, opts: DataCliOptions): Promise<Dataset> {
  const d = opts.delimiter ?? ',';
  const readOpts: ReadCsvOptions = { delimiter: d === 'tab' || d === '\\t' ? '\t' : d };
  if (opts.target !== undefined) readOpts.target = opts.target;
  const group = groupColumnOf(opts);
  if (group !== undefined) readOpts.group = group;
  if (opts.categorical !== undefined) readOpts.categorical = opts.categorical;
  if (opts.ignoreColumn !== undefined) readOpts.ignoreColumns = opts.ignoreColumn;
  if (opts.weightColumn !== undefined) readOpts.weight = opts.weightColumn;
  if (opts.missing !== undefined) readOpts.missingTokens = opts.missing;
  if (opts.strict === true) readOpts.strict = true;
  return readCsv(path, readOpts);
}

/** The `--param` pairs as a params object (values still text; `train`/`cv` coerce and check them). */
export function paramsFrom(opts: DataCliOptions): Record<string, unknown> {
  return parseParamAssignments(opts.param ?? []);
}

/**
 * Checks the `--param` pairs (and `--metric`, `--folds`) against the data before any work, so
 * that errors name the CLI's options (e.g. `--param: unknown param 'num_leafs'; did you mean
 * 'num_leaves'?`, `--metric: metric auc does not fit objective multiclass`).
 */
export function checkParams(data: Dataset, params: Record<string, unknown>, { metric, folds }: { metric?: string; folds?: number } = {}): void {
  const target = { defaultObjective: defaultObjectiveOf(data), numClass: data.target?.classes?.length };
  const resolved = resolveParams(params, { context: '--param', ...target });
  if (metric !== undefined) {
    // a ranking metric may name its position (ndcg@10)
    const { base, at } = splitMetricAt(metric);
    if (at !== null && !(Number.isInteger(at) && at >= 1)) throw new GbtuneError(`--metric ${metric}: the position after '@' must be an integer >= 1`, 'CLI_ARG');
    resolveParams({ ...params, metric: base }, { context: '--metric', ...target });
  }
  if (folds !== undefined) checkFolds(data, folds, resolved.objective === 'binary' || resolved.objective === 'multiclass');
}

/** The objective gbtune infers for the data: lambdarank for data with query groups, else the target's task. */
export function defaultObjectiveOf(data: Dataset): ObjectiveName | undefined {
  return data.queryBoundaries !== null ? 'lambdarank' : data.target?.inferredTask;
}

/**
 * `--folds` may not be more than the rows, nor, with stratified folds, than the rows of the
 * largest class (the library's messages name its own nFolds).
 */
export function checkFolds(data: Dataset, folds: number, stratified: boolean): void {
  if (folds > data.nRows) throw new GbtuneError(`--folds ${folds} is more than the ${data.nRows} rows of the data`, 'CLI_ARG');
  if (data.queryBoundaries !== null) {
    // ranking data: whole queries per fold
    if (folds > data.nQueries) throw new GbtuneError(`--folds ${folds} is more than the ${data.nQueries} queries of the data (--group-column)`, 'CLI_ARG');
    return;
  }
  const classIndex = data.target?.classIndex;
  if (!stratified || classIndex === null || classIndex === undefined) return;
  const counts = new Map<number, number>();
  for (const c of classIndex) counts.set(c, (counts.get(c) ?? 0) + 1);
  const largest = Math.max(...counts.values());
  if (folds > largest) {
    throw new GbtuneError(`--folds ${folds} is more than the rows of every class (stratified folds; the largest class has ${largest} rows)`, 'CLI_ARG');
  }
}

/** A sentence saying which objective is used and why, for the user to see (and override). */
export function describeObjective(params: Record<string, unknown>, data: Dataset): string {
  const given = Object.keys(params).some((k) => canonicalParamName(k) === 'objective');
  const t = data.target;
  if (given || t === null) return '';
  if (data.queryBoundaries !== null) return `objective: lambdarank (inferred from the ${data.nQueries} query groups; override with --param objective=...)`;
  const what =
    t.classes !== null && t.inferredTask !== 'regression'
      ? `${t.classes.length} classes in '${t.name}'`
      : `numeric target '${t.name}'`;
  return `objective: ${t.inferredTask} (inferred from ${what}; override with --param objective=...)`;
}

/** What `train` and `cv` share: the data read, the params resolved for it, the bins built once. */
export interface PreparedTraining {
  data: Dataset;
  resolved: GbdtParams;
  binned: BinnedDataset;
  /** Seconds spent reading the CSV and binning it. */
  tRead: number;
  tBin: number;
}

/** {@link prepareTraining}'s result without the Dataset: its shape only. */
export interface PreparedBins extends Omit<PreparedTraining, 'data'> {
  nRows: number;
  nFeatures: number;
}

/**
 * {@link prepareTraining} for a training that reads the bins only (no init model): the Dataset's
 * float64 columns (8 bytes per value, 224 MB for 1M x 28) are garbage once this returns, and are
 * collected now rather than living through the training (which allocates too little on the JS
 * heap for V8 to collect soon). Measured: see bench/train-csv-speed.bench.mjs.
 *
 * @example
 * ```ts
 * const { binned, resolved, nRows } = await prepareBins('data.csv', opts);
 * ```
 */
export async function prepareBins(path: string, opts: DataCliOptions): Promise<PreparedBins> {
  const { data, ...rest } = await prepareTraining(path, opts);
  return { ...rest, nRows: data.nRows, nFeatures: data.nFeatures };
}

/**
 * Reads the CSV, resolves the `--param` pairs against the data (errors name the key), checks
 * `--folds` when given, says which objective was inferred (unless `--json`) and bins the data once.
 */
export async function prepareTraining(
  path: string,
  opts: DataCliOptions,
  { folds, stratified = true }: { folds?: number; stratified?: boolean } = {},
): Promise<PreparedTraining> {
  const t0 = performance.now();
  const read = await readData(path, opts);
  const tRead = secondsSince(t0);
  const params = paramsFrom(opts);
  const t1 = performance.now();
  const resolved = resolveParams(params, {
    context: '--param',
    defaultObjective: defaultObjectiveOf(read),
    numClass: read.target?.classes?.length,
  });
  // --param weight_column=NAME does what --weight-column NAME does
  const data = resolved.weight_column === '' ? read : read.withWeightColumn(resolved.weight_column, '--param weight_column');
  if (folds !== undefined) checkFolds(data, folds, stratified && (resolved.objective === 'binary' || resolved.objective === 'multiclass'));
  // after the params are checked: a failing command prints its error line only
  const note = describeObjective(params, data);
  if (note !== '' && opts.json !== true) process.stderr.write(`${note}\n`);
  const binned = BinnedDataset.fromDataset(data, resolved);
  return { data, resolved, binned, tRead, tBin: secondsSince(t1) };
}
