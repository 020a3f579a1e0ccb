import test from 'node:test';
import assert from 'node:assert/strict';
import { erfc, erfcx, logNormalCdf, normalCdf } from '../../../src/engine/math/normal';
import { logExpectedImprovement, logH, logHDerivative } from '../../../src/engine/samplers/gp/acquisition';

// References computed offline with 80-digit decimal arithmetic (Python's decimal module).
const ERFCX: Array<[number, number]> = [
  [-3, 16205.988853999586],
  [-0.5, 1.952360489182557],
  [0, 1],
  [0.3, 0.73459933456765514],
  [1, 0.427583576155807],
  [1.9, 0.26650937366167265],
  [2, 0.25539567631050575],
  [2.5, 0.21080636406114359],
  [5, 0.11070463773306863],
  [10, 0.056140992743822588],
  [30, 0.018795888861416751],
  [1000, 0.00056418930145338763],
];
const LOG_H: Array<[number, number]> = [
  [3, 1.0987396653277077],
  [1, 0.08002621884930694],
  [0, -0.91893853320467278],
  [-0.5, -1.6205162643873199],
  [-1, -2.4851210257126413],
  [-2, -4.7687835239171141],
  [-5, -16.744301162660989],
  [-10, -55.553122036122353],
  [-30, -457.72465376059802],
  [-100, -5010.1295788002499],
  [-1000, -500014.73445209116],
];
const LOG_PHI: Array<[number, number]> = [
  [-40, -804.6084420137538],
  [-5, -15.064998393988725],
  [-1, -1.8410216450092636],
  [0, -0.69314718055994529],
  [2, -0.02301290932896349],
];

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

test('erfcx matches high-precision references from -3 to 1000', () => {
  for (const [x, want] of ERFCX) assert.ok(rel(erfcx(x), want) < 1e-13, `erfcx(${x}) = ${erfcx(x)}, want ${want}`);
});

test('erfc and the normal cdf agree with erfcx and stay positive in the far tail', () => {
  for (const [x, want] of ERFCX.filter(([x]) => x <= 10)) assert.ok(rel(erfc(x), want * Math.exp(-x * x)) < 1e-13, `erfc(${x})`);
  assert.ok(normalCdf(-37) > 0);
  assert.ok(Math.abs(normalCdf(1.2) + normalCdf(-1.2) - 1) < 1e-15);
});

test('log Phi matches references, including z = -40 where Phi underflows to zero', () => {
  for (const [z, want] of LOG_PHI) assert.ok(rel(logNormalCdf(z), want) < 1e-12, `logPhi(${z}) = ${logNormalCdf(z)}, want ${want}`);
});

test('log h(z) matches references from z = 3 down to z = -1000', () => {
  for (const [z, want] of LOG_H) assert.ok(rel(logH(z), want) < 1e-10, `logH(${z}) = ${logH(z)}, want ${want}`);
});

test('log h is finite, increasing and smooth across its branch points', () => {
  let previous = -Infinity;
  for (let z = -1e9; z < 5; z = z < -10 ? z / 1.5 : z + 0.01) {
    const v = logH(z);
    assert.ok(Number.isFinite(v) && v > previous, `log h(${z}) = ${v} after ${previous}`);
    previous = v;
  }
  for (const b of [-1, -1 / Math.sqrt(Number.EPSILON)]) {
    assert.ok(rel(logH(b * (1 + 1e-9)), logH(b * (1 - 1e-9))) < 1e-7, `jump at ${b}`);
  }
});

test('the derivative of log h agrees with finite differences', () => {
  for (const z of [2, 0.5, -0.9, -1.1, -3, -20, -300]) {
    const h = 1e-6 * Math.max(1, Math.abs(z));
    const fd = (logH(z + h) - logH(z - h)) / (2 * h);
    assert.ok(rel(logHDerivative(z), fd) < 1e-5, `z=${z}: ${logHDerivative(z)} vs ${fd}`);
  }
});

test('log EI equals log of the closed form where EI is representable, with correct gradients', () => {
  const grad = new Float64Array(2);
  const mean = 0.3;
  const sd = 0.7;
  const best = 0.1;
  const z = (best - mean) / sd;
  const phi = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  const ei = sd * (phi + z * normalCdf(z));
  assert.ok(rel(logExpectedImprovement(mean, sd, best, grad), Math.log(ei)) < 1e-12);
  const h = 1e-6;
  const dm = (logExpectedImprovement(mean + h, sd, best) - logExpectedImprovement(mean - h, sd, best)) / (2 * h);
  const ds = (logExpectedImprovement(mean, sd + h, best) - logExpectedImprovement(mean, sd - h, best)) / (2 * h);
  assert.ok(rel(grad[0], dm) < 1e-6 && rel(grad[1], ds) < 1e-6, `grad ${Array.from(grad)} vs ${dm}, ${ds}`);
  // Far below the incumbent plain EI is 0; log EI still ranks points.
  assert.ok(logExpectedImprovement(50, 1, 0) > logExpectedImprovement(60, 1, 0));
  assert.ok(Number.isFinite(logExpectedImprovement(1e6, 1e-3, 0)));
});
