// Grid search for small discrete spaces: every configuration of the
// cartesian product once, in a seeded shuffled order, skipping the ones
// already in the study (the file's values, enqueued or resumed trials).
//
// Each parameter's values: every choice of a categorical, every value of an
// int or a float with a step, and FLOAT_POINTS evenly spaced values (on the
// log axis for a log float) of a float without one (and of a discrete axis
// with more than MAX_AXIS values, which is no grid). Once every configuration
// has been tried, it proposes grid points at random again (a discrete space
// is then reported exhausted by the study).
import { Rng } from '../random';
import type { Params, ParamValue } from '../space';
import { cardinality, valueAt, type SearchedDistribution } from '../transform';
import type { Sampler, SamplerContext } from './sampler';

export interface GridOptions {
  /** Values of a float without a step; default 5. */
  floatPoints?: number;
}

/** Discrete axes with more values than this are thinned to floatPoints values. */
const MAX_AXIS = 1024;
/** Grids beyond this many configurations are visited in random order rather than a stored permutation. */
const MAX_STORED_ORDER = 1 << 22;

interface Grid {
  key: string;
  names: string[];
  axes: ParamValue[][];
  size: number;
  /** The visiting order: a seeded permutation of 0..size-1. */
  order: Uint32Array | undefined;
}

export class GridSampler implements Sampler {
  readonly name = 'grid';
  private readonly seed: number;
  private readonly floatPoints: number;
  private grid: Grid | undefined;
  private lastLength = -1;
  private attempt = 0;

  constructor(seed?: number, options: GridOptions = {}) {
    this.seed = seed ?? new Rng().uint32();
    this.floatPoints = Math.max(2, Math.floor(options.floatPoints ?? 5));
  }

  sample(ctx: SamplerContext): Params {
    const grid = this.gridFor(ctx.space);
    this.attempt = ctx.trials.length === this.lastLength ? this.attempt + 1 : 0;
    this.lastLength = ctx.trials.length;

    const tried = new Set<number>();
    for (const t of ctx.trials) {
      const index = indexOf(grid, t.params);
      if (index >= 0) tried.add(index);
    }
    let pick = -1;
    if (grid.order) {
      for (let i = 0; i < grid.size && pick < 0; i++) if (!tried.has(grid.order[i])) pick = grid.order[i];
    } else {
      // Too large to store an order: random grid points, re-drawn while tried.
      const rng = new Rng(this.seed ^ Math.imul(ctx.trials.length + 1, 0x9e3779b1));
      for (let i = 0; i < 64 && pick < 0; i++) {
        const k = Math.floor(rng.next() * grid.size);
        if (!tried.has(k)) pick = k;
      }
    }
    if (pick < 0) {
      const rng = new Rng((this.seed ^ Math.imul(ctx.trials.length + 1, 0x85ebca6b) ^ this.attempt) >>> 0);
      pick = Math.floor(rng.next() * grid.size);
    }
    return paramsAt(grid, pick);
  }

  /** How many configurations the grid of a space has. */
  size(space: Record<string, SearchedDistribution>): number {
    return this.gridFor(space).size;
  }

  private gridFor(space: Record<string, SearchedDistribution>): Grid {
    const key = JSON.stringify(space);
    if (this.grid?.key === key) return this.grid;
    const names = Object.keys(space);
    const axes = names.map((n) => axisValues(space[n], this.floatPoints));
    const size = axes.reduce((s, a) => s * a.length, 1);
    let order: Uint32Array | undefined;
    if (size <= MAX_STORED_ORDER) {
      order = new Uint32Array(size);
      for (let i = 0; i < size; i++) order[i] = i;
      const rng = new Rng(this.seed);
      for (let i = size - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    this.grid = { key, names, axes, size, order };
    return this.grid;
  }
}

/** The values one parameter takes on the grid. */
export function axisValues(d: SearchedDistribution, floatPoints = 5): ParamValue[] {
  const n = cardinality(d);
  if (n <= MAX_AXIS) return Array.from({ length: n }, (_, k) => valueAt(d, k));
  if (Number.isFinite(n)) {
    // A huge int range is no grid axis: thin it to evenly spaced values.
    const ks = Array.from({ length: floatPoints }, (_, k) => Math.round((k * (n - 1)) / (floatPoints - 1)));
    return ks.map((k) => valueAt(d, k));
  }
  const f = d as SearchedDistribution & { type: 'float' };
  const out: number[] = [];
  for (let k = 0; k < floatPoints; k++) {
    const t = k / (floatPoints - 1);
    const v = f.log ? Math.exp(Math.log(f.low) + t * (Math.log(f.high) - Math.log(f.low))) : f.low + t * (f.high - f.low);
    out.push(k === 0 ? f.low : k === floatPoints - 1 ? f.high : v);
  }
  return out;
}

/** The mixed-radix index of a configuration, or -1 when a value is off the grid. */
function indexOf(grid: Grid, params: Params): number {
  let index = 0;
  for (let i = 0; i < grid.names.length; i++) {
    const v = params[grid.names[i]];
    const axis = grid.axes[i];
    let k = axis.findIndex((a) => a === v);
    if (k < 0 && typeof v === 'number') k = axis.findIndex((a) => typeof a === 'number' && Math.abs(a - v) <= 1e-9 * Math.max(1, Math.abs(a)));
    if (k < 0) return -1;
    index = index * axis.length + k;
  }
  return index;
}

function paramsAt(grid: Grid, index: number): Params {
  const params: Params = {};
  for (let i = grid.names.length - 1; i >= 0; i--) {
    const axis = grid.axes[i];
    params[grid.names[i]] = axis[index % axis.length];
    index = Math.floor(index / axis.length);
  }
  // Keep the space's own name order.
  const ordered: Params = {};
  for (const name of grid.names) ordered[name] = params[name];
  return ordered;
}
