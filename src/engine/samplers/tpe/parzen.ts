// A Parzen (kernel density) estimator over the unit cube: a weighted mixture
// of joint kernels, one a observation, plus a uniform component. Continuous
// axes get truncated Gaussians on [0, 1]; few-valued ordered axes get the
// Gaussian's mass on each cell; unordered axes (categorical) put most of a
// kernel's mass on the observed choice and spread the rest evenly.
import type { Rng } from '../../random';
import { intervalMass } from './gaussian';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** How one coordinate is modelled. */
export type Axis =
  /** u in [0, 1]; `snap` moves a sampled u to the grid point it stands for. */
  | { kind: 'continuous'; snap?: (u: number) => number }
  /** Ordered values whose cells are [edges[k], edges[k + 1]] of the unit interval. */
  | { kind: 'grid'; edges: Float64Array }
  /** Unordered values 0..count-1. */
  | { kind: 'choice'; count: number };

export interface Kernels {
  /** n kernels x axes: u on continuous axes, the cell index on grid and choice axes. */
  points: Float64Array;
  /** One weight a kernel; any positive scale. */
  weights: Float64Array;
  /** n x axes widths (unit-interval scale), read on continuous and grid axes. */
  widths: Float64Array;
  /** Weight of the uniform component, on the same scale as `weights`. */
  uniformWeight: number;
  /** A choice kernel gives its choice 1 and every choice `smoothing / count`, then normalises. */
  smoothing: number;
}

export class ParzenEstimator {
  private readonly n: number;
  private readonly dims: number;
  private readonly points: Float64Array;
  private readonly widths: Float64Array;
  private readonly inverseWidths: Float64Array;
  /** log weight minus the continuous axes' normalisers, a kernel. */
  private readonly logConst: Float64Array;
  /** Per discrete axis: n x cells log-probabilities. */
  private readonly tables: Array<Float64Array | undefined>;
  private readonly cellCounts: Int32Array;
  private readonly uniformTables: Array<Float64Array | undefined>;
  private readonly uniformLogWeight: number;
  private readonly cumulative: Float64Array;
  private readonly continuousAxes: Int32Array;
  private readonly discreteAxes: Int32Array;
  private readonly scratch: Float64Array;

  constructor(
    private readonly axes: readonly Axis[],
    kernels: Kernels,
  ) {
    const dims = axes.length;
    const n = kernels.weights.length;
    this.n = n;
    this.dims = dims;
    this.points = kernels.points;
    this.widths = kernels.widths;
    this.scratch = new Float64Array(n);

    let total = kernels.uniformWeight;
    for (let i = 0; i < n; i++) total += kernels.weights[i];
    this.cumulative = new Float64Array(n + 1);
    let acc = 0;
    for (let i = 0; i < n; i++) this.cumulative[i] = acc += kernels.weights[i] / total;
    this.cumulative[n] = 1;

    const cont: number[] = [];
    const disc: number[] = [];
    axes.forEach((a, d) => (a.kind === 'continuous' ? cont : disc).push(d));
    this.continuousAxes = Int32Array.from(cont);
    this.discreteAxes = Int32Array.from(disc);

    const inverse = (this.inverseWidths = new Float64Array(n * dims));
    const logConst = (this.logConst = new Float64Array(n));
    const { points, widths } = this;
    const contAxes = this.continuousAxes;
    const logTotal = Math.log(total);
    const lastWidth = new Float64Array(contAxes.length).fill(NaN);
    const lastLogWidth = new Float64Array(contAxes.length);
    for (let i = 0; i < n; i++) {
      let c = Math.log(kernels.weights[i]) - logTotal;
      for (let j = 0; j < contAxes.length; j++) {
        const at = i * dims + contAxes[j];
        const s = widths[at];
        inverse[at] = 1 / s;
        // Joint models share one width per axis: take its log once.
        if (s !== lastWidth[j]) {
          lastWidth[j] = s;
          lastLogWidth[j] = Math.log(s);
        }
        c -= lastLogWidth[j] + HALF_LOG_2PI + Math.log(truncatedMass(points[at], s));
      }
      logConst[i] = c;
    }

    this.tables = new Array(dims);
    this.uniformTables = new Array(dims);
    this.cellCounts = new Int32Array(dims);
    const uniformLog = kernels.uniformWeight > 0 ? Math.log(kernels.uniformWeight / total) : -Infinity;
    for (const d of disc) {
      const axis = axes[d];
      const cells = axis.kind === 'grid' ? axis.edges.length - 1 : axis.kind === 'choice' ? axis.count : 0;
      this.cellCounts[d] = cells;
      const table = new Float64Array(n * cells);
      const uniform = new Float64Array(cells);
      for (let k = 0; k < cells; k++) {
        uniform[k] = axis.kind === 'grid' ? Math.log(axis.edges[k + 1] - axis.edges[k]) : -Math.log(cells);
      }
      for (let i = 0; i < n; i++) {
        const at = this.points[i * dims + d];
        if (axis.kind === 'grid') fillGridRow(axis.edges, at, this.widths[i * dims + d], table, i * cells);
        else fillChoiceRow(cells, at, kernels.smoothing, table, i * cells);
      }
      this.tables[d] = table;
      this.uniformTables[d] = uniform;
    }
    this.uniformLogWeight = uniformLog;
  }

  /** Log density (mass on discrete axes) of the point x[offset .. offset + axes). */
  logPdf(x: Float64Array, offset = 0): number {
    const { n, dims, points, inverseWidths, logConst, scratch, continuousAxes, discreteAxes } = this;
    let uniform = this.uniformLogWeight;
    for (let j = 0; j < discreteAxes.length; j++) {
      const d = discreteAxes[j];
      uniform += this.uniformTables[d]![x[offset + d]];
    }
    let max = uniform;
    if (discreteAxes.length === 0) {
      // The common all-continuous case, without the axis indirection.
      for (let i = 0, base = 0; i < n; i++, base += dims) {
        let q = 0;
        for (let d = 0; d < dims; d++) {
          const z = (x[offset + d] - points[base + d]) * inverseWidths[base + d];
          q += z * z;
        }
        const v = logConst[i] - 0.5 * q;
        scratch[i] = v;
        if (v > max) max = v;
      }
    } else {
      for (let i = 0, base = 0; i < n; i++, base += dims) {
        let q = 0;
        for (let j = 0; j < continuousAxes.length; j++) {
          const d = continuousAxes[j];
          const z = (x[offset + d] - points[base + d]) * inverseWidths[base + d];
          q += z * z;
        }
        let v = logConst[i] - 0.5 * q;
        for (let j = 0; j < discreteAxes.length; j++) {
          const d = discreteAxes[j];
          v += this.tables[d]![i * this.cellCounts[d] + x[offset + d]];
        }
        scratch[i] = v;
        if (v > max) max = v;
      }
    }
    if (max === -Infinity) return -Infinity;
    // Terms more than 40 below the largest add less than e^-40 each: skip their exp.
    const cutoff = max - 40;
    let sum = Math.exp(uniform - max);
    for (let i = 0; i < n; i++) if (scratch[i] > cutoff) sum += Math.exp(scratch[i] - max);
    return max + Math.log(sum);
  }

  /** Draws one point into out[offset .. offset + axes). */
  sample(rng: Rng, out: Float64Array, offset = 0): void {
    const r = rng.next();
    // Binary search for the kernel whose cumulative weight passes r; n means uniform.
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    for (let d = 0; d < this.dims; d++) {
      out[offset + d] = lo === this.n ? sampleUniform(this.axes[d], rng) : this.sampleKernel(lo, d, rng);
    }
  }

  private sampleKernel(i: number, d: number, rng: Rng): number {
    const axis = this.axes[d];
    const at = i * this.dims + d;
    if (axis.kind === 'continuous') {
      const u = truncatedNormal(this.points[at], this.widths[at], rng);
      return axis.snap ? axis.snap(u) : u;
    }
    const cells = this.cellCounts[d];
    const table = this.tables[d]!;
    let r = rng.next();
    for (let k = 0; k < cells - 1; k++) {
      r -= Math.exp(table[i * cells + k]);
      if (r < 0) return k;
    }
    return cells - 1;
  }
}

function sampleUniform(axis: Axis, rng: Rng): number {
  if (axis.kind === 'choice') return rng.int(axis.count);
  const u = rng.next();
  if (axis.kind === 'continuous') return axis.snap ? axis.snap(u) : u;
  return cellAt(axis.edges, u);
}

/** The cell of a grid that holds u. */
export function cellAt(edges: Float64Array, u: number): number {
  let k = 0;
  while (k < edges.length - 2 && edges[k + 1] <= u) k++;
  return k;
}

/** A draw from N(mu, sigma^2) restricted to [0, 1). */
export function truncatedNormal(mu: number, sigma: number, rng: Rng): number {
  // mu lies in [0, 1] and sigma <= 1, so at least a third of draws are accepted.
  for (let tries = 0; tries < 64; tries++) {
    const u = mu + sigma * rng.normal();
    if (u >= 0 && u < 1) return u;
  }
  return rng.next();
}

/** Mass of N(mu, s^2) inside [0, 1]; tails beyond 7 sigma (< 1e-12) are taken as 0. */
function truncatedMass(mu: number, s: number): number {
  const below = mu < 7 * s;
  const above = 1 - mu < 7 * s;
  if (!below && !above) return 1;
  if (below && above) return intervalMass(mu, s, 0, 1);
  return below ? 1 - intervalMass(mu, s, -Infinity, 0) : 1 - intervalMass(mu, s, 1, Infinity);
}

function fillGridRow(edges: Float64Array, cell: number, width: number, out: Float64Array, at: number): void {
  const cells = edges.length - 1;
  const centre = 0.5 * (edges[cell] + edges[cell + 1]);
  let total = 0;
  for (let k = 0; k < cells; k++) total += out[at + k] = intervalMass(centre, width, edges[k], edges[k + 1]);
  for (let k = 0; k < cells; k++) out[at + k] = Math.log(Math.max(out[at + k] / total, 1e-300));
}

function fillChoiceRow(count: number, choice: number, smoothing: number, out: Float64Array, at: number): void {
  const rest = Math.log(smoothing / count / (1 + smoothing));
  for (let k = 0; k < count; k++) out[at + k] = rest;
  out[at + choice] = Math.log((1 + smoothing / count) / (1 + smoothing));
}
