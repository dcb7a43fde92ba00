/**
 * The study's trials as a table (Optuna's `Study.trials_dataframe`, `optuna/study/_dataframe.py`)
 * and as CSV text in the form pandas' `to_csv(index=False)` gives: columns `number`, `value` (or
 * `values_0`, `values_1`, ... for several objectives), `datetime_start`, `datetime_complete`,
 * `duration`, `params_<name>` (sorted), `user_attrs_<key>` (sorted), `system_attrs_<key>` (sorted,
 * on by default as in Optuna) and `state`. Attribute values that are objects are written as JSON
 * (pandas would write a Python repr).
 *
 * @example
 * ```ts
 * const { columns, rows } = study.trialsDataframe();
 * await writeFile('trials.csv', study.trialsToCsv());
 * ```
 */
import type { FrozenTrial, StudyDirection } from '../trial/frozen-trial.js';

/** Options of {@link trialsDataframe}. */
export interface TrialsDataframeOptions {
  /** Add `system_attrs_<key>` columns (Optuna's default includes them). Default true. */
  includeSystemAttrs?: boolean;
  /** Add `intermediate_values_<step>` columns. Default false. */
  includeIntermediateValues?: boolean;
  /** Names of the objectives: value columns become `values_<name>` (`value_<name>` for one objective). Default none. */
  metricNames?: readonly string[] | null;
}

/** One table cell: numbers, strings, booleans, null (missing), dates, or attribute values. */
export type DataframeCell = unknown;

/** The table: column names in order and one record per trial keyed by column name. */
export interface TrialsDataframe {
  columns: string[];
  /** `datetime_*` cells are `Date | null`; `duration` is in seconds (`number | null`). */
  rows: Record<string, DataframeCell>[];
}

/**
 * See the module comment. An empty study gives no columns and no rows (as Optuna's empty frame).
 *
 * @example
 * ```ts
 * trialsDataframe(study.trials, study.directions).columns; // ['number', 'value', 'datetime_start', ...]
 * ```
 */
export function trialsDataframe(
  trials: readonly FrozenTrial[],
  directions: readonly StudyDirection[],
  { includeSystemAttrs = true, includeIntermediateValues = false, metricNames = null }: TrialsDataframeOptions = {},
): TrialsDataframe {
  if (trials.length === 0) return { columns: [], rows: [] };
  const multi = directions.length > 1;
  const paramNames = new Set<string>();
  const userKeys = new Set<string>();
  const sysKeys = new Set<string>();
  const steps = new Set<number>();
  for (const t of trials) {
    for (const k of Object.keys(t.params)) paramNames.add(k);
    for (const k of Object.keys(t.userAttrs)) userKeys.add(k);
    if (includeSystemAttrs) for (const k of Object.keys(t.systemAttrs)) sysKeys.add(k);
    if (includeIntermediateValues) for (const s of t.intermediateValues.keys()) steps.add(s);
  }
  const sorted = (s: Set<string>): string[] => [...s].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const named = metricNames !== null && metricNames.length === directions.length;
  const valueCols = multi
    ? directions.map((_d, i) => `values_${named ? metricNames[i] : i}`)
    : [named ? `value_${metricNames[0]}` : 'value'];
  const columns = [
    'number',
    ...valueCols,
    'datetime_start',
    'datetime_complete',
    'duration',
    ...sorted(paramNames).map((k) => `params_${k}`),
    ...sorted(userKeys).map((k) => `user_attrs_${k}`),
    ...sorted(sysKeys).map((k) => `system_attrs_${k}`),
    ...[...steps].sort((a, b) => a - b).map((s) => `intermediate_values_${s}`),
    'state',
  ];
  const rows: Record<string, DataframeCell>[] = [];
  for (const t of trials) {
    const r: Record<string, DataframeCell> = {};
    for (const c of columns) r[c] = null;
    r.number = t.number;
    for (let i = 0; i < valueCols.length; i++) r[valueCols[i]] = t.values === null ? null : (t.values[i] ?? null);
    r.datetime_start = t.datetimeStart;
    r.datetime_complete = t.datetimeComplete;
    r.duration =
      t.datetimeStart !== null && t.datetimeComplete !== null ? (t.datetimeComplete.getTime() - t.datetimeStart.getTime()) / 1000 : null;
    for (const k of Object.keys(t.params)) r[`params_${k}`] = t.params[k];
    for (const k of Object.keys(t.userAttrs)) r[`user_attrs_${k}`] = t.userAttrs[k];
    if (includeSystemAttrs) for (const k of Object.keys(t.systemAttrs)) r[`system_attrs_${k}`] = t.systemAttrs[k];
    if (includeIntermediateValues) for (const [s, v] of t.intermediateValues) r[`intermediate_values_${s}`] = v;
    r.state = t.state;
    rows.push(r);
  }
  return { columns, rows };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * A date as pandas prints a naive local datetime: `2024-05-01 13:45:12.345` (`withMs`), or
 * `2024-05-01 13:45:12` when no date of the column has milliseconds (pandas prints a column with
 * the precision it needs).
 */
export function formatDatetime(d: Date, withMs = true): string {
  const base =
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMs ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

/** Seconds as pandas prints a Timedelta: `0 days 00:00:01.234000`. */
export function formatDuration(seconds: number): string {
  const totalMs = Math.round(seconds * 1000);
  const neg = totalMs < 0;
  let ms = Math.abs(totalMs);
  const days = Math.floor(ms / 86400000);
  ms -= days * 86400000;
  const h = Math.floor(ms / 3600000);
  ms -= h * 3600000;
  const m = Math.floor(ms / 60000);
  ms -= m * 60000;
  const s = Math.floor(ms / 1000);
  ms -= s * 1000;
  return `${neg ? '-' : ''}${days} days ${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms, 3)}000`;
}

/** One cell as CSV text (RFC 4180: quoted when it holds a comma, a quote, CR or LF; quotes doubled). */
export function csvField(v: DataframeCell): string {
  let s: string;
  if (v === null || v === undefined) s = '';
  else if (v instanceof Date) s = formatDatetime(v);
  else if (typeof v === 'number') s = Number.isNaN(v) ? '' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);
  else if (typeof v === 'boolean') s = v ? 'True' : 'False';
  else if (typeof v === 'string') s = v;
  else s = JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The table as CSV text, header first, lines ending in `\n`, as pandas' `to_csv(index=False)` of
 * Optuna's dataframe: dates are local naive datetimes, `duration` a Timedelta, booleans
 * `True`/`False`, missing values empty.
 *
 * @example
 * ```ts
 * trialsToCsv(study.trials, study.directions).split('\n')[0]; // 'number,value,datetime_start,...'
 * ```
 */
export function trialsToCsv(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], options: TrialsDataframeOptions = {}): string {
  const { columns, rows } = trialsDataframe(trials, directions, options);
  if (columns.length === 0) return '';
  const lines = [columns.map(csvField).join(',')];
  const withMs = new Map<string, boolean>();
  for (const c of ['datetime_start', 'datetime_complete']) {
    withMs.set(c, rows.some((r) => r[c] instanceof Date && r[c].getMilliseconds() !== 0));
  }
  for (const r of rows) {
    const cells: string[] = [];
    for (const c of columns) {
      const v = r[c];
      if (c === 'duration' && typeof v === 'number') cells.push(formatDuration(v));
      else if (v instanceof Date) cells.push(formatDatetime(v, withMs.get(c) ?? true));
      else cells.push(csvField(v));
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}
