// The Matérn-5/2 kernel with one length scale per input (ARD):
// k(x, x') = s2 * (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r),
// r^2 = sum_j (x_j - x'_j)^2 / l_j^2. Twice differentiable, so the model is
// smooth enough to optimise over, but less rigid than a squared exponential.

export const SQRT5 = Math.sqrt(5);

/** The correlation (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r) at distance r. */
export function matern52(r: number): number {
  const t = SQRT5 * r;
  return (1 + t + (t * t) / 3) * Math.exp(-t);
}

/**
 * -(d matern52 / dr) / r = 5/3 (1 + sqrt5 r) exp(-sqrt5 r): the factor that
 * turns squared coordinate differences into derivatives, with no 0/0 at r = 0.
 */
export function matern52Slope(r: number): number {
  const t = SQRT5 * r;
  return (5 / 3) * (1 + t) * Math.exp(-t);
}

/** Scaled squared distance between row a of `xs` and the point `x` (D inputs). */
export function scaledDistance2(xs: Float64Array, a: number, x: Float64Array, invL2: Float64Array, dims: number): number {
  let r2 = 0;
  const o = a * dims;
  for (let j = 0; j < dims; j++) {
    const diff = xs[o + j] - x[j];
    r2 += diff * diff * invL2[j];
  }
  return r2;
}
