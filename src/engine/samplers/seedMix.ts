// Seeds derived from a sampler seed and counters (trial index, attempt,
// restart), so a proposal depends on where it falls in the study, not on
// how many calls came before: what lets a resumed study continue exactly.

/** A well-spread 32-bit seed from a seed and two integers. */
export function mixSeed(seed: number, a: number, b: number): number {
  let h = (seed ^ Math.imul(a + 0x632be5ab, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = (h ^ Math.imul(b + 0x1b873593, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f);
  return (h ^ (h >>> 16)) >>> 0;
}
