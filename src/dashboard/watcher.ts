/**
 * The dashboard's one reader of the storage: every page's request and every live update is served
 * from what it read, so ten open pages cost the storage what one does.
 *
 * - "Did anything change?" is the storage's `changeToken()` (one cheap query, see `Storage`),
 *   asked at most once per `pollMs` however many requests come in (concurrent askers share one
 *   query). A storage without it is treated as changed at every check.
 * - A study's trials and attributes, and the study list, are read again only after the token
 *   changed, and then once for all askers (RDB storages read only the new and unfinished trials).
 * - While pages listen (`subscribe`), a timer checks every `pollMs`; a change re-reads the
 *   studies listened to and tells the listeners which trials changed ({@link WatchEvent}).
 *
 * @example
 * ```ts
 * const w = new StorageWatcher(storage, { pollMs: 500 });
 * w.on((e) => console.log(e));
 * const stop = w.subscribe(studyId);
 * const entry = await w.study(studyId); // entry.trials, entry.stats
 * ```
 */
import { StorageError, type FrozenTrial, type StudyDirection } from '../index.js';
import type { Storage } from '../tune/storages/index.js';
import { studyStats, type StudyStats } from './study-stats.js';

/** A study as last read. */
export interface StudyEntry {
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Readonly<Record<string, unknown>>;
  readonly systemAttrs: Readonly<Record<string, unknown>>;
  /** In number order. */
  readonly trials: readonly FrozenTrial[];
  readonly stats: StudyStats;
  /** Moves (by one) whenever a re-read found the study changed. */
  readonly seq: number;
  /** The watcher generation it was read at. */
  readonly generation: number;
}

/** What a listener hears. */
export type WatchEvent =
  | { kind: 'list'; generation: number }
  | { kind: 'study'; studyId: number; seq: number; nTrials: number; changed: number[]; attrsChanged: boolean }
  | { kind: 'study-deleted'; studyId: number };

/** Options of {@link StorageWatcher}. */
export interface StorageWatcherOptions {
  /** How often the storage is asked whether anything changed, in ms. Default 500. */
  pollMs?: number;
}

/** The listened-to target: the study list or one study. */
export type WatchTarget = 'list' | number;

function sameNumbers(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function sameTrial(a: FrozenTrial, b: FrozenTrial): boolean {
  if (a === b) return true;
  return (
    a.trialId === b.trialId &&
    a.state === b.state &&
    sameNumbers(a.values, b.values) &&
    a.datetimeStart?.getTime() === b.datetimeStart?.getTime() &&
    a.datetimeComplete?.getTime() === b.datetimeComplete?.getTime() &&
    a.intermediateValues.size === b.intermediateValues.size &&
    Object.keys(a.params).length === Object.keys(b.params).length &&
    JSON.stringify(a.userAttrs) === JSON.stringify(b.userAttrs) &&
    JSON.stringify(a.systemAttrs) === JSON.stringify(b.systemAttrs)
  );
}

function attrsDiffer(a: Pick<StudyEntry, 'studyName' | 'userAttrs' | 'systemAttrs'>, b: Pick<StudyEntry, 'studyName' | 'userAttrs' | 'systemAttrs'>): boolean {
  return a.studyName !== b.studyName || JSON.stringify(a.userAttrs) !== JSON.stringify(b.userAttrs) || JSON.stringify(a.systemAttrs) !== JSON.stringify(b.systemAttrs);
}

/**
 * The numbers of the trials that differ between two reads of a study (new ones included).
 *
 * @example
 * ```ts
 * changedTrials(before, after); // [41, 42]
 * ```
 */
export function changedTrials(before: readonly FrozenTrial[], after: readonly FrozenTrial[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < after.length; i++) {
    const b = before[i];
    if (b === undefined || !sameTrial(b, after[i])) out.push(after[i].number);
  }
  return out;
}

/** See the module comment. */
export class StorageWatcher {
  readonly storage: Storage;
  readonly pollMs: number;
  /** Moves whenever the storage's change token moved. */
  generation = 0;
  /** Change-token queries made (for tests and the bench). */
  checks = 0;
  private token: string | undefined = undefined;
  private checkedAt = -Infinity;
  private checking: Promise<void> | null = null;
  private readonly entries = new Map<number, StudyEntry>();
  private readonly loading = new Map<number, Promise<StudyEntry>>();
  private listCache: { generation: number; stats: StudyStats[] } | null = null;
  private listLoading: Promise<StudyStats[]> | null = null;
  private readonly targets = new Map<WatchTarget, number>();
  /** Per watched study, the entry last announced to the listeners (list: the stats' JSON). */
  private readonly announced = new Map<WatchTarget, StudyEntry | string>();
  private readonly listeners = new Set<(e: WatchEvent) => void>();
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private closed = false;

  constructor(storage: Storage, { pollMs = 500 }: StorageWatcherOptions = {}) {
    this.storage = storage;
    this.pollMs = pollMs;
  }

  /** Asks the storage whether anything changed, unless asked within the last `pollMs` (shared by concurrent callers). */
  async fresh(): Promise<void> {
    if (performance.now() - this.checkedAt < this.pollMs) return;
    this.checking ??= this.check().finally(() => {
      this.checking = null;
    });
    await this.checking;
  }

  /** Forces the next {@link fresh} to ask the storage (after this process wrote to it). */
  invalidate(): void {
    this.checkedAt = -Infinity;
  }

  private async check(): Promise<void> {
    this.checks++;
    const token = this.storage.changeToken === undefined ? undefined : await this.storage.changeToken();
    this.checkedAt = performance.now();
    if (token === undefined || token !== this.token) {
      this.token = token;
      this.generation++;
    }
  }

  /** Every study with its stats, in study id order. */
  async list(): Promise<StudyStats[]> {
    await this.fresh();
    return this.currentList();
  }

  /** The list as of the last check (read again only when the token moved since it was read). */
  private async currentList(): Promise<StudyStats[]> {
    if (this.listCache !== null && this.listCache.generation === this.generation) return this.listCache.stats;
    this.listLoading ??= this.readList().finally(() => {
      this.listLoading = null;
    });
    return this.listLoading;
  }

  private async readList(): Promise<StudyStats[]> {
    const generation = this.generation;
    const summaries = await this.storage.getAllStudies();
    const alive = new Set(summaries.map((s) => s.studyId));
    for (const id of [...this.entries.keys()]) if (!alive.has(id)) this.entries.delete(id);
    const stats: StudyStats[] = [];
    for (const s of summaries.sort((a, b) => a.studyId - b.studyId)) {
      const cached = this.entries.get(s.studyId);
      if (cached !== undefined && cached.generation === generation) {
        stats.push(cached.stats);
        continue;
      }
      const trials = await this.storage.getAllTrials(s.studyId);
      this.store({ ...s, trials, generation });
      stats.push((this.entries.get(s.studyId) as StudyEntry).stats);
    }
    this.listCache = { generation, stats };
    return stats;
  }

  /** Keeps a freshly read study, moving its `seq` when it changed. */
  private store(s: Omit<StudyEntry, 'stats' | 'seq'>): void {
    const prev = this.entries.get(s.studyId);
    const same = prev !== undefined && prev.trials.length === s.trials.length && changedTrials(prev.trials, s.trials).length === 0 && !attrsDiffer(prev, s);
    this.entries.set(s.studyId, {
      ...s,
      stats: same ? prev.stats : studyStats(s, s.trials),
      seq: prev === undefined ? 1 : same ? prev.seq : prev.seq + 1,
    });
  }

  /** A study as of the latest check; throws `StorageError('STUDY_NOT_FOUND')` for an unknown id. */
  async study(studyId: number): Promise<StudyEntry> {
    await this.fresh();
    return this.current(studyId);
  }

  /** A study as of the last check (read again only when the token moved since it was read). */
  private async current(studyId: number): Promise<StudyEntry> {
    const cached = this.entries.get(studyId);
    if (cached !== undefined && cached.generation === this.generation) return cached;
    let p = this.loading.get(studyId);
    if (p === undefined) {
      p = this.readStudy(studyId).finally(() => this.loading.delete(studyId));
      this.loading.set(studyId, p);
    }
    return p;
  }

  private async readStudy(studyId: number): Promise<StudyEntry> {
    const generation = this.generation;
    const st = this.storage;
    try {
      const [studyName, directions, userAttrs, systemAttrs, trials] = await Promise.all([
        st.getStudyNameFromId(studyId),
        st.getStudyDirections(studyId),
        st.getStudyUserAttrs(studyId),
        st.getStudySystemAttrs(studyId),
        st.getAllTrials(studyId),
      ]);
      this.store({ studyId, studyName, directions, userAttrs, systemAttrs, trials, generation });
      return this.entries.get(studyId) as StudyEntry;
    } catch (e) {
      if (e instanceof StorageError && e.code === 'STUDY_NOT_FOUND') this.entries.delete(studyId);
      throw e;
    }
  }

  /** Adds a listener of {@link WatchEvent}s; returns the function that removes it. */
  on(listener: (e: WatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: WatchEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** Keeps `target` watched (the timer runs while anything is); returns the function that stops it. */
  subscribe(target: WatchTarget): () => void {
    this.targets.set(target, (this.targets.get(target) ?? 0) + 1);
    // the baseline: what a page reading now gets (a study read before it subscribed)
    if (!this.announced.has(target)) {
      const e = target === 'list' ? (this.listCache === null ? undefined : JSON.stringify(this.listCache.stats)) : this.entries.get(target);
      if (e !== undefined) this.announced.set(target, e);
    }
    if (this.timer === null && !this.closed) {
      this.timer = setInterval(() => void this.tick(), this.pollMs);
      this.timer.unref();
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.targets.get(target) ?? 1) - 1;
      if (n > 0) this.targets.set(target, n);
      else {
        this.targets.delete(target);
        this.announced.delete(target);
      }
      if (this.targets.size === 0 && this.timer !== null) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  /** One poll: ask for a change; on one, re-read what is listened to and tell the listeners. */
  async tick(): Promise<void> {
    if (this.ticking || this.closed) return;
    this.ticking = true;
    try {
      // re-reads only after the token moved (since this tick or since a page's request)
      await this.fresh();
      for (const target of [...this.targets.keys()]) {
        if (target === 'list') {
          const json = JSON.stringify(await this.currentList());
          const before = this.announced.get(target);
          this.announced.set(target, json);
          if (before !== undefined && before !== json) this.emit({ kind: 'list', generation: this.generation });
          continue;
        }
        let entry: StudyEntry;
        try {
          entry = await this.current(target);
        } catch (e) {
          if (!(e instanceof StorageError && e.code === 'STUDY_NOT_FOUND')) throw e;
          if (this.announced.get(target) !== 'deleted') this.emit({ kind: 'study-deleted', studyId: target });
          this.announced.set(target, 'deleted');
          continue;
        }
        const before = this.announced.get(target);
        if (typeof before === 'object' && before.seq === entry.seq) continue;
        this.announced.set(target, entry);
        // the first look only sets the baseline: the page read the study when it subscribed
        if (typeof before !== 'object') continue;
        this.emit({
          kind: 'study',
          studyId: target,
          seq: entry.seq,
          nTrials: entry.trials.length,
          changed: changedTrials(before.trials, entry.trials),
          attrsChanged: attrsDiffer(before, entry),
        });
      }
    } catch {
      // a failed poll (the database restarting, a network blip) is retried at the next tick
    } finally {
      this.ticking = false;
    }
  }

  /** Stops the timer; later subscriptions do not start it. */
  close(): void {
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
