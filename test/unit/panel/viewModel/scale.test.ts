import test from 'node:test';
import assert from 'node:assert/strict';
import { extent, linearScale, logScale } from '../../../../src/panel/viewModel/scale';

test('a linear scale maps its domain to 0..1 and back', () => {
  const s = linearScale(10, 30);
  assert.equal(s.toUnit(20), 0.5);
  assert.equal(s.toUnit(40), 1.5, 'not clamped');
  assert.equal(s.fromUnit(0.25), 15);
  assert.ok(Number.isNaN(s.toUnit(NaN)));
  assert.deepEqual(linearScale(30, 10).domain, [10, 30]);
  assert.deepEqual(linearScale(5, 5).domain, [4.5, 5.5], 'one value sits in the middle');
  assert.deepEqual(linearScale(0, 0).domain, [-1, 1]);
  assert.throws(() => linearScale(0, Infinity), RangeError);
});

test('a log scale maps decades evenly and cannot place values <= 0', () => {
  const s = logScale(1e-4, 1);
  assert.ok(Math.abs(s.toUnit(1e-2) - 0.5) < 1e-12);
  assert.ok(Math.abs(s.fromUnit(0.75) - 0.1) < 1e-12);
  assert.ok(Number.isNaN(s.toUnit(0)));
  assert.ok(Number.isNaN(s.toUnit(-1)));
  assert.deepEqual(logScale(1, 1).domain, [0.1, 10]);
  assert.throws(() => logScale(0, 1), RangeError);
});

test('ticks are round numbers inside the domain', () => {
  assert.deepEqual(linearScale(0, 1).ticks(5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(linearScale(0.1, 0.95).ticks(4), [0.2, 0.4, 0.6, 0.8]);
  assert.deepEqual(linearScale(-3, 7).ticks(5), [-2, 0, 2, 4, 6]);
  assert.deepEqual(logScale(1e-5, 1).ticks(6), [1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1]);
  assert.deepEqual(logScale(1e-6, 1).ticks(3), [1e-6, 1e-3, 1]);
  assert.deepEqual(logScale(2, 8).ticks(3), [2, 4, 6, 8], 'within one decade, linear ticks');
});

test('extent of the finite values, positive only for a log axis', () => {
  assert.deepEqual(extent([3, null, -1, NaN, undefined, Infinity, 2]), [-1, 3]);
  assert.deepEqual(extent([3, -1, 0, 2], true), [2, 3]);
  assert.equal(extent([]), undefined);
  assert.equal(extent([NaN]), undefined);
});
