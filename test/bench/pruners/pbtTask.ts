// The PBT benchmark's task: SGD with heavy-ball momentum on a noisy quadratic
// (the "noisy quadratic model" of Zhang et al. 2019), simulated through its
// exact second moments instead of sampled weights. A large learning rate
// shrinks the loss fast but settles on a high noise floor; a small one has a
// low floor but gets there slowly; so the best learning rate falls as
// training goes on and no fixed value matches a decaying one. The
// "checkpoint" is the state (the moments and the step), copied for free.
import { Rng } from '../../../src/engine/random';
import type { SearchedDistribution } from '../../../src/engine/transform';

/** Curvatures, from sharp to flat: the flat directions need a large step, the sharp ones set the noise floor. */
const CURVATURE = [1, 0.3, 0.1, 0.03, 0.01];
/** Starting E[x^2] per direction. */
const START = 1;
/** Gradient noise variance per direction, proportional to curvature as in the NQM. */
const NOISE = 0.02;
/** Per-step multiplicative jitter of the moments: runs with equal settings differ a little. */
const STATE_JITTER = 0.01;
/** Multiplicative noise on a reported loss (a validation estimate). */
const OBSERVATION_NOISE = 0.05;
/** Past this the run has diverged: it reports Infinity, a failed trial. */
const DIVERGED = 1e6;

export const NQM_SPACE: Record<string, SearchedDistribution> = {
  lr: { type: 'float', low: 1e-3, high: 2, log: true },
  momentum: { type: 'float', low: 0, high: 0.95, log: false },
};

export interface NqmState {
  step: number;
  /** Per direction: E[x^2], E[xv], E[v^2]. */
  moments: number[];
}

export function initialState(): NqmState {
  return { step: 0, moments: CURVATURE.flatMap(() => [START, 0, 0]) };
}

/** The expected loss, 0.5 * sum h E[x^2]; Infinity once diverged. */
export function lossOf(s: NqmState): number {
  let loss = 0;
  CURVATURE.forEach((h, i) => (loss += 0.5 * h * s.moments[3 * i]));
  return Number.isFinite(loss) && loss < DIVERGED ? loss : Infinity;
}

/**
 * Trains `steps` steps of v <- m v - lr (h x + noise), x <- x + v from `s`
 * (which is not changed). The moments follow S <- A S A' + lr^2 c [1 1; 1 1],
 * A = [[1 - lr h, m], [-lr h, m]], exactly.
 */
export function train(s: NqmState, lr: number, momentum: number, steps: number, rng: Rng): NqmState {
  const m = s.moments.slice();
  for (let t = 0; t < steps; t++) {
    if (lossOf({ step: 0, moments: m }) === Infinity) break;
    CURVATURE.forEach((h, i) => {
      const [xx, xv, vv] = [m[3 * i], m[3 * i + 1], m[3 * i + 2]];
      const a = 1 - lr * h;
      const b = momentum;
      const c = -lr * h;
      const q = lr * lr * NOISE * h;
      // x' = a x + b v, v' = c x + b v (plus the same noise -lr*xi in both).
      const nxx = a * a * xx + 2 * a * b * xv + b * b * vv + q;
      const nxv = a * c * xx + (a * b + b * c) * xv + b * b * vv + q;
      const nvv = c * c * xx + 2 * c * b * xv + b * b * vv + q;
      const jitter = Math.exp(STATE_JITTER * rng.normal());
      m[3 * i] = nxx * jitter;
      m[3 * i + 1] = nxv * jitter;
      m[3 * i + 2] = nvv * jitter;
    });
  }
  return { step: s.step + steps, moments: m };
}

/** A loss as a validation run would report it: noisy, never better than it can be by much. */
export function observe(loss: number, rng: Rng): number {
  return loss === Infinity ? Infinity : loss * Math.exp(OBSERVATION_NOISE * rng.normal());
}
