// One-dimensional density estimates on a fixed grid of the unit interval, the
// form in which PED-ANOVA compares where good trials sit with where all sit.
// Working on the unit interval (via toUnit) means log scales, ints and steps
// need no special case beyond the grid.
import { cardinality, toUnit, valueAt, type SearchedDistribution } from '../transform';

/** Grid size for continuous parameters (and discrete ones with more values). */
export const GRID_STEPS = 50;

/**
 * Points of [0, 1] with the share of the unit interval each stands for
 * (the widths sum to 1), and the narrowest kernel worth using on them.
 * `even`: points (k + 0.5) / n with equal widths.
 */
export interface UnitGrid {
  points: Float64Array;
  widths: Float64Array;
  minBandwidth: number;
  even: boolean;
}

/** The grid a distribution's density is evaluated on (a categorical one: its choices' cells). */
export function unitGrid(d: SearchedDistribution): UnitGrid {
  const n = cardinality(d);
  if (d.type === 'categorical' || n > GRID_STEPS) return evenGrid(d.type === 'categorical' ? n : GRID_STEPS);
  // A discrete range: one point per value, so no mass falls between values.
  const points = new Float64Array(n);
  const widths = new Float64Array(n);
  for (let k = 0; k < n; k++) points[k] = toUnit(d, valueAt(d, k));
  if (d.type === 'int' && d.log) {
    // fromUnit gives each integer the log axis between k - 0.5 and k + 0.5.
    const lo = Math.log(d.low - 0.5);
    const span = Math.log(d.high + 0.5) - lo;
    for (let k = 0; k < n; k++) {
      const v = valueAt(d, k) as number;
      widths[k] = (Math.log(v + 0.5) - Math.log(v - 0.5)) / span;
    }
  } else {
    widths.fill(1 / n);
  }
  let narrowest = 1;
  for (let k = 0; k < n; k++) narrowest = Math.min(narrowest, widths[k]);
  // A quarter cell: a neighbouring value gets almost nothing (exp(-8)).
  return { points, widths, minBandwidth: narrowest / 4, even: false };
}

function evenGrid(n: number): UnitGrid {
  const points = new Float64Array(n);
  for (let k = 0; k < n; k++) points[k] = (k + 0.5) / n;
  return { points, widths: new Float64Array(n).fill(1 / n), minBandwidth: 1 / n, even: true };
}

/**
 * Scott's rule, 1.059 sd n^(-1/5). (Silverman's robust spread, min(sd,
 * IQR / 1.34), was tried: on a few good trials it lets chance clusters of an
 * irrelevant parameter look important.)
 */
export function scottBandwidth(samples: Float64Array): number {
  const n = samples.length;
  if (n < 2) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += samples[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (samples[i] - mean) ** 2;
  return 1.059 * Math.sqrt(ss / (n - 1)) * Math.pow(n, -0.2);
}

/**
 * The probability mass on each grid point of a Parzen estimator: one
 * Gaussian per sample, each cut to [0, 1] and renormalised so that samples
 * near an edge weigh as much as any other, plus a uniform prior worth
 * `priorWeight` samples (so the mass is never 0 and few samples stay humble).
 */
export function parzenMass(grid: UnitGrid, samples: Float64Array, priorWeight = 1): Float64Array {
  const { points, widths } = grid;
  const g = points.length;
  const mass = new Float64Array(g);
  const kernel = new Float64Array(g);
  const h = Math.max(scottBandwidth(samples), grid.minBandwidth);
  // Equal samples (every sample of a discrete parameter is one of few
  // values) share one kernel evaluation.
  const sorted = Float64Array.from(samples).sort();
  for (let i = 0; i < sorted.length; ) {
    const s = sorted[i];
    let run = 1;
    while (i + run < sorted.length && sorted[i + run] === s) run++;
    i += run;
    if (grid.even) evenKernel(g, s, h, kernel);
    else {
      for (let j = 0; j < g; j++) {
        const z = (points[j] - s) / h;
        kernel[j] = widths[j] * Math.exp(-0.5 * z * z);
      }
    }
    let sum = 0;
    for (let j = 0; j < g; j++) sum += kernel[j];
    if (sum > 0) for (let j = 0; j < g; j++) mass[j] += (run * kernel[j]) / sum;
  }
  const total = samples.length + priorWeight;
  for (let j = 0; j < g; j++) mass[j] = (mass[j] + priorWeight * widths[j]) / total;
  return mass;
}

/**
 * exp(-z^2 / 2) at the points (j + 0.5) / g of an even grid, for a kernel
 * at s of width h. Consecutive values differ by a factor that itself shrinks
 * by exp(-delta^2), so three exps serve the whole row; walking outwards from
 * the point nearest s keeps the products from starting in underflow.
 */
export function evenKernel(g: number, s: number, h: number, out: Float64Array): void {
  const delta = 1 / (g * h);
  const shrink = Math.exp(-delta * delta);
  const c = Math.min(g - 1, Math.max(0, Math.round(s * g - 0.5)));
  const zc = ((c + 0.5) / g - s) / h;
  out[c] = Math.exp(-0.5 * zc * zc);
  let k = out[c];
  let r = Math.exp(-zc * delta - 0.5 * delta * delta);
  for (let j = c + 1; j < g; j++) {
    k *= r;
    r *= shrink;
    out[j] = k;
  }
  k = out[c];
  r = Math.exp(zc * delta - 0.5 * delta * delta);
  for (let j = c - 1; j >= 0; j--) {
    k *= r;
    r *= shrink;
    out[j] = k;
  }
}

/**
 * The share of each choice, from counts plus a uniform prior worth
 * `priorWeight` samples.
 */
export function frequencyMass(counts: Float64Array, priorWeight = 1): Float64Array {
  let n = 0;
  for (let k = 0; k < counts.length; k++) n += counts[k];
  const prior = priorWeight / counts.length;
  const mass = new Float64Array(counts.length);
  for (let k = 0; k < counts.length; k++) mass[k] = (counts[k] + prior) / (n + priorWeight);
  return mass;
}

/** Pearson divergence of p from q, sum q (p/q - 1)^2; q must be positive where p is. */
export function pearsonDivergence(p: Float64Array, q: Float64Array): number {
  let d = 0;
  for (let j = 0; j < p.length; j++) {
    if (q[j] > 0) d += ((p[j] - q[j]) * (p[j] - q[j])) / q[j];
  }
  return d;
}
