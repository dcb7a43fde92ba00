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
export const PORTFOLIO_PROVENANCE = 'PENDING';

/** The default portfolio, in the order its trials run (see the module comment). */
export const DEFAULT_PORTFOLIO: readonly PortfolioEntry[] = [];

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
