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
  'bench/derive-portfolio.mjs, 2026-12-07: a TPE study (default space, no portfolio, 5 folds of seed 100) on each of breast_cancer, ' +
  'wine, diabetes, digits, credit_data, spam, ames and seeded 10,000-row samples of shuttle and fertility (letter left out: its ' +
  'study takes over 20 minutes): 30 trials, or 120 s where 30 trials take less (breast_cancer 3,494 trials, wine 5,238, diabetes ' +
  '5,833, credit_data 2,621, ames 207, fertility 120 s; digits, spam and shuttle 30 trials in 444-716 s), so that small data gets ' +
  'as much search as large data; the 2 best COMPLETE trials of each (18 candidates) cross-validated on all 9; per dataset a ' +
  'candidate scores (v - worst) / (best - worst); greedily the candidate that most raises the mean over datasets of the best ' +
  'score so far, less 0.05 x its relative seconds. The 4 reach a mean best score of 0.962 (entry 1 alone: 0.780). Values ' +
  'rounded to 3 significant digits. Note: breast_cancer, credit_data, digits, spam, ames and fertility are also bench datasets ' +
  '(bench/tune-time.bench.mjs uses other folds, seeds 0-2, and another fertility sample); a 30-trial study on ames (12 ' +
  'complete) had not reached the low feature_fraction / small min_child_samples region its 120 s study found.';

/** The default portfolio, in the order its trials run (see the module comment and {@link PORTFOLIO_PROVENANCE}). */
export const DEFAULT_PORTFOLIO: readonly PortfolioEntry[] = [
  // wine's second best: low feature_fraction, small min_child_samples, a low rate; the best of the four on wine, digits, ames, fertility
  { lambda_l1: 0.00064, lambda_l2: 3.38e-8, num_leaves: 74, feature_fraction: 0.412, bagging_fraction: 0.575, bagging_freq: 3, min_child_samples: 7, learning_rate: 0.0374, limit_depth: true, max_depth: 8 },
  // credit_data's second best: shallow trees (depth 4), large leaves' minimum, a high rate, the cheapest; the best of the four on credit_data, shuttle
  { lambda_l1: 4.26e-7, lambda_l2: 0.0263, num_leaves: 102, feature_fraction: 0.71, bagging_fraction: 0.683, bagging_freq: 7, min_child_samples: 98, learning_rate: 0.26, limit_depth: true, max_depth: 4 },
  // diabetes' best: unlimited trees of 44 leaves at a moderate rate; the best of the four on diabetes
  { lambda_l1: 0.0000104, lambda_l2: 5.99e-8, num_leaves: 44, feature_fraction: 0.695, bagging_fraction: 0.876, bagging_freq: 7, min_child_samples: 25, learning_rate: 0.137, limit_depth: false },
  // breast_cancer's best: large trees (depth 10) at the highest rate; the best of the four on breast_cancer, spam
  { lambda_l1: 2.86e-7, lambda_l2: 0.21, num_leaves: 210, feature_fraction: 0.583, bagging_fraction: 0.774, bagging_freq: 4, min_child_samples: 18, learning_rate: 0.294, limit_depth: true, max_depth: 10 },
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
