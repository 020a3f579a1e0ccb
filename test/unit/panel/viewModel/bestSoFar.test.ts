import test from 'node:test';
import assert from 'node:assert/strict';
import { bestSoFar } from '../../../../src/panel/viewModel/bestSoFar';

const t = (number: number, state: string, values: (number | null)[]) => ({ number, state, values });

test('the best so far of complete trials in trial order, for a minimised objective', () => {
  // Out of order on purpose: the history follows trial numbers.
  const trials = [t(2, 'complete', [5]), t(0, 'complete', [3]), t(1, 'pruned', [1]), t(3, 'complete', [2]), t(4, 'failed', []), t(5, 'complete', [2]), t(6, 'running', [])];
  assert.deepEqual(bestSoFar(trials, 'minimize'), [
    { number: 0, value: 3, best: 3, improved: true },
    { number: 2, value: 5, best: 3, improved: false },
    { number: 3, value: 2, best: 2, improved: true },
    { number: 5, value: 2, best: 2, improved: false },
  ]);
});

test('a maximised objective, and another objective than the first', () => {
  const trials = [t(0, 'complete', [1, 0.5]), t(1, 'complete', [0, 0.7]), t(2, 'complete', [2, 0.6])];
  assert.deepEqual(
    bestSoFar(trials, 'maximize').map((p) => p.best),
    [1, 1, 2],
  );
  assert.deepEqual(
    bestSoFar(trials, 'maximize', 1).map((p) => [p.best, p.improved]),
    [
      [0.5, true],
      [0.7, true],
      [0.7, false],
    ],
  );
});

test('values that are missing or not finite are left out; no trials, no history', () => {
  const trials = [t(0, 'complete', [NaN]), t(1, 'complete', [null]), t(2, 'complete', [Infinity]), t(3, 'complete', [4])];
  assert.deepEqual(bestSoFar(trials, 'minimize'), [{ number: 3, value: 4, best: 4, improved: true }]);
  assert.deepEqual(bestSoFar([], 'minimize'), []);
});
