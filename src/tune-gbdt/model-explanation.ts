/**
 * The tuned model explained for the report: its gain importance and its SHAP values (TreeSHAP,
 * `booster.predictContrib`) on a seeded sample of the training rows, as the plain data the viz
 * plots draw ({@link ModelExplanation}). TreeSHAP costs about rows × trees × leaves × depth, so
 * the sample is capped twice: at `maxRows` rows, and at `leafBudget` / (total leaves) rows (never
 * under `minRows`), so that a model with many large trees stays a few seconds' work. Measured: the
 * model of a 30 s `--time` run on ames (a refinement: 2,952 trees of up to 74 leaves) took 19.7 s
 * to explain on 500 rows (the floor was 500; the run took 49 s), 2.0 s on 50.
 */
import { sampleIndices } from '../data/binned-dataset.js';
import type { Dataset } from '../data/dataset.js';
import type { Booster } from '../gbdt/boosting/booster.js';
import type { ModelExplanation } from '../viz/info/model-explanation.js';

/** Options of {@link explainModel}. */
export interface ExplainModelOptions {
  /** At most this many rows (a seeded uniform sample). Default 2000. */
  maxRows?: number;
  /** Rows × total leaves of the model at most this (fewer rows for big models). Default 4,000,000 (about a second of TreeSHAP). */
  leafBudget?: number;
  /** ...but never fewer rows than this (or the data's). Default 50. */
  minRows?: number;
  /** Seed of the row sample. Default 0. */
  seed?: number;
}

/**
 * The model's explanation on a sample of `data` (which holds the model's feature columns).
 * Binary: SHAP values of the raw score (log-odds of the second class); multiclass: of each row's
 * predicted class's raw score; regression: of the raw score.
 *
 * @example
 * ```ts
 * writeHtmlReport(study, 'report.html', { model: explainModel(booster, data) });
 * ```
 */
export function explainModel(booster: Booster, data: Dataset, { maxRows = 2000, leafBudget = 4_000_000, minRows = 50, seed = 0 }: ExplainModelOptions = {}): ModelExplanation {
  let leaves = 0;
  for (const t of booster.model.trees) leaves += t.numLeaves;
  const cap = Math.max(minRows, Math.floor(leafBudget / Math.max(1, leaves)));
  const rows = sampleIndices(data.nRows, Math.min(maxRows, cap), seed);
  const all = booster.columnsOf(data);
  const columns = all.map((c) => Float64Array.from(rows, (i) => c[i]));
  const phi = booster.predictContrib(columns);
  const nf = columns.length;
  const k = booster.numTreePerIteration;
  const width = k * (nf + 1);
  const n = rows.length;
  // the block each row is explained by: its predicted class (the largest block sum = raw score)
  const block = new Int32Array(n);
  if (k > 1) {
    for (let i = 0; i < n; i++) {
      let best = -Infinity;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let f = 0; f <= nf; f++) s += phi[i * width + c * (nf + 1) + f];
        if (s > best) {
          best = s;
          block[i] = c;
        }
      }
    }
  }
  const shap = columns.map((_, f) => Float64Array.from({ length: n }, (_, i) => phi[i * width + block[i] * (nf + 1) + f]));
  const classes = booster.classes;
  const shapTarget = k > 1 ? "the predicted class's raw score" : classes !== null && classes.length === 2 ? `raw score (log-odds of '${classes[1]}')` : 'raw score';
  return {
    featureNames: booster.featureNames,
    importance: Array.from(booster.featureImportance({ importanceType: 'gain' })),
    importanceType: 'gain',
    values: columns,
    categories: booster.model.features.map((f) => (f.kind === 'categorical' && f.categories !== undefined ? [...f.categories] : null)),
    shap,
    shapTarget,
    nRows: data.nRows,
  };
}
