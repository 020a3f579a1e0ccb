// Parametric learning-curve models for the `curve` pruner, after Domhan et
// al. (2015). Every model is
//
//   f(x) = c + a * g(x; theta),   a >= 0, g falling in x,
//
// a curve that falls towards the asymptote c. The pruner hands the models
// normalised data: x is the step as a fraction of the budget (0 < x <= 1,
// the final step at x = 1) and y is "lower is better", scaled so the
// observed curve spans [0, 1]. One set of bounds then serves every study.
//
// c and a enter linearly, so a fit searches only theta (one or two numbers):
// for a given theta the best c and a come in closed form (variable
// projection). A fit is then a 1-2 dimensional minimizeBox from the best
// few points of a small grid, cheap enough to run on every report.
import { minimizeBox } from '../math/optimize';

export interface CurveModel {
  readonly name: string;
  /** Bounds of the shape parameters theta. */
  readonly lower: readonly number[];
  readonly upper: readonly number[];
  /** Values of each theta tried before the local search (the grid is their product). */
  readonly grid: readonly (readonly number[])[];
  /**
   * g(x_i; theta) into g[i] for every point and, when `dg` is given,
   * dg/dtheta_j into dg[j * n + i]. Whole curves at a time, so the hot loop
   * stays inside one model's code; lnX[i] = ln x_i is passed in because
   * most shapes need it and it never changes during a fit.
   */
  shapes(x: Float64Array, lnX: Float64Array, theta: ArrayLike<number>, g: Float64Array, dg: Float64Array | null): void;
}

const LN = Math.log;

/** exp3: c + a exp(-b x), theta = [ln b]. The plain exponential approach to a plateau. */
export const exp3: CurveModel = {
  name: 'exp3',
  lower: [LN(0.05)],
  upper: [LN(500)],
  grid: [[LN(0.3), LN(1.5), LN(5), LN(20), LN(80)]],
  shapes(x, _lnX, theta, g, dg) {
    const b = Math.exp(theta[0]);
    for (let i = 0; i < x.length; i++) {
      const v = (g[i] = Math.exp(-b * x[i]));
      if (dg) dg[i] = -b * x[i] * v;
    }
  },
};

/** pow3: c + a x^-alpha, theta = [alpha]. Heavy-tailed: keeps improving slowly. */
export const pow3: CurveModel = {
  name: 'pow3',
  lower: [0.01],
  upper: [3],
  grid: [[0.1, 0.4, 1, 2]],
  shapes(x, lnX, theta, g, dg) {
    const alpha = theta[0];
    for (let i = 0; i < x.length; i++) {
      const v = (g[i] = Math.exp(-alpha * lnX[i]));
      if (dg) dg[i] = -lnX[i] * v;
    }
  },
};

/** pow4: c + a (1 + x/s)^-alpha, theta = [ln s, alpha]. A power law finite at the start; alpha = 1 is hyperbolic. */
export const pow4: CurveModel = {
  name: 'pow4',
  lower: [LN(1e-3), 0.05],
  upper: [LN(10), 4],
  grid: [
    [LN(0.01), LN(0.1), LN(1)],
    [0.3, 1, 2.5],
  ],
  shapes(x, _lnX, theta, g, dg) {
    const n = x.length;
    const invS = Math.exp(-theta[0]);
    const alpha = theta[1];
    for (let i = 0; i < n; i++) {
      const r = x[i] * invS; // x / s
      const l = Math.log1p(r);
      const v = (g[i] = Math.exp(-alpha * l));
      if (dg) {
        dg[i] = (alpha * v * r) / (1 + r);
        dg[n + i] = -l * v;
      }
    }
  },
};

/** mmf (Morgan-Mercer-Flodin, a logistic in ln x): c + a / (1 + (x/s)^k), theta = [ln s, k]. Fits a plateau before the fall. */
export const mmf: CurveModel = {
  name: 'mmf',
  lower: [LN(1e-3), 0.2],
  upper: [LN(10), 6],
  grid: [
    [LN(0.01), LN(0.1), LN(1)],
    [0.5, 1.2, 3],
  ],
  shapes(x, lnX, theta, g, dg) {
    const n = x.length;
    const lnS = theta[0];
    const k = theta[1];
    for (let i = 0; i < n; i++) {
      const u = lnX[i] - lnS;
      const z = k * u;
      // 1 / (1 + e^z) without overflow for large z.
      const e = Math.exp(-Math.abs(z));
      const v = (g[i] = z > 0 ? e / (1 + e) : 1 / (1 + e));
      if (dg) {
        const slope = v * (1 - v); // -dg/dz
        dg[i] = slope * k;
        dg[n + i] = -slope * u;
      }
    }
  },
};

/** janoschek (a Weibull curve): c + a exp(-(x/s)^k), theta = [ln s, k]. k = 1 is exp3; k < 1 a stretched, slower tail. */
export const janoschek: CurveModel = {
  name: 'janoschek',
  lower: [LN(1e-3), 0.2],
  upper: [LN(20), 4],
  grid: [
    [LN(0.02), LN(0.2), LN(2)],
    [0.5, 1, 2],
  ],
  shapes(x, lnX, theta, g, dg) {
    const n = x.length;
    const lnS = theta[0];
    const k = theta[1];
    for (let i = 0; i < n; i++) {
      const u = lnX[i] - lnS;
      const p = Math.exp(k * u); // (x/s)^k
      const v = (g[i] = Math.exp(-p));
      if (dg) {
        dg[i] = v * p * k;
        dg[n + i] = -v * p * u;
      }
    }
  },
};

export const CURVE_MODELS: readonly CurveModel[] = [exp3, pow3, pow4, mmf, janoschek];

/** Parameters of the whole model, [c, a, ...theta]. */
export function parameterCount(model: CurveModel): number {
  return 2 + model.lower.length;
}

/** f(x) for params = [c, a, ...theta]. */
export function curveValue(model: CurveModel, params: ArrayLike<number>, x: number): number {
  const g = new Float64Array(1);
  model.shapes(Float64Array.of(x), Float64Array.of(Math.log(x)), thetaOf(params), g, null);
  return params[0] + params[1] * g[0];
}

/** f(x), writing df/dparams ([c, a, ...theta]) into `out`. */
export function curveGradient(model: CurveModel, params: ArrayLike<number>, x: number, out: Float64Array): number {
  const g = new Float64Array(1);
  const dg = new Float64Array(model.lower.length);
  model.shapes(Float64Array.of(x), Float64Array.of(Math.log(x)), thetaOf(params), g, dg);
  const a = params[1];
  out[0] = 1;
  out[1] = g[0];
  for (let j = 0; j < dg.length; j++) out[2 + j] = a * dg[j];
  return params[0] + a * g[0];
}

function thetaOf(params: ArrayLike<number>): number[] {
  const theta: number[] = [];
  for (let j = 2; j < params.length; j++) theta.push(params[j]);
  return theta;
}

/** The asymptote's bounds, in the normalised units of y. */
export interface AsymptoteBounds {
  lower: number;
  upper: number;
}

/**
 * With y scaled to [0, 1] over the observed curve: the curve may end at most
 * ten observed ranges below its best value so far (far enough for a slow
 * starter seen at 10% of its budget), and no higher than its worst.
 */
export const DEFAULT_ASYMPTOTE: AsymptoteBounds = { lower: -10, upper: 1 };

export interface CurveFit {
  model: CurveModel;
  /** [c, a, ...theta] */
  params: Float64Array;
  /** Residual sum of squares. */
  rss: number;
  /** Which of params sit on a bound (held fixed when judging uncertainty). */
  atBound: boolean[];
}

/**
 * One model's least-squares problem on one curve, profiled over c and a,
 * with scratch space reused by every evaluation: the objective runs a few
 * hundred times per decision, so it allocates nothing.
 */
class ProfiledLeastSquares {
  readonly n: number;
  readonly lnX: Float64Array;
  private readonly yMean: number;
  private readonly yCentred: Float64Array;
  private readonly g: Float64Array;
  private readonly dg: Float64Array;
  private readonly dims: number;
  /** The c and a of the last evaluation. */
  c = 0;
  a = 0;

  constructor(
    private readonly model: CurveModel,
    readonly xs: Float64Array,
    private readonly ys: Float64Array,
    private readonly bounds: AsymptoteBounds,
  ) {
    const n = (this.n = xs.length);
    this.dims = model.lower.length;
    this.lnX = xs.map(Math.log);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += ys[i];
    this.yMean = sum / n;
    this.yCentred = ys.map((y) => y - this.yMean);
    this.g = new Float64Array(n);
    this.dg = new Float64Array(n * this.dims);
  }

  /** min over c, a of the RSS at theta; its gradient in theta goes to `grad` (Danskin: c and a held at their optimum). */
  readonly objective = (theta: Float64Array, grad: Float64Array | null): number => {
    const { n, dims, g, dg, ys, yCentred } = this;
    this.model.shapes(this.xs, this.lnX, theta, g, grad ? dg : null);
    let gSum = 0;
    for (let i = 0; i < n; i++) gSum += g[i];
    if (!Number.isFinite(gSum)) return Infinity;
    const gMean = gSum / n;
    // Centred sums: g can be nearly constant (a slow exponential), where raw sums cancel.
    let sgg = 0;
    let sgy = 0;
    for (let i = 0; i < n; i++) {
      const gc = g[i] - gMean;
      sgg += gc * gc;
      sgy += gc * yCentred[i];
    }
    this.solveLinear(gMean, sgg, sgy);
    const { c, a } = this;
    let rss = 0;
    for (let i = 0; i < n; i++) {
      const r = ys[i] - c - a * g[i];
      rss += r * r;
      g[i] = r; // g is spent: keep the residuals for the gradient
    }
    if (grad) {
      for (let j = 0; j < dims; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += g[i] * dg[j * n + i];
        grad[j] = -2 * a * s;
      }
    }
    return rss;
  };

  /**
   * The best c in bounds and a >= 0 for fixed g: a convex quadratic in two
   * variables. If the free optimum is out of bounds the answer lies on an
   * edge (a = 0, c = lower, c = upper); each edge's 1-D optimum is checked.
   */
  private solveLinear(gMean: number, sgg: number, sgy: number): void {
    const { n, yMean, bounds } = this;
    if (sgg > 0) {
      const a = sgy / sgg;
      const c = yMean - a * gMean;
      if (a >= 0 && c >= bounds.lower && c <= bounds.upper) {
        this.c = c;
        this.a = a;
        return;
      }
    }
    // RSS(c, a) up to a constant: a^2 sgg - 2 a sgy + n (yMean - c - a gMean)^2.
    const cost = (c: number, a: number) => a * a * sgg - 2 * a * sgy + n * (yMean - c - a * gMean) ** 2;
    let bestC = Math.min(Math.max(yMean, bounds.lower), bounds.upper);
    let bestA = 0;
    let best = cost(bestC, 0);
    const gg = sgg + n * gMean * gMean;
    if (gg > 0) {
      for (let side = 0; side < 2; side++) {
        const c = side === 0 ? bounds.lower : bounds.upper;
        // sum g (y - c) / sum g^2, from the centred sums.
        const a = Math.max(0, (sgy + n * gMean * (yMean - c)) / gg);
        const v = cost(c, a);
        if (v < best) {
          best = v;
          bestC = c;
          bestA = a;
        }
      }
    }
    this.c = bestC;
    this.a = bestA;
  }
}

/** Local searches per model, from the best points of its grid. */
const STARTS = 2;

/**
 * Least-squares fit of one model to normalised points (xs in (0, 1], ys
 * roughly in [0, 1], lower is better). Undefined when no start gave a
 * finite fit.
 */
export function fitCurve(model: CurveModel, xs: Float64Array, ys: Float64Array, bounds: AsymptoteBounds = DEFAULT_ASYMPTOTE): CurveFit | undefined {
  const problem = new ProfiledLeastSquares(model, xs, ys, bounds);
  const dims = model.lower.length;
  // Score the grid, keep the best few as starts.
  const theta = new Float64Array(dims);
  const starts: Array<{ theta: Float64Array; rss: number }> = [];
  const index = new Array<number>(dims).fill(0);
  for (;;) {
    for (let j = 0; j < dims; j++) theta[j] = model.grid[j][index[j]];
    const rss = problem.objective(theta, null);
    if (Number.isFinite(rss)) {
      starts.push({ theta: Float64Array.from(theta), rss });
      starts.sort((p, q) => p.rss - q.rss);
      if (starts.length > STARTS) starts.pop();
    }
    let j = 0;
    while (j < dims && ++index[j] === model.grid[j].length) index[j++] = 0;
    if (j === dims) break;
  }
  let best: { theta: Float64Array; rss: number } | undefined;
  for (const start of starts) {
    const r = minimizeBox(problem.objective, start.theta, model.lower, model.upper, MINIMIZE);
    if (Number.isFinite(r.value) && (!best || r.value < best.rss)) best = { theta: r.x, rss: r.value };
  }
  if (!best) return undefined;
  // Re-evaluate at the winner so c and a belong to it.
  const rss = problem.objective(best.theta, null);
  const params = new Float64Array(2 + dims);
  params[0] = problem.c;
  params[1] = problem.a;
  params.set(best.theta, 2);
  const near = (v: number, lo: number, hi: number) => v <= lo + 1e-6 * (hi - lo) || v >= hi - 1e-6 * (hi - lo);
  const atBound = [near(params[0], bounds.lower, bounds.upper), params[1] <= 1e-9];
  for (let j = 0; j < dims; j++) {
    // With a = 0 the shape is not identified at all: hold it fixed too.
    atBound.push(atBound[1] || near(params[2 + j], model.lower[j], model.upper[j]));
  }
  return { model, params, rss, atBound };
}

const MINIMIZE = { maxIterations: 60, relativeTolerance: 1e-12, gradientTolerance: 1e-10 };

/**
 * How far the prediction at `x` reaches beyond the data, as the delta
 * method's j' (J'J)^-1 j: J the Jacobian of the fit at the data, j the
 * gradient at x. Prediction variance is sigma^2 (1 + leverage). Near 1/n
 * inside well-covered data; large when x is far out and the parameters
 * that matter there are poorly pinned down. Parameters on a bound are
 * held fixed. Infinity when the free parameters are not identified.
 */
export function extrapolationLeverage(fit: CurveFit, xs: Float64Array, x: number): number {
  const { model, params, atBound } = fit;
  const free: number[] = [];
  for (let j = 0; j < params.length; j++) if (!atBound[j]) free.push(j);
  const m = free.length;
  if (m === 0) return 0;
  // Columns of J: df/dc = 1, df/da = g, df/dtheta_j = a dg/dtheta_j.
  const n = xs.length;
  const dims = model.lower.length;
  const theta = params.subarray(2);
  const g = new Float64Array(n);
  const dg = new Float64Array(n * dims);
  model.shapes(xs, xs.map(Math.log), theta, g, dg);
  const column = (j: number, i: number) => (j === 0 ? 1 : j === 1 ? g[i] : params[1] * dg[(j - 2) * n + i]);
  const jtj = new Float64Array(m * m);
  for (let p = 0; p < m; p++) {
    for (let q = 0; q <= p; q++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += column(free[p], i) * column(free[q], i);
      jtj[p * m + q] = s;
    }
  }
  const at = new Float64Array(1 + dims);
  model.shapes(Float64Array.of(x), Float64Array.of(Math.log(x)), theta, at, at.subarray(1));
  const rhs = new Float64Array(m);
  for (let p = 0; p < m; p++) {
    const j = free[p];
    rhs[p] = j === 0 ? 1 : j === 1 ? at[0] : params[1] * at[j - 1];
  }
  // A relative ridge (Levenberg-Marquardt's) keeps a near-singular J'J solvable.
  for (let p = 0; p < m; p++) jtj[p * m + p] *= 1 + 1e-10;
  const solved = choleskySolveLower(jtj, m, rhs);
  if (!solved) return Infinity;
  let leverage = 0;
  for (let p = 0; p < m; p++) leverage += rhs[p] * solved[p];
  return leverage >= 0 ? leverage : Infinity;
}

/** Solves A z = b for symmetric positive-definite A given by its lower triangle (row-major m x m). */
function choleskySolveLower(a: Float64Array, m: number, b: Float64Array): Float64Array | undefined {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * m + j];
      for (let r = 0; r < j; r++) s -= l[i * m + r] * l[j * m + r];
      if (i === j) {
        if (!(s > 0)) return undefined;
        l[i * m + i] = Math.sqrt(s);
      } else {
        l[i * m + j] = s / l[j * m + j];
      }
    }
  }
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let r = 0; r < i; r++) s -= l[i * m + r] * z[r];
    z[i] = s / l[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = z[i];
    for (let r = i + 1; r < m; r++) s -= l[r * m + i] * z[r];
    z[i] = s / l[i * m + i];
  }
  return z;
}
