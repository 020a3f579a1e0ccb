// A small seeded random forest of regression trees on the unit cube, kept
// only as the boxes of its leaves: that is all fANOVA needs. Splits are
// searched over a fixed histogram of each feature (like LightGBM), which
// keeps a tree linear in the trials per level.
import { Rng } from '../random';

/** A leaf: its box in the unit cube (lo, hi per feature) and its mean. */
export interface Leaf {
  lo: Float64Array;
  hi: Float64Array;
  value: number;
}

export interface ForestOptions {
  trees: number;
  maxDepth: number;
  minLeaf: number;
  seed: number;
}

export const DEFAULT_FOREST: ForestOptions = { trees: 32, maxDepth: 12, minLeaf: 2, seed: 0 };

const BINS = 64;

/**
 * Fits trees on bootstrap samples of (x, y); x is column-major, one
 * Float64Array of values in [0, 1] per feature, NaN where missing (a missing
 * value sits at 0.5, the middle of the range, which biases no side).
 */
export function fitForest(x: Float64Array[], y: Float64Array, options: ForestOptions = DEFAULT_FOREST): Leaf[][] {
  const d = x.length;
  const n = y.length;
  const bins = new Uint8Array(n * d);
  // The lowest and highest value seen in each bin: a split between two bins
  // lies halfway between them, which for a discrete parameter is the
  // boundary between its cells.
  const binLow = new Float64Array(d * BINS).fill(Infinity);
  const binHigh = new Float64Array(d * BINS).fill(-Infinity);
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) {
      const u = Number.isNaN(x[f][i]) ? 0.5 : x[f][i];
      const b = Math.min(BINS - 1, Math.max(0, Math.floor(u * BINS)));
      bins[i * d + f] = b;
      binLow[f * BINS + b] = Math.min(binLow[f * BINS + b], u);
      binHigh[f * BINS + b] = Math.max(binHigh[f * BINS + b], u);
    }
  }
  const rng = new Rng(options.seed);
  const forest: Leaf[][] = [];
  const count = new Float64Array(BINS);
  const sum = new Float64Array(BINS);
  for (let t = 0; t < options.trees; t++) {
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = rng.int(n);
    const leaves: Leaf[] = [];
    const grow = (start: number, end: number, depth: number, lo: Float64Array, hi: Float64Array): void => {
      let total = 0;
      for (let r = start; r < end; r++) total += y[rows[r]];
      const size = end - start;
      const leaf = (): void => void leaves.push({ lo, hi, value: total / size });
      if (depth >= options.maxDepth || size < 2 * options.minLeaf) return leaf();
      let bestGain = 1e-12 * Math.abs(total);
      let bestFeature = -1;
      let bestBin = -1;
      for (let f = 0; f < d; f++) {
        count.fill(0);
        sum.fill(0);
        for (let r = start; r < end; r++) {
          const b = bins[rows[r] * d + f];
          count[b]++;
          sum[b] += y[rows[r]];
        }
        // Sum of squares saved by the split: sL^2/nL + sR^2/nR - s^2/n.
        const base = (total * total) / size;
        let nl = 0;
        let sl = 0;
        for (let b = 0; b < BINS - 1; b++) {
          if (count[b] === 0) continue;
          nl += count[b];
          sl += sum[b];
          const nr = size - nl;
          if (nl < options.minLeaf) continue;
          if (nr < options.minLeaf) break;
          const gain = (sl * sl) / nl + ((total - sl) * (total - sl)) / nr - base;
          if (gain > bestGain) {
            bestGain = gain;
            bestFeature = f;
            bestBin = b;
          }
        }
      }
      if (bestFeature < 0) return leaf();
      const f = bestFeature;
      let next = bestBin + 1;
      while (binLow[f * BINS + next] === Infinity) next++;
      const threshold = (binHigh[f * BINS + bestBin] + binLow[f * BINS + next]) / 2;
      // Partition rows[start, end) so that those at or below bestBin come first.
      let mid = start;
      for (let r = start; r < end; r++) {
        if (bins[rows[r] * d + f] <= bestBin) {
          const tmp = rows[mid];
          rows[mid] = rows[r];
          rows[r] = tmp;
          mid++;
        }
      }
      const leftHi = Float64Array.from(hi);
      leftHi[f] = threshold;
      const rightLo = Float64Array.from(lo);
      rightLo[f] = threshold;
      grow(start, mid, depth + 1, lo, leftHi);
      grow(mid, end, depth + 1, rightLo, hi);
    };
    grow(0, n, 0, new Float64Array(d), new Float64Array(d).fill(1));
    forest.push(leaves);
  }
  return forest;
}
