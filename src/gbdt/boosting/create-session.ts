/**
 * The boosting session for `params.boosting`: {@link BoostingSession} (gbdt),
 * {@link DartSession} (dart) or {@link RandomForestSession} (rf). `train` and `cv` make their sessions here.
 */
import type { BinnedDataset } from '../../data/binned-dataset.js';
import type { GbdtParams } from '../../params/resolved.js';
import type { Metric } from '../metric/metric.js';
import type { Objective } from '../objective/objective.js';
import { DartSession } from './dart.js';
import { RandomForestSession } from './rf.js';
import { BoostingSession, type SessionRowData, type SessionStart, type ValidBins } from './session.js';

/**
 * A session of the params' boosting type (the arguments are {@link BoostingSession}'s).
 *
 * @example
 * ```ts
 * const s = createSession(params, binned, label, null, objective, metrics, valids);
 * ```
 */
export function createSession(
  params: GbdtParams,
  data: BinnedDataset,
  fullLabel: Float64Array,
  rows: Uint32Array | null,
  objective: Objective,
  metrics: Metric[],
  valids: ValidBins[],
  keepTrees = true,
  start: SessionStart | null = null,
  rowData: SessionRowData = {},
): BoostingSession {
  if (params.boosting === 'dart') return new DartSession(params, data, fullLabel, rows, objective, metrics, valids, keepTrees, start, rowData);
  if (params.boosting === 'rf') return new RandomForestSession(params, data, fullLabel, rows, objective, metrics, valids, keepTrees, start, rowData);
  return new BoostingSession(params, data, fullLabel, rows, objective, metrics, valids, keepTrees, start, rowData);
}
