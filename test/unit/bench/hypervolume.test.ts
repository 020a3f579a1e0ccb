import test from 'node:test';
import assert from 'node:assert/strict';
import { dominates, hypervolume, nondominated } from '../../bench/samplers/hypervolume';
import { dtlz2, zdt, zdtFrontSample, zdtFrontVolume } from '../../bench/samplers/multiObjective';

test('2-D hypervolume of one point is its box to the reference', () => {
  assert.equal(hypervolume([[1, 2]], [4, 5]), 9);
});

test('2-D hypervolume of a staircase subtracts the overlap', () => {
  // Boxes 3x1 and 1x3 against (4, 4) overlap in a 1x1 square.
  assert.equal(hypervolume([[1, 3], [3, 1]], [4, 4]), 5);
  // A dominated point and one outside the box add nothing.
  assert.equal(hypervolume([[1, 3], [3, 1], [3.5, 3.5], [5, 0]], [4, 4]), 5);
});

test('3-D hypervolume matches inclusion-exclusion', () => {
  assert.equal(hypervolume([[0, 0, 0]], [2, 3, 4]), 24);
  // Boxes [1,2]x[0,2]x[0,2] (a=(1,0,0)) and [0,2]x[1,2]x[0,2] (b=(0,1,0)): 4 + 4 - 2.
  assert.equal(hypervolume([[1, 0, 0], [0, 1, 0]], [2, 2, 2]), 6);
  // Differing heights: a=(0,0,1) box 2x2x1 = 4; b=(1,1,0) box 1x1x2 = 2; overlap 1x1x1.
  assert.equal(hypervolume([[0, 0, 1], [1, 1, 0]], [2, 2, 2]), 5);
});

test('hypervolume rejects 4 objectives', () => {
  assert.throws(() => hypervolume([[0, 0, 0, 0]], [1, 1, 1, 1]), /not supported/);
});

test('nondominated keeps the front once', () => {
  assert.ok(dominates([1, 1], [1, 2]));
  assert.ok(!dominates([1, 1], [1, 1]));
  const front = nondominated([[1, 3], [2, 2], [2, 3], [3, 1], [2, 2]]);
  assert.deepEqual(front, [[1, 3], [2, 2], [3, 1]]);
});

test('a dense ZDT1 front sample approaches the closed-form volume from below', () => {
  const exact = zdtFrontVolume('zdt1');
  const sampled = hypervolume(zdtFrontSample('zdt1', 2001), [1.1, 11]);
  assert.ok(sampled < exact && exact - sampled < 1e-3, `${sampled} vs ${exact}`);
  const z = zdt('zdt1', 10);
  assert.equal(z.referenceVolume, exact);
});

test('the ZDT3 reference volume lies between the ZDT1 one and the box down to its lowest f2', () => {
  const v = zdtFrontVolume('zdt3', 20001);
  // ZDT3's front dips below ZDT1's (and below f2 = 0), so it dominates more.
  const lowest = Math.min(...zdtFrontSample('zdt3', 20001).map((p) => p[1]));
  assert.ok(lowest < -0.7 && lowest > -0.8, String(lowest));
  assert.ok(v > zdtFrontVolume('zdt1') && v < 1.1 * (11 - lowest), String(v));
  // Denser sampling only adds volume, and little of it.
  const denser = zdtFrontVolume('zdt3', 200001);
  assert.ok(denser >= v && denser - v < 1e-3, `${v} -> ${denser}`);
});

test('DTLZ2 sphere-octant samples approach r^3 - pi/6', () => {
  const m = dtlz2(12);
  const pts: number[][] = [];
  const k = 30;
  for (let i = 0; i <= k; i++) for (let j = 0; j <= k; j++) pts.push(m.f([i / k, j / k, ...new Array(10).fill(0.5)]));
  const sampled = hypervolume(pts, m.reference);
  assert.ok(sampled < m.referenceVolume, `${sampled} vs ${m.referenceVolume}`);
  assert.ok(m.referenceVolume - sampled < 0.05 * (Math.PI / 6), `${sampled} vs ${m.referenceVolume}`);
});
