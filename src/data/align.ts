/**
 * Lines up data to predict with a trained model's features: one column per model feature, in
 * the model's order, with categorical values re-coded from their text to the model's codes.
 */
import { CsvError } from '../core/errors.js';
import { parseDecimal } from './column-builder.js';
import type { Column } from './columns.js';
import type { Dataset } from './dataset.js';

/** What {@link alignToFeatures} needs to know of a model feature (a subset of `FeatureMeta`). */
export interface AlignFeature {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  /** Categorical: code → category text. Absent when the model knows only the integer codes. */
  readonly categories?: readonly string[];
}

/** The code {@link alignToFeatures} gives a category the model never saw. */
export const UNSEEN_CATEGORY = -1;

/**
 * One `Float64Array` per model feature, in model order, for prediction.
 *
 * - Numeric feature: the dataset's numeric column (the same array, not a copy; do not mutate).
 *   A column of text for a numeric feature is a {@link CsvError} naming the column.
 * - Categorical feature: each value becomes the index of its text in the feature's `categories`
 *   (a numeric data column is looked up by `String(value)`; when all the model's categories are
 *   numbers, values also match by numeric value, so `1.0` finds category `'1'`). Missing stays
 *   NaN. A category the model never saw becomes {@link UNSEEN_CATEGORY} (-1): LightGBM sends a
 *   negative category to the right child at every categorical split (it is in no category set),
 *   which is how it treats unseen categories, so prediction code must do the same with -1.
 *   When the model has no category texts (a LightGBM model.txt without `pandas_categorical`), the
 *   values are the codes themselves and must be numbers.
 * - A model feature with no column of that name in the dataset is a {@link CsvError}; extra
 *   dataset columns (such as the target) are ignored.
 *
 * @example
 * ```ts
 * const data = await readCsv('new.csv', { target: false });
 * const columns = alignToFeatures(data, booster.model.features);
 * ```
 */
export function alignToFeatures(dataset: Dataset, features: readonly AlignFeature[]): Float64Array[] {
  const file = dataset.source.file;
  const byName = new Map<string, Column>();
  for (const col of dataset.features) byName.set(col.name, col);
  const out: Float64Array[] = [];
  for (const feature of features) {
    const col = byName.get(feature.name);
    if (col === undefined) {
      const have = dataset.features.map((c) => c.name).join(', ');
      throw new CsvError(`the model needs feature '${feature.name}' but the data has no such column; it has: ${have}`, { file, column: feature.name }, 'CSV_MISSING_FEATURE');
    }
    if (feature.kind === 'numeric') {
      if (col.kind === 'categorical') {
        const example = col.categories?.find((t) => Number.isNaN(parseDecimal(t))) ?? col.categories?.[0] ?? '';
        throw new CsvError(`holds text (e.g. '${example}') but the model's feature '${feature.name}' is numeric; expected numbers or missing values`, { file, column: col.name }, 'CSV_TYPE_MISMATCH');
      }
      out.push(col.values);
    } else if (feature.categories === undefined) {
      out.push(rawCodes(col, file));
    } else {
      out.push(recode(col, feature.categories));
    }
  }
  return out;
}

/** Codes for a model that knows no category texts: the numbers themselves. */
function rawCodes(col: Column, file: string | undefined): Float64Array {
  if (col.kind === 'numeric') return col.values;
  const cats = col.categories ?? [];
  const asNumber = new Float64Array(cats.length);
  for (let k = 0; k < cats.length; k++) {
    const v = parseDecimal(cats[k]);
    if (Number.isNaN(v)) {
      throw new CsvError(`holds the text '${cats[k]}' but the model knows this categorical feature only by integer codes; expected numbers`, { file, column: col.name }, 'CSV_TYPE_MISMATCH');
    }
    asNumber[k] = v;
  }
  return lookup(col.values, asNumber);
}

/** Data codes (or numbers) → model codes through the model's category texts. */
function recode(col: Column, modelCats: readonly string[]): Float64Array {
  const byText = new Map<string, number>();
  for (let k = 0; k < modelCats.length; k++) byText.set(modelCats[k], k);
  // when every model category is a number, match by value too ('1.0' finds '1')
  let byValue: Map<number, number> | null = new Map();
  for (let k = 0; k < modelCats.length && byValue !== null; k++) {
    const v = parseDecimal(modelCats[k]);
    if (Number.isNaN(v)) byValue = null;
    else if (!byValue.has(v)) byValue.set(v, k);
  }
  const find = (text: string, value: number): number => {
    const k = byText.get(text);
    if (k !== undefined) return k;
    if (byValue !== null && !Number.isNaN(value)) return byValue.get(value) ?? UNSEEN_CATEGORY;
    return UNSEEN_CATEGORY;
  };
  const values = col.values;
  if (col.kind === 'categorical') {
    const cats = col.categories ?? [];
    const map = new Float64Array(cats.length);
    for (let k = 0; k < cats.length; k++) map[k] = find(cats[k], parseDecimal(cats[k]));
    return lookup(values, map);
  }
  // numeric data column: look up each distinct number once
  const n = values.length;
  const out = new Float64Array(n);
  const memo = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      out[i] = NaN;
      continue;
    }
    let code = memo.get(v);
    if (code === undefined) {
      code = find(String(v), v);
      memo.set(v, code);
    }
    out[i] = code;
  }
  return out;
}

function lookup(codes: Float64Array, map: Float64Array): Float64Array {
  const n = codes.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = codes[i];
    out[i] = Number.isNaN(c) ? NaN : map[c];
  }
  return out;
}
