import type { Trial } from '../../../../src/tune/trial/trial.js';

/** ZDT1 (Zitzler, Deb & Thiele 2000) with `d` variables in [0, 1]; the front is f2 = 1 - sqrt(f1). */
export function zdt1(d: number) {
  return (t: Trial): number[] => {
    const x = Array.from({ length: d }, (_, i) => t.suggestFloat(`x${i}`, 0, 1));
    const f1 = x[0];
    let s = 0;
    for (let i = 1; i < d; i++) s += x[i];
    const g = 1 + (9 * s) / (d - 1);
    return [f1, g * (1 - Math.sqrt(f1 / g))];
  };
}

/** The 2-D hypervolume (minimization) dominated by `points` below the reference point. */
export function hypervolume2d(points: readonly (readonly number[])[], ref: readonly [number, number]): number {
  const pts = points.filter((p) => p[0] < ref[0] && p[1] < ref[1]).sort((a, b) => a[0] - b[0]);
  let hv = 0;
  let prevY = ref[1];
  for (const p of pts) {
    if (p[1] < prevY) {
      hv += (ref[0] - p[0]) * (prevY - p[1]);
      prevY = p[1];
    }
  }
  return hv;
}
