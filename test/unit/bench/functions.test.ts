import test from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/engine/random';
import * as fn from '../../bench/samplers/functions';
import { hpoStepped, hpoSurface, MIXED_OPTIMUM } from '../../bench/samplers/mixed';
import { getTask, TASK_NAMES } from '../../bench/samplers/tasks';

const minimisers: Array<[fn.BoxFunction, number[]]> = [
  [fn.branin(), [Math.PI, 2.275]],
  [fn.hartmann6(), [0.20168951, 0.15001069, 0.47687397, 0.27533243, 0.31165162, 0.65730053]],
  [fn.rosenbrock(10), new Array(10).fill(1)],
  [fn.levy(5), new Array(5).fill(1)],
  [fn.ackley(20), new Array(20).fill(0)],
  [fn.rastrigin(10), new Array(10).fill(0)],
  [fn.griewank(10), new Array(10).fill(0)],
  [fn.styblinskiTang(10), new Array(10).fill(-2.903534027771178)],
  [fn.sixHumpCamel(), [0.0898420074, -0.7126564039]],
  [fn.sphere(10), fn.shiftedOptimum(10, 101)],
  [fn.ellipsoid(10, false), fn.shiftedOptimum(10, 102)],
  [fn.ellipsoid(10, true), fn.shiftedOptimum(10, 103)],
];

test('each test function reaches its stated optimum at its known minimiser', () => {
  for (const [f, x] of minimisers) {
    const gap = f.f(x) - f.optimum;
    assert.ok(gap >= -1e-9 && gap < 1e-7, `${f.name}: f(x*) - optimum = ${gap}`);
  }
});

test('no random point beats a stated optimum', () => {
  const rng = new Rng(5);
  for (const [f] of minimisers) {
    for (let i = 0; i < 500; i++) {
      const x = f.low.map((lo, k) => lo + (f.high[k] - lo) * rng.next());
      assert.ok(f.f(x) >= f.optimum, `${f.name} at ${x}`);
    }
  }
});

test('the rotation is orthogonal and fixed by its seed', () => {
  const r = fn.rotationMatrix(10, 104);
  for (let i = 0; i < 10; i++)
    for (let j = 0; j < 10; j++) {
      const dot = r[i].reduce((a, v, k) => a + v * r[j][k], 0);
      assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-12);
    }
  assert.deepEqual(fn.rotationMatrix(10, 104), r);
});

test('mixed surfaces hit their optimum only at adam, lr 1e-3, 4 x 256, dropout 0.3', () => {
  const hpo = hpoSurface();
  assert.equal(hpo.f({ lr: 1e-3, layers: 4, width: 256, optimizer: 'adam', dropout: 0.3 }), MIXED_OPTIMUM);
  assert.ok(hpo.f({ lr: 1e-1, layers: 4, width: 256, optimizer: 'sgd', dropout: 0.3 }) > MIXED_OPTIMUM + 0.03);
  const stepped = hpoStepped();
  assert.ok(Math.abs(stepped.f({ log10_lr: -3, layers: 4, width: 256, batch: 64, dropout: 0.30000000000000004, optimizer: 'adam' }) - MIXED_OPTIMUM) < 1e-15);
});

test('every task evaluates a midpoint to finite values of the right count', () => {
  for (const name of TASK_NAMES) {
    const t = getTask(name);
    const params: Record<string, number | string | boolean | null> = {};
    for (const [k, d] of Object.entries(t.space)) {
      if (d.type === 'categorical') params[k] = d.choices[0];
      else if (d.type === 'float' || d.type === 'int') params[k] = d.type === 'int' ? d.low : (d.low + d.high) / 2;
    }
    const v = t.evaluate(params);
    assert.equal(v.length, t.directions.length, name);
    assert.ok(v.every(Number.isFinite), name);
    assert.equal(Object.keys(t.space).length, t.dim, name);
  }
});
