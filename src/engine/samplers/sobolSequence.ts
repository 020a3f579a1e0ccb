// Sobol' low-discrepancy points with a seeded linear matrix scramble and a
// digital shift, so that different seeds give different, equally even designs.
import { Rng } from '../random';

const BITS = 30;

// Degree s, polynomial coefficients a, and initial direction numbers m of
// dimensions 2..21 from Joe and Kuo's table (new-joe-kuo-6.21201).
const TABLE: Array<[number, number, number[]]> = [
  [1, 0, [1]],
  [2, 1, [1, 3]],
  [3, 1, [1, 3, 1]],
  [3, 2, [1, 1, 1]],
  [4, 1, [1, 1, 3, 3]],
  [4, 4, [1, 3, 5, 13]],
  [5, 2, [1, 1, 5, 5, 17]],
  [5, 4, [1, 1, 5, 5, 5]],
  [5, 7, [1, 1, 7, 11, 19]],
  [5, 11, [1, 1, 5, 1, 1]],
  [5, 13, [1, 1, 1, 3, 11]],
  [5, 14, [1, 3, 5, 5, 31]],
  [6, 1, [1, 3, 3, 9, 7, 49]],
  [6, 13, [1, 1, 1, 15, 21, 21]],
  [6, 16, [1, 3, 1, 13, 27, 49]],
  [6, 19, [1, 1, 1, 15, 7, 5]],
  [6, 22, [1, 3, 1, 15, 13, 25]],
  [6, 25, [1, 1, 5, 5, 19, 61]],
  [7, 1, [1, 3, 7, 11, 23, 15, 103]],
  [7, 4, [1, 3, 7, 13, 13, 15, 69]],
];

/** Direction numbers (BITS-bit integers, MSB first) of one dimension. */
function directionNumbers(dim: number, rng: Rng): number[] {
  const v = new Array<number>(BITS);
  if (dim === 0) {
    for (let i = 0; i < BITS; i++) v[i] = 1 << (BITS - 1 - i);
    return v;
  }
  const [s, a, m] = dim - 1 < TABLE.length ? TABLE[dim - 1] : generatedEntry(dim, rng);
  for (let i = 0; i < Math.min(s, BITS); i++) v[i] = m[i] << (BITS - 1 - i);
  for (let i = s; i < BITS; i++) {
    let x = v[i - s] ^ (v[i - s] >>> s);
    for (let k = 1; k < s; k++) if ((a >>> (s - 1 - k)) & 1) x ^= v[i - k];
    v[i] = x;
  }
  return v;
}

/**
 * Beyond the table: the next primitive polynomial of GF(2) by search, with
 * seeded odd initial numbers m_i < 2^i. Valid, if not tuned, directions.
 */
function generatedEntry(dim: number, rng: Rng): [number, number, number[]] {
  let found = TABLE.length; // dimensions 1..21 used the table (dim 0 is the identity)
  for (let degree = 8; degree <= 16; degree++) {
    for (let a = 0; a < 1 << (degree - 1); a++) {
      const poly = (1 << degree) | (a << 1) | 1;
      if (!isPrimitive(poly, degree)) continue;
      found++;
      if (found === dim) {
        const m: number[] = [];
        for (let i = 1; i <= degree; i++) m.push((rng.int(1 << (i - 1)) << 1) | 1);
        return [degree, a, m];
      }
    }
  }
  throw new Error(`Sobol: dimension ${dim} is beyond what this generator supports`);
}

function isPrimitive(poly: number, degree: number): boolean {
  // x has order 2^degree - 1 modulo poly exactly when poly is primitive.
  const order = (1 << degree) - 1;
  const mulx = (r: number): number => {
    r <<= 1;
    if (r & (1 << degree)) r ^= poly;
    return r;
  };
  let r = 1;
  for (let i = 1; i <= order; i++) {
    r = mulx(r);
    if (r === 1) return i === order;
  }
  return false;
}

function parity(x: number): number {
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

export class SobolSequence {
  private readonly directions: number[][];
  private readonly shifts: number[];

  constructor(
    readonly dimension: number,
    seed?: number,
    scramble = true,
  ) {
    const rng = new Rng(seed);
    const tableRng = new Rng(0x50b01);
    this.directions = [];
    this.shifts = [];
    for (let d = 0; d < dimension; d++) {
      let v = directionNumbers(d, tableRng);
      if (scramble) v = scrambleDirections(v, rng);
      this.directions.push(v);
      this.shifts.push(scramble ? rng.uint32() >>> (32 - BITS) : 0);
    }
  }

  /** The point with the given index, each coordinate in [0, 1). */
  point(index: number): number[] {
    const gray = index ^ Math.floor(index / 2);
    const out = new Array<number>(this.dimension);
    for (let d = 0; d < this.dimension; d++) {
      let x = this.shifts[d];
      let g = gray;
      for (let bit = 0; g > 0 && bit < BITS; bit++, g = Math.floor(g / 2)) {
        if (g % 2 === 1) x ^= this.directions[d][bit];
      }
      out[d] = (x >>> 0) / 2 ** BITS;
    }
    return out;
  }
}

/** Linear matrix scramble: a random unit lower-triangular matrix times each direction. */
function scrambleDirections(v: number[], rng: Rng): number[] {
  const rows: number[] = [];
  for (let r = 0; r < BITS; r++) {
    // Row r touches output bits 0..r (MSB first), with a one on the diagonal.
    const diag = 1 << (BITS - 1 - r);
    const above = r === 0 ? 0 : (rng.uint32() >>> (32 - r)) << (BITS - r);
    rows.push(diag | above);
  }
  return v.map((col) => {
    let out = 0;
    for (let r = 0; r < BITS; r++) if (parity(rows[r] & col)) out |= 1 << (BITS - 1 - r);
    return out;
  });
}
