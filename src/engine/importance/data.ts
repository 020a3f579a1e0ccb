// The trials an importance estimate learns from, as unit-cube columns: only
// complete, feasible trials with a finite value of the chosen objective, and
// only the parameters a sampler searches.
import { isFeasible } from '../constraints';
import { contains, isSearched, type Direction, type SearchSpace } from '../space';
import { toUnit, type SearchedDistribution } from '../transform';
import type { TrialRecord } from '../trial';

export interface ImportanceData {
  names: string[];
  distributions: SearchedDistribution[];
  /** Per parameter, each trial's value in [0, 1]; NaN where the trial lacks it. */
  columns: Float64Array[];
  /** The objective, negated when maximised, so that lower is always better. */
  loss: Float64Array;
}

export function importanceData(
  trials: readonly TrialRecord[],
  space: SearchSpace,
  directions: Direction[],
  objective: number,
): ImportanceData {
  if (!Number.isInteger(objective) || objective < 0 || (directions.length > 0 && objective >= directions.length)) {
    throw new RangeError(`objective ${objective} is not one of the study's ${directions.length} objectives`);
  }
  const sign = directions[objective] === 'maximize' ? -1 : 1;
  const names: string[] = [];
  const distributions: SearchedDistribution[] = [];
  for (const [name, d] of Object.entries(space)) {
    if (isSearched(d)) {
      names.push(name);
      distributions.push(d);
    }
  }
  const used: TrialRecord[] = [];
  const losses: number[] = [];
  for (const t of trials) {
    const v = t.values?.[objective];
    if (t.state !== 'complete' || typeof v !== 'number' || !Number.isFinite(v) || !isFeasible(t)) continue;
    used.push(t);
    losses.push(sign * v);
  }
  const columns = distributions.map((d, j) => {
    const column = new Float64Array(used.length);
    for (let i = 0; i < used.length; i++) {
      const v = used[i].params[names[j]];
      // A value the space no longer holds (the file changed) says nothing about it.
      column[i] = v !== undefined && contains(d, v) ? toUnit(d, v) : NaN;
    }
    return column;
  });
  return { names, distributions, columns, loss: Float64Array.from(losses) };
}
