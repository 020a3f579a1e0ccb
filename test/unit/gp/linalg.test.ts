import test from 'node:test';
import assert from 'node:assert/strict';
import {
  choleskyInPlace,
  choleskyWithJitter,
  choSolve,
  inverseFromCholesky,
  logDetFromCholesky,
  solveLower,
  solveLowerTransposed,
} from '../../../src/engine/math/linalg';
import { Rng } from '../../../src/engine/random';

/** A random SPD matrix B B^T + n I. */
function randomSpd(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const b = Float64Array.from({ length: n * n }, () => rng.normal());
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
      a[i * n + j] = s + (i === j ? n : 0);
    }
  }
  return a;
}

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
}

test('cholesky of a hand-computed 3x3 matrix', () => {
  // A = L L^T with L = [[2,0,0],[6,1,0],[-8,5,3]].
  const a = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
  assert.equal(choleskyInPlace(a, 3), true);
  assert.deepEqual(Array.from(a), [2, 0, 0, 6, 1, 0, -8, 5, 3]);
  close(logDetFromCholesky(a, 3), Math.log(36), 1e-14, 'log det');
});

test('cholesky reconstructs random SPD matrices (A = L L^T)', () => {
  for (const n of [1, 5, 17, 40]) {
    const a = randomSpd(n, n);
    const l = new Float64Array(n * n);
    assert.equal(choleskyWithJitter(a, n, l), 0, 'no jitter needed');
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += l[i * n + k] * l[j * n + k];
        close(s, a[i * n + j], 1e-12, `n=${n} entry ${i},${j}`);
      }
    }
  }
});

test('cholesky rejects an indefinite matrix and jitter rescues a singular one', () => {
  assert.equal(choleskyInPlace(Float64Array.from([1, 2, 2, 1]), 2), false);
  const singular = Float64Array.from([1, 1, 1, 1]); // two identical points
  const l = new Float64Array(4);
  const jitter = choleskyWithJitter(singular, 2, l);
  assert.ok(jitter > 0 && jitter < 1e-3, `jitter ${jitter}`);
  assert.deepEqual(Array.from(singular), [1, 1, 1, 1], 'input left unchanged');
  assert.equal(choleskyWithJitter(Float64Array.from([-1, 0, 0, -1]), 2, l), -1);
  assert.equal(choleskyWithJitter(Float64Array.from([NaN, 0, 0, 1]), 2, l), -1);
});

test('triangular solves and cho_solve invert L, L^T and A', () => {
  const n = 12;
  const a = randomSpd(n, 3);
  const l = new Float64Array(n * n);
  choleskyWithJitter(a, n, l);
  const rng = new Rng(9);
  const x = Float64Array.from({ length: n }, () => rng.normal());
  const mul = (m: Float64Array, v: Float64Array, transpose = false): Float64Array =>
    Float64Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let k = 0; k < n; k++) s += (transpose ? m[k * n + i] : m[i * n + k]) * v[k];
      return s;
    });
  const b1 = mul(l, x);
  solveLower(l, n, b1);
  const b2 = mul(l, x, true);
  solveLowerTransposed(l, n, b2);
  const b3 = mul(a, x);
  choSolve(l, n, b3);
  for (let i = 0; i < n; i++) {
    close(b1[i], x[i], 1e-12, 'L x = b');
    close(b2[i], x[i], 1e-12, 'L^T x = b');
    close(b3[i], x[i], 1e-10, 'A x = b');
  }
});

test('inverse from the Cholesky factor times A is the identity', () => {
  const n = 23;
  const a = randomSpd(n, 5);
  const l = new Float64Array(n * n);
  choleskyWithJitter(a, n, l);
  const inv = new Float64Array(n * n);
  inverseFromCholesky(l, n, inv, new Float64Array(n * n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += inv[i * n + k] * a[k * n + j];
      assert.ok(Math.abs(s - (i === j ? 1 : 0)) < 1e-10, `(A^-1 A)[${i},${j}] = ${s}`);
      assert.equal(inv[i * n + j], inv[j * n + i], 'symmetric');
    }
  }
});
