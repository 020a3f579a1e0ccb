import test from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/random';
import { axisFor } from '../../../src/engine/samplers/tpe/axes';
import { ParzenEstimator, type Axis } from '../../../src/engine/samplers/tpe/parzen';

function estimator(axes: Axis[], points: number[], widths: number[], uniformWeight = 1) {
  const n = points.length / axes.length;
  return new ParzenEstimator(axes, {
    points: Float64Array.from(points),
    weights: new Float64Array(n).fill(1),
    widths: Float64Array.from(widths),
    uniformWeight,
    smoothing: 1,
  });
}

test('a continuous estimator integrates to 1 over the unit interval', () => {
  const p = estimator([{ kind: 'continuous' }], [0.02, 0.5, 0.97], [0.05, 0.2, 0.3]);
  const steps = 20000;
  let total = 0;
  const x = new Float64Array(1);
  for (let k = 0; k < steps; k++) {
    x[0] = (k + 0.5) / steps;
    total += Math.exp(p.logPdf(x)) / steps;
  }
  assert.ok(Math.abs(total - 1) < 1e-3, `integral was ${total}`);
});

test('grid and choice axes give masses that sum to 1 over their cells', () => {
  const grid = axisFor({ type: 'int', low: 1, high: 16, log: true, step: 1 });
  const axes: Axis[] = [grid, { kind: 'choice', count: 3 }];
  const p = estimator(axes, [2, 1, 10, 0], [0.1, 0, 0.05, 0], 0.5);
  let total = 0;
  const x = new Float64Array(2);
  for (let a = 0; a < 16; a++) {
    for (let b = 0; b < 3; b++) {
      x[0] = a;
      x[1] = b;
      total += Math.exp(p.logPdf(x));
    }
  }
  assert.ok(Math.abs(total - 1) < 1e-9, `total mass was ${total}`);
});

test('log-int cells widen with the value, as the unit-cube transform maps them', () => {
  const grid = axisFor({ type: 'int', low: 1, high: 100, log: true, step: 1 });
  assert.equal(grid.kind, 'continuous', 'a 100-value grid is modelled as continuous');
  const small = axisFor({ type: 'int', low: 1, high: 8, log: true, step: 1 });
  assert.equal(small.kind, 'grid');
  if (small.kind !== 'grid') return;
  assert.equal(small.edges[0], 0);
  assert.equal(small.edges[8], 1);
  assert.ok(small.edges[1] - small.edges[0] > small.edges[8] - small.edges[7]);
});

test('samples follow the kernels: a narrow kernel at 0.8 draws near 0.8', () => {
  const p = estimator([{ kind: 'continuous' }, { kind: 'choice', count: 4 }], [0.8, 2], [0.02, 0], 0);
  const rng = new Rng(1);
  const out = new Float64Array(2);
  let hits = 0;
  for (let k = 0; k < 2000; k++) {
    p.sample(rng, out);
    assert.ok(out[0] >= 0 && out[0] < 1);
    assert.ok(Math.abs(out[0] - 0.8) < 0.1);
    if (out[1] === 2) hits++;
  }
  // The choice kernel gives its choice (1 + 1/4) / 2 = 0.625.
  assert.ok(Math.abs(hits / 2000 - 0.625) < 0.04, `share of choice 2 was ${hits / 2000}`);
});

test('density is higher at a kernel than far from it', () => {
  const p = estimator([{ kind: 'continuous' }, { kind: 'continuous' }], [0.2, 0.2], [0.05, 0.05]);
  assert.ok(p.logPdf(Float64Array.from([0.2, 0.2])) > p.logPdf(Float64Array.from([0.8, 0.8])) + 2);
});
