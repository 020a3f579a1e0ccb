// Multi-objective test problems (both objectives minimised on [0, 1]^d) with
// fixed reference points and the hypervolume of their true Pareto fronts.
import { hypervolume } from './hypervolume';

export interface MultiObjectiveFunction {
  name: string;
  dim: number;
  objectives: number;
  f(x: readonly number[]): number[];
  /** 10% beyond the worst value each objective can take. */
  reference: number[];
  /** Hypervolume of the true front against `reference`. */
  referenceVolume: number;
}

function zdtG(x: readonly number[]): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += x[i];
  return 1 + (9 * s) / (x.length - 1);
}

/** f2 = g h(f1/g): ZDT1 has a convex front, ZDT2 a concave one, ZDT3 five disconnected pieces. */
const ZDT_SHAPES: Record<string, (f1: number, g: number) => number> = {
  zdt1: (f1, g) => g * (1 - Math.sqrt(f1 / g)),
  zdt2: (f1, g) => g * (1 - (f1 / g) ** 2),
  zdt3: (f1, g) => g * (1 - Math.sqrt(f1 / g) - (f1 / g) * Math.sin(10 * Math.PI * f1)),
};

const ZDT_REFERENCE = [1.1, 11];

export function zdt(which: 'zdt1' | 'zdt2' | 'zdt3', dim: number): MultiObjectiveFunction {
  const shape = ZDT_SHAPES[which];
  return {
    name: `${which}-${dim}`,
    dim,
    objectives: 2,
    f: (x) => [x[0], shape(x[0], zdtG(x))],
    reference: ZDT_REFERENCE,
    // Lazy: ZDT3's volume needs a dense front sample, which would otherwise
    // sit in every process's heap (and skew the ask timings by its GC cost).
    get referenceVolume() {
      return zdtFrontVolume(which);
    },
  };
}

/**
 * The true front is g = 1. ZDT1 and ZDT2 have closed forms (the box minus the
 * area under 1 - sqrt(f1) or 1 - f1^2); ZDT3's comes from a dense sample of it.
 */
export function zdtFrontVolume(which: 'zdt1' | 'zdt2' | 'zdt3', samples = 200_001): number {
  const [r0, r1] = ZDT_REFERENCE;
  if (which === 'zdt1') return r0 * r1 - 1 / 3;
  if (which === 'zdt2') return r0 * r1 - 2 / 3;
  const key = `${which}:${samples}`;
  let volume = sampledVolumes.get(key);
  if (volume === undefined) {
    volume = hypervolume(zdtFrontSample(which, samples), ZDT_REFERENCE);
    sampledVolumes.set(key, volume);
  }
  return volume;
}

const sampledVolumes = new Map<string, number>();

/** Points of the true front of a ZDT problem, `samples` values of f1 in [0, 1]. */
export function zdtFrontSample(which: 'zdt1' | 'zdt2' | 'zdt3', samples: number): number[][] {
  const shape = ZDT_SHAPES[which];
  const points: number[][] = [];
  for (let i = 0; i < samples; i++) {
    const f1 = i / (samples - 1);
    points.push([f1, shape(f1, 1)]);
  }
  // The sweep in hypervolume() ignores dominated points; filtering keeps the sort small.
  return which === 'zdt3' ? frontOf2d(points) : points;
}

/** Non-dominated points of a 2-D set in O(n log n) (the generic filter is quadratic). */
function frontOf2d(points: number[][]): number[][] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: number[][] = [];
  let lowest = Infinity;
  for (const p of sorted) {
    if (p[1] < lowest) {
      out.push(p);
      lowest = p[1];
    }
  }
  return out;
}

/** DTLZ2 with 3 objectives: the front is the unit sphere's positive octant, g counts the last dim - 2 variables. */
export function dtlz2(dim: number): MultiObjectiveFunction {
  const worst = 1 + (dim - 2) * 0.25;
  const r = Math.round(1.1 * worst * 100) / 100;
  return {
    name: `dtlz2-${dim}`,
    dim,
    objectives: 3,
    f: (x) => {
      let g = 0;
      for (let i = 2; i < x.length; i++) g += (x[i] - 0.5) ** 2;
      const a = (x[0] * Math.PI) / 2;
      const b = (x[1] * Math.PI) / 2;
      return [(1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b), (1 + g) * Math.sin(a)];
    },
    reference: [r, r, r],
    // Everything in the box except the octant of the unit ball is dominated.
    referenceVolume: r * r * r - Math.PI / 6,
  };
}
