import { describe, expect, it } from 'vitest';
import { createMetric } from '../../src/gbdt/metric/registry.js';
import { createObjective } from '../../src/gbdt/objective/registry.js';
import { coerceParam, resolveParams } from '../../src/params/resolve.js';
import {
  IGNORED_LIGHTGBM_PARAMS,
  METRIC_ALIASES,
  METRIC_NAMES,
  OBJECTIVE_ALIASES,
  OBJECTIVE_NAMES,
  PARAM_SPECS,
  UNSUPPORTED_LIGHTGBM_PARAMS,
} from '../../src/params/schema.js';

describe('params table', () => {
  it('has unique names and aliases, also across the ignored and unsupported LightGBM params', () => {
    const all = [
      ...PARAM_SPECS.flatMap((s) => [s.name, ...s.aliases]),
      ...IGNORED_LIGHTGBM_PARAMS.flatMap((e) => [e.name, ...e.aliases]),
      ...UNSUPPORTED_LIGHTGBM_PARAMS.flatMap((e) => e.names),
    ];
    expect(new Set(all).size).toBe(all.length);
  });

  it('every default passes its own type and range check', () => {
    for (const s of PARAM_SPECS) {
      if (s.default === null) continue;
      if (s.name === 'metric') continue; // [] means "the objective's default"
      expect(coerceParam(s, s.name, s.default), s.name).toEqual(s.default);
    }
  });

  it('has a doc for every param', () => {
    for (const s of PARAM_SPECS) expect(s.doc.length, s.name).toBeGreaterThan(10);
  });

  it('every objective and metric name and alias has an implementation', () => {
    for (const o of [...OBJECTIVE_NAMES, ...Object.keys(OBJECTIVE_ALIASES)]) {
      const name = OBJECTIVE_ALIASES[o] ?? o;
      const p = resolveParams({ objective: o, num_class: name === 'multiclass' || name === 'multiclassova' ? 3 : 1 });
      expect(createObjective(p).name).toBe(p.objective);
    }
    for (const m of [...METRIC_NAMES, ...Object.keys(METRIC_ALIASES).filter((k) => METRIC_ALIASES[k] !== 'none')]) {
      const name = METRIC_ALIASES[m] ?? m;
      // a ranking metric is made at one position (default 1)
      expect(createMetric(m).name).toBe(name === 'ndcg' || name === 'map' ? `${name}@1` : name);
    }
  });

  it('resolves every alias of every param to its name', () => {
    for (const s of PARAM_SPECS) {
      for (const a of s.aliases) {
        if (s.default === null) continue;
        const value = s.name === 'metric' ? ['l2'] : s.default;
        const p: Record<string, unknown> = resolveParams({ [a]: value });
        expect(p[s.name], `${a} → ${s.name}`).toEqual(value);
      }
    }
  });
});
