/**
 * What a model keeps of one input feature: its name, kind, categories and LightGBM's
 * `feature_infos` entry. Binning produces it (`BinnedDataset.features`), model files store it, and
 * prediction aligns new data with it (`align.ts`). It lives in `data/`, the layer below the trainer,
 * so that `data/` needs nothing from `gbdt/` and `gbdt/` reads it from below.
 *
 * @example
 * ```ts
 * const meta: FeatureMeta = { name: 'age', kind: 'numeric', info: '[18:90]' };
 * ```
 */
import type { ColumnKind } from './columns.js';

/** What the model knows of one input feature. */
export interface FeatureMeta {
  readonly name: string;
  readonly kind: ColumnKind;
  /** Categorical: code → category text; a row's category is looked up by text when predicting. */
  readonly categories?: readonly string[];
  /** LightGBM's feature_infos entry: `[min:max]` for numeric, `c1:c2:...` codes for categorical, `none` when unused. */
  readonly info: string;
}
