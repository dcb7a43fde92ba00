import { describe, expect, it } from 'vitest';
import { ParamError } from '../../src/core/errors.js';
import { captureLogs } from '../../src/core/log.js';
import { parseParamAssignments, resolveParams } from '../../src/params/resolve.js';

function paramError(f: () => unknown): ParamError {
  try {
    f();
  } catch (e) {
    if (e instanceof ParamError) return e;
    throw e;
  }
  throw new Error('expected a ParamError');
}

describe('monotone_constraints and its method and penalty', () => {
  it("take LightGBM's names, aliases and text forms", () => {
    expect(resolveParams({ monotone_constraints: [1, 0, -1] }).monotone_constraints).toEqual([1, 0, -1]);
    expect(resolveParams({ mc: '-1, 0,1' }).monotone_constraints).toEqual([-1, 0, 1]);
    expect(resolveParams({ monotonic_cst: Int8Array.of(0, 1) }).monotone_constraints).toEqual([0, 1]);
    expect(resolveParams(parseParamAssignments(['monotone_constraint=1,1', 'mc_method=advanced', 'mc_penalty=2'])))
      .toMatchObject({ monotone_constraints: [1, 1], monotone_constraints_method: 'advanced', monotone_penalty: 2 });
    expect(resolveParams({ mc: [1], monotone_constraining_method: 'Intermediate', ms_penalty: 0.5 }))
      .toMatchObject({ monotone_constraints_method: 'intermediate', monotone_penalty: 0.5 });
    const defaults = resolveParams({});
    expect([defaults.monotone_constraints, defaults.monotone_constraints_method, defaults.monotone_penalty]).toEqual([[], 'basic', 0]);
  });

  it('refuse values outside -1, 0, 1, unknown methods and a negative penalty', () => {
    expect(paramError(() => resolveParams({ mc: [1, 2] })).message).toBe('monotone_constraints (given as mc) = [1,2] is out of range: must be a list of integers (item 2 is not), each in [-1, 1]');
    expect(paramError(() => resolveParams({ monotone_constraints: '1,x' })).message).toBe('monotone_constraints = 1,x is not valid: expected a list of integers (item x is not)');
    expect(paramError(() => resolveParams({ monotone_constraints_method: 'precise' })).message).toMatch(/expected one of basic, intermediate, advanced/);
    expect(paramError(() => resolveParams({ monotone_penalty: -1 })).message).toMatch(/monotone_penalty = -1 is out of range: must be a number >= 0/);
  });

  it('are refused with objectives whose leaf values are refitted (as LightGBM)', () => {
    for (const objective of ['regression_l1', 'quantile', 'mape'] as const) {
      expect(paramError(() => resolveParams({ objective, monotone_constraints: [1] })).message).toBe(
        `monotone_constraints cannot be used with objective ${objective}, whose leaf values are refitted after each tree (as in LightGBM); remove them or choose another objective`,
      );
    }
    expect(resolveParams({ objective: 'huber', monotone_constraints: [1] }).objective).toBe('huber');
  });

  it('fall back to basic with feature_fraction_bynode < 1, and warn about settings that change nothing (as LightGBM)', () => {
    let p = resolveParams({});
    const logs = captureLogs(() => (p = resolveParams({ mc: [1, 0], monotone_constraints_method: 'advanced', feature_fraction_bynode: 0.5 })));
    expect(p.monotone_constraints_method).toBe('basic');
    expect(logs.map((l) => l.message)).toEqual(['monotone_constraints_method = advanced cannot be used with feature_fraction_bynode = 0.5; set to basic (as LightGBM)']);
    expect(captureLogs(() => resolveParams({ monotone_constraints_method: 'intermediate', monotone_penalty: 1 })).map((l) => l.message)).toEqual([
      'monotone_constraints_method = intermediate and monotone_penalty = 1 have no effect without monotone_constraints',
    ]);
    expect(captureLogs(() => resolveParams({ mc: [1], monotone_penalty: 3, max_depth: 3, num_leaves: 8 })).map((l) => l.message)).toEqual([
      'monotone_penalty = 3 >= max_depth = 3: no split on a constrained feature can be made (as LightGBM)',
    ]);
    // resolving resolved params says nothing more
    expect(captureLogs(() => resolveParams(p))).toEqual([]);
  });
});

describe('interaction_constraints', () => {
  it("take lists of lists and LightGBM's text [0,1,2],[2,3] (and Python's [[0,1,2],[2,3]])", () => {
    expect(resolveParams({ interaction_constraints: [[0, 1, 2], [2, 3]] }).interaction_constraints).toEqual([[0, 1, 2], [2, 3]]);
    for (const text of ['[0,1,2],[2,3]', ' [0, 1, 2] , [2,3] ', '[[0,1,2],[2,3]]']) {
      expect(resolveParams({ interaction_constraints: text }).interaction_constraints, text).toEqual([[0, 1, 2], [2, 3]]);
    }
    expect(resolveParams(parseParamAssignments(['interaction_constraints=[4],[]'])).interaction_constraints).toEqual([[4], []]);
    expect(resolveParams({ interaction_constraints: '' }).interaction_constraints).toEqual([]);
    expect(resolveParams({}).interaction_constraints).toEqual([]);
  });

  it('refuse other shapes and negative or fractional indices', () => {
    const expected = "expected a list of integer lists, e.g. [[0, 1, 2], [2, 3]], or LightGBM's text [0,1,2],[2,3]";
    for (const bad of ['0,1,2', '[0,1],2', '[0,[1]]', 'x', [0, 1]] as unknown[]) {
      expect(paramError(() => resolveParams({ interaction_constraints: bad })).message, String(bad)).toContain(expected);
    }
    expect(paramError(() => resolveParams({ interaction_constraints: [[0, 1.5]] })).message).toContain('(item 1.5 is not an integer)');
    expect(paramError(() => resolveParams({ interaction_constraints: '[0,-1]' })).message).toBe(
      'interaction_constraints = [0,-1] is out of range: must be lists of integers (item -1 is not), each >= 0',
    );
    // two aliases... it has none; the same key twice must agree
    expect(paramError(() => resolveParams(parseParamAssignments(['interaction_constraints=[0,1]', 'interaction_constraints=[1]']))).message).toMatch(/given twice/);
  });
});
