// fANOVA (Hutter et al., ICML 2014), main effects only: a parameter matters
// as much as the share of a forest's variance, over the uniform unit cube,
// that its marginal (the prediction averaged over every other parameter)
// explains. The marginal of a tree is exact: piecewise constant between the
// split points on that parameter.
import type { ImportanceData } from './data';
import { DEFAULT_FOREST, fitForest, type Leaf } from './forest';

/** Unnormalised importance per parameter, in data.names order. */
export function fanova(data: ImportanceData, seed: number): Float64Array {
  const d = data.names.length;
  const out = new Float64Array(d);
  if (d === 0) return out;
  const forest = fitForest(data.columns, data.loss, { ...DEFAULT_FOREST, seed });
  let used = 0;
  for (const leaves of forest) {
    const { mean, variance } = treeMoments(leaves);
    if (!(variance > 0)) continue;
    used++;
    for (let f = 0; f < d; f++) out[f] += marginalVariance(leaves, f, mean) / variance;
  }
  if (used > 0) for (let f = 0; f < d; f++) out[f] /= used;
  return out;
}

function volume(leaf: Leaf): number {
  let v = 1;
  for (let k = 0; k < leaf.lo.length; k++) v *= leaf.hi[k] - leaf.lo[k];
  return v;
}

/** Mean and variance of a tree's prediction over the uniform unit cube. */
export function treeMoments(leaves: readonly Leaf[]): { mean: number; variance: number } {
  let mean = 0;
  for (const l of leaves) mean += volume(l) * l.value;
  let variance = 0;
  for (const l of leaves) variance += volume(l) * (l.value - mean) ** 2;
  return { mean, variance };
}

/**
 * Variance over x_f of the tree's prediction averaged over every other
 * feature. A leaf adds value * (its volume / its width along f) to the
 * marginal wherever x_f lies in its box.
 */
export function marginalVariance(leaves: readonly Leaf[], f: number, mean: number): number {
  const edges = new Float64Array(2 * leaves.length + 2);
  let e = 0;
  edges[e++] = 0;
  edges[e++] = 1;
  for (const l of leaves) {
    edges[e++] = l.lo[f];
    edges[e++] = l.hi[f];
  }
  edges.sort();
  let m = 0;
  for (let i = 0; i < edges.length; i++) if (i === 0 || edges[i] !== edges[m - 1]) edges[m++] = edges[i];
  const cuts = edges.subarray(0, m);
  // Difference array over the segments between consecutive cuts.
  const delta = new Float64Array(m);
  for (const l of leaves) {
    const width = l.hi[f] - l.lo[f];
    if (!(width > 0)) continue;
    const c = (l.value * volume(l)) / width;
    delta[indexOf(cuts, l.lo[f])] += c;
    delta[indexOf(cuts, l.hi[f])] -= c;
  }
  let level = 0;
  let variance = 0;
  for (let s = 0; s + 1 < m; s++) {
    level += delta[s];
    variance += (cuts[s + 1] - cuts[s]) * (level - mean) ** 2;
  }
  return variance;
}

function indexOf(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
