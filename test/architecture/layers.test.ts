/**
 * The layout rules of DESIGN.md: the trainer (`src/gbdt`) and the tuner (`src/tune`) never import
 * each other, and only `src/tune-gbdt` (tuning a boosted model) joins them; `src/core` (rng,
 * errors, log) imports nothing above it. Type-only imports count: a type is a dependency too.
 */
import { describe, expect, it } from 'vitest';
import { importGraph, importsInto } from '../helpers/import-graph.js';

const RULES: { from: string; never: string[] }[] = [
  { from: 'src/tune/', never: ['src/gbdt/', 'src/tune-gbdt/'] },
  { from: 'src/gbdt/', never: ['src/tune/', 'src/tune-gbdt/'] },
  { from: 'src/core/', never: ['src/data/', 'src/gbdt/', 'src/tune/', 'src/viz/', 'src/tune-gbdt/', 'src/cli/', 'src/index.ts'] },
];

describe('layers', () => {
  const graph = importGraph('src');

  it.each(RULES)('$from never imports $never', ({ from, never }) => {
    const files = [...graph.keys()].filter((f) => f.startsWith(from));
    expect(files.length).toBeGreaterThan(0);
    const bad = files.flatMap((f) => never.flatMap((dir) => importsInto(graph, f, dir).map((t) => `${f} -> ${t}`)));
    expect(bad).toEqual([]);
  });

  it('sees an import across the halves where there is one', () => {
    expect(importsInto(graph, 'src/tune-gbdt/tune.ts', 'src/gbdt/').length).toBeGreaterThan(0);
    expect(importsInto(graph, 'src/tune-gbdt/tune.ts', 'src/tune/').length).toBeGreaterThan(0);
  });
});
