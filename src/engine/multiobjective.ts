// Pareto dominance, non-dominated sorting, crowding distance and hypervolume:
// the numerics NSGA-II, MOTPE and the study's Pareto front share. Points are
// objective vectors; `directions` says which way each objective is better.
import { violation } from './constraints';
import type { Direction } from './space';
import type { TrialRecord } from './trial';

/** True when a is at least as good as b on every objective and better on one. */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly Direction[]): boolean {
  let strictly = false;
  for (let i = 0; i < directions.length; i++) {
    const x = directions[i] === 'minimize' ? a[i] : -a[i];
    const y = directions[i] === 'minimize' ? b[i] : -b[i];
    if (x > y) return false;
    if (x < y) strictly = true;
  }
  return strictly;
}

/**
 * Deb's constrained domination: a feasible point beats an infeasible one, of
 * two infeasible points the smaller total violation wins, and two feasible
 * points compare by Pareto dominance.
 */
export function constrainedDominates(
  a: readonly number[],
  violationA: number,
  b: readonly number[],
  violationB: number,
  directions: readonly Direction[],
): boolean {
  if (violationA === 0 && violationB === 0) return dominates(a, b, directions);
  if (violationA === 0) return true;
  if (violationB === 0) return false;
  return violationA < violationB;
}

/** Constrained domination between two complete trials (constraints as ../constraints reads them). */
export function trialDominates(a: TrialRecord, b: TrialRecord, directions: readonly Direction[]): boolean {
  return constrainedDominates(a.values ?? [], violation(a), b.values ?? [], violation(b), directions);
}

/**
 * Fronts of indices into `points`: front 0 is non-dominated, front 1 is
 * non-dominated once front 0 is removed, and so on (Deb's fast sort,
 * O(M N^2)). With `violations`, dominance is constrained domination.
 */
export function nonDominatedSort(
  points: readonly (readonly number[])[],
  directions: readonly Direction[],
  violations?: readonly number[],
): number[][] {
  const n = points.length;
  const dominatedBy = new Int32Array(n); // how many points dominate i
  const beats: number[][] = Array.from({ length: n }, () => []);
  const better = (i: number, j: number): boolean =>
    violations ? constrainedDominates(points[i], violations[i], points[j], violations[j], directions) : dominates(points[i], points[j], directions);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (better(i, j)) {
        beats[i].push(j);
        dominatedBy[j]++;
      } else if (better(j, i)) {
        beats[j].push(i);
        dominatedBy[i]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current: number[] = [];
  for (let i = 0; i < n; i++) if (dominatedBy[i] === 0) current.push(i);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of beats[i]) if (--dominatedBy[j] === 0) next.push(j);
    }
    current = next.sort((x, y) => x - y);
  }
  return fronts;
}

/**
 * Crowding distance of each point of one front: the sum over objectives of
 * the normalised gap between its neighbours; the extremes get Infinity so
 * that selection keeps the ends of the front.
 */
export function crowdingDistance(front: readonly (readonly number[])[]): number[] {
  const n = front.length;
  const distance = new Array<number>(n).fill(0);
  if (n === 0) return distance;
  if (n <= 2) return distance.fill(Infinity);
  const m = front[0].length;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < m; k++) {
    order.sort((i, j) => front[i][k] - front[j][k] || i - j);
    const lo = front[order[0]][k];
    const hi = front[order[n - 1]][k];
    distance[order[0]] = Infinity;
    distance[order[n - 1]] = Infinity;
    if (!(hi > lo)) continue;
    for (let r = 1; r < n - 1; r++) distance[order[r]] += (front[order[r + 1]][k] - front[order[r - 1]][k]) / (hi - lo);
  }
  return distance;
}

/**
 * The volume of objective space that the points dominate and that dominates
 * the reference point. Exact: a sweep in 2-D, slicing into 2-D sweeps in 3-D,
 * and recursive slicing above (fine for fronts of a few dozen points).
 */
export function hypervolume(
  points: readonly (readonly number[])[],
  reference: readonly number[],
  directions: readonly Direction[],
): number {
  const m = directions.length;
  // To minimisation, relative to the reference: every kept point has all coordinates < 0.
  const shifted: number[][] = [];
  for (const p of points) {
    const q = new Array<number>(m);
    let inside = true;
    for (let k = 0; k < m; k++) {
      q[k] = directions[k] === 'minimize' ? p[k] - reference[k] : reference[k] - p[k];
      if (!(q[k] < 0)) inside = false;
    }
    if (inside) shifted.push(q);
  }
  if (shifted.length === 0) return 0;
  return volume(nonDominated(shifted), m);
}

/** Each point's exclusive hypervolume: what the set loses without it. */
export function hypervolumeContribution(
  points: readonly (readonly number[])[],
  reference: readonly number[],
  directions: readonly Direction[],
): number[] {
  const total = hypervolume(points, reference, directions);
  return points.map((_, i) => Math.max(0, total - hypervolume(points.filter((__, j) => j !== i), reference, directions)));
}

/** Minimisation points relative to the origin (all coordinates < 0). */
function volume(points: number[][], m: number): number {
  if (m === 1) return -Math.min(...points.map((p) => p[0]));
  if (m === 2) return volume2d(points);
  // Slice along the last objective: between consecutive levels, the points
  // at or below the level dominate a (m-1)-dimensional region.
  const sorted = points.slice().sort((a, b) => a[m - 1] - b[m - 1]);
  let total = 0;
  const active: number[][] = [];
  for (let i = 0; i < sorted.length; i++) {
    active.push(sorted[i].slice(0, m - 1));
    const top = i + 1 < sorted.length ? sorted[i + 1][m - 1] : 0;
    const depth = top - sorted[i][m - 1];
    if (depth > 0) total += depth * volume(m - 1 === 2 ? active : nonDominated(active), m - 1);
  }
  return total;
}

function volume2d(points: number[][]): number {
  const sorted = points.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let total = 0;
  let bestY = 0;
  for (const [x, y] of sorted) {
    if (y < bestY) {
      total += -x * (bestY - y);
      bestY = y;
    }
  }
  return total;
}

/** The points no other point weakly dominates (duplicates kept once), minimisation. */
function nonDominated(points: number[][]): number[][] {
  const sorted = points.slice().sort((a, b) => {
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] - b[k];
    return 0;
  });
  const kept: number[][] = [];
  for (const p of sorted) {
    // Sorted lexicographically, a point can only be dominated by an earlier one.
    if (!kept.some((q) => q.every((x, k) => x <= p[k]))) kept.push(p);
  }
  return kept;
}
