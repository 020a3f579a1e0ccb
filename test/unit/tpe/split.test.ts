import test from 'node:test';
import assert from 'node:assert/strict';
import { ageWeights, splitTrials } from '../../../src/engine/samplers/tpe/split';
import { trial } from './helpers';

const ten = (n: number) => Math.min(Math.ceil(0.1 * n), 25);

test('one objective: the lowest values are good when minimising, the highest when maximising', () => {
  const values = [5, 1, 9, 3, 7, 2, 8, 6, 4, 0, 11, 10, 12, 13, 14, 15, 16, 17, 18, 19];
  const trials = values.map((v, i) => trial(i, { x: i }, 'complete', [v]));
  const min = splitTrials(trials, ['minimize'], ten);
  assert.deepEqual(min.good, [9, 1], 'best first');
  assert.equal(min.bad.length, 18);
  const max = splitTrials(trials, ['maximize'], ten);
  assert.deepEqual(max.good, [19, 18]);
});

test('pruned trials rank after complete ones, deeper first', () => {
  const trials = [
    trial(0, {}, 'complete', [10]),
    trial(1, {}, 'pruned', undefined, { intermediate: { 1: 0.1 } }),
    trial(2, {}, 'pruned', undefined, { intermediate: { 1: 5, 3: 9 } }),
    trial(3, {}, 'pruned'),
  ];
  assert.deepEqual(splitTrials(trials, ['minimize'], () => 2).good, [0, 2]);
  assert.deepEqual(splitTrials(trials, ['minimize'], () => 3).good, [0, 2, 1]);
  // A pruned trial without reports is never good.
  assert.ok(!splitTrials(trials, ['minimize'], () => 4).good.includes(3));
});

test('running and infeasible trials are always bad, however good their values', () => {
  const trials = [
    trial(0, {}, 'complete', [0], { systemAttrs: { constraints: [0.5] } }),
    trial(1, {}, 'complete', [1], { systemAttrs: { constraints: [-1] } }),
    trial(2, {}, 'running'),
    trial(3, {}, 'complete', [2]),
    trial(4, {}, 'complete', [-5], { systemAttrs: { constraints: [0, 3] } }),
  ];
  const { good, bad } = splitTrials(trials, ['minimize'], () => 10);
  assert.deepEqual(good, [1, 3]);
  assert.deepEqual(bad, [0, 2, 4]);
});

test('several objectives: the Pareto front fills the good set first', () => {
  // Front: (0,4), (1,2), (4,0); dominated: (2,3), (3,3), (5,5).
  const points = [[2, 3], [0, 4], [5, 5], [1, 2], [3, 3], [4, 0]];
  const trials = points.map((v, i) => trial(i, {}, 'complete', v));
  assert.deepEqual(splitTrials(trials, ['minimize', 'minimize'], () => 3).good.sort(), [1, 3, 5]);
  // With room for 4, the next front's best member joins.
  assert.deepEqual(splitTrials(trials, ['minimize', 'minimize'], () => 4).good.sort(), [0, 1, 3, 5]);
  // Maximising the second objective turns the order around on that axis.
  assert.deepEqual(splitTrials(trials, ['minimize', 'maximize'], () => 2).good.sort(), [1, 2]);
});

test('the last front is cut by crowding distance, keeping its extremes', () => {
  const points = [[0, 10], [1, 9], [2, 8.9], [5, 5], [10, 0]];
  const trials = points.map((v, i) => trial(i, {}, 'complete', v));
  const good = splitTrials(trials, ['minimize', 'minimize'], () => 3).good;
  assert.deepEqual(good.sort(), [0, 3, 4]);
});

test('age weights: the newest 25 weigh 1, older ones fade linearly', () => {
  assert.deepEqual([...ageWeights(3)], [1, 1, 1]);
  const w = ageWeights(35);
  assert.ok(Math.abs(w[0] - 1 / 35) < 1e-12);
  for (let i = 1; i < 10; i++) assert.ok(w[i] > w[i - 1]);
  for (let i = 10; i < 35; i++) assert.equal(w[i], 1);
});
