import test from 'node:test';
import assert from 'node:assert/strict';
import { densityImage, rasterizeCurves } from '../../../../src/panel/viewModel/curveRaster';

const identity = { x: (v: number) => v, y: (v: number) => v };

test('a curve adds one to every pixel along its segments, once per pixel', () => {
  const d = new Float32Array(5 * 3);
  rasterizeCurves([{ steps: [0, 4], values: [1, 1] }], identity, 5, 3, d);
  assert.deepEqual([...d.slice(5, 10)], [1, 1, 1, 1, 1]);
  assert.equal(d.reduce((a, b) => a + b, 0), 5);
  // A second curve over the same pixels makes them denser.
  rasterizeCurves([{ steps: [0, 4], values: [1, 1] }], identity, 5, 3, d);
  assert.equal(d[7], 2);
});

test('points the axis cannot place break the line; pixels outside the image are skipped', () => {
  const d = new Float32Array(4 * 4);
  rasterizeCurves([{ steps: [0, 1, 2, 3], values: [0, NaN, 2, 9] }], identity, 4, 4, d);
  assert.equal(d[0], 1, 'the lone first point');
  assert.equal(d[1 * 4 + 1], 0, 'no segment into the missing point');
  assert.equal(d[2 * 4 + 2], 1);
  assert.equal(d.reduce((a, b) => a + b, 0), 3, 'the segment to y=9 leaves the image after one more pixel');
});

test('a thicker line covers that many rows', () => {
  const d = new Float32Array(3 * 4);
  rasterizeCurves([{ steps: [1], values: [1.5] }], identity, 3, 4, d, 2);
  assert.deepEqual([d[1 * 3 + 1], d[2 * 3 + 1]], [1, 1]);
});

test('opacity grows with density, the densest pixel opaque; later layers sit on top', () => {
  const a = new Float32Array([0, 1, 4, 0]);
  const b = new Float32Array([0, 0, 0, 2]);
  const out = new Uint8ClampedArray(16);
  densityImage(
    [
      { density: a, color: { r: 255, g: 0, b: 0, a: 1 } },
      { density: b, color: { r: 0, g: 0, b: 255, a: 1 } },
    ],
    out,
  );
  assert.equal(out[3], 0, 'no curve, transparent');
  assert.ok(out[7] > 0 && out[7] < out[11], 'one curve fainter than four');
  assert.equal(out[11], 255);
  assert.deepEqual([...out.slice(8, 11)], [255, 0, 0]);
  assert.deepEqual([...out.slice(12, 16)], [0, 0, 255, 255]);
});
