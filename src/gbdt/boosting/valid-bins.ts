/**
 * Puts a validation set into the training set's bins (LightGBM bins a validation Dataset with its
 * `reference` dataset's bin mappers), maps its labels onto the training classes, and takes its
 * weights (rounded to 32-bit floats, as LightGBM's metrics read them) and initial scores.
 */
import { DataError } from '../../core/errors.js';
import { alignToFeatures } from '../../data/align.js';
import { columnView, type BinColumn, type BinnedDataset } from '../../data/binned-dataset.js';
import { Dataset } from '../../data/dataset.js';
import { roundedToFloat32 } from '../objective/float32.js';
import type { ValidBins } from './session.js';

/**
 * A validation set in training-bin layout. A {@link BinnedDataset} must be the training one (same
 * mappers; e.g. for evaluating on the training data) — any other is binned again from nothing, so
 * pass the raw {@link Dataset} instead.
 *
 * @example
 * ```ts
 * const v = validBins(validData, binned, 'valid_0');
 * ```
 */
export function validBins(valid: Dataset | BinnedDataset, train: BinnedDataset, name: string, { values = false }: ValidBinsOptions = {}): ValidBins {
  if (!(valid instanceof Dataset)) {
    if (valid !== train) {
      throw new DataError(`validation set '${name}' is a BinnedDataset other than the training one; pass it as a Dataset so it is binned with the training bins`);
    }
    if (valid.label === null || valid.target === null) throw new DataError(`validation set '${name}' has no target`);
    const label = values ? valid.target.numeric : valid.label;
    if (label === null) throw new DataError(`validation set '${name}': target '${valid.target.name}' is not numeric`);
    return { name, bins: train.view, rows: null, count: train.nRows, label, ...metaOf(valid) };
  }
  const columns = alignToFeatures(valid, train.features);
  const n = valid.nRows;
  const bins: BinColumn[] = [];
  for (let j = 0; j < train.nUsed; j++) {
    const f = train.usedFeatures[j];
    const mapper = train.mappers[f];
    const col = columns[f];
    const out = mapper.numBin <= 256 ? new Uint8Array(n) : new Uint16Array(n);
    for (let i = 0; i < n; i++) out[i] = mapper.valueToBin(col[i]);
    bins.push(out);
  }
  return { name, bins: columnView(bins), rows: null, count: n, label: validLabel(valid, train, name, values), ...metaOf(valid) };
}

/** A validation set's weights (as 32-bit floats), initial scores and query groups. */
function metaOf(valid: Dataset | BinnedDataset): Pick<ValidBins, 'weights' | 'initScore' | 'queries'> {
  return { weights: valid.weights === null ? null : roundedToFloat32(valid.weights), initScore: valid.initScore, queries: valid.queryBoundaries };
}

/** Options of {@link validBins}. */
export interface ValidBinsOptions {
  /** Labels as values (regression, ranking relevance) rather than training class indices. Default false. */
  values?: boolean;
}

/** The validation labels as training class indices (classification) or values (regression). */
function validLabel(valid: Dataset, train: BinnedDataset, name: string, values: boolean): Float64Array {
  const vt = valid.target;
  const tt = train.target;
  if (vt === null || tt === null) throw new DataError(`validation set '${name}' has no target column`);
  if (tt.classes === null || values) {
    if (vt.numeric === null) throw new DataError(`validation set '${name}': target '${vt.name}' is not numeric but the training target is`);
    return vt.numeric;
  }
  if (vt.classes === null || vt.classIndex === null) {
    throw new DataError(`validation set '${name}': target '${vt.name}' has no classes but the training target has ${tt.classes.length}`);
  }
  const map = new Float64Array(vt.classes.length);
  for (let c = 0; c < vt.classes.length; c++) {
    const k = tt.classes.indexOf(vt.classes[c]);
    if (k < 0) throw new DataError(`validation set '${name}': class '${vt.classes[c]}' does not occur in the training target`);
    map[c] = k;
  }
  const out = new Float64Array(valid.nRows);
  for (let i = 0; i < out.length; i++) out[i] = map[vt.classIndex[i]];
  return out;
}
