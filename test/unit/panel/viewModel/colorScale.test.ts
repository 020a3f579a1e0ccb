import test from 'node:test';
import assert from 'node:assert/strict';
import { colorRamp, goodness, mixColor, parseColor, rampIndex, withAlpha } from '../../../../src/panel/viewModel/colorScale';

test('theme colours parse from hex and rgb(a); anything else is undefined', () => {
  assert.deepEqual(parseColor('#3794ff'), { r: 0x37, g: 0x94, b: 0xff, a: 1 });
  assert.deepEqual(parseColor('#fff'), { r: 255, g: 255, b: 255, a: 1 });
  assert.deepEqual(parseColor('#00000080'), { r: 0, g: 0, b: 0, a: 128 / 255 });
  assert.deepEqual(parseColor(' rgba(10, 20, 30, 0.5) '), { r: 10, g: 20, b: 30, a: 0.5 });
  assert.deepEqual(parseColor('rgb(10 20 30 / 50%)'), { r: 10, g: 20, b: 30, a: 0.5 });
  assert.equal(parseColor('red'), undefined);
  assert.equal(parseColor('#12345'), undefined);
});

test('withAlpha multiplies opacity; mixColor goes channel by channel', () => {
  assert.equal(withAlpha('#ff0000', 0.5), 'rgba(255, 0, 0, 0.5)');
  assert.equal(withAlpha('rgba(0, 0, 0, 0.5)', 0.5), 'rgba(0, 0, 0, 0.25)');
  assert.equal(withAlpha('var(--x)', 0.5), 'var(--x)', 'an unknown colour is left alone');
  assert.equal(mixColor('#000000', '#ffffff', 0.5), 'rgba(128, 128, 128, 1)');
  assert.equal(mixColor('#000000', '#ffffff', 2), 'rgba(255, 255, 255, 1)');
});

test('goodness is 1 for the best value whichever the direction', () => {
  assert.equal(goodness(0, 0, 10, 'minimize'), 1);
  assert.equal(goodness(10, 0, 10, 'minimize'), 0);
  assert.equal(goodness(10, 0, 10, 'maximize'), 1);
  assert.equal(goodness(2.5, 0, 10, 'maximize'), 0.25);
  assert.ok(Number.isNaN(goodness(null, 0, 10, 'minimize')));
  assert.equal(goodness(3, 3, 3, 'minimize'), 1, 'one value is the best there is');
});

test('a ramp runs worst to best through the middle colour', () => {
  const ramp = colorRamp('#ff0000', '#ffff00', '#00ff00', 5);
  assert.equal(ramp.length, 5);
  assert.equal(ramp[0], 'rgba(255, 0, 0, 1)');
  assert.equal(ramp[2], 'rgba(255, 255, 0, 1)');
  assert.equal(ramp[4], 'rgba(0, 255, 0, 1)');
  assert.deepEqual([0, 0.49, 1, NaN].map((g) => rampIndex(g, 5)), [0, 2, 4, 0]);
});
