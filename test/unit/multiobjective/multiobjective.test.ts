import test from 'node:test';
import assert from 'node:assert/strict';
import {
  constrainedDominates,
  crowdingDistance,
  dominates,
  hypervolume,
  hypervolumeContribution,
  nonDominatedSort,
  trialDominates,
} from '../../../src/engine/multiobjective';
import { Rng } from '../../../src/engine/random';
import type { Direction } from '../../../src/engine/space';
import type { TrialRecord } from '../../../src/engine/trial';

const MIN2: Direction[] = ['minimize', 'minimize'];
const MIN3: Direction[] = ['minimize', 'minimize', 'minimize'];

test('dominates follows each objective direction and needs one strict improvement', () => {
  assert.equal(dominates([1, 2], [2, 2], MIN2), true);
  assert.equal(dominates([2, 2], [2, 2], MIN2), false, 'equal points do not dominate');
  assert.equal(dominates([1, 3], [2, 2], MIN2), false);
  assert.equal(dominates([1, 3], [2, 2], ['minimize', 'maximize']), true);
  assert.equal(dominates([3, 3], [2, 2], ['maximize', 'maximize']), true);
});

test('constrained domination: feasible beats infeasible, smaller violation beats larger', () => {
  assert.equal(constrainedDominates([9, 9], 0, [1, 1], 0.5, MIN2), true);
  assert.equal(constrainedDominates([1, 1], 0.5, [9, 9], 0, MIN2), false);
  assert.equal(constrainedDominates([9, 9], 0.1, [1, 1], 0.5, MIN2), true);
  assert.equal(constrainedDominates([1, 1], 0, [2, 2], 0, MIN2), true);
  const trial = (values: number[], constraints?: number[]): TrialRecord => ({
    number: 0, state: 'complete', params: {}, distributions: {}, values, intermediate: {}, userAttrs: {},
    systemAttrs: constraints ? { constraints } : {},
  });
  assert.equal(trialDominates(trial([5, 5], [-1]), trial([1, 1], [2]), MIN2), true);
  assert.equal(trialDominates(trial([1, 1], [2]), trial([5, 5]), MIN2), false);
});

test('nonDominatedSort splits a hand example into its fronts', () => {
  const points = [
    [1, 5], // 0: front 0
    [2, 3], // 1: front 0
    [4, 1], // 2: front 0
    [3, 4], // 3: front 1 (dominated by 1)
    [5, 5], // 4: front 2 (dominated by 3)
    [2, 3], // 5: a duplicate of 1: front 0 too
  ];
  assert.deepEqual(nonDominatedSort(points, MIN2), [[0, 1, 2, 5], [3], [4]]);
  assert.deepEqual(nonDominatedSort(points, ['maximize', 'maximize']), [[4], [0, 2, 3], [1, 5]]);
});

test('nonDominatedSort with violations puts infeasible points behind feasible ones', () => {
  const fronts = nonDominatedSort([[1, 1], [5, 5], [6, 6]], MIN2, [2, 0, 1]);
  assert.deepEqual(fronts, [[1], [2], [0]]);
});

test('crowding distance: extremes are infinite, inner points sum normalised gaps', () => {
  const d = crowdingDistance([[0, 4], [1, 2], [2, 1], [4, 0]]);
  assert.equal(d[0], Infinity);
  assert.equal(d[3], Infinity);
  // Point 1: (2 - 0) / 4 + (4 - 1) / 4 = 1.25; point 2: (4 - 1) / 4 + (2 - 0) / 4 = 1.25.
  assert.ok(Math.abs(d[1] - 1.25) < 1e-12 && Math.abs(d[2] - 1.25) < 1e-12, `got ${d}`);
  assert.deepEqual(crowdingDistance([[1, 1], [2, 0]]), [Infinity, Infinity]);
});

test('hypervolume in 2-D on a hand example, either direction', () => {
  // Staircase (1,3), (2,2), (3,1) against (4,4): 3*1 + 2*1 + 1*1 = 6.
  assert.equal(hypervolume([[1, 3], [2, 2], [3, 1]], [4, 4], MIN2), 6);
  // A dominated point and one beyond the reference add nothing.
  assert.equal(hypervolume([[1, 3], [2, 2], [3, 1], [3, 3], [5, 0]], [4, 4], MIN2), 6);
  assert.equal(hypervolume([[-1, -3], [-2, -2], [-3, -1]], [-4, -4], ['maximize', 'maximize']), 6);
  assert.equal(hypervolume([], [1, 1], MIN2), 0);
});

test('hypervolume in 3-D on a hand example', () => {
  // Three unit-offset boxes against (2,2,2): union of [0,2]x[1,2]x[1,2]-style boxes.
  const points = [[0, 1, 1], [1, 0, 1], [1, 1, 0]];
  // Each box has volume 2*1*1 = 2; pairwise overlaps 1 each, triple overlap 1: 6 - 3 + 1 = 4.
  assert.ok(Math.abs(hypervolume(points, [2, 2, 2], MIN3) - 4) < 1e-12);
  assert.ok(Math.abs(hypervolume([[0, 0, 0]], [1, 2, 3], MIN3) - 6) < 1e-12);
});

test('hypervolume in 3-D and 4-D agrees with a Monte Carlo estimate', () => {
  const rng = new Rng(42);
  for (const m of [3, 4]) {
    const directions: Direction[] = Array(m).fill('minimize');
    // Points on a sphere-like front, in [0,1]^m.
    const points: number[][] = [];
    for (let i = 0; i < 25; i++) {
      const v = Array.from({ length: m }, () => Math.abs(rng.normal()));
      const len = Math.hypot(...v);
      points.push(v.map((x) => x / len));
    }
    const exact = hypervolume(points, Array(m).fill(1.1), directions);
    let inside = 0;
    const samples = 40_000;
    for (let s = 0; s < samples; s++) {
      const x = Array.from({ length: m }, () => rng.next() * 1.1);
      if (points.some((p) => p.every((v, k) => v <= x[k]))) inside++;
    }
    const estimate = (inside / samples) * 1.1 ** m;
    const se = 1.1 ** m * Math.sqrt((inside / samples) * (1 - inside / samples) / samples);
    assert.ok(Math.abs(exact - estimate) < 4 * se, `m=${m}: exact ${exact}, Monte Carlo ${estimate} +- ${se}`);
  }
});

test('hypervolume contribution is what the set loses without each point', () => {
  const c = hypervolumeContribution([[1, 3], [2, 2], [3, 1], [3, 3]], [4, 4], MIN2);
  // (1,3): its own 1x1 strip; (2,2): 1x1; (3,1): 1x1; (3,3) is dominated: 0.
  assert.deepEqual(c, [1, 1, 1, 0]);
});
