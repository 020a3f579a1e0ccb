// Maps between a point of the unit cube and a parameter value, so that
// samplers can work in [0, 1) and know nothing of log scales, steps or ints.
import type { CategoricalDistribution, FloatDistribution, IntDistribution, ParamValue } from './space';

export type SearchedDistribution = FloatDistribution | IntDistribution | CategoricalDistribution;

/** The value at position u in [0, 1) of the distribution. */
export function fromUnit(d: SearchedDistribution, u: number): ParamValue {
  const t = Math.min(Math.max(u, 0), 1 - Number.EPSILON);
  if (d.type === 'categorical') return d.choices[Math.min(d.choices.length - 1, Math.floor(t * d.choices.length))];
  if (d.type === 'float' && d.step === undefined) {
    if (d.log) return clamp(Math.exp(Math.log(d.low) + t * (Math.log(d.high) - Math.log(d.low))), d.low, d.high);
    return clamp(d.low + t * (d.high - d.low), d.low, d.high);
  }
  if (d.type === 'int' && d.log) {
    // Each integer gets the share of the log axis between k - 0.5 and k + 0.5.
    const lo = Math.log(d.low - 0.5);
    const hi = Math.log(d.high + 0.5);
    return clamp(Math.round(Math.exp(lo + t * (hi - lo))), d.low, d.high);
  }
  const step = d.step ?? 1;
  const count = Math.floor((d.high - d.low) / step + 1e-9) + 1;
  const k = Math.min(count - 1, Math.floor(t * count));
  return roundToStep(d.low + k * step, step, d);
}

/** The centre of the unit-cube cell that holds the value (inverse of fromUnit). */
export function toUnit(d: SearchedDistribution, value: ParamValue): number {
  if (d.type === 'categorical') {
    const i = d.choices.findIndex((c) => c === value);
    return (Math.max(i, 0) + 0.5) / d.choices.length;
  }
  const v = value as number;
  if (d.type === 'float' && d.step === undefined) {
    if (d.log) return (Math.log(v) - Math.log(d.low)) / (Math.log(d.high) - Math.log(d.low));
    return (v - d.low) / (d.high - d.low);
  }
  if (d.type === 'int' && d.log) {
    const lo = Math.log(d.low - 0.5);
    const hi = Math.log(d.high + 0.5);
    return (Math.log(v) - lo) / (hi - lo);
  }
  const step = d.step ?? 1;
  const count = Math.floor((d.high - d.low) / step + 1e-9) + 1;
  return (Math.round((v - d.low) / step) + 0.5) / count;
}

/** How many values a discrete distribution has; Infinity for a continuous one. */
export function cardinality(d: SearchedDistribution): number {
  if (d.type === 'categorical') return d.choices.length;
  if (d.type === 'float' && d.step === undefined) return Infinity;
  const step = d.step ?? 1;
  return Math.floor((d.high - d.low) / step + 1e-9) + 1;
}

/** The k-th value of a discrete distribution. */
export function valueAt(d: SearchedDistribution, k: number): ParamValue {
  if (d.type === 'categorical') return d.choices[k];
  const step = d.step ?? 1;
  return roundToStep(d.low + k * step, step, d);
}

function roundToStep(x: number, step: number, d: FloatDistribution | IntDistribution): number {
  if (d.type === 'int') return clamp(Math.round(x), d.low, d.high);
  // Avoid 0.30000000000000004: round to the decimals the step and low carry.
  const decimals = Math.min(15, Math.max(decimalsOf(step), decimalsOf(d.low)));
  return clamp(Number(x.toFixed(decimals)), d.low, d.high);
}

function decimalsOf(x: number): number {
  const s = String(x);
  const e = s.indexOf('e-');
  if (e >= 0) return Number(s.slice(e + 2)) + (s.slice(0, e).split('.')[1]?.length ?? 0);
  return s.split('.')[1]?.length ?? 0;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
