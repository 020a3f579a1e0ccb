import test from 'node:test';
import assert from 'node:assert/strict';
import { perturb } from '../../../../src/engine/pbt';
import { Rng } from '../../../../src/engine/random';
import { contains, type ParamValue } from '../../../../src/engine/space';
import type { SearchedDistribution } from '../../../../src/engine/transform';

/** Every value perturb gives `value` over many seeds, resampling off. */
function outcomes(d: SearchedDistribution, value: ParamValue, draws = 400): ParamValue[] {
  const seen = new Set<ParamValue>();
  const rng = new Rng(7);
  for (let i = 0; i < draws; i++) {
    const out = perturb({ x: value }, { x: d }, rng, 0).x;
    assert.ok(contains(d, out), `${String(out)} is not a value of ${JSON.stringify(d)}`);
    seen.add(out);
  }
  return [...seen].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
}

test('a float is multiplied by 0.8 or 1.2, and clipped to its bounds', () => {
  assert.deepEqual(outcomes({ type: 'float', low: 0, high: 10, log: false }, 5), [4, 6]);
  assert.deepEqual(outcomes({ type: 'float', low: 0, high: 10, log: false }, 9), [7.2, 10]);
  assert.deepEqual(outcomes({ type: 'float', low: 1e-3, high: 1, log: true }, 0.9), [0.9 * 0.8, 1]);
  assert.deepEqual(outcomes({ type: 'float', low: 1e-3, high: 1, log: true }, 1.1e-3), [1e-3, 1.1e-3 * 1.2]);
});

test('zero in a linear range moves (a factor alone would keep it at 0)', () => {
  assert.deepEqual(outcomes({ type: 'float', low: -1, high: 1, log: false }, 0), [-0.1, 0.1]);
});

test('an int is rounded, and moves at least one step when rounding would undo the factor', () => {
  assert.deepEqual(outcomes({ type: 'int', low: 1, high: 10, log: false, step: 1 }, 1), [1, 2], '0.8 clips to 1; 1.2 rounds to 1, so it steps to 2');
  assert.deepEqual(outcomes({ type: 'int', low: 1, high: 10, log: false, step: 1 }, 3), [2, 4]);
  assert.deepEqual(outcomes({ type: 'int', low: 1, high: 1024, log: true, step: 1 }, 100), [80, 120]);
  assert.deepEqual(outcomes({ type: 'int', low: 1, high: 1024, log: true, step: 1 }, 1000), [800, 1024]);
});

test('stepped values snap to the grid, without float noise', () => {
  assert.deepEqual(outcomes({ type: 'int', low: 0, high: 100, log: false, step: 10 }, 50), [40, 60]);
  assert.deepEqual(outcomes({ type: 'int', low: 0, high: 100, log: false, step: 10 }, 10), [0, 20]);
  assert.deepEqual(outcomes({ type: 'float', low: 0, high: 1, log: false, step: 0.1 }, 0.3), [0.2, 0.4]);
});

test('a categorical value moves to an adjacent choice, clipped at the ends', () => {
  const d: SearchedDistribution = { type: 'categorical', choices: ['a', 'b', 'c', 'd'] };
  assert.deepEqual(outcomes(d, 'b'), ['a', 'c']);
  assert.deepEqual(outcomes(d, 'a'), ['a', 'b']);
  assert.deepEqual(outcomes(d, 'd'), ['c', 'd']);
  assert.deepEqual(outcomes({ type: 'categorical', choices: [true] }, true), [true]);
});

test('resampling draws from the whole distribution at about the given rate', () => {
  const d: SearchedDistribution = { type: 'float', low: 0, high: 100, log: false };
  const rng = new Rng(3);
  let resampled = 0;
  const n = 4000;
  for (let i = 0; i < n; i++) {
    const out = perturb({ x: 50 }, { x: d }, rng, 0.25).x as number;
    assert.ok(contains(d, out));
    if (out !== 40 && out !== 60) resampled++;
  }
  assert.ok(Math.abs(resampled / n - 0.25) < 0.03, `resampled ${resampled / n} of the time, expected about 0.25`);
  const all = Array.from({ length: 200 }, () => perturb({ x: 50 }, { x: d }, rng, 1).x as number);
  assert.ok(Math.min(...all) < 10 && Math.max(...all) > 90, 'a resample is not confined near the old value');
});

test('names outside the searched space pass through, and missing ones are not invented', () => {
  const space: Record<string, SearchedDistribution> = {
    lr: { type: 'float', low: 1e-4, high: 1, log: true },
    opt: { type: 'categorical', choices: ['sgd', 'adam'] },
  };
  const out = perturb({ lr: 0.1, epochs: 30, tag: 'run', nothing: null }, space, new Rng(1), 0.5);
  assert.equal(out.epochs, 30);
  assert.equal(out.tag, 'run');
  assert.equal(out.nothing, null);
  assert.ok(!('opt' in out));
  assert.notEqual(out.lr, 0.1);
});

test('the same seed gives the same perturbation', () => {
  const space: Record<string, SearchedDistribution> = {
    lr: { type: 'float', low: 1e-4, high: 1, log: true },
    depth: { type: 'int', low: 1, high: 12, log: false, step: 1 },
    opt: { type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
  };
  const params = { lr: 0.01, depth: 6, opt: 'adam' };
  const a = Array.from({ length: 20 }, ((rng) => () => perturb(params, space, rng, 0.25))(new Rng(42)));
  const b = Array.from({ length: 20 }, ((rng) => () => perturb(params, space, rng, 0.25))(new Rng(42)));
  assert.deepEqual(a, b);
  assert.ok(new Set(a.map((p) => JSON.stringify(p))).size > 5);
});
