import test from 'node:test';
import assert from 'node:assert/strict';
import {
  GRID_STEPS,
  evenKernel,
  frequencyMass,
  parzenMass,
  pearsonDivergence,
  scottBandwidth,
  unitGrid,
} from '../../../src/engine/importance/parzen';

const sum = (xs: Float64Array): number => xs.reduce((a, b) => a + b, 0);

test('a continuous parameter is estimated on an even grid of GRID_STEPS cells', () => {
  const g = unitGrid({ type: 'float', low: 0, high: 1, log: false });
  assert.equal(g.points.length, GRID_STEPS);
  assert.equal(g.points[0], 0.5 / GRID_STEPS);
  assert.ok(Math.abs(sum(g.widths) - 1) < 1e-12);
});

test('a small int range gets one grid point per value, log cells sized as fromUnit sizes them', () => {
  const g = unitGrid({ type: 'int', low: 1, high: 8, log: true, step: 1 });
  assert.equal(g.points.length, 8);
  assert.ok(Math.abs(sum(g.widths) - 1) < 1e-12);
  // On a log axis 1 (from 0.5 to 1.5) covers more than 8 (7.5 to 8.5).
  assert.ok(g.widths[0] > 5 * g.widths[7]);
  for (let k = 1; k < 8; k++) assert.ok(g.points[k] > g.points[k - 1]);
});

test('an int range with more values than the grid is treated as continuous', () => {
  assert.equal(unitGrid({ type: 'int', low: 0, high: 1000, log: false, step: 1 }).points.length, GRID_STEPS);
});

test('Scott bandwidth is 1.059 sd n^(-1/5), and 0 for a single sample', () => {
  const xs = Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5]);
  const sd = Math.sqrt(0.025);
  assert.ok(Math.abs(scottBandwidth(xs) - 1.059 * sd * Math.pow(5, -0.2)) < 1e-12);
  assert.equal(scottBandwidth(Float64Array.from([0.3])), 0);
});

test('a Parzen estimate is a positive distribution whose mass sits near the samples', () => {
  const g = unitGrid({ type: 'float', low: 0, high: 1, log: false });
  const m = parzenMass(g, Float64Array.from([0.8, 0.82, 0.79, 0.81, 0.8]));
  assert.ok(Math.abs(sum(m) - 1) < 1e-12);
  assert.ok(m.every((v) => v > 0));
  let best = 0;
  for (let j = 1; j < m.length; j++) if (m[j] > m[best]) best = j;
  assert.ok(Math.abs(g.points[best] - 0.8) <= 1 / GRID_STEPS, `mode at ${g.points[best]}`);
});

test('frequencies include a uniform prior worth one sample', () => {
  assert.deepEqual(Array.from(frequencyMass(Float64Array.from([3, 0, 0]))), [(3 + 1 / 3) / 4, 1 / 12, 1 / 12]);
});

test('Pearson divergence is 0 for equal distributions and sum (p - q)^2 / q otherwise', () => {
  const q = Float64Array.from([0.5, 0.25, 0.25]);
  assert.equal(pearsonDivergence(q, q), 0);
  const p = Float64Array.from([1, 0, 0]);
  assert.ok(Math.abs(pearsonDivergence(p, q) - (0.25 / 0.5 + 0.0625 / 0.25 + 0.0625 / 0.25)) < 1e-12);
});

test('the even-grid kernel recurrence matches exp(-z^2 / 2) point by point', () => {
  const g = 50;
  const out = new Float64Array(g);
  for (const [s, h] of [[0, 0.02], [0.37, 0.05], [0.999, 0.3], [0.5, 0.01]]) {
    evenKernel(g, s, h, out);
    for (let j = 0; j < g; j++) {
      const z = ((j + 0.5) / g - s) / h;
      const want = Math.exp(-0.5 * z * z);
      assert.ok(Math.abs(out[j] - want) <= 1e-12 * Math.max(1, want) + 1e-300, `s=${s} h=${h} j=${j}: ${out[j]} vs ${want}`);
    }
  }
});
