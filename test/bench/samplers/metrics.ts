// Per-run figures: the best-so-far log10 regret curve of a single-objective
// run and the hypervolume regret curve of a multi-objective one.
import { dominates, hypervolume, nondominated } from './hypervolume';

/** Regrets below this count as solved; log10 of it is the floor of every curve. */
export const REGRET_FLOOR = 1e-12;

/** log10 of the simple regret, floored so that exact hits stay finite. */
export function logRegret(best: number, optimum: number): number {
  return Math.log10(Math.max(best - optimum, REGRET_FLOOR));
}

/** log10 simple regret of the best value found after each trial (minimisation). */
export function bestSoFarLogRegret(values: readonly number[], optimum: number): number[] {
  const out = new Array<number>(values.length);
  let best = Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < best) best = values[i];
    out[i] = logRegret(best, optimum);
  }
  return out;
}

/** Hypervolume regret (reference-front volume minus the found front's) after each trial. */
export function hypervolumeRegretCurve(points: readonly number[][], reference: readonly number[], referenceVolume: number): number[] {
  const out = new Array<number>(points.length);
  let front: number[][] = [];
  let volume = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    // Only a point the current front does not dominate can change the volume.
    if (!front.some((q) => dominates(q, p) || q.every((v, k) => v === p[k]))) {
      front = nondominated([...front, p]);
      volume = hypervolume(front, reference);
    }
    out[i] = Math.max(referenceVolume - volume, REGRET_FLOOR);
  }
  return out;
}

/** Area under a curve per trial: its mean, so tasks with different budgets compare. */
export function areaPerTrial(curve: readonly number[]): number {
  if (curve.length === 0) return NaN;
  let sum = 0;
  for (const v of curve) sum += v;
  return sum / curve.length;
}

/** The CARP-S budget for a d-dimensional task. */
export function budgetFor(dim: number): number {
  return Math.ceil(20 + 40 * Math.sqrt(dim));
}
