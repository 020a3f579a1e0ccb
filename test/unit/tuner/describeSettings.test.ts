import test from 'node:test';
import assert from 'node:assert/strict';
import { describeSettings } from '../../../src/tuner/summary';

test('a run\'s settings in one line: pruner and PBT only when used, automatic GPU parallelism said so', () => {
  assert.equal(describeSettings({ trials: 20, parallel: 2, sampler: 'tpe', pruner: 'none', seed: 7 }), '20 trials, 2 at a time, sampler tpe, seed 7');
  assert.equal(describeSettings({ trials: 20, parallel: 1, parallelAuto: true, sampler: 'auto', pruner: 'asha', seed: 1 }), '20 trials, one per GPU slot at a time (1 without GPUs), sampler auto, pruner asha, seed 1');
  const pbt = { population: 4, interval: 3, maxStep: 9, fraction: 0.25, resampleProbability: 0.25 };
  assert.equal(describeSettings({ trials: 12, parallel: 1, sampler: 'random', pbt, seed: 2 }), '12 trials, 1 at a time, sampler random, PBT population 4 every 3 steps to 9, seed 2');
});
