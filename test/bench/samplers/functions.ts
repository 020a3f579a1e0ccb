// Classic single-objective test functions on plain vectors, each with its
// box and known minimum. Definitions follow the Virtual Library of Simulation
// Experiments (Surjanovic & Bingham) and, for the BBOB-style ones, the COCO
// suite without its oscillation transforms.
import { Rng } from '../../../src/engine/random';

export interface BoxFunction {
  name: string;
  /** Per-coordinate bounds. */
  low: number[];
  high: number[];
  /** Known global minimum value. */
  optimum: number;
  f(x: readonly number[]): number;
}

const repeat = (d: number, v: number): number[] => new Array<number>(d).fill(v);

export function branin(): BoxFunction {
  const b = 5.1 / (4 * Math.PI * Math.PI);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return {
    name: 'branin',
    low: [-5, 0],
    high: [10, 15],
    optimum: 0.39788735772973816,
    f: ([x1, x2]) => (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10,
  };
}

const HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2];
const HARTMANN_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HARTMANN_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

export function hartmann6(): BoxFunction {
  return {
    name: 'hartmann6',
    low: repeat(6, 0),
    high: repeat(6, 1),
    optimum: -3.3223680114155147,
    f: (x) => {
      let sum = 0;
      for (let i = 0; i < 4; i++) {
        let inner = 0;
        for (let j = 0; j < 6; j++) inner += HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j]) ** 2;
        sum += HARTMANN_ALPHA[i] * Math.exp(-inner);
      }
      return -sum;
    },
  };
}

export function rosenbrock(d: number): BoxFunction {
  return {
    name: `rosenbrock-${d}`,
    low: repeat(d, -5),
    high: repeat(d, 10),
    optimum: 0,
    f: (x) => {
      let s = 0;
      for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2;
      return s;
    },
  };
}

export function levy(d: number): BoxFunction {
  return {
    name: `levy-${d}`,
    low: repeat(d, -10),
    high: repeat(d, 10),
    optimum: 0,
    f: (x) => {
      const w = x.map((v) => 1 + (v - 1) / 4);
      const n = w.length;
      let s = Math.sin(Math.PI * w[0]) ** 2;
      for (let i = 0; i + 1 < n; i++) s += (w[i] - 1) ** 2 * (1 + 10 * Math.sin(Math.PI * w[i] + 1) ** 2);
      s += (w[n - 1] - 1) ** 2 * (1 + Math.sin(2 * Math.PI * w[n - 1]) ** 2);
      return s;
    },
  };
}

export function ackley(d: number): BoxFunction {
  return {
    name: `ackley-${d}`,
    low: repeat(d, -32.768),
    high: repeat(d, 32.768),
    optimum: 0,
    f: (x) => {
      let sq = 0;
      let cos = 0;
      for (const v of x) {
        sq += v * v;
        cos += Math.cos(2 * Math.PI * v);
      }
      const n = x.length;
      return -20 * Math.exp(-0.2 * Math.sqrt(sq / n)) - Math.exp(cos / n) + 20 + Math.E;
    },
  };
}

export function rastrigin(d: number): BoxFunction {
  return {
    name: `rastrigin-${d}`,
    low: repeat(d, -5.12),
    high: repeat(d, 5.12),
    optimum: 0,
    f: (x) => {
      let s = 10 * x.length;
      for (const v of x) s += v * v - 10 * Math.cos(2 * Math.PI * v);
      return s;
    },
  };
}

export function griewank(d: number): BoxFunction {
  return {
    name: `griewank-${d}`,
    low: repeat(d, -600),
    high: repeat(d, 600),
    optimum: 0,
    f: (x) => {
      let sum = 0;
      let prod = 1;
      for (let i = 0; i < x.length; i++) {
        sum += (x[i] * x[i]) / 4000;
        prod *= Math.cos(x[i] / Math.sqrt(i + 1));
      }
      return sum - prod + 1;
    },
  };
}

/** Minimum per coordinate at x = -2.903534... */
export const STYBLINSKI_TANG_MIN_PER_DIM = -39.16616570377142;

export function styblinskiTang(d: number): BoxFunction {
  return {
    name: `styblinski-tang-${d}`,
    low: repeat(d, -5),
    high: repeat(d, 5),
    optimum: STYBLINSKI_TANG_MIN_PER_DIM * d,
    f: (x) => {
      let s = 0;
      for (const v of x) s += v ** 4 - 16 * v * v + 5 * v;
      return s / 2;
    },
  };
}

export function sixHumpCamel(): BoxFunction {
  return {
    name: 'six-hump-camel',
    low: [-3, -2],
    high: [3, 2],
    optimum: -1.0316284534898774,
    f: ([x1, x2]) => (4 - 2.1 * x1 * x1 + (x1 ** 4) / 3) * x1 * x1 + x1 * x2 + (-4 + 4 * x2 * x2) * x2 * x2,
  };
}

/** COCO's optimum location: uniform in [-4, 4]^d from a fixed seed, so every sampler faces the same one. */
export function shiftedOptimum(d: number, seed: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: d }, () => -4 + 8 * rng.next());
}

/** A random rotation (Gram-Schmidt on a Gaussian matrix) from a fixed seed. */
export function rotationMatrix(d: number, seed: number): number[][] {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  while (rows.length < d) {
    const v = Array.from({ length: d }, () => rng.normal());
    for (const r of rows) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += v[k] * r[k];
      for (let k = 0; k < d; k++) v[k] -= dot * r[k];
    }
    const norm = Math.hypot(...v);
    if (norm < 1e-8) continue;
    rows.push(v.map((x) => x / norm));
  }
  return rows;
}

export function sphere(d: number): BoxFunction {
  const xopt = shiftedOptimum(d, 101);
  return {
    name: `sphere-${d}`,
    low: repeat(d, -5),
    high: repeat(d, 5),
    optimum: 0,
    f: (x) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += (x[i] - xopt[i]) ** 2;
      return s;
    },
  };
}

/** Conditioning 1e6 along the axes (COCO f2), or along rotated axes (COCO f10). */
export function ellipsoid(d: number, rotated: boolean): BoxFunction {
  const xopt = shiftedOptimum(d, rotated ? 103 : 102);
  const rotation = rotated ? rotationMatrix(d, 104) : undefined;
  const weights = Array.from({ length: d }, (_, i) => 10 ** ((6 * i) / Math.max(1, d - 1)));
  const z = new Float64Array(d);
  return {
    name: `${rotated ? 'rotated-' : ''}ellipsoid-${d}`,
    low: repeat(d, -5),
    high: repeat(d, 5),
    optimum: 0,
    f: (x) => {
      for (let i = 0; i < d; i++) z[i] = x[i] - xopt[i];
      let s = 0;
      for (let i = 0; i < d; i++) {
        let zi = z[i];
        if (rotation) {
          zi = 0;
          for (let k = 0; k < d; k++) zi += rotation[i][k] * z[k];
        }
        s += weights[i] * zi * zi;
      }
      return s;
    },
  };
}
