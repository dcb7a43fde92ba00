/**
 * Crossover operators for NSGA-II on the numeric params (in the transformed space: log params in
 * log space, ints and steps widened by half a step), following Optuna's
 * `optuna/samplers/nsgaii/_crossovers/`:
 * - uniform: each gene from one of two parents (Syswerda 1989);
 * - BLX-alpha: uniform in the parents' box widened by alpha (Eshelman & Schaffer 1993);
 * - SBX: simulated binary crossover, bounded form (Deb & Agrawal 1995; Deb & Jain 2014);
 * - vSBX: the modified SBX of Pan et al. 2021;
 * - SPX: simplex crossover of three parents (Tsutsui et al. 1999);
 * - UNDX: unimodal normal distribution crossover of three parents (Ono et al. 2003).
 *
 * @example
 * ```ts
 * const sbx = createCrossover('sbx');
 * const child = sbx.crossover([Float64Array.of(0.2, 0.3), Float64Array.of(0.6, 0.1)], new Rng(1), Float64Array.of(0, 1, 0, 1), { multiObjective: true });
 * ```
 */
import { TunerError } from '../../../core/errors.js';
import type { Rng } from '../../../core/rng.js';

/** What a crossover knows of the study. */
export interface CrossoverContext {
  /** Several objectives (SBX and vSBX default `eta` to 20 then, else 2). */
  multiObjective: boolean;
}

/** A crossover: one child (a vector) from `nParents` parent vectors. */
export interface Crossover {
  readonly name: string;
  readonly nParents: number;
  crossover(parents: readonly Float64Array[], rng: Rng, bounds: Float64Array, ctx: CrossoverContext): Float64Array;
}

/** Uniform crossover: gene i from the first parent with probability `swappingProb`, else from the second (Optuna's masks). */
export class UniformCrossover implements Crossover {
  readonly name = 'uniform';
  readonly nParents = 2;
  constructor(readonly swappingProb = 0.5) {
    checkProb('UniformCrossover', 'swappingProb', swappingProb);
  }

  crossover(parents: readonly Float64Array[], rng: Rng): Float64Array {
    const [a, b] = parents as [Float64Array, Float64Array];
    const child = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) child[i] = rng.random() >= this.swappingProb ? b[i] : a[i];
    return child;
  }
}

/** BLX-alpha: uniform in `[min - alpha d, max + alpha d]` per gene, d = max - min of the parents. */
export class BLXAlphaCrossover implements Crossover {
  readonly name = 'blxalpha';
  readonly nParents = 2;
  constructor(readonly alpha = 0.5) {}

  crossover(parents: readonly Float64Array[], rng: Rng): Float64Array {
    const [a, b] = parents as [Float64Array, Float64Array];
    const child = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const lo = Math.min(a[i], b[i]);
      const hi = Math.max(a[i], b[i]);
      const d = this.alpha * (hi - lo);
      child[i] = (hi + d - (lo - d)) * rng.random() + (lo - d);
    }
    return child;
  }
}

/** Options of {@link SBXCrossover} and {@link VSBXCrossover}. */
export interface SBXOptions {
  /** Distribution index; default 20 with several objectives, else 2. */
  eta?: number | null;
  /** Probability of swapping the two children's genes. Default 0.5. */
  uniformCrossoverProb?: number;
  /** Probability that a gene comes from the children rather than the parents. Default 0.5. */
  useChildGeneProb?: number;
}

/** Picks, gene by gene, from the two children or the two parents, then one of the two results. */
function mixGenes(
  c1: Float64Array,
  c2: Float64Array,
  a: Float64Array,
  b: Float64Array,
  rng: Rng,
  useChildGeneProb: number,
  uniformCrossoverProb: number,
): Float64Array {
  const n = c1.length;
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [x, y] = rng.random() < useChildGeneProb ? [c1[i], c2[i]] : [a[i], b[i]];
    if (rng.random() >= uniformCrossoverProb) {
      k1[i] = x;
      k2[i] = y;
    } else {
      k1[i] = y;
      k2[i] = x;
    }
  }
  return rng.random() < 0.5 ? k1 : k2;
}

function checkSbx(owner: string, { eta = null, uniformCrossoverProb = 0.5, useChildGeneProb = 0.5 }: SBXOptions) {
  if (eta !== null && !(eta >= 0)) throw new TunerError(`${owner}: eta (${eta}) must be >= 0`);
  checkProb(owner, 'uniformCrossoverProb', uniformCrossoverProb);
  if (!(useChildGeneProb > 0 && useChildGeneProb <= 1)) {
    throw new TunerError(`${owner}: useChildGeneProb (${useChildGeneProb}) must be in (0, 1]`);
  }
  return { eta, uniformCrossoverProb, useChildGeneProb };
}

/** Simulated binary crossover with the bounds taken into account (Deb & Jain's eq. 3-5). */
export class SBXCrossover implements Crossover {
  readonly name = 'sbx';
  readonly nParents = 2;
  private readonly o: { eta: number | null; uniformCrossoverProb: number; useChildGeneProb: number };
  constructor(options: SBXOptions = {}) {
    this.o = checkSbx('SBXCrossover', options);
  }

  crossover(parents: readonly Float64Array[], rng: Rng, bounds: Float64Array, ctx: CrossoverContext): Float64Array {
    const [a, b] = parents as [Float64Array, Float64Array];
    const n = a.length;
    const eta = this.o.eta ?? (ctx.multiObjective ? 20 : 2);
    const c1 = new Float64Array(n);
    const c2 = new Float64Array(n);
    const us = new Float64Array(n);
    for (let i = 0; i < n; i++) us[i] = rng.random();
    for (let i = 0; i < n; i++) {
      const lo = Math.min(a[i], b[i]);
      const hi = Math.max(a[i], b[i]);
      const diff = Math.max(hi - lo, 1e-10);
      const beta1 = 1 + (2 * (lo - bounds[2 * i])) / diff;
      const beta2 = 1 + (2 * (bounds[2 * i + 1] - hi)) / diff;
      const alpha1 = 2 - beta1 ** -(eta + 1);
      const alpha2 = 2 - beta2 ** -(eta + 1);
      const u = us[i];
      const bq1 = u > 1 / alpha1 ? (1 / (2 - u * alpha1)) ** (1 / (eta + 1)) : (u * alpha1) ** (1 / (eta + 1));
      const bq2 = u > 1 / alpha2 ? (1 / (2 - u * alpha2)) ** (1 / (eta + 1)) : (u * alpha2) ** (1 / (eta + 1));
      c1[i] = 0.5 * (lo + hi - bq1 * diff);
      c2[i] = 0.5 * (lo + hi + bq2 * diff);
    }
    return mixGenes(c1, c2, a, b, rng, this.o.useChildGeneProb, this.o.uniformCrossoverProb);
  }
}

/** The modified SBX of Pan et al. ("Crossover based on the vector of SBX", 2021). */
export class VSBXCrossover implements Crossover {
  readonly name = 'vsbx';
  readonly nParents = 2;
  private readonly o: { eta: number | null; uniformCrossoverProb: number; useChildGeneProb: number };
  constructor(options: SBXOptions = {}) {
    this.o = checkSbx('VSBXCrossover', options);
  }

  crossover(parents: readonly Float64Array[], rng: Rng, _bounds: Float64Array, ctx: CrossoverContext): Float64Array {
    const [a, b] = parents as [Float64Array, Float64Array];
    const n = a.length;
    const eta = this.o.eta ?? (ctx.multiObjective ? 20 : 2);
    const eps = 1e-10;
    const beta1 = new Float64Array(n);
    const beta2 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const u = rng.random();
      beta1[i] = (1 / Math.max(2 * u, eps)) ** (1 / (eta + 1));
      beta2[i] = (1 / Math.max(2 * (1 - u), eps)) ** (1 / (eta + 1));
    }
    const c1 = new Float64Array(n);
    const c2 = new Float64Array(n);
    const u1 = rng.random();
    for (let i = 0; i < n; i++) {
      const x = a[i];
      const y = b[i];
      const p = beta1[i];
      const q = beta2[i];
      c1[i] = u1 <= 0.5 ? 0.5 * ((1 + p) * x + (1 - q) * y) : 0.5 * ((1 - p) * x + (1 + q) * y);
    }
    const u2 = rng.random();
    for (let i = 0; i < n; i++) {
      const x = a[i];
      const y = b[i];
      const p = beta1[i];
      const q = beta2[i];
      c2[i] = u2 <= 0.5 ? 0.5 * ((3 - p) * x - (1 - q) * y) : 0.5 * (-(1 - p) * x + (3 - q) * y);
    }
    return mixGenes(c1, c2, a, b, rng, this.o.useChildGeneProb, this.o.uniformCrossoverProb);
  }
}

/** Simplex crossover of three parents, expanded by `epsilon` (default sqrt(n + 2)). */
export class SPXCrossover implements Crossover {
  readonly name = 'spx';
  readonly nParents = 3;
  constructor(readonly epsilon: number | null = null) {}

  crossover(parents: readonly Float64Array[], rng: Rng): Float64Array {
    const n = parents[0].length;
    const k = this.nParents;
    const g = new Float64Array(n);
    for (const p of parents) for (let i = 0; i < n; i++) g[i] = g[i] + p[i] / k;
    const rs = new Float64Array(k - 1);
    for (let j = 0; j < k - 1; j++) rs[j] = rng.random() ** (1 / (j + 1));
    const eps = this.epsilon ?? Math.sqrt(n + 2);
    const xs = parents.map((p) => p.map((v, i) => g[i] + eps * (v - g[i])));
    let c = new Float64Array(n);
    for (let j = 1; j < k; j++) {
      const prev = xs[j - 1] as Float64Array;
      const cur = xs[j] as Float64Array;
      const next = new Float64Array(n);
      for (let i = 0; i < n; i++) next[i] = rs[j - 1] * (prev[i] - cur[i] + c[i]);
      c = next;
    }
    const last = xs[k - 1] as Float64Array;
    return last.map((v, i) => v + c[i]);
  }
}

/** Unimodal normal distribution crossover of three parents (the third sets the spread off the line). */
export class UNDXCrossover implements Crossover {
  readonly name = 'undx';
  readonly nParents = 3;
  constructor(
    readonly sigmaXi = 0.5,
    readonly sigmaEta: number | null = null,
  ) {}

  crossover(parents: readonly Float64Array[], rng: Rng): Float64Array {
    const [x1, x2, x3] = parents as [Float64Array, Float64Array, Float64Array];
    const n = x1.length;
    const sigmaEta = this.sigmaEta ?? 0.35 / Math.sqrt(n);
    // Optuna draws with standard deviations sigma^2; kept for the same spread
    const etas = new Float64Array(n);
    for (let i = 0; i < n; i++) etas[i] = rng.normal() * sigmaEta ** 2;
    const xi = rng.normal() * this.sigmaXi ** 2;
    const child = new Float64Array(n);
    for (let i = 0; i < n; i++) child[i] = (x1[i] + x2[i]) / 2 + xi * (x1[i] - x2[i]);
    if (n === 1) return child;
    // unit vector from x1 to x2, and the distance of x3 from that line
    const e12 = new Float64Array(n);
    let m12 = 0;
    for (let i = 0; i < n; i++) {
      e12[i] = x2[i] - x1[i];
      m12 += e12[i] ** 2;
    }
    m12 = Math.max(Math.sqrt(m12), 1e-10);
    for (let i = 0; i < n; i++) e12[i] = e12[i] / m12;
    let dot = 0;
    for (let i = 0; i < n; i++) dot += (x3[i] - x1[i]) * e12[i];
    let dist = 0;
    for (let i = 0; i < n; i++) dist += (x3[i] - x1[i] - dot * e12[i]) ** 2;
    dist = Math.sqrt(dist);
    const basis = orthonormalComplement(e12);
    for (let j = 0; j < n - 1; j++) {
      const e = basis[j];
      for (let i = 0; i < n; i++) child[i] = child[i] + dist * etas[j] * e[i];
    }
    return child;
  }
}

/** n - 1 orthonormal vectors orthogonal to the unit vector `u` (modified Gram-Schmidt on u, e1, e2, ...). */
function orthonormalComplement(u: Float64Array): Float64Array[] {
  const n = u.length;
  const nonzero = u.some((v) => v !== 0);
  const basis: Float64Array[] = nonzero ? [Float64Array.from(u)] : [];
  for (let k = 0; k < n && basis.length < n; k++) {
    const v = new Float64Array(n);
    v[k] = 1;
    for (const b of basis) {
      let d = 0;
      for (let i = 0; i < n; i++) d += v[i] * b[i];
      for (let i = 0; i < n; i++) v[i] = v[i] - d * b[i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] ** 2;
    norm = Math.sqrt(norm);
    if (norm < 1e-8) continue;
    for (let i = 0; i < n; i++) v[i] = v[i] / norm;
    basis.push(v);
  }
  return basis.slice(1); // without u (x1 == x2) this is e2..en, as with Optuna's QR
}

function checkProb(owner: string, key: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new TunerError(`${owner}: ${key} (${p}) must be in [0, 1]`);
}

/** The crossover names {@link createCrossover} knows. */
export const CROSSOVER_NAMES = ['uniform', 'blxalpha', 'sbx', 'vsbx', 'spx', 'undx'] as const;
export type CrossoverName = (typeof CROSSOVER_NAMES)[number];

/** A crossover from its name (`swappingProb` is the uniform crossover's). */
export function createCrossover(name: CrossoverName, swappingProb = 0.5): Crossover {
  switch (name) {
    case 'uniform':
      return new UniformCrossover(swappingProb);
    case 'blxalpha':
      return new BLXAlphaCrossover();
    case 'sbx':
      return new SBXCrossover();
    case 'vsbx':
      return new VSBXCrossover();
    case 'spx':
      return new SPXCrossover();
    case 'undx':
      return new UNDXCrossover();
    default:
      throw new TunerError(`NSGAIISampler: unknown crossover '${String(name)}'; known: ${CROSSOVER_NAMES.join(', ')}`);
  }
}
