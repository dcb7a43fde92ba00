import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeParams, renderParamsHelp, renderParamsMarkdown } from '../../src/params/describe.js';
import { PARAM_SPECS } from '../../src/params/schema.js';

describe('describeParams', () => {
  it('has a row per param with range text', () => {
    const rows = describeParams();
    expect(rows.map((r) => r.name)).toEqual(PARAM_SPECS.map((s) => s.name));
    const byName = new Map(rows.map((r) => [r.name, r]));
    expect(byName.get('num_leaves')?.range).toBe('[2, 131072]');
    expect(byName.get('bagging_fraction')?.range).toBe('(0, 1]');
    expect(byName.get('learning_rate')?.range).toBe('> 0');
    expect(byName.get('seed')?.default).toBe('none');
    expect(byName.get('objective')?.range).toBe('binary, multiclass, regression, regression_l1, huber, fair, poisson, quantile, mape, gamma, tweedie, multiclassova, cross_entropy, cross_entropy_lambda, lambdarank, rank_xendcg');
    expect(byName.get('fair_c')?.range).toBe('> 0');
    expect(byName.get('tweedie_variance_power')?.range).toBe('[1, 2)');
    expect(byName.get('eval_at')).toMatchObject({ type: 'int[]', default: "''", range: '>= 1' });
    expect(byName.get('label_gain')).toMatchObject({ type: 'float[]', default: "''" });
    expect(renderParamsHelp()).toContain('  num_leaves (int, default 31, [2, 131072])');
  });

  it('docs/params.md is up to date (regenerate: npm run build && node scripts/gen-params-doc.mjs)', () => {
    const doc = readFileSync(new URL('../../docs/params.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderParamsMarkdown());
  });
});
