/**
 * The trials table's query: the comparator-free numeric sort (ranks + counting sort) orders as a
 * plain comparator sort does — ties and missing values in number order, missing last either way —
 * on seeded keys with many duplicates, -0 and missing values; text keys; paging.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { filterAndSort, orderKey, parseTrialQuery, queryTrials } from '../../src/dashboard/trial-query.js';
import type { FrozenTrial } from '../../src/tune/trial/frozen-trial.js';

function trials(n: number, seed: number): FrozenTrial[] {
  const rng = new Rng(seed);
  const out: FrozenTrial[] = [];
  for (let i = 0; i < n; i++) {
    const r = rng.int(0, 9);
    const value = r === 0 ? null : r === 1 ? -0 : rng.int(0, 20) / 4; // many ties
    out.push({
      number: i,
      trialId: i,
      state: value === null ? 'FAIL' : 'COMPLETE',
      values: value === null ? null : [value],
      value,
      datetimeStart: new Date(1000 * i),
      datetimeComplete: new Date(1000 * i + rng.int(0, 3) * 1000),
      params: { c: ['b', 'a', 'c'][rng.int(0, 2)], x: rng.uniform(0, 1) },
      distributions: {},
      userAttrs: {},
      systemAttrs: {},
      intermediateValues: new Map(),
    });
  }
  return out;
}

/** The order by a comparator: key, then number; missing (null) last in number order; desc reverses both. */
function naive(ts: readonly FrozenTrial[], key: (t: FrozenTrial) => number | string | null, desc: boolean): number[] {
  const present = ts.filter((t) => key(t) !== null);
  const missing = ts.filter((t) => key(t) === null).map((t) => t.number);
  const s = desc ? -1 : 1;
  const sorted = [...present].sort((a, b) => {
    const x = key(a) as number | string;
    const y = key(b) as number | string;
    const c = x < y ? -1 : x > y ? 1 : 0;
    return s * (c !== 0 ? c : a.number - b.number);
  });
  return [...sorted.map((t) => t.number), ...(desc ? missing.reverse() : missing)];
}

describe('trials query', () => {
  const ts = trials(3000, 11);

  it.each([
    ['value', (t: FrozenTrial) => t.values?.[0] ?? null],
    ['duration', (t: FrozenTrial) => ((t.datetimeComplete as Date).getTime() - (t.datetimeStart as Date).getTime()) / 1000],
    ['param.x', (t: FrozenTrial) => t.params.x as number],
    ['param.c', (t: FrozenTrial) => t.params.c as string],
  ] as const)('sorts by %s as a comparator sort does, both ways', (sort, key) => {
    for (const desc of [false, true]) {
      const q = parseTrialQuery(new URLSearchParams(`sort=${sort}&order=${desc ? 'desc' : 'asc'}`));
      expect(filterAndSort(ts, q).map((t) => t.number)).toEqual(naive(ts, key, desc));
    }
  });

  it('filters, pages and keys an order by everything but the page', () => {
    const q = parseTrialQuery(new URLSearchParams('state=COMPLETE&value=1..3&param.c=a,c&sort=value&offset=10&limit=7'));
    const all = filterAndSort(ts, q);
    for (const t of all) {
      expect(t.state).toBe('COMPLETE');
      expect(t.values?.[0]).toBeGreaterThanOrEqual(1);
      expect(t.values?.[0]).toBeLessThanOrEqual(3);
      expect(['a', 'c']).toContain(t.params.c);
    }
    const { total, rows } = queryTrials(ts, q);
    expect(total).toBe(all.length);
    expect(rows).toEqual(all.slice(10, 17));
    expect(orderKey(q)).toBe(orderKey(parseTrialQuery(new URLSearchParams('state=COMPLETE&value=1..3&param.c=a,c&sort=value&offset=50'))));
    expect(orderKey(q)).not.toBe(orderKey(parseTrialQuery(new URLSearchParams('state=COMPLETE&value=1..3&param.c=a,c&sort=value&order=desc'))));
  });
});
