/**
 * The first trials of a tuning study with the default search space: a small portfolio of
 * configurations that did well across many datasets, enqueued before the sampler takes over (as
 * auto-sklearn 2.0 and FLAML start from zero-shot portfolios), so that a short time budget has a
 * good model after its first few trials and the sampler starts from good regions.
 *
 * How {@link DEFAULT_PORTFOLIO} was chosen (bench/derive-portfolio.mjs, which prints this table):
 * PORTFOLIO_PROVENANCE below. Each entry holds trial params of the default space (search-space
 * names: `limit_depth` and `max_depth` as the space suggests them); a param the run fixes, or one
 * the space does not search, is left out of the enqueued trial; the sampler draws the params an
 * entry lacks (e.g. `scale_pos_weight` on an imbalanced target).
 */
import type { ParamValue } from '../tune/distributions.js';

/** One configuration of the portfolio: trial params of the default search space. */
export type PortfolioEntry = Readonly<Record<string, ParamValue>>;

/** How the table was made: the data, the studies and the selection (see the module comment). */
export const PORTFOLIO_PROVENANCE =
  'bench/derive-portfolio.mjs, 2026-12-06: a 30-trial TPE study (default space, no portfolio, 5 folds of seed 100) on each of ' +
  'breast_cancer, wine, diabetes, digits, credit_data, spam and seeded 10,000-row samples of shuttle and fertility (ames and ' +
  'letter left out: their studies took over 20 minutes each on the shared machine); the 2 best COMPLETE trials of each (16 ' +
  'candidates) cross-validated on all 8; per dataset a candidate scores (v - worst) / (best - worst); greedily the candidate ' +
  'that most raises the mean over datasets of the best score so far, less 0.05 x its relative seconds. The 4 reach a mean ' +
  'best score of 0.991 (entry 1 alone: 0.852). Values rounded to 3 significant digits. Note: breast_cancer, credit_data, ' +
  'digits, spam and fertility are also bench datasets (bench/tune-time.bench.mjs uses other folds, seed 0, and another ' +
  'fertility sample).';

/** The default portfolio, in the order its trials run (see the module comment and {@link PORTFOLIO_PROVENANCE}). */
export const DEFAULT_PORTFOLIO: readonly PortfolioEntry[] = [
  // diabetes' best: shallow trees at a moderate rate, the best candidate on digits and credit_data
  { lambda_l1: 0.000202, lambda_l2: 0.00316, num_leaves: 69, feature_fraction: 0.5, bagging_fraction: 0.625, bagging_freq: 4, min_child_samples: 33, learning_rate: 0.0703, limit_depth: true, max_depth: 3 },
  // spam's best: deep trees at a high rate
  { lambda_l1: 3.21e-7, lambda_l2: 5.8e-6, num_leaves: 161, feature_fraction: 0.87, bagging_fraction: 0.759, bagging_freq: 6, min_child_samples: 30, learning_rate: 0.202, limit_depth: true, max_depth: 9 },
  // fertility's best: tiny trees at the highest rate, the cheapest
  { lambda_l1: 5.16e-8, lambda_l2: 0.00196, num_leaves: 5, feature_fraction: 0.546, bagging_fraction: 0.906, bagging_freq: 4, min_child_samples: 35, learning_rate: 0.297, limit_depth: true, max_depth: 3 },
  // breast_cancer's best: large unlimited trees, strong bagging
  { lambda_l1: 2.02e-6, lambda_l2: 0.000742, num_leaves: 195, feature_fraction: 0.695, bagging_fraction: 0.45, bagging_freq: 6, min_child_samples: 39, learning_rate: 0.186, limit_depth: false },
];

/**
 * The portfolio's trials for a run that searches the trial params `searched`: each entry without
 * the params not searched (`max_depth` also left out when `limit_depth` is false), entries
 * that keep nothing dropped, repeated ones once.
 *
 * @example
 * ```ts
 * portfolioTrials(DEFAULT_PORTFOLIO, ['num_leaves', 'learning_rate']); // [{ num_leaves: 31, learning_rate: 0.1 }, ...]
 * ```
 */
export function portfolioTrials(portfolio: readonly PortfolioEntry[], searched: readonly string[]): Record<string, ParamValue>[] {
  const keep = new Set(searched);
  const out: Record<string, ParamValue>[] = [];
  const seen = new Set<string>();
  for (const entry of portfolio) {
    const p: Record<string, ParamValue> = {};
    for (const [k, v] of Object.entries(entry)) if (keep.has(k)) p[k] = v;
    if (p.limit_depth === false) delete p.max_depth;
    const key = JSON.stringify(p);
    if (Object.keys(p).length === 0 || seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}
