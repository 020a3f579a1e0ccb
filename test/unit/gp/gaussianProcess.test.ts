import test from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/random';
import { GpPosterior, type GpHyperparameters } from '../../../src/engine/samplers/gp/gaussianProcess';
import { fitHyperparameters, negativeLogPosterior } from '../../../src/engine/samplers/gp/hyperparameters';
import { standardize, transformOutputs, yeoJohnson } from '../../../src/engine/samplers/gp/outputWarping';

function data(n: number, dims: number, f: (x: Float64Array) => number, seed = 1): { xs: Float64Array; y: Float64Array } {
  const rng = new Rng(seed);
  const xs = new Float64Array(n * dims);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = xs.subarray(i * dims, (i + 1) * dims);
    for (let j = 0; j < dims; j++) row[j] = rng.next();
    y[i] = f(row);
  }
  return { xs, y: standardize(y) };
}

const hyper = (lengthscales: number[], noise = 1e-8): GpHyperparameters => ({ lengthscales: Float64Array.from(lengthscales), signal: 1, noise });

test('the posterior interpolates noiseless data with near-zero variance there', () => {
  const { xs, y } = data(15, 2, (x) => Math.sin(5 * x[0]) + x[1] * x[1]);
  const gp = new GpPosterior(xs, 2, y, hyper([0.3, 0.5]));
  const out = new Float64Array(2);
  for (let i = 0; i < 15; i++) {
    gp.predict(xs.subarray(i * 2, i * 2 + 2), out);
    assert.ok(Math.abs(out[0] - y[i]) < 1e-4, `mean ${out[0]} at data point ${i} (y ${y[i]})`);
    assert.ok(out[1] < 1e-5, `variance ${out[1]} at data point ${i}`);
  }
  gp.predict(Float64Array.from([5, 5]), out); // far away: the prior
  assert.ok(Math.abs(out[0]) < 1e-6 && Math.abs(out[1] - 1) < 1e-6);
});

test('batched prediction and the input gradients agree with single predictions', () => {
  const dims = 3;
  const { xs, y } = data(20, dims, (x) => Math.cos(4 * x[0]) + x[1] - x[2] * x[0]);
  const gp = new GpPosterior(xs, dims, y, hyper([0.4, 0.8, 0.6], 1e-4));
  const rng = new Rng(4);
  const m = 7;
  const points = Float64Array.from({ length: m * dims }, () => rng.next());
  const mean = new Float64Array(m);
  const variance = new Float64Array(m);
  gp.predictMany(points, m, mean, variance);
  const out = new Float64Array(2);
  const gm = new Float64Array(dims);
  const gv = new Float64Array(dims);
  for (let c = 0; c < m; c++) {
    const x = points.slice(c * dims, (c + 1) * dims);
    gp.predictWithGradient(x, out, gm, gv);
    assert.ok(Math.abs(out[0] - mean[c]) < 1e-12 && Math.abs(out[1] - variance[c]) < 1e-12);
    for (let j = 0; j < dims; j++) {
      const h = 1e-6;
      const up = new Float64Array(2);
      const down = new Float64Array(2);
      x[j] += h;
      gp.predict(x, up);
      x[j] -= 2 * h;
      gp.predict(x, down);
      x[j] += h;
      assert.ok(Math.abs((up[0] - down[0]) / (2 * h) - gm[j]) < 1e-5, `d mean / dx${j}`);
      assert.ok(Math.abs((up[1] - down[1]) / (2 * h) - gv[j]) < 1e-5, `d var / dx${j}`);
    }
  }
});

test('the marginal-likelihood gradient agrees with finite differences', () => {
  const dims = 3;
  const { xs, y } = data(25, dims, (x) => Math.sin(6 * x[0]) + 0.3 * x[2]);
  const theta = Float64Array.from([-1, 0.5, 0.2, 0.3, -3]);
  const grad = new Float64Array(5);
  negativeLogPosterior(xs, dims, y, theta, grad);
  const scratch = new Float64Array(5);
  for (let k = 0; k < 5; k++) {
    const h = 1e-5;
    theta[k] += h;
    const up = negativeLogPosterior(xs, dims, y, theta, scratch);
    theta[k] -= 2 * h;
    const down = negativeLogPosterior(xs, dims, y, theta, scratch);
    theta[k] += h;
    const fd = (up - down) / (2 * h);
    assert.ok(Math.abs(fd - grad[k]) < 1e-4 * Math.max(1, Math.abs(fd)), `theta[${k}]: ${grad[k]} vs ${fd}`);
  }
});

test('the fit finds a short length scale for a fast function and a long one for a slow function', () => {
  const fast = data(40, 1, (x) => Math.sin(25 * x[0]), 2);
  const slow = data(40, 1, (x) => Math.sin(1.5 * x[0]), 2);
  const lFast = fitHyperparameters(fast.xs, 1, fast.y).lengthscales[0];
  const lSlow = fitHyperparameters(slow.xs, 1, slow.y).lengthscales[0];
  assert.ok(lFast < 0.15, `fast length scale ${lFast}`);
  assert.ok(lSlow > 0.5, `slow length scale ${lSlow}`);
});

test('the fit gives an irrelevant input a longer length scale than a relevant one', () => {
  const { xs, y } = data(40, 2, (x) => Math.sin(6 * x[0]), 3);
  const l = fitHyperparameters(xs, 2, y).lengthscales;
  assert.ok(l[1] > 3 * l[0], `length scales ${Array.from(l)}`);
});

test('output warping keeps the order of values and tames a heavy tail', () => {
  const y = [0.1, 0.5, 1, 2, 3, 5, 8, 400, 10000];
  const z = transformOutputs(y, 'power');
  for (let i = 1; i < y.length; i++) assert.ok(z[i] > z[i - 1], 'order kept');
  const plain = standardize(y);
  // The gap between the two best values is a larger share of the spread after warping.
  assert.ok((z[1] - z[0]) / (z[8] - z[0]) > 10 * ((plain[1] - plain[0]) / (plain[8] - plain[0])));
  assert.ok(Math.abs(yeoJohnson(3, 1) - 3) < 1e-12 && Math.abs(yeoJohnson(-2, 1) + 2) < 1e-12, 'lambda 1 is the identity');
  assert.deepEqual(Array.from(standardize([2, 2, 2])), [0, 0, 0]);
});
