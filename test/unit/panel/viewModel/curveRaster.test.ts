import test from 'node:test';
import assert from 'node:assert/strict';
import { curveNear, densityImage, densityRaster, rasterizeCurves, type LinearMap } from '../../../../src/panel/viewModel/curveRaster';

/** Data units are pixels: a point at (x, y) falls in pixel column floor(x), row floor(y). */
const identity: LinearMap = { xOffset: 0, xScale: 1, yOffset: 0, yScale: 1, logY: false };
const sum = (a: Uint32Array): number => a.reduce((s, v) => s + v, 0);

test('a curve adds one to every pixel along its segments, once per pixel', () => {
  const r = densityRaster(5, 3);
  rasterizeCurves([{ number: 0, steps: [0, 2, 4], values: [1, 1, 1] }], identity, r);
  assert.deepEqual([...r.counts.slice(5, 10)], [1, 1, 1, 1, 1]);
  assert.equal(sum(r.counts), 5);
  // A second curve over the same pixels makes them denser.
  rasterizeCurves([{ number: 1, steps: [0, 4], values: [1, 1] }], identity, r);
  assert.equal(r.counts[7], 2);
});

test('a steep segment covers every row it crosses, one pixel each', () => {
  const r = densityRaster(3, 6);
  rasterizeCurves([{ number: 0, steps: [0, 2], values: [0, 5] }], identity, r);
  assert.equal(sum(r.counts), 6);
  for (let row = 0; row < 6; row++) assert.equal(r.counts.slice(row * 3, row * 3 + 3).reduce((s, v) => s + v, 0), 1, `row ${row}`);
});

test('points the axis cannot place break the line; segments are clipped to the image', () => {
  const r = densityRaster(4, 4);
  rasterizeCurves([{ number: 0, steps: [0, 1, 2, 3], values: [0, NaN, 2, 9] }], identity, r);
  assert.equal(r.counts[0], 1, 'the lone first point');
  assert.equal(r.counts[1 * 4 + 1], 0, 'no segment into the missing point');
  assert.equal(r.counts[2 * 4 + 2], 1);
  assert.equal(sum(r.counts), 3, 'the segment to y=9 leaves the image after one more pixel');
});

test('a segment from far outside enters the image at its edge', () => {
  const r = densityRaster(4, 4);
  rasterizeCurves([{ number: 0, steps: [-1000, 3], values: [1.5, 1.5] }], identity, r);
  assert.deepEqual([...r.counts.slice(4, 8)], [1, 1, 1, 1]);
  assert.equal(sum(r.counts), 4);
});

test('the map scales and shifts; on a log axis values <= 0 break the line', () => {
  const r = densityRaster(4, 4);
  const log: LinearMap = { xOffset: 1, xScale: 0.5, yOffset: 0, yScale: 1, logY: true };
  rasterizeCurves([{ number: 0, steps: [0, 2, 4], values: [10, 0, 1000] }], log, r);
  assert.equal(r.counts[1 * 4 + 1], 1, 'step 0, log10(10) = 1');
  assert.equal(r.counts[3 * 4 + 3], 1, 'step 4, log10(1000) = 3');
  assert.equal(sum(r.counts), 2, 'no segments next to the 0');
});

test('the curve near a point is the last one drawn across the nearest pixel', () => {
  const r = densityRaster(10, 10);
  rasterizeCurves([{ number: 7, steps: [0, 9], values: [2, 2] }, { number: 3, steps: [0, 9], values: [6, 6] }], identity, r);
  assert.equal(curveNear(r, 4, 3, 2), 7);
  assert.equal(curveNear(r, 4, 5, 2), 3);
  assert.equal(curveNear(r, 4, 4.2, 0), undefined, 'nothing within radius 0');
  rasterizeCurves([{ number: 9, steps: [0, 9], values: [2, 2] }], identity, r);
  assert.equal(curveNear(r, 4, 2, 1), 9, 'drawn on top');
});

test('opacity grows with density, the densest pixel opaque; later layers sit on top', () => {
  const a = new Uint32Array([0, 1, 4, 0]);
  const b = new Uint32Array([0, 0, 0, 2]);
  const out = new Uint8ClampedArray(16).fill(9);
  densityImage(
    [
      { counts: a, color: { r: 255, g: 0, b: 0, a: 1 } },
      { counts: b, color: { r: 0, g: 0, b: 255, a: 1 } },
    ],
    out,
  );
  assert.deepEqual([...out.slice(0, 4)], [0, 0, 0, 0], 'no curve, transparent');
  assert.ok(out[7] > 0 && out[7] < out[11], 'one curve fainter than four');
  assert.equal(out[11], 255);
  assert.deepEqual([...out.slice(8, 11)], [255, 0, 0]);
  assert.deepEqual([...out.slice(12, 16)], [0, 0, 255, 255]);
});

test('a translucent top layer lets the one under it show through', () => {
  const out = new Uint8ClampedArray(4);
  densityImage(
    [
      { counts: new Uint32Array([1]), color: { r: 255, g: 0, b: 0, a: 1 } },
      { counts: new Uint32Array([1]), color: { r: 0, g: 0, b: 255, a: 0.5 } },
    ],
    out,
  );
  assert.ok(out[0] > 0 && out[2] > 0, `both colours in ${[...out]}`);
  assert.equal(out[3], 255);
});
