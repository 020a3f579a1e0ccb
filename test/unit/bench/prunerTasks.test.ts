import test from 'node:test';
import assert from 'node:assert/strict';
import { ConfigStream } from '../../bench/pruners/configStream';
import { MlpTrainer } from '../../bench/pruners/mlp';
import type { DigitSet } from '../../bench/pruners/mnistData';
import { SYNTHETIC, SYNTHETIC_CROSSING, SYNTHETIC_SPACE, curveParams, noiselessValue } from '../../bench/pruners/synthetic';

test('the configuration stream is the same for the same seed, whatever order it is read in', () => {
  const a = new ConfigStream(SYNTHETIC_SPACE, 3);
  const b = new ConfigStream(SYNTHETIC_SPACE, 3);
  const late = b.get(5);
  assert.deepEqual(a.get(5), late);
  assert.deepEqual(a.get(0), b.get(0));
  assert.notDeepEqual(new ConfigStream(SYNTHETIC_SPACE, 4).get(0), a.get(0));
});

test('synthetic curves are deterministic per seed and index', () => {
  const p = new ConfigStream(SYNTHETIC_SPACE, 1).get(2);
  const one = SYNTHETIC.openSeed(1);
  const two = SYNTHETIC.openSeed(1);
  assert.equal(one.value(2, p, 40), two.value(2, p, 40));
  assert.notEqual(one.value(2, p, 40), SYNTHETIC.openSeed(2).value(2, p, 40));
});

test('synthetic-crossing has slow starters that finish best', () => {
  // At the best learning rate (batch 16: 10^-2.5) against one a decade above it.
  const base = { width: 512, weight_decay: 1e-4, batch: 16 };
  const shape = { speedAtBest: 25, speedPerDecade: 0.8, highLrPenalty: 0.15, lowLrPenalty: 0 };
  const slow = curveParams({ ...base, lr: 10 ** -2.5 }, shape);
  const fast = curveParams({ ...base, lr: 10 ** -1.5 }, shape);
  assert.ok(noiselessValue(fast, 9) < noiselessValue(slow, 9));
  assert.ok(noiselessValue(slow, 81) < noiselessValue(fast, 81));
  assert.equal(SYNTHETIC_CROSSING.maxStep, 81);
});

/** A tiny separable digit set: class c lights pixel c. */
function toyDigits(n: number): DigitSet {
  const offsets = new Int32Array(n + 1);
  const pixel = new Int32Array(n);
  const value = new Float32Array(n);
  const label = new Uint8Array(n);
  for (let e = 0; e < n; e++) {
    label[e] = e % 10;
    pixel[e] = e % 10;
    value[e] = 1;
    offsets[e + 1] = e + 1;
  }
  return { size: n, offsets, pixel, value, label };
}

test('the MLP learns a separable toy set, and the same seed gives the same curve', () => {
  const data = toyDigits(100);
  const settings = { hidden: 8, learningRate: 0.1, batchSize: 10, momentum: 0.9, weightDecay: 0, scheduleEpochs: 10 };
  const curve = (seed: number): number[] => {
    const t = new MlpTrainer(data, data, settings, seed);
    return Array.from({ length: 10 }, () => t.nextEpoch());
  };
  const a = curve(1);
  assert.deepEqual(curve(1), a);
  assert.equal(a[a.length - 1], 0);
});
