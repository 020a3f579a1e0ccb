// Normal-distribution numerics for truncated Gaussian kernels: tail-accurate
// interval masses, so that far-away cells get a tiny mass rather than 0 or < 0.

/** Complementary error function (Chebyshev fit, relative error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

/** P(Z > z) for a standard normal Z. */
function upperTail(z: number): number {
  return 0.5 * erfc(z * Math.SQRT1_2);
}

/** Mass of N(mu, sigma^2) on [a, b], computed from the nearer tail to keep precision. */
export function intervalMass(mu: number, sigma: number, a: number, b: number): number {
  const za = (a - mu) / sigma;
  const zb = (b - mu) / sigma;
  let m: number;
  if (za >= 0) m = upperTail(za) - upperTail(zb);
  else if (zb <= 0) m = upperTail(-zb) - upperTail(-za);
  else m = 1 - upperTail(-za) - upperTail(zb);
  return m > 0 ? m : 0;
}
