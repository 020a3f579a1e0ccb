// Maximising log EI over the encoded space: many random candidates and
// perturbations of the best observed points screen the space cheaply, then
// projected L-BFGS polishes the most promising few in [0,1]^d over the
// numeric coordinates. Categorical blocks are searched by the random draws
// and by trying every choice of each one at the polished points.
import { minimizeBox } from '../../math/optimize';
import type { Rng } from '../../random';
import { logExpectedImprovement } from './acquisition';
import type { SpaceEncoding } from './encoding';
import type { GpPosterior } from './gaussianProcess';

export interface AcquisitionOptions {
  /** Random candidates screened. */
  candidates: number;
  /** Observed points whose neighbourhoods are screened as well. */
  incumbents: number;
  /** Perturbations drawn around each of them. */
  perturbations: number;
  /** Candidates polished by gradient steps. */
  localSearches: number;
  localIterations: number;
}

export interface AcquisitionProblem {
  posterior: GpPosterior;
  encoding: SpaceEncoding;
  /** Best (lowest) transformed value observed. */
  best: number;
  /** Observed inputs (row-major) ordered best first, for local perturbation. */
  incumbents: Float64Array[];
  /** Configurations already tried or running, by key: proposing them again wastes a trial. */
  isTried: (x: Float64Array) => boolean;
}

interface Scored {
  x: Float64Array;
  value: number;
}

/** The encoded point with the highest log EI that is not already tried (when one can be found). */
export function maximizeAcquisition(problem: AcquisitionProblem, rng: Rng, options: AcquisitionOptions): Float64Array {
  const { posterior, encoding, best } = problem;
  const dims = encoding.dims;
  const moments = new Float64Array(2);
  const score = (x: Float64Array): number => {
    posterior.predict(x, moments);
    const v = logExpectedImprovement(moments[0], Math.sqrt(moments[1]), best);
    return Number.isFinite(v) ? v : -Infinity;
  };

  // 1. Screening: random points and perturbations of the incumbents, scored in one batch.
  const local = Math.min(options.incumbents, problem.incumbents.length) * options.perturbations;
  const m = options.candidates + local;
  const points = new Float64Array(m * dims);
  for (let c = 0; c < options.candidates; c++) randomPoint(encoding, rng, points.subarray(c * dims, (c + 1) * dims));
  const scales = [0.01, 0.05, 0.2];
  for (let c = options.candidates, q = 0; c < m; c++, q++) {
    const x = points.subarray(c * dims, (c + 1) * dims);
    x.set(problem.incumbents[Math.floor(q / options.perturbations)]);
    perturb(encoding, rng, x, scales[q % scales.length]);
  }
  // Discrete parameters are scored on their grid: a relaxed value between two
  // integers can look promising and then round onto a tried configuration.
  if (encoding.hasDiscrete) for (let c = 0; c < m; c++) encoding.snap(points.subarray(c * dims, (c + 1) * dims));
  const means = new Float64Array(m);
  const variances = new Float64Array(m);
  posterior.predictMany(points, m, means, variances);
  const screened: Scored[] = [];
  for (let c = 0; c < m; c++) {
    const v = logExpectedImprovement(means[c], Math.sqrt(variances[c]), best);
    screened.push({ x: points.slice(c * dims, (c + 1) * dims), value: Number.isFinite(v) ? v : -Infinity });
  }
  screened.sort((a, b) => b.value - a.value);

  // 2. Polishing the best few, then snapping to the grid and trying other choices.
  const finals: Scored[] = [];
  const free: number[] = [];
  for (let j = 0; j < dims; j++) if (encoding.continuous[j]) free.push(j);
  const starts = Math.min(options.localSearches, screened.length);
  for (let s = 0; s < starts; s++) {
    const x = Float64Array.from(screened[s].x);
    if (free.length > 0) polish(problem, x, free, options.localIterations);
    encoding.snap(x);
    finals.push({ x, value: score(x) });
    if (encoding.hasCategorical) for (const alt of categoricalNeighbours(encoding, x)) finals.push({ x: alt, value: score(alt) });
  }
  // The screened points are fallbacks for when the polished ones are already tried.
  finals.push(...screened);
  finals.sort((a, b) => b.value - a.value);
  for (const f of finals) if (!problem.isTried(f.x)) return f.x;
  return finals[0].x;
}

/** Gradient ascent of log EI over the numeric coordinates `free` of x, in place. */
function polish(problem: AcquisitionProblem, x: Float64Array, free: number[], iterations: number): void {
  const { posterior, best } = problem;
  const dims = x.length;
  const full = Float64Array.from(x);
  const moments = new Float64Array(2);
  const gradMean = new Float64Array(dims);
  const gradVar = new Float64Array(dims);
  const dEi = new Float64Array(2);
  const objective = (z: Float64Array, grad: Float64Array): number => {
    for (let i = 0; i < free.length; i++) full[free[i]] = z[i];
    posterior.predictWithGradient(full, moments, gradMean, gradVar);
    const sd = Math.sqrt(moments[1]);
    const value = logExpectedImprovement(moments[0], sd, best, dEi);
    // d sd / dx = d var / dx / (2 sd).
    for (let i = 0; i < free.length; i++) grad[i] = -(dEi[0] * gradMean[free[i]] + (dEi[1] * gradVar[free[i]]) / (2 * sd));
    return -value;
  };
  const z0 = free.map((j) => x[j]);
  const zeros = free.map(() => 0);
  const ones = free.map(() => 1);
  const result = minimizeBox(objective, z0, zeros, ones, { maxIterations: iterations, relativeTolerance: 1e-9, gradientTolerance: 1e-7 });
  if (Number.isFinite(result.value)) for (let i = 0; i < free.length; i++) x[free[i]] = result.x[i];
}

/** Copies of x with one categorical parameter switched to each of its other choices. */
function categoricalNeighbours(encoding: SpaceEncoding, x: Float64Array): Float64Array[] {
  const out: Float64Array[] = [];
  for (const p of encoding.params) {
    if (p.dist.type !== 'categorical') continue;
    for (let k = 0; k < p.width; k++) {
      if (x[p.offset + k] === 1) continue;
      const alt = Float64Array.from(x);
      for (let i = 0; i < p.width; i++) alt[p.offset + i] = i === k ? 1 : 0;
      out.push(alt);
    }
  }
  return out;
}

export function randomPoint(encoding: SpaceEncoding, rng: Rng, x: Float64Array): void {
  for (const p of encoding.params) {
    if (p.dist.type === 'categorical') {
      const k = rng.int(p.width);
      for (let i = 0; i < p.width; i++) x[p.offset + i] = i === k ? 1 : 0;
    } else {
      x[p.offset] = rng.next();
    }
  }
}

/** Gaussian steps of the numeric coordinates; each categorical re-drawn with probability 1/(number of params). */
function perturb(encoding: SpaceEncoding, rng: Rng, x: Float64Array, scale: number): void {
  const redraw = 1 / Math.max(1, encoding.params.length);
  for (const p of encoding.params) {
    if (p.dist.type === 'categorical') {
      if (rng.next() >= redraw) continue;
      const k = rng.int(p.width);
      for (let i = 0; i < p.width; i++) x[p.offset + i] = i === k ? 1 : 0;
    } else {
      const v = x[p.offset] + scale * rng.normal();
      x[p.offset] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
}
