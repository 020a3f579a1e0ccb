// Parallel coordinates: one vertical axis per parameter and per objective,
// each trial a line through its values. Numeric parameters get the space's
// linear or log scale, choices evenly spaced positions. A brush is a set of
// ranges per axis; a trial passes when on every brushed axis it lies in one of
// that axis's ranges, and the table then shows only the trials that pass.
import { formatValue } from '../../engine/format';
import type { SearchSpace } from '../../engine/space';
import { extent, linearScale, logScale, type Scale } from './scale';
import { compareText } from './table';
import type { ObjectiveInfo, ParamValue, TableTrial } from './types';

export interface Axis {
  /** The table's column id: `param:<name>` or `objective:<index>`. */
  id: string;
  label: string;
  kind: 'linear' | 'log' | 'categorical';
  /** The numeric scale of a linear or log axis. */
  scale?: Scale;
  /** A categorical axis's values as text, bottom to top. */
  categories?: string[];
  /** Where a trial's value sits on the axis, 0 (bottom) to 1 (top); NaN where it has none the axis can place. */
  position(value: ParamValue | undefined): number;
}

/** A span of an axis in its 0..1 positions; the ends may come in either order. */
export interface BrushRange {
  from: number;
  to: number;
}

/** Axis id -> the ranges brushed on it (a trial passes an axis inside any one of them). */
export type Brush = Readonly<Record<string, readonly BrushRange[]>>;

/**
 * The axes for the given parameters (fixed ones left out: one value says
 * nothing), then one per objective. A numeric axis spans the space's range
 * and any trial value outside it (the file changed since), log where the
 * space says so; a parameter the space does not know gets a linear axis if
 * every value is a number, else a categorical one.
 */
export function parallelAxes(trials: readonly TableTrial[], paramNames: readonly string[], objectives: readonly ObjectiveInfo[], space: SearchSpace = {}): Axis[] {
  const axes: Axis[] = [];
  for (const name of paramNames) {
    const d = Object.prototype.hasOwnProperty.call(space, name) ? space[name] : undefined;
    if (d?.type === 'fixed') continue;
    const id = `param:${name}`;
    const values = trials.map((t) => (Object.prototype.hasOwnProperty.call(t.params, name) ? t.params[name] : undefined));
    if (d?.type === 'categorical') {
      axes.push(categoricalAxis(id, name, [...d.choices.map(formatValue), ...values.filter((v) => v !== undefined).map((v) => formatValue(v!))]));
      continue;
    }
    const numeric = values.every((v) => v === undefined || typeof v === 'number');
    if (!d && !numeric) {
      const texts = [...new Set(values.filter((v) => v !== undefined).map((v) => formatValue(v!)))];
      axes.push(categoricalAxis(id, name, texts.sort(compareText)));
      continue;
    }
    const log = (d?.type === 'float' || d?.type === 'int') && d.log;
    const observed = values.filter((v): v is number => typeof v === 'number');
    const range = extent(d ? [d.low, d.high, ...observed] : observed, log);
    if (!range) continue; // nothing to draw yet
    axes.push(numericAxis(id, name, log ? logScale(range[0], range[1]) : linearScale(range[0], range[1])));
  }
  objectives.forEach((o, i) => {
    const range = extent(trials.map((t) => t.values[i]));
    if (range) axes.push(numericAxis(`objective:${i}`, o.name, linearScale(range[0], range[1])));
  });
  return axes;
}

/** Each axis's position of every trial (in input order): computed once, brushed many times. */
export function axisPositions(trials: readonly TableTrial[], axes: readonly Axis[]): Float64Array[] {
  return axes.map((axis) => {
    const column = new Float64Array(trials.length);
    for (let i = 0; i < trials.length; i++) column[i] = axis.position(valueOn(trials[i], axis.id));
    return column;
  });
}

/** True when some axis has a range brushed on it. */
export function isBrushActive(brush: Brush): boolean {
  return Object.values(brush).some((ranges) => ranges.length > 0);
}

/**
 * The numbers of the trials the brush lets through, or undefined when nothing
 * is brushed (every trial passes). A trial with no position on a brushed axis
 * does not pass; a brushed axis that is no longer drawn is ignored.
 */
export function brushedTrials(
  trials: readonly TableTrial[],
  axes: readonly Axis[],
  brush: Brush,
  positions: readonly Float64Array[] = axisPositions(trials, axes),
): Set<number> | undefined {
  const active: { column: Float64Array; ranges: [number, number][] }[] = [];
  axes.forEach((axis, j) => {
    const ranges = Object.prototype.hasOwnProperty.call(brush, axis.id) ? brush[axis.id] : [];
    if (ranges.length > 0) active.push({ column: positions[j], ranges: ranges.map((r) => [Math.min(r.from, r.to) - 1e-9, Math.max(r.from, r.to) + 1e-9]) });
  });
  if (active.length === 0) return undefined;
  const out = new Set<number>();
  for (let i = 0; i < trials.length; i++) {
    let pass = true;
    for (const { column, ranges } of active) {
      const u = column[i];
      // NaN fails every comparison, so a trial missing the value never passes.
      if (!ranges.some(([lo, hi]) => u >= lo && u <= hi)) {
        pass = false;
        break;
      }
    }
    if (pass) out.add(trials[i].number);
  }
  return out;
}

function numericAxis(id: string, label: string, scale: Scale): Axis {
  return { id, label, kind: scale.kind, scale, position: (v) => (typeof v === 'number' ? scale.toUnit(v) : NaN) };
}

function categoricalAxis(id: string, label: string, texts: readonly string[]): Axis {
  const categories = [...new Set(texts)];
  const index = new Map(categories.map((c, i) => [c, i]));
  const n = categories.length;
  return {
    id,
    label,
    kind: 'categorical',
    categories,
    position: (v) => {
      if (v === undefined) return NaN;
      const i = index.get(formatValue(v));
      if (i === undefined) return NaN;
      return n === 1 ? 0.5 : i / (n - 1);
    },
  };
}

function valueOn(trial: TableTrial, axisId: string): ParamValue | undefined {
  if (axisId.startsWith('objective:')) return trial.values[Number(axisId.slice('objective:'.length))] ?? undefined;
  const name = axisId.slice('param:'.length);
  return Object.prototype.hasOwnProperty.call(trial.params, name) ? trial.params[name] : undefined;
}
