// Kernel widths on the unit interval. A joint (multivariate) estimator uses
// one width per axis for all its kernels; an independent one gives each
// kernel the distance to its farther neighbour (Optuna's univariate rule).

export type BandwidthRule = 'optuna' | 'scott';

/** Smallest width for n kernels: wide while evidence is thin (Optuna's "magic clip"). */
export function minimumWidth(n: number): number {
  return 1 / Math.min(100, 1 + n);
}

/**
 * One width for every kernel on one axis of a joint estimator over `dims` axes.
 * 'optuna': 0.2 n^(-1/(dims+4)) of the range, whatever the data;
 * 'scott': the (weighted) spread of the centres times n^(-1/(dims+4)), so
 * the kernels narrow as good points gather, which exploits a basin faster.
 */
export function jointWidth(
  centres: Float64Array,
  weights: Float64Array,
  n: number,
  dims: number,
  rule: BandwidthRule,
  factor: number,
): number {
  const shrink = Math.pow(Math.max(n, 1), -1 / (dims + 4));
  let width: number;
  if (rule === 'optuna' || n < 2) {
    width = 0.2 * shrink;
  } else {
    let sw = 0;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      sw += weights[i];
      mean += weights[i] * centres[i];
    }
    mean /= sw;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += weights[i] * (centres[i] - mean) ** 2;
    width = factor * Math.sqrt(variance / sw) * shrink;
  }
  return Math.min(1, Math.max(minimumWidth(n), width));
}

/**
 * Per-kernel widths for one axis: the larger gap to a neighbour, with the
 * middle of the interval as an extra neighbour (where Optuna puts its prior)
 * and the interval ends used only when `endpoints` is set.
 */
export function neighbourWidths(centres: Float64Array, n: number, endpoints: boolean, out: Float64Array): void {
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => centres[a] - centres[b]);
  const lo = minimumWidth(n);
  const sorted = order.map((i) => centres[i]);
  let priorAt = sorted.findIndex((c) => c > 0.5);
  if (priorAt < 0) priorAt = n;
  sorted.splice(priorAt, 0, 0.5);
  for (let r = 0, k = 0; r < sorted.length; r++) {
    if (r === priorAt) continue;
    const left = r > 0 ? sorted[r] - sorted[r - 1] : endpoints ? sorted[r] : 0;
    const right = r < sorted.length - 1 ? sorted[r + 1] - sorted[r] : endpoints ? 1 - sorted[r] : 0;
    out[order[k++]] = Math.min(1, Math.max(lo, left, right));
  }
}
