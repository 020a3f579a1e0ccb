// PBT's explore step: a copied configuration is moved a little (numbers by
// x0.8 or x1.2, choices to a neighbour) or, now and then, drawn afresh.
import type { Rng } from '../random';
import type { Params, ParamValue } from '../space';
import { cardinality, fromUnit, valueAt, type SearchedDistribution } from '../transform';

/** The factors of Jaderberg et al. (2017) and Ray Tune. */
export const PERTURB_FACTORS = [0.8, 1.2] as const;

/**
 * A copy of `params` with each searched parameter resampled from its
 * distribution with probability `resampleProbability`, else perturbed:
 * float and int values times 0.8 or 1.2 (clipped to the bounds, ints rounded,
 * steps snapped), categorical values moved to an adjacent choice (index ±1,
 * clipped). Names not in `space` (fixed values, the fidelity) pass through.
 * Draws from `rng` in the order of `space`, so a seed gives the same result.
 */
export function perturb(
  params: Params,
  space: Record<string, SearchedDistribution>,
  rng: Rng,
  resampleProbability: number,
): Params {
  const out: Params = { ...params };
  for (const [name, d] of Object.entries(space)) {
    if (!(name in params)) continue;
    // Both draws are always made, so one parameter's branch does not shift the next one's stream.
    const resample = rng.next() < resampleProbability;
    const up = rng.next() < 0.5;
    out[name] = resample ? fromUnit(d, rng.next()) : perturbValue(d, params[name], up, rng);
  }
  return out;
}

/** One parameter moved one notch, up or down. */
export function perturbValue(d: SearchedDistribution, value: ParamValue, up: boolean, rng: Rng): ParamValue {
  if (d.type === 'categorical') {
    const i = d.choices.findIndex((c) => c === value);
    // A value the list does not hold (an edited file) has no neighbours: draw one.
    if (i < 0) return fromUnit(d, rng.next());
    return d.choices[clampIndex(i + (up ? 1 : -1), d.choices.length)];
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return fromUnit(d, rng.next());
  let target = value * PERTURB_FACTORS[up ? 1 : 0];
  // Zero times anything stays zero; move a twentieth of the range instead so a linear range can leave 0.
  if (value === 0) target = (up ? 1 : -1) * 0.05 * (d.high - d.low);
  // On a negative value x1.2 lowers it; "up" means the larger factor, as in Ray Tune.
  if (d.type === 'float' && d.step === undefined) return clamp(target, d.low, d.high);
  // Grids (ints, stepped floats): snap to the nearest point, and if that is
  // where we started (1 x 1.2 rounds to 1), take one step the factor's way.
  const step = d.step ?? 1;
  const count = cardinality(d);
  const k0 = Math.round((value - d.low) / step);
  let k = Math.round((target - d.low) / step);
  if (k === k0) k += target > value ? 1 : target < value ? -1 : 0;
  return valueAt(d, clampIndex(k, count)) as number;
}

function clampIndex(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
