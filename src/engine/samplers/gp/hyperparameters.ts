// Fitting the kernel's hyperparameters by maximising the log marginal
// likelihood plus weak log-normal priors (maximum a posteriori), over the
// log of every parameter, with analytic gradients through the Cholesky
// factor: d log p(y) / d theta = 1/2 tr((alpha alpha^T - K^{-1}) dK/dtheta).
import { choleskyWithJitter, choSolve, inverseFromCholesky } from '../../math/linalg';
import { minimizeBox } from '../../math/optimize';
import type { GpHyperparameters } from './gaussianProcess';
import { SQRT5 } from './kernel';

export interface FitOptions {
  /** Mean of the normal prior on log length scale; default sqrt2 + log(dims)/2 (scales with dimension). */
  lengthscalePriorMean?: number;
  lengthscalePriorSd?: number;
  noisePriorMean?: number;
  noisePriorSd?: number;
  maxIterations?: number;
  /** A previous fit to start from (one start instead of several); faster when the data grew by a trial. */
  warmStart?: GpHyperparameters;
}

const LOG_LENGTHSCALE_BOUNDS: [number, number] = [Math.log(5e-3), Math.log(200)];
const LOG_SIGNAL_BOUNDS: [number, number] = [Math.log(0.05), Math.log(20)];
const LOG_NOISE_BOUNDS: [number, number] = [Math.log(1e-6), Math.log(1)];
const LOG_2PI = Math.log(2 * Math.PI);

/** The data and scratch buffers one fit reuses on every evaluation. */
class MarginalLikelihood {
  private readonly pairDiff2: Float64Array;
  private readonly kernel: Float64Array;
  private readonly slope: Float64Array;
  private readonly chol: Float64Array;
  private readonly inverse: Float64Array;
  private readonly work: Float64Array;
  private readonly alpha: Float64Array;
  private readonly invL2: Float64Array;

  constructor(
    private readonly n: number,
    private readonly dims: number,
    xs: Float64Array,
    private readonly y: Float64Array,
    private readonly prior: { lMean: number; lSd: number; noiseMean: number; noiseSd: number },
  ) {
    // Squared coordinate differences of every pair a > b, which the length scales only rescale.
    const pairs = (n * (n - 1)) / 2;
    this.pairDiff2 = new Float64Array(pairs * dims);
    let p = 0;
    for (let a = 1; a < n; a++) {
      for (let b = 0; b < a; b++, p++) {
        for (let j = 0; j < dims; j++) {
          const d = xs[a * dims + j] - xs[b * dims + j];
          this.pairDiff2[p * dims + j] = d * d;
        }
      }
    }
    this.kernel = new Float64Array(n * n);
    this.slope = new Float64Array(pairs);
    this.chol = new Float64Array(n * n);
    this.inverse = new Float64Array(n * n);
    this.work = new Float64Array(n * n);
    this.alpha = new Float64Array(n);
    this.invL2 = new Float64Array(dims);
  }

  /** Negative log posterior of theta = [log l_1..l_D, log signal, log noise], gradient into grad. */
  evaluate = (theta: Float64Array, grad: Float64Array): number => {
    const { n, dims, kernel, slope, pairDiff2, invL2 } = this;
    for (let j = 0; j < dims; j++) invL2[j] = Math.exp(-2 * theta[j]);
    const signal = Math.exp(theta[dims]);
    const noise = Math.exp(theta[dims + 1]);

    let p = 0;
    for (let a = 0; a < n; a++) {
      kernel[a * n + a] = signal + noise;
      for (let b = 0; b < a; b++, p++) {
        let r2 = 0;
        const o = p * dims;
        for (let j = 0; j < dims; j++) r2 += pairDiff2[o + j] * invL2[j];
        // matern52 and matern52Slope share one exponential.
        const t = SQRT5 * Math.sqrt(r2);
        const e = signal * Math.exp(-t);
        kernel[a * n + b] = (1 + t + (t * t) / 3) * e;
        slope[p] = (5 / 3) * (1 + t) * e;
      }
    }
    if (choleskyWithJitter(kernel, n, this.chol, 4) < 0) return Infinity;
    const alpha = this.alpha;
    alpha.set(this.y);
    choSolve(this.chol, n, alpha);
    let fit = 0;
    let logDet = 0;
    for (let a = 0; a < n; a++) {
      fit += this.y[a] * alpha[a];
      logDet += Math.log(this.chol[a * n + a]);
    }
    let value = 0.5 * fit + logDet + 0.5 * n * LOG_2PI;

    // W = alpha alpha^T - K^{-1}; gradients of the negative log likelihood are -1/2 tr(W dK).
    inverseFromCholesky(this.chol, n, this.inverse, this.work);
    const inv = this.inverse;
    grad.fill(0);
    let gSignal = 0;
    let gNoise = 0;
    p = 0;
    for (let a = 0; a < n; a++) {
      const wDiag = alpha[a] * alpha[a] - inv[a * n + a];
      gSignal += wDiag * signal;
      gNoise += wDiag * noise;
      for (let b = 0; b < a; b++, p++) {
        const w = alpha[a] * alpha[b] - inv[a * n + b];
        gSignal += 2 * w * kernel[a * n + b];
        // dK_ab / d log l_j = slope_ab * diff_j^2 / l_j^2 (the 1/2 and the pair's two entries cancel).
        const ws = w * slope[p];
        const o = p * dims;
        for (let j = 0; j < dims; j++) grad[j] -= ws * pairDiff2[o + j];
      }
    }
    for (let j = 0; j < dims; j++) grad[j] *= invL2[j];
    grad[dims] = -0.5 * gSignal;
    grad[dims + 1] = -0.5 * gNoise;

    // Priors: log l ~ N(lMean, lSd), log signal ~ N(0, 1), log noise ~ N(noiseMean, noiseSd).
    const { lMean, lSd, noiseMean, noiseSd } = this.prior;
    for (let j = 0; j < dims; j++) {
      const z = (theta[j] - lMean) / lSd;
      value += 0.5 * z * z;
      grad[j] += z / lSd;
    }
    value += 0.5 * theta[dims] * theta[dims];
    grad[dims] += theta[dims];
    const zn = (theta[dims + 1] - noiseMean) / noiseSd;
    value += 0.5 * zn * zn;
    grad[dims + 1] += zn / noiseSd;
    return value;
  };
}

/** The MAP hyperparameters for inputs xs (n rows of dims) and standardised outputs y. */
export function fitHyperparameters(xs: Float64Array, dims: number, y: Float64Array, options: FitOptions = {}): GpHyperparameters {
  const n = y.length;
  const lMean = options.lengthscalePriorMean ?? Math.SQRT2 + 0.5 * Math.log(dims);
  const prior = {
    lMean,
    lSd: options.lengthscalePriorSd ?? Math.sqrt(3),
    noiseMean: options.noisePriorMean ?? -4,
    noiseSd: options.noisePriorSd ?? 1,
  };
  const likelihood = new MarginalLikelihood(n, dims, xs, y, prior);
  const lower = new Float64Array(dims + 2);
  const upper = new Float64Array(dims + 2);
  for (let j = 0; j < dims; j++) [lower[j], upper[j]] = LOG_LENGTHSCALE_BOUNDS;
  [lower[dims], upper[dims]] = LOG_SIGNAL_BOUNDS;
  [lower[dims + 1], upper[dims + 1]] = LOG_NOISE_BOUNDS;

  // Cold: two starts, the prior's centre and much shorter length scales, for
  // functions that vary faster than the prior expects.
  const starts: Float64Array[] = [];
  if (options.warmStart && options.warmStart.lengthscales.length === dims) {
    const w = options.warmStart;
    const x0 = new Float64Array(dims + 2);
    for (let j = 0; j < dims; j++) x0[j] = Math.log(w.lengthscales[j]);
    x0[dims] = Math.log(w.signal);
    x0[dims + 1] = Math.log(w.noise);
    starts.push(x0);
  } else {
    for (const shift of [0, -2]) {
      const x0 = new Float64Array(dims + 2);
      x0.fill(lMean + shift, 0, dims);
      x0[dims + 1] = Math.log(1e-3);
      starts.push(x0);
    }
  }
  let best: { x: Float64Array; value: number } | undefined;
  for (const x0 of starts) {
    const result = minimizeBox(likelihood.evaluate, x0, lower, upper, { maxIterations: options.maxIterations ?? 60, relativeTolerance: 1e-6, gradientTolerance: 1e-4 });
    if (Number.isFinite(result.value) && (!best || result.value < best.value)) best = result;
  }
  const theta = best ? best.x : defaultTheta(dims, lMean);
  const lengthscales = new Float64Array(dims);
  for (let j = 0; j < dims; j++) lengthscales[j] = Math.exp(theta[j]);
  return { lengthscales, signal: Math.exp(theta[dims]), noise: Math.exp(theta[dims + 1]) };
}

function defaultTheta(dims: number, lMean: number): Float64Array {
  const theta = new Float64Array(dims + 2);
  theta.fill(lMean, 0, dims);
  theta[dims] = 0;
  theta[dims + 1] = Math.log(1e-3);
  return theta;
}

/** Exposed for tests: the negative log posterior and its gradient at theta. */
export function negativeLogPosterior(xs: Float64Array, dims: number, y: Float64Array, theta: Float64Array, grad: Float64Array, options: FitOptions = {}): number {
  const prior = {
    lMean: options.lengthscalePriorMean ?? Math.SQRT2 + 0.5 * Math.log(dims),
    lSd: options.lengthscalePriorSd ?? Math.sqrt(3),
    noiseMean: options.noisePriorMean ?? -4,
    noiseSd: options.noisePriorSd ?? 1,
  };
  return new MarginalLikelihood(y.length, dims, xs, y, prior).evaluate(theta, grad);
}
