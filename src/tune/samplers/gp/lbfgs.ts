/**
 * A compact limited-memory BFGS minimizer with optional box bounds, handled by projection:
 * variables at a bound whose gradient pushes outward are held fixed, the two-loop recursion
 * gives the direction over the free variables, and a backtracking (Armijo) line search runs along
 * the projected path. This is the projected L-BFGS scheme of Kim, Sra & Dhillon (2010), a
 * simpler relative of L-BFGS-B (Byrd, Lu, Nocedal & Zhu, 1995) that Optuna calls through SciPy;
 * its stopping rules mirror SciPy's (`pgtol` on the projected gradient, `factr` on the relative
 * reduction of f).
 *
 * Reference: Nocedal & Wright, "Numerical Optimization" (2nd ed.), algorithm 7.4.
 *
 * @example
 * ```ts
 * const res = minimizeLbfgs((x, g) => { g[0] = 2 * (x[0] - 3); return (x[0] - 3) ** 2; },
 *   new Float64Array([0]));
 * res.x[0]; // ≈ 3
 * ```
 */

/** Returns f(x) and writes ∇f(x) into `grad`. */
export type ObjectiveWithGrad = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Maximum number of iterations (default 200). */
  maxIter?: number;
  /** Maximum number of evaluations of f, the start included (default unlimited). */
  maxEvaluations?: number;
  /** Number of stored correction pairs (default 10, as SciPy). */
  memory?: number;
  /** Stop when the projected gradient's max-norm is at most this (default 1e-5, as SciPy). */
  pgtol?: number;
  /** Stop when the relative reduction of f is at most `factr · 2.2e-16` (default 1e7, as SciPy). */
  factr?: number;
  /** Lower bounds per variable (default none). */
  lower?: Float64Array;
  /** Upper bounds per variable (default none). */
  upper?: Float64Array;
}

/** Outcome of {@link minimizeLbfgs}. */
export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  evaluations: number;
  /** True when a stopping rule (not the iteration cap or a line-search failure) ended the run. */
  converged: boolean;
  message: string;
}

const EPS = 2.220446049250313e-16;

/**
 * Minimizes `fg` from `x0` (not modified). Non-finite values of f count as failed line-search
 * trials (the step is shortened), so a caller may return `Infinity` where f is undefined.
 */
export function minimizeLbfgs(
  fg: ObjectiveWithGrad,
  x0: Float64Array,
  { maxIter = 200, maxEvaluations = Infinity, memory = 10, pgtol = 1e-5, factr = 1e7, lower, upper }: LbfgsOptions = {},
): LbfgsResult {
  const n = x0.length;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = project(x0[i], i, lower, upper);
  const g = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const dir = new Float64Array(n);
  const free = new Uint8Array(n);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  let f = fg(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f)) {
    return { x, f, iterations: 0, evaluations, converged: false, message: 'f is not finite at the start' };
  }
  let iter = 0;
  while (iter < maxIter) {
    // projected gradient and the free set
    let pgNorm = 0;
    for (let i = 0; i < n; i++) {
      const gi = g[i];
      const xi = x[i];
      const pg = project(xi - gi, i, lower, upper) - xi;
      if (Math.abs(pg) > pgNorm) pgNorm = Math.abs(pg);
      const atLow = lower !== undefined && xi <= lower[i] && gi > 0;
      const atHigh = upper !== undefined && xi >= upper[i] && gi < 0;
      free[i] = atLow || atHigh ? 0 : 1;
    }
    if (pgNorm <= pgtol) return { x, f, iterations: iter, evaluations, converged: true, message: 'projected gradient below pgtol' };

    // two-loop recursion over the free variables
    for (let i = 0; i < n; i++) dir[i] = free[i] === 1 ? g[i] : 0;
    const k = sList.length;
    for (let j = k - 1; j >= 0; j--) {
      const s = sList[j];
      const y = yList[j];
      let a = 0;
      for (let i = 0; i < n; i++) if (free[i] === 1) a += s[i] * dir[i];
      a *= rho[j];
      alpha[j] = a;
      for (let i = 0; i < n; i++) if (free[i] === 1) dir[i] = dir[i] - a * y[i];
    }
    if (k > 0) {
      const s = sList[k - 1];
      const y = yList[k - 1];
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += s[i] * y[i];
        yy += y[i] * y[i];
      }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) dir[i] = dir[i] * gamma;
    }
    for (let j = 0; j < k; j++) {
      const s = sList[j];
      const y = yList[j];
      let b = 0;
      for (let i = 0; i < n; i++) if (free[i] === 1) b += y[i] * dir[i];
      b *= rho[j];
      const c = alpha[j] - b;
      for (let i = 0; i < n; i++) if (free[i] === 1) dir[i] = dir[i] + c * s[i];
    }
    let slope = 0;
    let dirNorm = 0;
    for (let i = 0; i < n; i++) {
      const di = free[i] === 1 ? -dir[i] : 0;
      dir[i] = di;
      slope += di * g[i];
      if (Math.abs(di) > dirNorm) dirNorm = Math.abs(di);
    }
    if (!(slope < 0)) {
      // not a descent direction: restart from steepest descent
      sList.length = 0;
      yList.length = 0;
      rho.length = 0;
      slope = 0;
      dirNorm = 0;
      for (let i = 0; i < n; i++) {
        const di = free[i] === 1 ? -g[i] : 0;
        dir[i] = di;
        slope += di * g[i];
        if (Math.abs(di) > dirNorm) dirNorm = Math.abs(di);
      }
      if (!(slope < 0)) return { x, f, iterations: iter, evaluations, converged: true, message: 'no descent direction' };
    }

    // backtracking line search along the projected path
    let t = sList.length === 0 ? Math.min(1, 1 / dirNorm) : 1;
    let fNew = Infinity;
    let accepted = false;
    for (let ls = 0; ls < 40; ls++) {
      if (evaluations >= maxEvaluations) {
        return { x, f, iterations: iter, evaluations, converged: false, message: 'evaluation limit reached' };
      }
      let decrease = 0;
      for (let i = 0; i < n; i++) {
        const xi = project(x[i] + t * dir[i], i, lower, upper);
        xNew[i] = xi;
        decrease += g[i] * (xi - x[i]);
      }
      fNew = fg(xNew, gNew);
      evaluations++;
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      t *= Number.isFinite(fNew) ? 0.5 : 0.1;
    }
    iter++;
    if (!accepted) {
      if (sList.length > 0) {
        sList.length = 0;
        yList.length = 0;
        rho.length = 0;
        continue;
      }
      return { x, f, iterations: iter, evaluations, converged: false, message: 'line search failed' };
    }

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
      sy += s[i] * y[i];
      yy += y[i] * y[i];
    }
    const fPrev = f;
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    if (sy > EPS * yy) {
      if (sList.length === memory) {
        sList.shift();
        yList.shift();
        rho.shift();
      }
      sList.push(s);
      yList.push(y);
      rho.push(1 / sy);
    }
    if ((fPrev - f) / Math.max(Math.abs(fPrev), Math.abs(f), 1) <= factr * EPS) {
      return { x, f, iterations: iter, evaluations, converged: true, message: 'relative reduction of f below factr * eps' };
    }
  }
  return { x, f, iterations: iter, evaluations, converged: false, message: 'iteration limit reached' };
}

function project(v: number, i: number, lower: Float64Array | undefined, upper: Float64Array | undefined): number {
  if (lower !== undefined && v < lower[i]) return lower[i];
  if (upper !== undefined && v > upper[i]) return upper[i];
  return v;
}
