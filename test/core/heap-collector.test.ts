import { describe, expect, it } from 'vitest';
import { heapCollector } from '../../src/core/heap-collector.js';

describe('heapCollector', () => {
  it('returns one function that collects garbage now (a dropped object is gone after it runs)', async () => {
    const gc = heapCollector();
    expect(typeof gc).toBe('function');
    expect(heapCollector()).toBe(gc);
    let big: Float64Array | null = new Float64Array(1 << 20);
    const ref = new WeakRef(big);
    big = null;
    // a WeakRef keeps its target alive until the current job ends
    await new Promise((r) => setTimeout(r, 0));
    gc?.();
    expect(ref.deref()).toBeUndefined();
  });
});
