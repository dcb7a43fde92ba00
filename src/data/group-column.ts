/**
 * LightGBM's `group_column` param applied to a dataset already read: the named feature column
 * becomes the query groups and leaves the features (as the `group` option of `readCsv` would have
 * done when reading).
 *
 * @example
 * ```ts
 * const ranked = withGroupColumn(data, 'qid'); // ranked.queryBoundaries: one query per run of equal qid
 * ```
 */
import { DataError } from '../core/errors.js';
import { Dataset } from './dataset.js';
import { queriesFromIds } from './queries.js';

/**
 * The dataset with feature column `name` as its query groups. A dataset that already has query
 * groups and no such feature (it was read with `group: name`) is returned as is.
 */
export function withGroupColumn(data: Dataset, name: string): Dataset {
  const col = data.column(name);
  if (col === undefined) {
    if (data.queryBoundaries !== null) return data;
    const target = data.target?.name === name ? ` ('${name}' is the target)` : '';
    throw new DataError(`group_column '${name}': no such feature column${target}; the features are: ${data.featureNames.join(', ')}`);
  }
  if (data.queryBoundaries !== null) {
    throw new DataError(`group_column '${name}': the data already has query groups (from its group option); give the groups once`);
  }
  const cats = col.categories;
  // a categorical column's codes as their texts, so that errors name the query as the data does
  const ids: ArrayLike<unknown> = cats === undefined ? col.values : Array.from(col.values, (c) => (Number.isNaN(c) ? undefined : cats[c]));
  const queries = queriesFromIds(ids, (i) => `row ${i}`, name);
  return new Dataset(data.features.filter((c) => c !== col), data.target, data.source, { ...data.meta, queryBoundaries: queries });
}
