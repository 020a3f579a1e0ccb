// Small builders for TPE tests: trial records and an ask/tell loop.
import type { Sampler } from '../../../src/engine/samplers/sampler';
import type { Direction, Params, SearchSpace } from '../../../src/engine/space';
import type { SearchedDistribution } from '../../../src/engine/transform';
import type { TrialRecord, TrialState } from '../../../src/engine/trial';

export function trial(number: number, params: Params, state: TrialState = 'complete', values?: number[], extra: Partial<TrialRecord> = {}): TrialRecord {
  return { number, state, params, distributions: {}, values, intermediate: {}, userAttrs: {}, systemAttrs: {}, ...extra };
}

/** Runs `n` sequential ask/tell rounds and returns the best value found. */
export function optimise(
  sampler: Sampler,
  space: Record<string, SearchedDistribution>,
  f: (p: Params) => number,
  n: number,
  direction: Direction = 'minimize',
): { best: number; trials: TrialRecord[] } {
  const trials: TrialRecord[] = [];
  let best = direction === 'minimize' ? Infinity : -Infinity;
  for (let i = 0; i < n; i++) {
    const params = sampler.sample({ space, trials, directions: [direction] });
    const y = f(params);
    best = direction === 'minimize' ? Math.min(best, y) : Math.max(best, y);
    trials.push({ ...trial(i, params, 'complete', [y]), distributions: space as SearchSpace });
  }
  return { best, trials };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
}
