// Runs a sampler on a test function, one trial at a time, without a Study.
import type { Sampler } from '../../../src/engine/samplers/sampler';
import type { Direction, Params, SearchSpace } from '../../../src/engine/space';
import type { SearchedDistribution } from '../../../src/engine/transform';
import type { TrialRecord } from '../../../src/engine/trial';

export function boxSpace(d: number, low: number, high: number): Record<string, SearchedDistribution> {
  const space: Record<string, SearchedDistribution> = {};
  for (let i = 0; i < d; i++) space[`x${i}`] = { type: 'float', low, high, log: false };
  return space;
}

export function vector(p: Params, d: number): number[] {
  return Array.from({ length: d }, (_, i) => p[`x${i}`] as number);
}

export function trialOf(number: number, params: Params, space: Record<string, SearchedDistribution>, values?: number[]): TrialRecord {
  const t: TrialRecord = {
    number,
    state: values ? 'complete' : 'running',
    params,
    distributions: space as SearchSpace,
    intermediate: {},
    userAttrs: {},
    systemAttrs: {},
  };
  if (values) t.values = values;
  return t;
}

/** Evaluates `budget` trials in order; returns the trials and the best value after each. */
export function drive(
  sampler: Sampler,
  space: Record<string, SearchedDistribution>,
  f: (p: Params) => number,
  budget: number,
  directions: Direction[] = ['minimize'],
): { trials: TrialRecord[]; best: number } {
  const trials: TrialRecord[] = [];
  let best = Infinity;
  for (let i = 0; i < budget; i++) {
    const p = sampler.sample({ space, trials, directions });
    const v = f(p);
    best = Math.min(best, v);
    trials.push(trialOf(i, p, space, [v]));
  }
  return { trials, best };
}
