import test from 'node:test';
import assert from 'node:assert/strict';
import { symmetricEigen } from '../../../src/engine/math/eigen';
import { Rng } from '../../../src/engine/random';

function randomSymmetric(n: number, rng: Rng): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
  }
  return a;
}

for (const n of [1, 2, 3, 7, 20]) {
  test(`symmetric eigen (n=${n}): A v = lambda v, V orthonormal, values ascending`, () => {
    const rng = new Rng(n);
    for (let rep = 0; rep < 5; rep++) {
      const a = randomSymmetric(n, rng);
      const copy = Float64Array.from(a);
      const { values, vectors } = symmetricEigen(a, n);
      assert.deepEqual(a, copy, 'the input must not change');
      for (let k = 1; k < n; k++) assert.ok(values[k - 1] <= values[k], 'values must ascend');
      for (let k = 0; k < n; k++) {
        for (let i = 0; i < n; i++) {
          let av = 0;
          for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[j * n + k];
          assert.ok(Math.abs(av - values[k] * vectors[i * n + k]) < 1e-9, `A v != lambda v at n=${n}, k=${k}, i=${i}`);
        }
        for (let l = 0; l < n; l++) {
          let dot = 0;
          for (let i = 0; i < n; i++) dot += vectors[i * n + k] * vectors[i * n + l];
          assert.ok(Math.abs(dot - (k === l ? 1 : 0)) < 1e-10, `V^T V is not the identity at (${k}, ${l})`);
        }
      }
    }
  });
}

test('symmetric eigen finds known eigenvalues, including repeated and zero ones', () => {
  // [[2,1],[1,2]] has eigenvalues 1 and 3.
  const { values } = symmetricEigen([2, 1, 1, 2], 2);
  assert.ok(Math.abs(values[0] - 1) < 1e-12 && Math.abs(values[1] - 3) < 1e-12, `got ${Array.from(values)}`);
  const diag = symmetricEigen([5, 0, 0, 0, 5, 0, 0, 0, 0], 3);
  assert.deepEqual(Array.from(diag.values), [0, 5, 5]);
  const zero = symmetricEigen(new Float64Array(4), 2);
  assert.deepEqual(Array.from(zero.values), [0, 0]);
});
