// Hypervolume of a set of points (all objectives minimised) against a fixed
// reference point, in 2 and 3 dimensions: enough for ZDT and DTLZ2.

/** Points that no other point dominates (duplicates kept once). */
export function nondominated(points: readonly number[][]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    let dominated = false;
    for (let j = 0; j < points.length && !dominated; j++) {
      if (j === i) continue;
      const q = points[j];
      if (dominates(q, p) || (j < i && equal(q, p))) dominated = true;
    }
    if (!dominated) out.push(p);
  }
  return out;
}

export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let k = 0; k < a.length; k++) {
    if (a[k] > b[k]) return false;
    if (a[k] < b[k]) strictly = true;
  }
  return strictly;
}

function equal(a: readonly number[], b: readonly number[]): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** The volume dominated by `points` and bounded by `reference` (2 or 3 objectives). */
export function hypervolume(points: readonly number[][], reference: readonly number[]): number {
  // Points not strictly better than the reference on every axis add nothing.
  const inside = points.filter((p) => p.every((v, k) => v < reference[k]));
  if (reference.length === 2) return hypervolume2d(inside, reference[0], reference[1]);
  if (reference.length === 3) return hypervolume3d(inside, reference);
  throw new Error(`hypervolume: ${reference.length} objectives are not supported (2 or 3)`);
}

/** Sweep along the first axis, adding the strip each new lower point opens up. */
function hypervolume2d(points: readonly number[][], r0: number, r1: number): number {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let volume = 0;
  let ceiling = r1;
  for (const p of sorted) {
    if (p[1] >= ceiling) continue;
    volume += (r0 - p[0]) * (ceiling - p[1]);
    ceiling = p[1];
  }
  return volume;
}

/** Slices along the third axis: each slab's area is the 2-D volume of the points below it. */
function hypervolume3d(points: readonly number[][], reference: readonly number[]): number {
  const sorted = [...points].sort((a, b) => a[2] - b[2]);
  let volume = 0;
  const below: number[][] = [];
  for (let i = 0; i < sorted.length; i++) {
    below.push(sorted[i]);
    const top = i + 1 < sorted.length ? sorted[i + 1][2] : reference[2];
    if (top > sorted[i][2]) volume += hypervolume2d(below, reference[0], reference[1]) * (top - sorted[i][2]);
  }
  return volume;
}
