// Box-constrained minimisation by projected L-BFGS: quasi-Newton steps on
// the variables not held at a bound, an Armijo backtracking search along the
// projected path. Simpler than L-BFGS-B's Cauchy-point machinery and enough
// for the smooth, low-dimensional problems of Bayesian optimisation.

/** f(x), writing the gradient into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface MinimizeOptions {
  maxIterations?: number;
  /** Stop when the largest projected-gradient entry falls below this. */
  gradientTolerance?: number;
  /** Stop when an iteration lowers f by less than this, relative to max(|f|, 1). */
  relativeTolerance?: number;
  /** Correction pairs kept. */
  memory?: number;
}

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  iterations: number;
  evaluations: number;
}

/**
 * Minimises f over the box [lower, upper] from x0 (projected into the box).
 * Never throws on a non-finite f: such points are treated as too far and the
 * step is shortened; the best finite point seen is returned.
 */
export function minimizeBox(f: Objective, x0: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 100;
  const pgtol = options.gradientTolerance ?? 1e-5;
  const ftol = options.relativeTolerance ?? 1e-9;
  const m = options.memory ?? 8;

  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = clamp(x0[i], lower[i], upper[i]);
  const g = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const dir = new Float64Array(n);
  const free = new Uint8Array(n);
  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);

  let evaluations = 1;
  let fx = f(x, g);
  if (!Number.isFinite(fx)) return { x, value: fx, iterations: 0, evaluations };
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // Variables at a bound with the gradient pushing outward stay fixed.
    let pgMax = 0;
    for (let i = 0; i < n; i++) {
      free[i] = isFixed(x[i], g[i], lower[i], upper[i]) ? 0 : 1;
      dir[i] = free[i] ? -g[i] : 0;
      if (free[i]) pgMax = Math.max(pgMax, Math.abs(g[i]));
    }
    if (pgMax < pgtol) break;

    // Two-loop recursion on the free variables.
    const k = sHist.length;
    for (let j = k - 1; j >= 0; j--) {
      alpha[j] = rho[j] * dotMasked(sHist[j], dir, free);
      axpyMasked(-alpha[j], yHist[j], dir, free);
    }
    if (k > 0) {
      const s = sHist[k - 1];
      const y = yHist[k - 1];
      const gamma = dot(s, y) / dot(y, y);
      if (gamma > 0 && Number.isFinite(gamma)) for (let i = 0; i < n; i++) dir[i] *= gamma;
    } else {
      // First step: at most a unit move along the largest coordinate.
      const scale = Math.min(1, 1 / pgMax);
      for (let i = 0; i < n; i++) dir[i] *= scale;
    }
    for (let j = 0; j < k; j++) {
      const beta = rho[j] * dotMasked(yHist[j], dir, free);
      axpyMasked(alpha[j] - beta, sHist[j], dir, free);
    }
    let slope = dot(g, dir);
    if (!(slope < 0)) {
      // Not a descent direction: forget the curvature and follow the gradient.
      sHist.length = yHist.length = rho.length = 0;
      for (let i = 0; i < n; i++) dir[i] = free[i] ? -g[i] * Math.min(1, 1 / pgMax) : 0;
      slope = dot(g, dir);
      if (!(slope < 0)) break;
    }

    // Armijo backtracking along the projected path.
    let step = 1;
    let fNew = Infinity;
    let accepted = false;
    for (let tries = 0; tries < 30; tries++) {
      let decrease = 0;
      for (let i = 0; i < n; i++) {
        xNew[i] = clamp(x[i] + step * dir[i], lower[i], upper[i]);
        decrease += g[i] * (xNew[i] - x[i]);
      }
      evaluations++;
      fNew = f(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;

    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.max(1, dot(y, y))) {
      if (sHist.length === m) {
        sHist.shift();
        yHist.shift();
        rho.shift();
      }
      sHist.push(s);
      yHist.push(y);
      rho.push(1 / sy);
    }
    const previous = fx;
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    if (previous - fx <= ftol * Math.max(Math.abs(fx), 1)) {
      iterations++;
      break;
    }
  }
  return { x, value: fx, iterations, evaluations };
}

function isFixed(x: number, g: number, lo: number, hi: number): boolean {
  return (x <= lo && g > 0) || (x >= hi && g < 0);
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** a . b over the entries where `mask` is non-zero (the free variables). */
function dotMasked(a: Float64Array, b: Float64Array, mask: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) if (mask[i]) s += a[i] * b[i];
  return s;
}

function axpyMasked(alpha: number, x: Float64Array, y: Float64Array, mask: Uint8Array): void {
  for (let i = 0; i < x.length; i++) if (mask[i]) y[i] += alpha * x[i];
}
