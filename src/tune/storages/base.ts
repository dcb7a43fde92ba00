/**
 * The storage contract (Optuna's `BaseStorage`, asynchronous because PostgreSQL is).
 *
 * Invariants every implementation keeps (checked by the storage conformance suite,
 * `runStorageConformance` in `gbtune/testing`):
 * - trial numbers in a study are 0, 1, 2, ... with no gap and no duplicate, even with many writers;
 * - a finished trial (COMPLETE, PRUNED, FAIL) is immutable: writes to it throw a `StorageError`;
 * - returned trials and studies are snapshots: later writes do not change them;
 * - a study name is unique in a storage.
 */
import type { Distribution } from '../distributions.js';
import type { FrozenTrial, StudyDirection, TrialState } from '../trial/frozen-trial.js';

/** A study's summary, as `getAllStudies` returns it. */
export interface StudySummary {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Readonly<Record<string, unknown>>;
  readonly systemAttrs: Readonly<Record<string, unknown>>;
  readonly nTrials: number;
  readonly datetimeStart: Date | null;
}

/** Fields of a trial to create from a template (enqueued or added trials). */
export interface TrialTemplate {
  state?: TrialState;
  values?: readonly number[] | null;
  params?: Record<string, number>; // internal values
  distributions?: Record<string, Distribution>;
  userAttrs?: Record<string, unknown>;
  systemAttrs?: Record<string, unknown>;
  intermediateValues?: ReadonlyMap<number, number>;
  datetimeStart?: Date | null;
  datetimeComplete?: Date | null;
}

export interface Storage {
  // studies
  createNewStudy(directions: readonly StudyDirection[], studyName?: string): Promise<number>;
  deleteStudy(studyId: number): Promise<void>;
  setStudyUserAttr(studyId: number, key: string, value: unknown): Promise<void>;
  setStudySystemAttr(studyId: number, key: string, value: unknown): Promise<void>;
  getStudyIdFromName(studyName: string): Promise<number>;
  getStudyNameFromId(studyId: number): Promise<string>;
  getStudyDirections(studyId: number): Promise<StudyDirection[]>;
  getStudyUserAttrs(studyId: number): Promise<Record<string, unknown>>;
  getStudySystemAttrs(studyId: number): Promise<Record<string, unknown>>;
  getAllStudies(): Promise<StudySummary[]>;

  // trials
  /** Creates a trial (RUNNING unless the template says otherwise) and returns its id. */
  createNewTrial(studyId: number, template?: TrialTemplate): Promise<number>;
  /** Stores a param's internal value and distribution; throws if the trial is finished. */
  setTrialParam(trialId: number, paramName: string, internalValue: number, distribution: Distribution): Promise<void>;
  getTrialIdFromStudyIdTrialNumber(studyId: number, trialNumber: number): Promise<number>;
  /**
   * Sets the state (and values). Returns false, writing nothing, when asked to set RUNNING on a
   * trial that is not WAITING (how workers race to pop an enqueued trial).
   */
  setTrialStateValues(trialId: number, state: TrialState, values?: readonly number[] | null): Promise<boolean>;
  setTrialIntermediateValue(trialId: number, step: number, value: number): Promise<void>;
  /**
   * Optional: several reported values of one trial (`[step, value]` in report order) in one write,
   * as if by `setTrialIntermediateValue` for each (one transaction in an RDB). Trials batch the
   * values reported while their previous write was still queued.
   */
  setTrialIntermediateValues?(trialId: number, entries: readonly (readonly [number, number])[]): Promise<void>;
  setTrialUserAttr(trialId: number, key: string, value: unknown): Promise<void>;
  setTrialSystemAttr(trialId: number, key: string, value: unknown): Promise<void>;
  getTrial(trialId: number): Promise<FrozenTrial>;
  /** The study's trials in number order (snapshots), optionally filtered by state. */
  getAllTrials(studyId: number, options?: { states?: readonly TrialState[] }): Promise<FrozenTrial[]>;
  getNTrials(studyId: number, options?: { states?: readonly TrialState[] }): Promise<number>;
  /** Releases connections and file handles. */
  close?(): Promise<void>;

  /**
   * Optional: a short text that changes whenever the storage's content may have changed — any
   * write by this instance, another instance or another process — read with one cheap query and
   * no trial rows (SQLite: `PRAGMA data_version` and the connection's `total_changes()`;
   * PostgreSQL: the transaction snapshot; a journal: the number of records; in memory: a write
   * counter). Equal tokens mean nothing changed; a new token may also come from a write that
   * changed nothing visible (a heartbeat, another database of the same server). Watchers (the
   * dashboard) poll it to learn what changed since their last read without reading trials.
   * Optuna has no such call.
   */
  changeToken?(): Promise<string>;

  // heartbeats (optional: storages that support worker heartbeats, e.g. the RDB storages)
  /** Records that the worker running a trial is alive (Optuna's `record_heartbeat`). */
  recordHeartbeat?(trialId: number): Promise<void>;
  /** Ids of the study's RUNNING trials whose last heartbeat is older than `graceSeconds`. */
  getStaleTrialIds?(studyId: number, graceSeconds: number): Promise<number[]>;
}
