/**
 * `gbtune/dashboard`: a local web UI over any gbtune storage (SQLite, journal file, PostgreSQL,
 * Redis) — the study list, each study's report plots and trials updating live, trial pages,
 * notes shared with optuna-dashboard, and (with `allowWrite`) creating, renaming and deleting
 * studies, failing a dead trial and stopping a run. `gbtune dashboard` and `gbtune tune
 * --dashboard` use it. Re-exports only.
 *
 * @example
 * ```ts
 * import { startDashboard } from 'gbtune/dashboard';
 * const { url, close } = await startDashboard({ storage: 'sqlite:///study.db', port: 8080 });
 * ```
 */
export { startDashboard, storageLabel } from './server.js';
export type { Dashboard, DashboardOptions } from './server.js';
export { startDashboardThread } from './thread.js';
export type { DashboardThread, DashboardThreadOptions } from './thread.js';
export { StorageWatcher } from './watcher.js';
export type { StorageWatcherOptions, StudyEntry, WatchEvent, WatchTarget } from './watcher.js';
export { readNote, saveNote, noteVersionKey, noteChunkPrefix, NoteConflictError } from './notes.js';
export type { Note } from './notes.js';
