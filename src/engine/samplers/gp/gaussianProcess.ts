// A Gaussian-process posterior for fixed hyperparameters: mean and variance
// of the latent function at new points, with gradients in the inputs for the
// acquisition optimiser. Inputs are rows of a row-major Float64Array.
import { choleskyWithJitter, solveLower, solveLowerTransposed, choSolve } from '../../math/linalg';
import { matern52, matern52Slope, scaledDistance2 } from './kernel';

export interface GpHyperparameters {
  /** One length scale per input, in the unit-cube coordinates. */
  lengthscales: Float64Array;
  /** Variance of the latent function (outputs are standardised, so about 1). */
  signal: number;
  /** Observation noise variance. */
  noise: number;
}

export class GpPosterior {
  readonly n: number;
  private readonly invL2: Float64Array;
  private readonly chol: Float64Array;
  private readonly alpha: Float64Array;
  // Scratch buffers reused across predictions.
  private readonly k: Float64Array;
  private readonly v: Float64Array;
  private readonly slope: Float64Array;

  /** Throws when the kernel matrix cannot be factorised even with jitter. */
  constructor(
    private readonly xs: Float64Array,
    private readonly dims: number,
    y: Float64Array,
    readonly hyper: GpHyperparameters,
  ) {
    const n = y.length;
    this.n = n;
    this.invL2 = new Float64Array(dims);
    for (let j = 0; j < dims; j++) this.invL2[j] = 1 / (hyper.lengthscales[j] * hyper.lengthscales[j]);
    const kernel = kernelMatrix(xs, n, dims, this.invL2, hyper.signal, hyper.noise);
    this.chol = new Float64Array(n * n);
    if (choleskyWithJitter(kernel, n, this.chol) < 0) throw new Error('GP: kernel matrix is not positive definite');
    this.alpha = Float64Array.from(y);
    choSolve(this.chol, n, this.alpha);
    this.k = new Float64Array(n);
    this.v = new Float64Array(n);
    this.slope = new Float64Array(n);
  }

  /** Posterior mean and variance of the latent function at x, into out[0], out[1]. */
  predict(x: Float64Array, out: Float64Array): void {
    const { n, k, v } = this;
    let mean = 0;
    for (let a = 0; a < n; a++) {
      k[a] = this.hyper.signal * matern52(Math.sqrt(scaledDistance2(this.xs, a, x, this.invL2, this.dims)));
      mean += k[a] * this.alpha[a];
    }
    v.set(k);
    solveLower(this.chol, n, v);
    let explained = 0;
    for (let a = 0; a < n; a++) explained += v[a] * v[a];
    out[0] = mean;
    out[1] = Math.max(this.hyper.signal - explained, 1e-12 * this.hyper.signal);
  }

  /**
   * Means and variances at m points (rows of `points`), into mean[c] and
   * variance[c]. One blocked triangular solve for all of them runs along
   * contiguous rows, several times faster than m calls to predict.
   */
  predictMany(points: Float64Array, m: number, mean: Float64Array, variance: Float64Array): void {
    const { n, dims, xs, invL2 } = this;
    const s2 = this.hyper.signal;
    // block[i * m + c] = k(x_i, point c), then L^{-1} of it in place.
    const block = new Float64Array(n * m);
    mean.fill(0, 0, m);
    for (let i = 0; i < n; i++) {
      const ri = i * m;
      const ai = this.alpha[i];
      for (let c = 0; c < m; c++) {
        let r2 = 0;
        const o = c * dims;
        const oi = i * dims;
        for (let j = 0; j < dims; j++) {
          const diff = xs[oi + j] - points[o + j];
          r2 += diff * diff * invL2[j];
        }
        const kv = s2 * matern52(Math.sqrt(r2));
        block[ri + c] = kv;
        mean[c] += ai * kv;
      }
    }
    const l = this.chol;
    for (let i = 0; i < n; i++) {
      const ri = i * m;
      for (let k = 0; k < i; k++) {
        const lik = l[i * n + k];
        if (lik === 0) continue;
        const rk = k * m;
        for (let c = 0; c < m; c++) block[ri + c] -= lik * block[rk + c];
      }
      const inv = 1 / l[i * n + i];
      for (let c = 0; c < m; c++) block[ri + c] *= inv;
    }
    variance.fill(s2, 0, m);
    for (let i = 0; i < n; i++) {
      const ri = i * m;
      for (let c = 0; c < m; c++) variance[c] -= block[ri + c] * block[ri + c];
    }
    for (let c = 0; c < m; c++) variance[c] = Math.max(variance[c], 1e-12 * s2);
  }

  /**
   * As predict, and the gradients of the mean and of the variance in x into
   * gradMean and gradVar (dims entries each).
   */
  predictWithGradient(x: Float64Array, out: Float64Array, gradMean: Float64Array, gradVar: Float64Array): void {
    const { n, k, v, slope, dims, xs, invL2 } = this;
    const s2 = this.hyper.signal;
    let mean = 0;
    for (let a = 0; a < n; a++) {
      const r = Math.sqrt(scaledDistance2(xs, a, x, invL2, dims));
      k[a] = s2 * matern52(r);
      slope[a] = s2 * matern52Slope(r);
      mean += k[a] * this.alpha[a];
    }
    v.set(k);
    solveLower(this.chol, n, v);
    let explained = 0;
    for (let a = 0; a < n; a++) explained += v[a] * v[a];
    const variance = this.hyper.signal - explained;
    out[0] = mean;
    out[1] = Math.max(variance, 1e-12 * s2);
    // v becomes K^{-1} k; dk_a/dx_j = -slope_a (x_j - X_aj) / l_j^2.
    solveLowerTransposed(this.chol, n, v);
    gradMean.fill(0);
    gradVar.fill(0);
    for (let a = 0; a < n; a++) {
      const wm = -slope[a] * this.alpha[a];
      const wv = 2 * slope[a] * v[a]; // d var = -2 (K^{-1}k) . dk
      const o = a * dims;
      for (let j = 0; j < dims; j++) {
        const d = (x[j] - xs[o + j]) * invL2[j];
        gradMean[j] += wm * d;
        gradVar[j] += wv * d;
      }
    }
    if (variance <= 1e-12 * s2) gradVar.fill(0);
  }
}

/** The kernel matrix with the noise on its diagonal (full, symmetric). */
export function kernelMatrix(xs: Float64Array, n: number, dims: number, invL2: Float64Array, signal: number, noise: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    out[a * n + a] = signal + noise;
    for (let b = 0; b < a; b++) {
      let r2 = 0;
      for (let j = 0; j < dims; j++) {
        const diff = xs[a * dims + j] - xs[b * dims + j];
        r2 += diff * diff * invL2[j];
      }
      const value = signal * matern52(Math.sqrt(r2));
      out[a * n + b] = value;
      out[b * n + a] = value;
    }
  }
  return out;
}
