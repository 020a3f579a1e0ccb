// Deb's real-coded variation operators on [0, 1]: simulated binary crossover
// (SBX) and polynomial mutation, both in their bounded forms so children stay
// inside the unit cube without clipping piling them onto the bounds.
import type { Rng } from '../random';

/**
 * Crosses two parents coordinate by coordinate (each with probability 1/2)
 * and writes the two children. eta: larger keeps children nearer the parents.
 */
export function sbx(p1: ArrayLike<number>, p2: ArrayLike<number>, eta: number, rng: Rng, c1: Float64Array, c2: Float64Array): void {
  for (let i = 0; i < p1.length; i++) {
    const a = p1[i];
    const b = p2[i];
    if (rng.next() > 0.5 || Math.abs(a - b) < 1e-14) {
      c1[i] = a;
      c2[i] = b;
      continue;
    }
    const y1 = Math.min(a, b);
    const y2 = Math.max(a, b);
    const u = rng.next();
    const lowSpread = spread(1 + (2 * y1) / (y2 - y1), eta, u);
    const highSpread = spread(1 + (2 * (1 - y2)) / (y2 - y1), eta, u);
    let x1 = clamp01(0.5 * (y1 + y2 - lowSpread * (y2 - y1)));
    let x2 = clamp01(0.5 * (y1 + y2 + highSpread * (y2 - y1)));
    if (rng.next() < 0.5) [x1, x2] = [x2, x1];
    c1[i] = x1;
    c2[i] = x2;
  }
}

/** The spread factor beta_q, with the distribution truncated at the bound that beta implies. */
function spread(beta: number, eta: number, u: number): number {
  const alpha = 2 - beta ** -(eta + 1);
  return u <= 1 / alpha ? (u * alpha) ** (1 / (eta + 1)) : (1 / (2 - u * alpha)) ** (1 / (eta + 1));
}

/** Mutates each coordinate with probability `rate`, in place. */
export function polynomialMutation(x: Float64Array, rate: number, eta: number, rng: Rng): void {
  const power = 1 / (eta + 1);
  for (let i = 0; i < x.length; i++) {
    if (rng.next() >= rate) continue;
    const y = x[i];
    const u = rng.next();
    let delta: number;
    if (u < 0.5) {
      const v = 2 * u + (1 - 2 * u) * (1 - y) ** (eta + 1);
      delta = v ** power - 1;
    } else {
      const v = 2 * (1 - u) + 2 * (u - 0.5) * y ** (eta + 1);
      delta = 1 - v ** power;
    }
    x[i] = clamp01(y + delta);
  }
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
