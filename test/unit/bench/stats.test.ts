import test from 'node:test';
import assert from 'node:assert/strict';
import { erfc, mean, median, ranks, wilcoxonSignedRank } from '../../bench/samplers/stats';

test('median of odd and even samples', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  assert.equal(mean([1, 2, 3, 6]), 3);
});

test('ranks share the mean rank among ties', () => {
  assert.deepEqual(ranks([10, 20, 10, 5]), [2.5, 4, 2.5, 1]);
  assert.deepEqual(ranks([1, 1, 1]), [2, 2, 2]);
});

// Differences from Wilcoxon's 1945 example as used in SciPy's documentation.
const D = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];

/** Two-sided exact p by enumerating every sign assignment. */
function bruteForceP(n: number, w: number): number {
  let lower = 0;
  let upper = 0;
  const total = 2 ** n;
  for (let mask = 0; mask < total; mask++) {
    let s = 0;
    for (let k = 0; k < n; k++) if (mask & (1 << k)) s += k + 1;
    if (s <= w) lower++;
    if (s >= w) upper++;
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / total);
}

test('exact Wilcoxon p matches enumeration and SciPy (0.04126) without ties', () => {
  const r = wilcoxonSignedRank(D, new Array(D.length).fill(0));
  assert.equal(r.method, 'exact');
  assert.equal(r.n, 15);
  assert.equal(r.wPlus, 96); // W- = 24
  assert.ok(Math.abs(r.p - bruteForceP(15, 96)) < 1e-12);
  assert.ok(Math.abs(r.p - 0.041259765625) < 1e-12, `p = ${r.p}`);
});

test('Wilcoxon is symmetric in its arguments', () => {
  const x = D.map((d) => d + 100);
  const y = new Array(D.length).fill(100);
  assert.ok(Math.abs(wilcoxonSignedRank(x, y).p - wilcoxonSignedRank(y, x).p) < 1e-12);
});

test('tied magnitudes use the normal approximation with tie correction', () => {
  const d = [1, 1, -1, 2, 2, 3, 4, 5, 6, 7];
  const r = wilcoxonSignedRank(d, new Array(d.length).fill(0));
  assert.equal(r.method, 'normal');
  // ranks of |d|: 1,1,1 -> 2 each; 2,2 -> 4.5 each; then 6..10. W+ = 55 - 2 = 53.
  assert.equal(r.wPlus, 53);
  const n = 10;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - (27 - 3) / 48 - (8 - 2) / 48;
  const z = (53 - 27.5) / Math.sqrt(variance);
  assert.ok(Math.abs(r.p - erfc(z / Math.SQRT2)) < 1e-12);
  assert.ok(r.p > 0.005 && r.p < 0.02, `p = ${r.p}`);
});

test('zero differences are dropped and all-equal samples give p = 1', () => {
  assert.deepEqual(wilcoxonSignedRank([1, 2, 3], [1, 2, 3]), { n: 0, wPlus: 0, p: 1, method: 'none' });
  assert.equal(wilcoxonSignedRank([1, 2, 5], [1, 2, 3]).n, 1);
  assert.throws(() => wilcoxonSignedRank([1], [1, 2]), /paired/);
});

test('normal approximation agrees with the exact test for a large sample', () => {
  const x = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? -1 : 1) * (i + 1) + 0.001 * i);
  const exact = wilcoxonSignedRank(x, new Array(40).fill(0));
  assert.equal(exact.method, 'exact');
  // Same data with one tie forces the normal route.
  const tied = [...x];
  tied[1] = tied[0] * -1;
  const approx = wilcoxonSignedRank(tied, new Array(40).fill(0));
  assert.equal(approx.method, 'normal');
  assert.ok(Math.abs(exact.p - approx.p) < 0.05, `${exact.p} vs ${approx.p}`);
});

test('erfc is accurate to 1e-7', () => {
  assert.ok(Math.abs(erfc(0) - 1) < 1e-7);
  assert.ok(Math.abs(erfc(1) - 0.15729920705028513) < 1e-7);
  assert.ok(Math.abs(erfc(-1) - 1.8427007929497148) < 1e-7);
  assert.ok(Math.abs(erfc(2.5) - 0.0004069520174449590) < 1e-9);
});
