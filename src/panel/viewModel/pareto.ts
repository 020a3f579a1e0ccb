// The Pareto-front chart (two or three objectives): every complete trial as a
// point, the non-dominated ones marked, and the chosen point: the one the
// person clicked, else the engine's own choice (Study.best: Pareto-optimal,
// feasible, best on the first objective, the lower trial number on a tie).
// With one objective that choice is the best trial, so the suggestion card
// takes its trial from here whatever the number of objectives.
import { isBetter } from '../../engine/trial';
import type { Direction, ObjectiveTrial } from './types';

export interface ParetoPoint {
  number: number;
  values: number[];
  feasible: boolean;
  /** No feasible trial dominates it (infeasible trials are never on the front). */
  onFront: boolean;
}

export interface ParetoView {
  /** Complete trials with a finite value for every objective, by trial number. */
  points: ParetoPoint[];
  /** The front's trial numbers along the first objective (ascending value, then the next objectives): the line through it. */
  front: number[];
  chosen: number | undefined;
  /** `user` when the chosen trial is the one asked for, `best` when it is the engine's. */
  chosenBy: 'user' | 'best' | undefined;
}

/**
 * The chart's points and front. `chosen`, when it names one of the points,
 * is kept as the chosen one; any other number falls back to the engine's rule.
 */
export function paretoView(trials: readonly ObjectiveTrial[], directions: readonly Direction[], chosen?: number): ParetoView {
  if (directions.length === 0) throw new RangeError('a Pareto front needs at least one objective');
  const m = directions.length;
  const points: ParetoPoint[] = [];
  for (const t of trials) {
    if (t.state !== 'complete' || t.values.length !== m) continue;
    if (!t.values.every((v) => typeof v === 'number' && Number.isFinite(v))) continue;
    points.push({ number: t.number, values: t.values.slice() as number[], feasible: t.feasible !== false, onFront: false });
  }
  points.sort((a, b) => a.number - b.number);

  const front = nonDominated(points.filter((p) => p.feasible), directions);
  for (const p of front) p.onFront = true;

  let chosenPoint = chosen === undefined ? undefined : points.find((p) => p.number === chosen);
  const chosenBy = chosenPoint ? 'user' : front.length > 0 ? 'best' : undefined;
  if (!chosenPoint) {
    for (const p of front) {
      if (!chosenPoint || isBetter(p.values[0], chosenPoint.values[0], directions[0]) || (p.values[0] === chosenPoint.values[0] && p.number < chosenPoint.number)) chosenPoint = p;
    }
  }
  const line = front.slice().sort((a, b) => {
    for (let k = 0; k < m; k++) if (a.values[k] !== b.values[k]) return a.values[k] - b.values[k];
    return a.number - b.number;
  });
  return { points, front: line.map((p) => p.number), chosen: chosenPoint?.number, chosenBy };
}

/**
 * The points no other point dominates (equal points are all kept), in any
 * number of objectives. Sorted lexicographically with every objective turned
 * to minimisation, a point can only be dominated by an earlier one, and if
 * any point dominates it a kept one does, so each point is checked against
 * the front so far: O(n log n + n * front size) rather than O(n^2), and
 * in two objectives against the kept point lowest on the second: O(n log n).
 */
export function nonDominated<P extends { values: readonly number[] }>(points: readonly P[], directions: readonly Direction[]): P[] {
  const m = directions.length;
  const n = points.length;
  const x = new Float64Array(n * m); // every objective turned to minimisation
  for (let i = 0; i < n; i++) for (let k = 0; k < m; k++) x[i * m + k] = (directions[k] === 'minimize' ? 1 : -1) * points[i].values[k];
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => {
    for (let k = 0; k < m; k++) {
      const d = x[i * m + k] - x[j * m + k];
      if (d !== 0) return d;
    }
    return i - j;
  });
  const kept: number[] = [];
  if (m === 2) {
    // A sweep: only the kept point lowest on the second objective (the first such) can dominate the next one.
    let low = -1;
    for (const i of order) {
      if (low >= 0) {
        const d = x[low * 2 + 1] - x[i * 2 + 1];
        if (d < 0 || (d === 0 && x[low * 2] !== x[i * 2])) continue;
      }
      kept.push(i);
      if (low < 0 || x[i * 2 + 1] < x[low * 2 + 1]) low = i;
    }
  } else if (m === 3) {
    return sweep3(x, order).map((i) => points[i]);
  } else {
    for (const i of order) {
      let dominated = false;
      for (let s = 0; s < kept.length && !dominated; s++) {
        const j = kept[s];
        let noWorse = true;
        let better = false;
        for (let k = 0; k < m; k++) {
          const a = x[j * m + k];
          const b = x[i * m + k];
          if (a > b) {
            noWorse = false;
            break;
          }
          if (a < b) better = true;
        }
        dominated = noWorse && better;
      }
      if (!dominated) kept.push(i);
    }
  }
  return kept.map((i) => points[i]);
}

/**
 * Three objectives (flat minimisation coordinates, indices in lexicographic
 * order): the kept points' lowest z for each y, as a staircase of y ascending
 * and z descending, tells at once whether an earlier point dominates the next
 * one: O(n log n) plus the cost of splicing, however large the front.
 */
function sweep3(x: Float64Array, order: readonly number[]): number[] {
  const kept: number[] = [];
  // The staircase's points, by y ascending; for equal y and z the first (lowest x) one.
  const stairs: number[] = [];
  const y = (i: number): number => x[i * 3 + 1];
  const z = (i: number): number => x[i * 3 + 2];
  for (const i of order) {
    // The last step with y <= y(i): the lowest z among kept points no higher on y.
    let lo = 0;
    let hi = stairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (y(stairs[mid]) <= y(i)) lo = mid + 1;
      else hi = mid;
    }
    const at = lo - 1;
    const e = at >= 0 ? stairs[at] : -1;
    if (e >= 0) {
      if (z(e) < z(i)) continue;
      if (z(e) === z(i)) {
        // Equal z: e dominates unless it equals i on y and x too (a duplicate, kept).
        if (y(e) < y(i) || x[e * 3] < x[i * 3]) continue;
        kept.push(i);
        continue;
      }
    }
    kept.push(i);
    // i becomes a step: it replaces a step at the same y and the steps after it that it covers.
    const from = e >= 0 && y(e) === y(i) ? at : at + 1;
    let to = at + 1;
    while (to < stairs.length && z(stairs[to]) >= z(i)) to++;
    stairs.splice(from, to - from, i);
  }
  return kept;
}
