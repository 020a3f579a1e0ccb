// Constraints as Optuna keeps them: a trial's system attribute `constraints`
// holds one number per constraint, feasible when every one is <= 0. Samplers
// read feasibility from here; the tuner writes it from `@tune.constraint`.
import type { TrialRecord } from './trial';

export const CONSTRAINTS_ATTR = 'constraints';

/** The constraint values of a trial, or undefined when it has none. */
export function constraintValues(t: TrialRecord): number[] | undefined {
  const c = t.systemAttrs[CONSTRAINTS_ATTR];
  return Array.isArray(c) && c.every((x) => typeof x === 'number') ? (c as number[]) : undefined;
}

/** Total violation: 0 for a feasible trial (or one without constraints). */
export function violation(t: TrialRecord): number {
  const c = constraintValues(t);
  if (!c) return 0;
  let v = 0;
  for (const x of c) v += Number.isNaN(x) ? Infinity : Math.max(0, x);
  return v;
}

export function isFeasible(t: TrialRecord): boolean {
  return violation(t) === 0;
}
