import test from 'node:test';
import assert from 'node:assert/strict';
import { jointWidth, minimumWidth, neighbourWidths } from '../../../src/engine/samplers/tpe/bandwidth';
import { erfc, intervalMass } from '../../../src/engine/samplers/tpe/gaussian';
import { groupNames } from '../../../src/engine/samplers/tpe/groups';

test('erfc matches reference values', () => {
  const cases: Array<[number, number]> = [
    [0, 1],
    [0.5, 0.4795001222],
    [1, 0.1572992071],
    [2, 0.004677734981],
    [-1, 1.842700793],
    [5, 1.537459794e-12],
  ];
  for (const [x, want] of cases) assert.ok(Math.abs(erfc(x) - want) <= 2e-7 * want, `erfc(${x}) = ${erfc(x)}, want ${want}`);
});

test('interval mass of a normal: whole line is 1, halves are 1/2, far tails stay positive and tiny', () => {
  assert.ok(Math.abs(intervalMass(0.3, 0.1, -100, 100) - 1) < 2e-7);
  assert.ok(Math.abs(intervalMass(0.3, 0.1, 0.3, 100) - 0.5) < 2e-7);
  assert.ok(Math.abs(intervalMass(0, 1, -1, 1) - 0.6826894921) < 1e-6);
  const far = intervalMass(0, 0.01, 0.9, 1);
  assert.ok(far >= 0 && far < 1e-100, `mass 90 sigmas away was ${far}`);
  const tail = intervalMass(0, 1, 6, 7);
  assert.ok(Math.abs(tail / 9.8530784e-10 - 1) < 1e-5, `tail mass was ${tail}`);
});

test('joint widths: optuna rule ignores the data, scott narrows as points gather', () => {
  const n = 50;
  const spread = Float64Array.from({ length: n }, (_, i) => i / (n - 1));
  const tight = Float64Array.from({ length: n }, (_, i) => 0.5 + 0.01 * (i % 5));
  const w = new Float64Array(n).fill(1);
  assert.equal(jointWidth(spread, w, n, 2, 'optuna', 1), jointWidth(tight, w, n, 2, 'optuna', 1));
  assert.ok(Math.abs(jointWidth(spread, w, n, 2, 'optuna', 1) - 0.2 * n ** (-1 / 6)) < 1e-12);
  const wide = jointWidth(spread, w, n, 2, 'scott', 1);
  const narrow = jointWidth(tight, w, n, 2, 'scott', 1);
  assert.ok(Math.abs(wide - Math.sqrt((n * n - 1) / (12 * (n - 1) ** 2)) * n ** (-1 / 6)) < 1e-3, `spread width ${wide}`);
  assert.ok(narrow < wide / 2, `tight ${narrow} vs spread ${wide}`);
  assert.equal(narrow, minimumWidth(n), 'never below the minimum width');
  // Few points: the minimum width (1 / (n + 1)) dominates.
  assert.equal(jointWidth(spread.subarray(0, 5), w, 5, 2, 'optuna', 1), 1 / 6);
});

test('neighbour widths: each kernel as wide as its larger gap, clipped to the minimum', () => {
  const centres = Float64Array.from([0.02, 0.2, 0.9, 0.95, 0.05, 0.4, 0.6, 0.7, 0.75, 0.1]);
  const out = new Float64Array(10);
  neighbourWidths(centres, 10, false, out);
  // Sorted with the prior at 0.5: .02 .05 .1 .2 .4 [.5] .6 .7 .75 .9 .95; minimum width 1/11.
  // The ends use only their inner gap unless endpoints count.
  const want = [0.03, 0.2, 0.15, 0.05, 0.05, 0.2, 0.1, 0.1, 0.15, 0.1].map((x) => Math.max(x, 1 / 11));
  for (let i = 0; i < 10; i++) assert.ok(Math.abs(out[i] - want[i]) < 1e-12, `kernel ${i}: ${out[i]} vs ${want[i]}`);
  neighbourWidths(centres, 10, true, out);
  assert.ok(Math.abs(out[5] - 0.2) < 1e-12);
  neighbourWidths(Float64Array.from([0.5, 0.5, 0.5]), 3, false, out);
  for (let i = 0; i < 3; i++) assert.equal(out[i], 1 / 4);
});

test('names that always appear together form one group; absent names none', () => {
  // 3 trials x 4 names: a, b everywhere; c only in trial 2; d nowhere.
  const present = Uint8Array.from([1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0]);
  assert.deepEqual(groupNames(present, 3, 4), [[0, 1], [2]]);
  assert.deepEqual(groupNames(new Uint8Array(6).fill(1), 2, 3), [[0, 1, 2]]);
});
