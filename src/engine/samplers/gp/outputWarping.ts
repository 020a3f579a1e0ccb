// Making the observed values look Gaussian before the GP sees them:
// standardisation, optionally after a Yeo-Johnson power transform whose
// exponent maximises the normal likelihood. A few huge values (Rosenbrock far
// from its valley) would otherwise flatten the region that matters into noise.

export type Warping = 'none' | 'power';

/** Subtract the mean, divide by the standard deviation (1 when all values are equal). */
export function standardize(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= Math.max(n, 1);
  let v = 0;
  for (let i = 0; i < n; i++) v += (y[i] - mean) * (y[i] - mean);
  const sd = Math.sqrt(v / Math.max(n, 1));
  const scale = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (y[i] - mean) / scale;
  return out;
}

export function yeoJohnson(y: number, lambda: number): number {
  if (y >= 0) return Math.abs(lambda) < 1e-8 ? Math.log1p(y) : (Math.pow(y + 1, lambda) - 1) / lambda;
  return Math.abs(lambda - 2) < 1e-8 ? -Math.log1p(-y) : -(Math.pow(1 - y, 2 - lambda) - 1) / (2 - lambda);
}

/** Profile log-likelihood of lambda: a normal fit to the transformed values plus the Jacobian. */
function yeoJohnsonLogLikelihood(y: Float64Array, lambda: number): number {
  const n = y.length;
  let mean = 0;
  let jacobian = 0;
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = yeoJohnson(y[i], lambda);
    mean += t[i];
    jacobian += Math.sign(y[i]) * Math.log1p(Math.abs(y[i]));
  }
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (t[i] - mean) * (t[i] - mean);
  v = Math.max(v / n, 1e-300);
  return -0.5 * n * Math.log(v) + (lambda - 1) * jacobian;
}

/** The maximum-likelihood Yeo-Johnson exponent in [-2, 3], by golden-section search. */
export function fitYeoJohnson(y: Float64Array): number {
  let lo = -2;
  let hi = 3;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = yeoJohnsonLogLikelihood(y, a);
  let fb = yeoJohnsonLogLikelihood(y, b);
  for (let i = 0; i < 40; i++) {
    if (fa > fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = yeoJohnsonLogLikelihood(y, a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = yeoJohnsonLogLikelihood(y, b);
    }
  }
  const lambda = (lo + hi) / 2;
  return Number.isFinite(lambda) ? lambda : 1;
}

/**
 * Values ready for the GP, order preserved. With 'power': measured from the
 * best value in units of the median gap to it, so the good values span
 * about [0, 1] whatever the outliers do, then Yeo-Johnson warped (lambda 0
 * is log1p) and standardised.
 */
export function transformOutputs(y: ArrayLike<number>, warping: Warping): Float64Array {
  if (warping === 'none' || y.length < 3) return standardize(y);
  const n = y.length;
  let min = Infinity;
  for (let i = 0; i < n; i++) min = Math.min(min, y[i]);
  const gaps = Float64Array.from({ length: n }, (_, i) => y[i] - min).sort();
  const unit = gaps[Math.floor(n / 2)] > 0 ? gaps[Math.floor(n / 2)] : gaps[n - 1] > 0 ? gaps[n - 1] : 1;
  const u = Float64Array.from({ length: n }, (_, i) => (y[i] - min) / unit);
  const lambda = fitYeoJohnson(u);
  const warped = new Float64Array(n);
  for (let i = 0; i < n; i++) warped[i] = yeoJohnson(u[i], lambda);
  for (let i = 0; i < n; i++) if (!Number.isFinite(warped[i])) return standardize(y);
  return standardize(warped);
}
