import test from 'node:test';
import assert from 'node:assert/strict';
import { areaPerTrial, bestSoFarLogRegret, budgetFor, hypervolumeRegretCurve, logRegret } from '../../bench/samplers/metrics';

test('budget follows ceil(20 + 40 sqrt(d))', () => {
  assert.equal(budgetFor(2), 77);
  assert.equal(budgetFor(6), 118);
  assert.equal(budgetFor(10), 147);
  assert.equal(budgetFor(20), 199);
});

test('log regret is floored at 1e-12', () => {
  assert.equal(logRegret(1.5, 0.5), 0);
  assert.equal(logRegret(0.5, 0.5), -12);
  assert.equal(logRegret(0.4, 0.5), -12);
});

test('best-so-far regret never rises', () => {
  const curve = bestSoFarLogRegret([10, 100, 1, 5, 0.1], 0);
  assert.deepEqual(curve, [1, 1, 0, 0, -1]);
  assert.equal(areaPerTrial(curve), 1 / 5);
});

test('hypervolume regret falls as the front improves and ignores dominated points', () => {
  const ref = [4, 4];
  const curve = hypervolumeRegretCurve([[3, 3], [3.5, 3.5], [1, 3], [3, 1]], ref, 10);
  assert.deepEqual(curve, [9, 9, 7, 5]);
  // A found front equal to the reference front hits the floor.
  assert.equal(hypervolumeRegretCurve([[0, 0]], [1, 1], 1)[0], 1e-12);
});
