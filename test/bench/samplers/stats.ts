// Summary statistics the benchmark reports: medians, ranks with ties, and the
// Wilcoxon signed-rank test for paired per-seed results.

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Ranks from 1 (smallest) upwards; tied values share the mean of their ranks. */
export function ranks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const out = new Array<number>(xs.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]] === xs[order[i]]) j++;
    const shared = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]] = shared;
    i = j + 1;
  }
  return out;
}

export interface WilcoxonResult {
  /** Pairs whose difference is not zero (zeros are dropped, as Wilcoxon did). */
  n: number;
  /** Sum of the ranks of the positive differences (x > y). */
  wPlus: number;
  /** Two-sided p-value. */
  p: number;
  method: 'exact' | 'normal' | 'none';
}

/** Largest n for which the exact null distribution is enumerated. */
const EXACT_LIMIT = 50;

/**
 * Wilcoxon signed-rank test of x against y, paired by index. Exact when there
 * are no tied magnitudes and n <= 50; otherwise the normal approximation with
 * the tie correction of the variance (no continuity correction).
 */
export function wilcoxonSignedRank(x: readonly number[], y: readonly number[]): WilcoxonResult {
  if (x.length !== y.length) throw new Error('wilcoxon: samples must be paired (same length)');
  const diffs: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - y[i];
    if (d !== 0 && Number.isFinite(d)) diffs.push(d);
  }
  const n = diffs.length;
  if (n === 0) return { n: 0, wPlus: 0, p: 1, method: 'none' };
  const r = ranks(diffs.map(Math.abs));
  let wPlus = 0;
  for (let i = 0; i < n; i++) if (diffs[i] > 0) wPlus += r[i];

  const tieSizes = tieGroups(diffs.map(Math.abs));
  if (n <= EXACT_LIMIT && tieSizes.length === 0) {
    return { n, wPlus, p: exactTwoSided(n, wPlus), method: 'exact' };
  }
  const mu = (n * (n + 1)) / 4;
  let variance = (n * (n + 1) * (2 * n + 1)) / 24;
  for (const t of tieSizes) variance -= (t * t * t - t) / 48;
  if (variance <= 0) return { n, wPlus, p: 1, method: 'normal' };
  const z = (wPlus - mu) / Math.sqrt(variance);
  return { n, wPlus, p: Math.min(1, 2 * normalUpperTail(Math.abs(z))), method: 'normal' };
}

/** Sizes (> 1) of groups of equal values. */
function tieGroups(xs: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts.values()].filter((c) => c > 1);
}

/** P(W+ <= w or W+ >= mirror) under the null, from the distribution of subset sums of 1..n. */
function exactTwoSided(n: number, w: number): number {
  const max = (n * (n + 1)) / 2;
  // prob[s] = P(W+ = s); each rank joins the positive side with probability 1/2.
  let prob = new Float64Array(max + 1);
  prob[0] = 1;
  for (let k = 1; k <= n; k++) {
    const next = new Float64Array(max + 1);
    for (let s = 0; s <= max; s++) {
      if (prob[s] === 0) continue;
      next[s] += prob[s] / 2;
      next[s + k] += prob[s] / 2;
    }
    prob = next;
  }
  let lower = 0;
  let upper = 0;
  for (let s = 0; s <= max; s++) {
    if (s <= w) lower += prob[s];
    if (s >= w) upper += prob[s];
  }
  return Math.min(1, 2 * Math.min(lower, upper));
}

/** P(Z > z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
