import test from 'node:test';
import assert from 'node:assert/strict';
import { minimizeBox } from '../../../src/engine/math/optimize';

test('projected L-BFGS finds the minimum of the Rosenbrock function', () => {
  const rosen = (x: Float64Array, g: Float64Array): number => {
    const [a, b] = x;
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
    return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
  };
  const r = minimizeBox(rosen, [-1.2, 1], [-5, -5], [5, 5], { maxIterations: 200, relativeTolerance: 0 , gradientTolerance: 1e-8 });
  assert.ok(Math.abs(r.x[0] - 1) < 1e-4 && Math.abs(r.x[1] - 1) < 1e-4, `ended at ${Array.from(r.x)}`);
});

test('projected L-BFGS stops on an active bound', () => {
  // Minimum of (x-2)^2 + (y+3)^2 over [0,1]^2 is the corner (1, 0).
  const f = (x: Float64Array, g: Float64Array): number => {
    g[0] = 2 * (x[0] - 2);
    g[1] = 2 * (x[1] + 3);
    return (x[0] - 2) ** 2 + (x[1] + 3) ** 2;
  };
  const r = minimizeBox(f, [0.5, 0.5], [0, 0], [1, 1]);
  assert.deepEqual(Array.from(r.x), [1, 0]);
});

test('projected L-BFGS survives a non-finite region', () => {
  const f = (x: Float64Array, g: Float64Array): number => {
    g[0] = 2 * (x[0] - 3);
    return x[0] > 2.5 ? NaN : (x[0] - 3) ** 2;
  };
  const r = minimizeBox(f, [0], [-10], [10]);
  assert.ok(Number.isFinite(r.value) && r.x[0] <= 2.5 && r.x[0] > 2, `ended at ${r.x[0]}`);
});
