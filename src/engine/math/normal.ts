// The standard normal distribution and the scaled complementary error
// function, accurate far into the tails: expected improvement lives there
// once a model is confident, and a plain erfc underflows to 0 by z = -38.

const SQRT2 = Math.SQRT2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

export function normalPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/**
 * erf(x) for |x| < 3 from the all-positive series
 * erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)),
 * which has no cancellation.
 */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/**
 * erfcx(x) = exp(x^2) erfc(x) for x >= 2 from the continued fraction
 * erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
 * evaluated with the modified Lentz method.
 */
function erfcxContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? 1 / tiny : 1 / d;
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return INV_SQRT_PI / f;
}

/** The scaled complementary error function exp(x^2) erfc(x), finite for every x < 26. */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 2) return x > 1e8 ? INV_SQRT_PI / x : erfcxContinuedFraction(x);
  if (x >= 0) return Math.exp(x * x) * (1 - erfSeries(x));
  // erfc(x) = 2 - erfc(-x) for negative x.
  if (x < -26.6) return Infinity;
  const x2 = x * x;
  return 2 * Math.exp(x2) - erfcx(-x);
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 0) {
    if (x > 27) return 0;
    return x >= 2 ? Math.exp(-x * x) * erfcxContinuedFraction(x) : 1 - erfSeries(x);
  }
  return 2 - erfc(-x);
}

export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/** log Phi(z), finite for every finite z. */
export function logNormalCdf(z: number): number {
  if (z > -1) return Math.log1p(-0.5 * erfc(z / SQRT2));
  // Phi(z) = erfcx(-z/sqrt2) exp(-z^2/2) / 2, so the exponential never underflows.
  return Math.log(0.5 * erfcx(-z / SQRT2)) - 0.5 * z * z;
}
