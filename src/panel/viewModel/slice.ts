// The slice plot: one parameter's value (x) against the objective (y) for
// every complete trial. The parameter's axis is the parallel-coordinates one
// (log where the space says so, choices at even positions); points on a
// choice are spread a little sideways so that they do not hide each other.
import type { SearchSpace } from '../../engine/space';
import { parallelAxes, type Axis } from './parallelCoords';
import { extent } from './scale';
import type { TableTrial } from './types';

export interface SlicePoint {
  number: number;
  /** Where the point sits across, 0..1 on the parameter's axis (a choice's spread may reach a little past). */
  u: number;
  value: number;
}

export interface SliceView {
  axis: Axis;
  points: SlicePoint[];
  /** The objective's smallest and largest value among the points; undefined when there are none. */
  valueRange: [number, number] | undefined;
}

/** A categorical point's sideways offset: fixed per trial, within a third of the gap between choices. */
export function choiceSpread(trialNumber: number, choices: number): number {
  // The golden-ratio sequence spreads consecutive trials evenly over [0, 1).
  const f = (trialNumber * 0.6180339887498949) % 1;
  const gap = choices > 1 ? 1 / (choices - 1) : 1;
  return (f - 0.5) * gap * 0.33;
}

/** The slice of `param`, or undefined when the parameter has no axis (fixed, or no values yet). */
export function sliceView(trials: readonly TableTrial[], param: string, space: SearchSpace, objective = 0): SliceView | undefined {
  const axis = parallelAxes(trials, [param], [], space)[0];
  if (!axis) return undefined;
  const points: SlicePoint[] = [];
  const choices = axis.categories?.length ?? 0;
  for (const t of trials) {
    const value = t.values[objective];
    if (t.state !== 'complete' || typeof value !== 'number' || !Number.isFinite(value)) continue;
    const u = axis.position(Object.prototype.hasOwnProperty.call(t.params, param) ? t.params[param] : undefined);
    if (!Number.isFinite(u)) continue;
    points.push({ number: t.number, u: axis.kind === 'categorical' ? u + choiceSpread(t.number, choices) : u, value });
  }
  return { axis, points, valueRange: extent(points.map((p) => p.value)) };
}
