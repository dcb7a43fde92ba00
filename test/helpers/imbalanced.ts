/**
 * An imbalanced binary CSV made from a real one: breast_cancer.csv with every malignant row (class
 * 0, 212) and a seeded tenth of the benign rows (class 1): the positive class becomes the rare one.
 *
 * @example
 * ```ts
 * const { path, counts } = imbalancedBreastCancer(dir); // counts: [212, ~36]
 * ```
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/core/rng.js';

/** Writes the file into `dir`; returns its path and the rows per class (class 0, class 1). */
export function imbalancedBreastCancer(dir: string, { keep = 0.1, seed = 19 }: { keep?: number; seed?: number } = {}): { path: string; counts: [number, number] } {
  const [header, ...rows] = readFileSync('datasets/breast_cancer.csv', 'utf8').trim().split('\n');
  const rng = new Rng(seed);
  const kept = rows.filter((r) => r.endsWith(',0') || rng.random() < keep);
  const path = join(dir, 'breast_cancer_imbalanced.csv');
  writeFileSync(path, [header, ...kept].join('\n') + '\n');
  const ones = kept.filter((r) => r.endsWith(',1')).length;
  return { path, counts: [kept.length - ones, ones] };
}
