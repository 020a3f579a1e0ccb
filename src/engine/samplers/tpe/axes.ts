// How each parameter becomes one coordinate of the estimator, and back:
// continuous (and many-valued grids) as u in [0, 1] via the shared unit-cube
// transform; few-valued ints and steps as cells of their true widths (a log
// int's cells widen with the value); categoricals as choice indices.
import { contains, type ParamValue } from '../../space';
import { cardinality, fromUnit, toUnit, valueAt, type SearchedDistribution } from '../../transform';
import type { Axis } from './parzen';

/** Grids up to this many values are modelled cell by cell; larger ones as continuous. */
export const GRID_LIMIT = 32;

export function axisFor(d: SearchedDistribution): Axis {
  if (d.type === 'categorical') return { kind: 'choice', count: d.choices.length };
  const count = cardinality(d);
  if (!Number.isFinite(count)) return { kind: 'continuous' };
  if (count > GRID_LIMIT) return { kind: 'continuous', snap: (u) => toUnit(d, fromUnit(d, u)) };
  const edges = new Float64Array(count + 1);
  if (d.type === 'int' && d.log) {
    // The same cells as transform.ts: each integer owns log(k - 0.5) .. log(k + 0.5).
    const lo = Math.log(d.low - 0.5);
    const hi = Math.log(d.high + 0.5);
    for (let k = 0; k <= count; k++) edges[k] = (Math.log(d.low + k - 0.5) - lo) / (hi - lo);
  } else {
    for (let k = 0; k <= count; k++) edges[k] = k / count;
  }
  edges[count] = 1;
  return { kind: 'grid', edges };
}

/** The coordinate of a value, or NaN when the value is not one the distribution can take. */
export function encode(d: SearchedDistribution, axis: Axis, v: ParamValue): number {
  if (v === undefined || !contains(d, v)) return NaN;
  if (axis.kind === 'choice') return (d as { choices: ParamValue[] }).choices.findIndex((c) => c === v);
  if (axis.kind === 'continuous') return Math.min(1, Math.max(0, toUnit(d, v)));
  const x = v as number;
  const n = d as Exclude<SearchedDistribution, { type: 'categorical' }>;
  const k = n.type === 'int' && n.log ? x - n.low : Math.round((x - n.low) / (n.step ?? 1));
  return Math.min(axis.edges.length - 2, Math.max(0, k));
}

/** The value a coordinate stands for. */
export function decode(d: SearchedDistribution, axis: Axis, x: number): ParamValue {
  if (axis.kind === 'continuous') return fromUnit(d, x);
  return valueAt(d, x);
}

/** The middle of a coordinate's cell, for widths measured on the unit interval. */
export function centreOf(axis: Axis, x: number): number {
  return axis.kind === 'grid' ? 0.5 * (axis.edges[x] + axis.edges[x + 1]) : x;
}
