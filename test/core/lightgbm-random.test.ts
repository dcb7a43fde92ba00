import { describe, expect, it } from 'vitest';
import { LightGbmRandom } from '../../src/core/lightgbm-random.js';
import { deriveSeeds } from '../../src/params/resolve.js';

describe('LightGbmRandom (LightGBM utils/random.h)', () => {
  it('steps x = 214013 x + 2531011 mod 2^32 from the seed: Random(1) gives 41 first, the data_random_seed LightGBM derives from seed 1', () => {
    const r = new LightGbmRandom(1);
    // x1 = 214013 + 2531011 = 2745024; bits 16..30: 41
    expect(r.randInt16()).toBe(41);
    expect(deriveSeeds(1).data_random_seed).toBe(41);
    const s = new LightGbmRandom(1);
    expect(s.randInt32()).toBe(2745024);
    // the state wraps mod 2^32 (x2 = 214013 * 2745024 + 2531011 > 2^32)
    expect(s.randInt32()).toBe(Number((214013n * 2745024n + 2531011n) % 2n ** 32n) & 0x7fffffff);
  });

  it('nextShort/nextInt/nextFloat: modulo of 15 or 31 bits plus the lower bound; floats are k / 32768', () => {
    const a = new LightGbmRandom(7);
    const b = new LightGbmRandom(7);
    for (let i = 0; i < 100; i++) {
      expect(a.nextShort(3, 10)).toBe((b.randInt16() % 7) + 3);
      expect(a.nextInt(-5, 1000)).toBe((b.randInt32() % 1005) - 5);
      const f = a.nextFloat();
      expect(f * 32768).toBe(b.randInt16());
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
    }
  });

  it('a negative seed wraps to its unsigned value, as the C++ unsigned state', () => {
    expect(new LightGbmRandom(-1).randInt32()).toBe(new LightGbmRandom(0xffffffff).randInt32());
  });

  it('sample(n, k): k sorted distinct indices; one draw per index when k is a large share of n, else k draws (Floyd)', () => {
    for (const [n, k] of [[30, 24], [100, 3], [1000, 700], [50, 1], [10, 10], [10, 0], [5, 6]] as const) {
      const r = new LightGbmRandom(11);
      const out = Array.from(r.sample(n, k));
      const want = k > n || k <= 0 ? 0 : k;
      expect(out.length).toBe(want);
      expect(new Set(out).size).toBe(want);
      expect([...out].sort((x, y) => x - y)).toEqual(out);
      for (const v of out) expect(v >= 0 && v < n).toBe(true);
      // how many numbers it drew: n floats (Bernoulli), k ints (Floyd), or none
      const twin = new LightGbmRandom(11);
      const draws = k > n || k <= 0 || k === n ? 0 : k > 1 && k > n / Math.log2(k) ? n : k;
      for (let i = 0; i < draws; i++) twin.randInt32();
      expect(r.randInt32(), `n=${n} k=${k}`).toBe(twin.randInt32());
    }
  });

  it('advance and state: a loop with the state in a local draws what the methods draw', () => {
    const a = new LightGbmRandom(-7);
    const b = new LightGbmRandom(-7);
    expect(b.state).toBe(4294967289);
    let x = b.state;
    for (let i = 0; i < 1000; i++) {
      x = LightGbmRandom.advance(x);
      expect((x >>> 16) & 0x7fff).toBe(a.randInt16());
    }
    b.state = x;
    expect(b.nextFloat()).toBe(a.nextFloat());
    expect(LightGbmRandom.advance(0)).toBe(2531011);
    expect(LightGbmRandom.advance(0xffffffff)).toBe((2531011 - 214013) >>> 0);
  });
});
