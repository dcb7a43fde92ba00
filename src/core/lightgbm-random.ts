/**
 * LightGBM's own pseudo-random generator (`include/LightGBM/utils/random.h`): a 32-bit linear
 * congruential generator (the MSVC `rand` constants, x ← 214013·x + 2531011 mod 2^32) started at
 * the seed itself. LightGBM draws every random choice of training from one: the seeds derived from
 * `seed`, the bagging and GOSS rows (one generator per block of 1,024 rows), the features of
 * `feature_fraction`, the thresholds of `extra_trees` (one generator per feature) and the trees DART
 * drops. gbtune uses it where it reproduces those draws, so the same params give LightGBM's trees;
 * everything else draws from {@link Rng}.
 *
 * @example
 * ```ts
 * const r = new LightGbmRandom(3);
 * r.nextFloat();      // in [0, 1), a multiple of 1/32768
 * r.nextInt(0, 10);   // in [0, 10)
 * r.sample(30, 24);   // 24 sorted distinct indices of [0, 30)
 * ```
 */
export class LightGbmRandom {
  /** The generator's state (LightGBM's `unsigned int x`). */
  private x: number;

  /** Starts at `seed` (an int32; a negative seed wraps to its unsigned value, as in C++). */
  constructor(seed: number) {
    this.x = seed >>> 0;
  }

  /**
   * The state after `x` (LightGBM's update, mod 2^32): for loops that keep the state in a local
   * ({@link LightGbmRandom.state}) and draw many numbers (`(x >>> 16) & 0x7fff` is `randInt16`).
   */
  static advance(x: number): number {
    return (Math.imul(214013, x) + 2531011) >>> 0;
  }

  /** The generator's state (read it, draw with {@link LightGbmRandom.advance}, write it back). */
  get state(): number {
    return this.x;
  }

  set state(x: number) {
    this.x = x >>> 0;
  }

  /** The next state (LightGBM's update, mod 2^32). */
  private step(): number {
    this.x = LightGbmRandom.advance(this.x);
    return this.x;
  }

  /** A 15-bit number: bits 16..30 of the next state (LightGBM's `RandInt16`). */
  randInt16(): number {
    return (this.step() >>> 16) & 0x7fff;
  }

  /** A 31-bit number: the low 31 bits of the next state (LightGBM's `RandInt32`). */
  randInt32(): number {
    return this.step() & 0x7fffffff;
  }

  /** An integer in [lower, upper) from 15 bits (LightGBM's `NextShort`; modulo, so slightly uneven). */
  nextShort(lower: number, upper: number): number {
    return (this.randInt16() % (upper - lower)) + lower;
  }

  /** An integer in [lower, upper) from 31 bits (LightGBM's `NextInt`). */
  nextInt(lower: number, upper: number): number {
    return (this.randInt32() % (upper - lower)) + lower;
  }

  /** A number in [0, 1): 15 bits over 32768 (LightGBM's `NextFloat`, exact as a float or a double). */
  nextFloat(): number {
    return this.randInt16() / 32768;
  }

  /**
   * `k` sorted distinct integers of [0, n) (LightGBM's `Sample`): none when k > n or k <= 0, all
   * when k = n; when k is a large share of n (k > 1 and k > n / log2(k)) each index in turn with
   * probability (still needed) / (still left), one `nextFloat` each; otherwise Floyd's algorithm
   * (for r = n-k..n-1 draw v in [0, r]; take r instead when v is taken).
   */
  sample(n: number, k: number): Int32Array {
    const out = new Int32Array(Math.max(0, Math.min(k, n)));
    return out.subarray(0, this.sampleInto(n, k, out));
  }

  /** {@link LightGbmRandom.sample} into `out` (length >= min(k, n)); returns how many it wrote. */
  sampleInto(n: number, k: number, out: Int32Array): number {
    if (k > n || k <= 0) return 0;
    if (k === n) {
      for (let i = 0; i < n; i++) out[i] = i;
      return n;
    }
    if (k > 1 && k > n / Math.log2(k)) {
      let got = 0;
      for (let i = 0; i < n; i++) {
        const prob = (k - got) / (n - i);
        if (this.nextFloat() < prob) out[got++] = i;
      }
      return got;
    }
    const taken = new Set<number>();
    for (let r = n - k; r < n; r++) {
      const v = this.nextInt(0, r + 1);
      if (taken.has(v)) taken.add(r);
      else taken.add(v);
    }
    let i = 0;
    for (const v of taken) out[i++] = v;
    out.subarray(0, k).sort();
    return k;
  }
}
