// Log expected improvement (Ament et al. 2023, "Unexpected improvements to
// expected improvement"): EI = sigma * h(z) with h(z) = phi(z) + z Phi(z),
// z = (best - mean) / sigma for minimisation. Plain EI underflows to exactly
// zero over most of the space once the model is confident, leaving the
// optimiser no gradient; log h(z) stays finite and smooth for every z.
import { erfcx, normalCdf, normalPdf } from '../../math/normal';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
const HALF_LOG_PI_OVER_2 = 0.5 * Math.log(Math.PI / 2);
const SQRT_PI_OVER_2 = Math.sqrt(Math.PI / 2);
/** Beyond this, 1 - |z| sqrt(pi/2) erfcx(|z|/sqrt2) ~ 1/z^2 is lost to rounding. */
const ASYMPTOTIC_Z = -1 / Math.sqrt(Number.EPSILON);

/** log(1 - exp(x)) for x < 0, accurate near 0 and far below it. */
function log1mexp(x: number): number {
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/** log h(z), h(z) = phi(z) + z Phi(z). */
export function logH(z: number): number {
  if (z > -1) return Math.log(normalPdf(z) + z * normalCdf(z));
  if (z < ASYMPTOTIC_Z) return -0.5 * z * z - HALF_LOG_2PI - 2 * Math.log(-z);
  // h(z) = phi(z) (1 - |z| sqrt(pi/2) erfcx(|z|/sqrt2)) for z < 0.
  return -0.5 * z * z - HALF_LOG_2PI + log1mexp(Math.log(erfcx(-z / Math.SQRT2) * -z) + HALF_LOG_PI_OVER_2);
}

/** d log h / dz = Phi(z) / h(z), without forming either tiny factor for negative z. */
export function logHDerivative(z: number): number {
  if (z > -1) return normalCdf(z) / (normalPdf(z) + z * normalCdf(z));
  if (z < ASYMPTOTIC_Z) return -z;
  const r = SQRT_PI_OVER_2 * erfcx(-z / Math.SQRT2);
  return r / -Math.expm1(Math.log(r * -z));
}

/**
 * log EI of a point with posterior mean `mean` and standard deviation
 * `sd` against the best observed value `best` (minimisation). Writes
 * d logEI / d mean and d logEI / d sd into `grad[0]`, `grad[1]` when given.
 */
export function logExpectedImprovement(mean: number, sd: number, best: number, grad?: Float64Array): number {
  const s = Math.max(sd, 1e-12);
  const z = (best - mean) / s;
  const value = Math.log(s) + logH(z);
  if (grad) {
    const dz = logHDerivative(z);
    grad[0] = -dz / s;
    grad[1] = 1 / s - (dz * z) / s;
  }
  return value;
}
