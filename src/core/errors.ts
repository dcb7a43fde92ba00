/**
 * Every failure a user can cause is a {@link GbtuneError} (or a subclass) whose message names
 * the file, row, column, key or value at fault and what was expected.
 *
 * @example
 * ```ts
 * try { await readCsv('data.csv'); } catch (e) { if (e instanceof CsvError) console.error(e.message); }
 * ```
 */
export class GbtuneError extends Error {
  /** A stable machine-readable code, e.g. `'CSV_RAGGED_ROW'`. */
  readonly code: string;

  constructor(message: string, code = 'GBTUNE_ERROR', options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Where in a CSV file (or in-memory table) a problem was found. */
export interface CsvLocation {
  file?: string;
  /** 1-based line number in the file (the header is line 1). */
  line?: number;
  /** 0-based index of the row (or record) in an in-memory table, when there is no file line. */
  row?: number;
  column?: string;
}

/** A malformed or unusable CSV file or in-memory table. */
export class CsvError extends GbtuneError {
  readonly file?: string;
  readonly line?: number;
  readonly row?: number;
  readonly column?: string;

  constructor(message: string, where: CsvLocation = {}, code = 'CSV_ERROR') {
    const parts: string[] = [];
    if (where.file !== undefined) parts.push(where.file);
    if (where.line !== undefined) parts.push(`line ${where.line}`);
    if (where.row !== undefined) parts.push(`row ${where.row}`);
    if (where.column !== undefined) parts.push(`column '${where.column}'`);
    super(parts.length > 0 ? `${parts.join(', ')}: ${message}` : message, code);
    this.file = where.file;
    this.line = where.line;
    this.row = where.row;
    this.column = where.column;
  }
}

/** Data that cannot be used for the requested task (e.g. a target with one class). */
export class DataError extends GbtuneError {
  constructor(message: string, code = 'DATA_ERROR') {
    super(message, code);
  }
}

/** An unknown parameter, a value of the wrong type, or a value out of its allowed range. */
export class ParamError extends GbtuneError {
  readonly key: string;
  readonly value: unknown;

  constructor(key: string, value: unknown, message: string, code = 'PARAM_ERROR') {
    super(message, code);
    this.key = key;
    this.value = value;
  }
}

/** A model file that cannot be read: truncated, corrupt, of an unknown version or format. */
export class ModelFormatError extends GbtuneError {
  readonly file?: string;

  constructor(message: string, file?: string, code = 'MODEL_FORMAT_ERROR') {
    super(file !== undefined ? `${file}: ${message}` : message, code);
    this.file = file;
  }
}

/**
 * An unknown name in a registry (objective, metric, sampler, pruner, storage, ...), with the known
 * names and, when one is near enough to be a likely typo, the spelling the user probably meant.
 *
 * @example
 * ```ts
 * new UnknownNameError('sampler', 'tpee', ['random', 'tpe'], 'tpe').message;
 * // "unknown sampler 'tpee'; did you mean 'tpe'? known: random, tpe"
 * ```
 */
export class UnknownNameError extends GbtuneError {
  /** The known spelling nearest to the unknown name, when there is a likely one. */
  readonly suggestion?: string;

  constructor(family: string, name: string, known: readonly string[], suggestion?: string) {
    const hint = suggestion === undefined ? '' : ` did you mean '${suggestion}'?`;
    super(`unknown ${family} '${name}';${hint} known: ${known.join(', ')}`, 'UNKNOWN_NAME');
    this.suggestion = suggestion;
  }
}

/** Invalid use of the tuner API: a bad distribution, a bad study or trial operation. */
export class TunerError extends GbtuneError {
  constructor(message: string, code = 'TUNER_ERROR') {
    super(message, code);
  }
}

/** One field of a study's record that a run does not match: its path, the stored and the given value (as text). */
export interface StudyDifference {
  /** The field, e.g. `'metric'`, `'nFolds'`, `'data.rows'`, `'fixedParams.num_leaves'`, `'searchSpace.num_leaves'`. */
  readonly field: string;
  readonly stored: string;
  readonly given: string;
}

/**
 * A run that would continue a study made for something else (other data, target, objective,
 * metric, folds, fixed params or search space): its trials could not be compared with the study's.
 */
export class StudyMismatchError extends TunerError {
  readonly studyName: string;
  readonly differences: readonly StudyDifference[];

  constructor(message: string, studyName: string, differences: readonly StudyDifference[]) {
    super(message, 'STUDY_MISMATCH');
    this.studyName = studyName;
    this.differences = differences;
  }
}

/** A storage that cannot be opened or used: corrupt file, newer schema, missing study. */
export class StorageError extends GbtuneError {
  constructor(message: string, code = 'STORAGE_ERROR') {
    super(message, code);
  }
}

/** The one error an objective throws to prune its trial (Optuna's `TrialPruned`). */
export class TrialPruned extends Error {
  constructor(message = 'trial was pruned') {
    super(message);
    this.name = 'TrialPruned';
  }
}
